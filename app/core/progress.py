"""What the history says about progress: the streak, minutes per week, lifts toward the goal.

The rules, stated once (the README and `backside stats --help` say the same):

- A practice *counts* once it has at least two minutes of active practice, so a
  practice started by mistake and stopped at once is in the history but not in
  the streak.
- Weeks run Monday to Sunday, in local time. A week *keeps the streak* with at
  least two counted practices: the "two or three times a week" habit.
- The *current streak* is the run of such weeks up to this one; this week
  joins it once it has its two practices, and does not break it before it is over.
- Alternating lifts: each time, aim for one more lift on each side than last
  time, up to the goal (30 a side); a side that is behind is named.

Pure functions over `LoggedPractice`; the caller passes "now".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from app.core.practice_log import LoggedPractice, lifts_per_side
from app.core.timefmt import clock

if TYPE_CHECKING:  # pydantic is slow to import; `backside stats` never needs it
    from app.core.record import PracticeRecord

#: A practice counts toward the streak from this much active practice.
COUNTS_FROM_SECONDS = 120.0
#: Counted practices a week needs to keep the streak.
PRACTICES_PER_WEEK = 2
#: The history screen's chart and the stats' weekly table.
CHART_WEEKS = 12

STREAK_RULE = (
    f"a week (Monday to Sunday) keeps the streak with at least {PRACTICES_PER_WEEK} practices"
    f" of {round(COUNTS_FROM_SECONDS / 60)} minutes or more; this week joins the streak once it"
    " has them and does not break it before it is over"
)


def counts(practice: LoggedPractice) -> bool:
    return practice.active_seconds >= COUNTS_FROM_SECONDS


def week_of(moment: datetime | date) -> date:
    """The Monday of the week `moment` falls in, in local time."""
    day = moment.astimezone().date() if isinstance(moment, datetime) else moment
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True, slots=True)
class Streak:
    current: int
    """Weeks in a row, up to this one, with enough practices."""
    longest: int
    this_week: int
    """Counted practices so far this week."""

    def describe(self) -> str:
        """'streak 3 weeks, 1 more this week to keep it', or how to start one."""
        need = max(0, PRACTICES_PER_WEEK - self.this_week)
        if not self.current:
            return f"no streak yet: {need} more this week to start one"
        weeks = f"{self.current} week{'' if self.current == 1 else 's'}"
        return f"streak {weeks}" + (f", {need} more this week to keep it" if need else "")


def streak(practices: Iterable[LoggedPractice], now: datetime) -> Streak:
    per_week: dict[date, int] = defaultdict(int)
    for practice in practices:
        if counts(practice):
            per_week[week_of(practice.started_at)] += 1
    kept = {week for week, number in per_week.items() if number >= PRACTICES_PER_WEEK}
    this_week = week_of(now)
    week = this_week if this_week in kept else this_week - timedelta(weeks=1)
    current = 0
    while week in kept:
        current += 1
        week -= timedelta(weeks=1)
    longest = run = 0
    previous: date | None = None
    for week in sorted(kept):
        run = run + 1 if previous is not None and week - previous == timedelta(weeks=1) else 1
        longest = max(longest, run)
        previous = week
    return Streak(current=current, longest=longest, this_week=per_week.get(this_week, 0))


def minutes_per_week(
    practices: Iterable[LoggedPractice], now: datetime, weeks: int = CHART_WEEKS
) -> list[tuple[date, float]]:
    """(Monday, minutes of active practice) for the last `weeks` weeks, oldest first."""
    last = week_of(now)
    mondays = [last - timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]
    minutes = dict.fromkeys(mondays, 0.0)
    for practice in practices:
        week = week_of(practice.started_at)
        if week in minutes:
            minutes[week] += practice.active_seconds / 60
    return [(monday, minutes[monday]) for monday in mondays]


@dataclass(frozen=True, slots=True)
class PoseTime:
    pose_id: str
    name: str
    seconds: float
    holds: int


def time_per_pose(practices: Iterable[LoggedPractice]) -> list[PoseTime]:
    """Active seconds in each strength pose, most practised first."""
    seconds: dict[str, float] = defaultdict(float)
    holds: dict[str, int] = defaultdict(int)
    names: dict[str, str] = {}
    for practice in practices:
        for step in practice.steps:
            if step.pose_id is None:
                continue
            seconds[step.pose_id] += step.active_seconds
            holds[step.pose_id] += 1
            names.setdefault(step.pose_id, step.title)
    return sorted(
        (PoseTime(pose, names[pose], seconds[pose], holds[pose]) for pose in seconds),
        key=lambda entry: (-entry.seconds, entry.pose_id),
    )


@dataclass(frozen=True, slots=True)
class LiftCount:
    """The most alternating lifts done on each side of one version, in one practice."""

    practice_id: int
    started_at: datetime
    pose_id: str
    version_id: str
    title: str
    subtitle: str
    left: int
    right: int

    @property
    def least(self) -> int:
        return min(self.left, self.right)


def lift_counts(practices: Iterable[LoggedPractice]) -> list[LiftCount]:
    """Every practice's best lifts per side, per version of alternating lifts, oldest first."""
    found: list[LiftCount] = []
    for practice in practices:
        best: dict[tuple[str, str], LiftCount] = {}
        for step in practice.steps:
            if step.lifts_left is None or step.lifts_right is None or step.pose_id is None:
                continue
            if step.lifts_left + step.lifts_right == 0:
                continue
            key = (step.pose_id, step.version_id or "")
            seen = best.get(key)
            left = max(step.lifts_left, seen.left if seen else 0)
            right = max(step.lifts_right, seen.right if seen else 0)
            best[key] = LiftCount(
                practice.id,
                practice.started_at,
                key[0],
                key[1],
                step.title,
                step.subtitle,
                left,
                right,
            )
        found.extend(best.values())
    return found


def last_lifts(
    practices: Iterable[LoggedPractice], pose_id: str, version_id: str | None
) -> LiftCount | None:
    """The lifts of the most recent practice of this version, if any."""
    matching = [
        count
        for count in lift_counts(practices)
        if count.pose_id == pose_id and count.version_id == (version_id or "")
    ]
    return matching[-1] if matching else None


def lift_target(last: LiftCount | None, goal: int) -> tuple[int, int] | None:
    """Today's target per side: one more than last time, up to the goal."""
    if last is None:
        return None
    return min(goal, last.left + 1), min(goal, last.right + 1)


def progression_line(last: LiftCount | None, goal: int) -> str:
    """For the lifts step: 'Last time 12 left · 11 right → today 13 · 12, right side behind'."""
    if last is None:
        return f"First time in your history: work up to {goal} lifts a side over the weeks"
    if last.left >= goal and last.right >= goal:
        return (
            f"Last time {last.left} left · {last.right} right: the goal of {goal} a side, reached"
        )
    target = lift_target(last, goal)
    assert target is not None
    line = f"Last time {last.left} left · {last.right} right → today {target[0]} · {target[1]}"
    if last.left != last.right:
        behind = "right" if last.right < last.left else "left"
        line += f", {behind} side behind"
    return line + " (+ adds a lift each side)"


def goal_reached_line(record: PracticeRecord, goal: int) -> tuple[str, ...]:
    """The summary's note when both sides reached the goal in this practice's lifts."""
    notes = []
    for entry in record.steps:
        step = entry.step
        if step.measure != "reps":
            continue
        left, right = lifts_per_side(entry.movements)
        if left >= goal and right >= goal:
            notes.append(
                f"{goal} lifts on each side in {step.title}, {step.subtitle}: you reached the goal."
            )
    return tuple(dict.fromkeys(notes))


def overview_line(practices: Sequence[LoggedPractice], now: datetime) -> str:
    """The start screen's one line: the streak and the last practice."""
    if not practices:
        return "No practices yet: each one you do is kept (h: history)"
    moment = now
    last = practices[-1]
    when = last.started_at.astimezone().strftime("%a %d %b")
    return (
        f"{streak(practices, moment).describe().capitalize()} · last practice {when},"
        f" {last.routine_name} {clock(last.active_seconds)}, {last.outcome.value} · h: history"
    )
