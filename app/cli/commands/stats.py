"""`backside stats`: practices and minutes, the streak, time per pose, each pose's progress.

The streak rule is `app.core.progress.STREAK_RULE`, the same words as in
`--help` and the README; what "longest hold", "most sets", "hardest version"
and "lifts a side" mean is `app.core.pose_progress`'s. Each pose's last twelve
weeks print as one mark a week; `--json` has the numbers. Imports neither
Textual nor pydantic (the versions' order is read straight from the library).
"""

from __future__ import annotations

import argparse
import json
import textwrap
from datetime import date, datetime

from app.cli.commands.history import read_practices
from app.core.pose_progress import NO_WEEK, PoseBest, PoseWeeks, VersionOrder, bars, pose_weeks
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


def _best_json(best: PoseBest | None, order: VersionOrder) -> dict[str, object] | None:
    if best is None:
        return None
    return {
        "longest_hold_seconds": None if best.hold_seconds is None else round(best.hold_seconds, 1),
        "most_sets": best.sets,
        "hardest_version": None
        if best.version_id is None
        else {
            "version_id": best.version_id,
            "name": best.version_name,
            "place": order.place(best.pose_id, best.version_id) or None,
        },
        "lifts_per_side": None
        if best.lifts is None
        else {"left": best.lifts[0], "right": best.lifts[1]},
    }


def poses_json(poses: list[PoseWeeks], order: VersionOrder) -> list[dict[str, object]]:
    """Each pose's best in all the history, and in each of the last weeks (null: not practised)."""
    return [
        {
            "pose_id": pose.best.pose_id,
            "name": pose.best.name,
            "best": _best_json(pose.best, order),
            "weeks": [
                {"week": monday.isoformat(), "best": _best_json(best, order)}
                for monday, best in zip(pose.weeks, pose.week_bests, strict=True)
            ],
        }
        for pose in poses
    ]


def pose_lines(poses: list[PoseWeeks], order: VersionOrder) -> list[str]:
    """Each pose: its bests, with one mark a week for the hold and the lifts."""
    if not poses:
        return []
    weeks = len(poses[0].weeks)
    lines = [f"Each pose: the best so far; the last {weeks} weeks, a mark each ({NO_WEEK}: none)"]
    for pose in poses:
        best = pose.best
        lines.append(f"  {best.name}")
        if best.hold_seconds is not None:
            chart = bars(pose.holds)
            lines.append(f"    longest hold   {round(best.hold_seconds):>3} s     {chart}")
        if best.lifts is not None:
            chart = bars(pose.fewer_side_lifts)
            left, right = best.lifts
            lines.append(f"    lifts a side   {left:>3} · {right:<3} {chart}  (the weaker side)")
        if best.sets:
            lines.append(f"    most sets      {best.sets:>3}")
        if best.version_id is not None:
            place = order.place(best.pose_id, best.version_id)
            lines.append(
                f"    hardest        {best.version_name}" + (f" ({place})" if place else "")
            )
    return lines


def gather(
    practices: list[LoggedPractice], now: datetime, order: VersionOrder | None = None
) -> dict[str, object]:
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
        "poses": poses_json(
            pose_weeks(practices, order or VersionOrder(), now), order or VersionOrder()
        ),
    }


def local_now() -> datetime:
    """Now, in local time (the weeks run Monday to Sunday where the user is)."""
    return datetime.now().astimezone()


def main(args: argparse.Namespace) -> int:
    from app.store.version_order import read_version_order

    path, practices = read_practices()
    order = read_version_order(getattr(args, "poses", None))
    now = local_now()
    if args.json:
        print(json.dumps(gather(practices, now, order), indent=2, ensure_ascii=False))
        return 0
    if not practices:
        print(f"No practices yet (history: {path})")
        return 0
    print(render(practices, now, order))
    return 0


def render(practices: list[LoggedPractice], now: datetime, order: VersionOrder) -> str:
    """The text `backside stats` prints."""
    lines: list[str] = []
    say = lines.append
    stats = gather(practices, now, order)
    count = stats["practices"]
    minutes = stats["minutes"]
    kept = streak(practices, now)
    assert isinstance(count, dict)
    assert isinstance(minutes, dict)
    say(f"Practices   this week {count['this_week']}, in all {count['total']}")
    say(f"Minutes     this week {round(minutes['this_week'])}, in all {round(minutes['total'])}")
    say(f"Streak      {_weeks(kept.current)}, longest {_weeks(kept.longest)}")
    rule = textwrap.wrap(f"({STREAK_RULE})", width=66)
    say("\n".join(f"            {line}" for line in rule))
    poses = time_per_pose(practices)
    if poses:
        say("\nTime in each pose")
        width = max(len(p.name) for p in poses)
        for pose in poses:
            holds = f"{pose.holds} hold{'' if pose.holds == 1 else 's'}"
            say(f"  {pose.name.ljust(width)}  {clock(pose.seconds):>7}  {holds}")
    progress = pose_lines(pose_weeks(practices, order, now), order)
    if progress:
        say("")
        lines.extend(progress)
    return "\n".join(lines)
