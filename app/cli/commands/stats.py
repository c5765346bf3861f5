"""`backside stats`: practices and minutes, the streak, time per pose, lifts over time.

The streak rule is `app.core.progress.STREAK_RULE`, the same words as in
`--help` and the README. Imports neither Textual nor pydantic.
"""

from __future__ import annotations

import argparse
import json
import textwrap
from datetime import date, datetime

from app.cli.commands.history import read_practices
from app.core.practice_log import LoggedPractice
from app.core.progress import (
    STREAK_RULE,
    LiftCount,
    lift_counts,
    streak,
    time_per_pose,
    week_of,
)
from app.core.timefmt import clock


def _weeks(count: int) -> str:
    return f"{count} week{'' if count == 1 else 's'}"


def _minutes(practices: list[LoggedPractice]) -> float:
    return sum(p.active_seconds for p in practices) / 60


def lifts_by_week(counts: list[LiftCount]) -> list[dict[str, object]]:
    """The best lifts per side in each week, per version: how the count grew."""
    best: dict[tuple[date, str, str], LiftCount] = {}
    for count in counts:
        key = (week_of(count.started_at), count.pose_id, count.version_id)
        seen = best.get(key)
        if seen is None or (count.least, count.left) > (seen.least, seen.left):
            best[key] = count
    return [
        {
            "week": week.isoformat(),
            "pose_id": pose,
            "version_id": version,
            "name": f"{count.title}, {count.subtitle.lower()}",
            "left": count.left,
            "right": count.right,
        }
        for (week, pose, version), count in sorted(best.items())
    ]


def gather(practices: list[LoggedPractice], now: datetime) -> dict[str, object]:
    this_week = [p for p in practices if week_of(p.started_at) == week_of(now)]
    kept = streak(practices, now)
    return {
        "practices": {"this_week": len(this_week), "total": len(practices)},
        "minutes": {
            "this_week": round(_minutes(this_week), 1),
            "total": round(_minutes(practices), 1),
        },
        "streak": {
            "current_weeks": kept.current,
            "longest_weeks": kept.longest,
            "counted_this_week": kept.this_week,
            "rule": STREAK_RULE,
        },
        "time_per_pose": [
            {"pose_id": p.pose_id, "name": p.name, "seconds": round(p.seconds, 1), "holds": p.holds}
            for p in time_per_pose(practices)
        ],
        "lifts_by_week": lifts_by_week(lift_counts(practices)),
    }


def main(args: argparse.Namespace) -> int:
    path, practices = read_practices()
    stats = gather(practices, datetime.now().astimezone())
    if args.json:
        print(json.dumps(stats, indent=2, ensure_ascii=False))
        return 0
    if not practices:
        print(f"No practices yet (history: {path})")
        return 0
    count = stats["practices"]
    minutes = stats["minutes"]
    kept = streak(practices, datetime.now().astimezone())
    assert isinstance(count, dict)
    assert isinstance(minutes, dict)
    print(f"Practices   this week {count['this_week']}, in all {count['total']}")
    print(f"Minutes     this week {round(minutes['this_week'])}, in all {round(minutes['total'])}")
    print(f"Streak      {_weeks(kept.current)}, longest {_weeks(kept.longest)}")
    rule = textwrap.wrap(f"({STREAK_RULE})", width=66)
    print("\n".join(f"            {line}" for line in rule))
    poses = time_per_pose(practices)
    if poses:
        print("\nTime in each pose")
        width = max(len(p.name) for p in poses)
        for pose in poses:
            holds = f"{pose.holds} hold{'' if pose.holds == 1 else 's'}"
            print(f"  {pose.name.ljust(width)}  {clock(pose.seconds):>7}  {holds}")
    by_week = lifts_by_week(lift_counts(practices))
    if by_week:
        print("\nAlternating lifts, the best each week (left · right)")
        for row in by_week:
            print(f"  week of {row['week']}  {row['name']}  {row['left']} · {row['right']}")
    return 0
