"""`backside plans`: the built-in plans with their durations."""

from __future__ import annotations

import argparse
import json

from app.core.timefmt import clock
from app.core.timeline import build_timeline
from app.store.library_file import load_library
from app.store.plan_files import builtin_plan_ids, load_builtin_plan


def main(args: argparse.Namespace) -> int:
    library = load_library(args.poses)
    rows = []
    for plan_id in builtin_plan_ids():
        routine = load_builtin_plan(plan_id, library)
        timeline = build_timeline(routine, library)
        rows.append(
            {
                "id": routine.id,
                "name": routine.name,
                "description": routine.description,
                "sets": routine.sets,
                "total_seconds": round(timeline.total, 3),
                "steps": len(timeline.steps),
            }
        )
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    width = max(len(str(row["id"])) for row in rows)
    for row in rows:
        total = clock(float(str(row["total_seconds"])))
        print(f"{row['id']:<{width}}  {total:>6}  {row['description']}")
    print("\nStart one with: backside run PLAN   (or see every step: backside plan PLAN)")
    return 0
