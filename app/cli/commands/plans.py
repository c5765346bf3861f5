"""`backside plans`: the built-in plans and the user's routines, with their lengths.

Lengths are those of a practice started now: with the settings' options
(sets, hold, rest...) applied, as the start screen shows them. A routine with a
mistake is listed with its error, never hiding the others.
"""

from __future__ import annotations

import argparse
import json
import sys

from app.cli.commands.plan import PLAN_KEYS
from app.core.timefmt import clock
from app.core.timeline import build_timeline
from app.store.library_file import load_library
from app.store.plan_choices import load_plan_choices
from app.store.plans import load_catalog, routines_folder, unread_routines_notice
from app.store.settings import load_settings
from app.system.folders import user_folders


def main(args: argparse.Namespace) -> int:
    library = load_library(args.poses)
    loaded = load_settings(user_folders().settings_file)
    if loaded.notice:
        print(f"backside: {loaded.notice}", file=sys.stderr)
    remembered = load_plan_choices(user_folders().choices_file, loaded.settings.choices())
    rows: list[dict[str, object]] = []
    for listed in load_catalog(library):
        row: dict[str, object] = {
            "id": listed.id,
            "whose": "yours" if listed.mine else "built-in",
            "file": listed.where or None,
        }
        if listed.routine is None:
            row["error"] = listed.error
        else:
            routine = listed.routine.with_options(remembered.choices.for_plan(listed.id))
            timeline = build_timeline(routine, library)
            row |= {
                "name": routine.name,
                "description": routine.description,
                "sets": routine.sets,
                "total_seconds": round(timeline.total, 3),
                "steps": len(timeline.steps),
            }
        rows.append(row)
    unread = unread_routines_notice()
    if unread:
        print(f"backside: {unread}", file=sys.stderr)
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    width = max(len(str(row["id"])) for row in rows)
    for row in rows:
        mark = "yours" if row["whose"] == "yours" else ""
        if "error" in row:
            print(f"{row['id']:<{width}}  {'broken':>6}  {mark:<5}  ✗ {row['error']}")
            continue
        total = clock(float(str(row["total_seconds"])))
        what = row["description"] or row["name"]
        print(f"{row['id']:<{width}}  {total:>6}  {mark:<5}  {what}")
    given = sorted(loaded.given & PLAN_KEYS)
    if given:
        print(f"\nLengths with your settings ({', '.join(given)}); see: backside settings")
    print("\nStart one with: backside run PLAN   (or see every step: backside plan PLAN)")
    if not any(row["whose"] == "yours" for row in rows):
        print(f"Your own routines go in {routines_folder()}: backside new NAME writes one.")
    return 0
