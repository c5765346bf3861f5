"""Progress pose by pose: the longest hold, the most sets, the hardest version, lifts a side.

Three readers share these rules: the summary compares the practice just done
with the previous practice of the same plan; the history screen and
`backside stats` show each pose's bests and its last twelve weeks.

The rules, stated once:

- A *hold* is a piece of work on a pose that is not counted in lifts; its
  length is its active time, however it ended (the longest one wins anyway).
- A *set* counts for a pose when one of its steps in that set ran to its end.
- A version is *reached* when one of its steps ran to its end (or, for
  alternating lifts, had a lift). Versions are ordered as the library lists
  them, the first the easiest (`VersionOrder`); a version the library does not
  know (a history older than the library) is below every known one.
- *Lifts a side* are the most alternating lifts done on each side in one
  practice; one count is better than another when its weaker side is (then
  the left).

Pure functions; the caller passes "now". No I/O here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from app.core.practice_log import LoggedPractice, LoggedStep, lifts_per_side
from app.core.progress import CHART_WEEKS, week_of

if TYPE_CHECKING:  # pydantic is slow to import; `backside stats` never needs it
    from app.core.record import DoneStep
    from app.core.steps import Step

#: Below every version the library lists (a version it no longer knows).
UNKNOWN_RANK = -1


@dataclass(frozen=True, slots=True)
class VersionOrder:
    """Each pose's versions from the easiest (rank 0) up, in the library's order."""

    ranks: Mapping[tuple[str, str], int] = field(default_factory=dict)
    counts: Mapping[str, int] = field(default_factory=dict)
    poses: tuple[str, ...] = ()
    """The poses in the library's order (charts list them so)."""

    @classmethod
    def of(cls, poses: Iterable[tuple[str, Sequence[str]]]) -> VersionOrder:
        """From (pose id, its version ids as the library lists them)."""
        ranks: dict[tuple[str, str], int] = {}
        counts: dict[str, int] = {}
        order: list[str] = []
        for pose_id, versions in poses:
            order.append(pose_id)
            counts[pose_id] = len(versions)
            for rank, version_id in enumerate(versions):
                ranks[(pose_id, version_id)] = rank
        return cls(ranks=ranks, counts=counts, poses=tuple(order))

    def rank(self, pose_id: str, version_id: str | None) -> int:
        return self.ranks.get((pose_id, version_id or ""), UNKNOWN_RANK)

    def place(self, pose_id: str, version_id: str | None) -> str:
        """'2 of 2' for a version the library knows, else ''."""
        rank = self.rank(pose_id, version_id)
        return f"{rank + 1} of {self.counts[pose_id]}" if rank != UNKNOWN_RANK else ""


@dataclass(frozen=True, slots=True)
class Effort:
    """One piece of work on a pose, from the history or from the practice just done."""

    pose_id: str
    name: str
    version_id: str
    version_name: str
    set_number: int | None
    completed: bool
    hold_seconds: float | None
    """Active seconds of a hold; None for alternating lifts."""
    lifts: tuple[int, int] | None
    """(left, right) for alternating lifts."""

    @property
    def reached(self) -> bool:
        return self.completed or (self.lifts is not None and any(self.lifts))


def effort_of_logged(step: LoggedStep) -> Effort | None:
    if step.pose_id is None:
        return None
    lifts = None
    if step.lifts_left is not None or step.lifts_right is not None:
        lifts = (max(0, step.lifts_left or 0), max(0, step.lifts_right or 0))
    return _effort(
        step.pose_id, step, completed=step.completed, active=step.active_seconds, lifts=lifts
    )


def effort_of_done(entry: DoneStep) -> Effort | None:
    """The same for a step of the practice just done (`PracticeRecord.steps`)."""
    step = entry.step
    if step.pose_id is None:
        return None
    lifts = lifts_per_side(entry.movements) if step.counts_lifts else None
    return _effort(
        step.pose_id, step, completed=entry.completed, active=entry.active_seconds, lifts=lifts
    )


def _effort(
    pose_id: str,
    step: LoggedStep | Step,
    *,
    completed: bool,
    active: float,
    lifts: tuple[int, int] | None,
) -> Effort:
    """One pose's effort from a step's names and what was done: a hold, or lifts a side."""
    return Effort(
        pose_id=pose_id,
        name=step.title,
        version_id=step.version_id or "",
        version_name=step.subtitle,
        set_number=step.set_number,
        completed=completed,
        hold_seconds=None if lifts is not None else max(0.0, active),
        lifts=lifts,
    )


def efforts_of(practice: LoggedPractice) -> list[Effort]:
    return [e for e in map(effort_of_logged, practice.steps) if e is not None]


@dataclass(frozen=True, slots=True)
class PoseBest:
    """The best of one pose: in one practice, a week, or the whole history."""

    pose_id: str
    name: str
    hold_seconds: float | None = None
    sets: int = 0
    version_id: str | None = None
    version_name: str = ""
    version_rank: int = UNKNOWN_RANK
    lifts: tuple[int, int] | None = None

    def merged(self, other: PoseBest) -> PoseBest:
        """The better of each measure (on a tie of versions, `other`'s: the later one)."""
        hold = _most(self.hold_seconds, other.hold_seconds)
        lifts = self.lifts
        if other.lifts is not None and (lifts is None or _lift_key(other.lifts) > _lift_key(lifts)):
            lifts = other.lifts
        version = self
        if other.version_id is not None and (
            self.version_id is None or other.version_rank >= self.version_rank
        ):
            version = other
        return PoseBest(
            pose_id=self.pose_id,
            name=other.name or self.name,
            hold_seconds=hold,
            sets=max(self.sets, other.sets),
            version_id=version.version_id,
            version_name=version.version_name,
            version_rank=version.version_rank,
            lifts=lifts,
        )


def _most(a: float | None, b: float | None) -> float | None:
    if a is None:
        return b
    return a if b is None else max(a, b)


def _lift_key(lifts: tuple[int, int]) -> tuple[int, int]:
    return min(lifts), lifts[0]


def bests(efforts: Iterable[Effort], order: VersionOrder) -> dict[str, PoseBest]:
    """Each pose's best in these efforts (one practice's), in the order first met."""
    found: dict[str, PoseBest] = {}
    sets: dict[str, set[int]] = {}
    for effort in efforts:
        reached = effort.reached
        if effort.set_number is not None and effort.completed:
            sets.setdefault(effort.pose_id, set()).add(effort.set_number)
        best = PoseBest(
            pose_id=effort.pose_id,
            name=effort.name,
            hold_seconds=effort.hold_seconds,
            version_id=effort.version_id if reached else None,
            version_name=effort.version_name if reached else "",
            version_rank=order.rank(effort.pose_id, effort.version_id) if reached else UNKNOWN_RANK,
            lifts=effort.lifts if effort.lifts is not None and any(effort.lifts) else None,
        )
        seen = found.get(effort.pose_id)
        found[effort.pose_id] = best if seen is None else seen.merged(best)
    return {
        pose: PoseBest(
            pose_id=best.pose_id,
            name=best.name,
            hold_seconds=best.hold_seconds,
            sets=len(sets.get(pose, ())),
            version_id=best.version_id,
            version_name=best.version_name,
            version_rank=best.version_rank,
            lifts=best.lifts,
        )
        for pose, best in found.items()
    }


# -- the summary: against the last practice of the same plan ---------------------------


def previous_practice(
    practices: Sequence[LoggedPractice], routine_id: str, now: datetime
) -> LoggedPractice | None:
    """The last practice of `routine_id` with work on a pose in it.

    One dated later than `now` (a clock that was wrong) is taken only when no
    other is there.
    """
    same = [p for p in practices if p.routine_id == routine_id and efforts_of(p)]
    past = [p for p in same if p.started_at <= now]
    chosen = past or same
    return max(chosen, key=lambda p: (p.started_at, p.id)) if chosen else None


@dataclass(frozen=True, slots=True)
class Comparison:
    """The summary's few lines: what improved against the last practice of the plan."""

    heading: str
    lines: tuple[str, ...]


def _seconds(value: float) -> int:
    return round(value)


def _more(count: int, unit: str) -> str:
    return f"{count} {unit}{'' if count == 1 else 's'}"


def improvement(now: PoseBest, before: PoseBest) -> str:
    """'Bow: held 52 s, 7 s longer · 3 sets, 1 more · Full bow, harder than No hands', or ''."""
    parts: list[str] = []
    if now.hold_seconds is not None and before.hold_seconds is not None:
        gained = _seconds(now.hold_seconds) - _seconds(before.hold_seconds)
        if gained > 0:
            parts.append(f"held {_seconds(now.hold_seconds)} s, {gained} s longer")
    if now.sets > before.sets and before.sets:
        parts.append(f"{_more(now.sets, 'set')}, {now.sets - before.sets} more")
    if now.version_id is not None and now.version_rank > before.version_rank:
        was = f"harder than {before.version_name}" if before.version_id else "a harder version"
        parts.append(f"{now.version_name}, {was}")
    if now.lifts is not None:
        (left, right), (was_left, was_right) = now.lifts, before.lifts or (0, 0)
        if left >= was_left and right >= was_right and (left, right) != (was_left, was_right):
            parts.append(f"{left} left · {right} right lifts, up from {was_left} · {was_right}")
    return f"{now.name}: " + " · ".join(parts) if parts else ""


def compare(
    done: Iterable[Effort],
    previous: LoggedPractice | None,
    order: VersionOrder,
    plan_name: str,
) -> Comparison:
    """What improved in `done` against `previous` (the last practice of the same plan)."""
    if previous is None:
        return Comparison(
            f"Your first {plan_name} practice in the history",
            ("Next time, the summary says what improved against this one.",),
        )
    when = previous.started_at.astimezone().strftime("%a %d %b")
    before = bests(efforts_of(previous), order)
    lines = []
    for pose, best in bests(done, order).items():
        if pose in before:
            line = improvement(best, before[pose])
            if line:
                lines.append(line)
    if not lines:
        return Comparison(
            f"Against your last {plan_name} practice ({when})",
            ("No longer holds, extra sets, harder versions or extra lifts this time.",),
        )
    return Comparison(f"Better than your last {plan_name} practice ({when})", tuple(lines))


# -- the history screen and `backside stats`: each pose over the weeks ------------------


@dataclass(frozen=True, slots=True)
class PoseWeeks:
    """One pose's best in the whole history, and week by week (oldest first)."""

    best: PoseBest
    weeks: tuple[date, ...]
    week_bests: tuple[PoseBest | None, ...]
    """None for a week without this pose."""

    @property
    def holds(self) -> list[float | None]:
        return [None if b is None else b.hold_seconds for b in self.week_bests]

    @property
    def fewer_side_lifts(self) -> list[float | None]:
        return [
            None if best is None or best.lifts is None else float(min(best.lifts))
            for best in self.week_bests
        ]


def pose_weeks(
    practices: Iterable[LoggedPractice],
    order: VersionOrder,
    now: datetime,
    weeks: int = CHART_WEEKS,
) -> list[PoseWeeks]:
    """Every pose practised: the library's poses first, in its order, then others by name."""
    last = week_of(now)
    mondays = tuple(last - timedelta(weeks=n) for n in range(weeks - 1, -1, -1))
    overall: dict[str, PoseBest] = {}
    weekly: dict[tuple[str, date], PoseBest] = {}
    for practice in sorted(practices, key=lambda p: (p.started_at, p.id)):
        week = week_of(practice.started_at)
        for pose, best in bests(efforts_of(practice), order).items():
            seen = overall.get(pose)
            overall[pose] = best if seen is None else seen.merged(best)
            if mondays[0] <= week <= last:
                seen = weekly.get((pose, week))
                weekly[(pose, week)] = best if seen is None else seen.merged(best)
    place = {pose: n for n, pose in enumerate(order.poses)}
    ordered = sorted(
        overall, key=lambda p: (place.get(p, len(place)), overall[p].name.casefold(), p)
    )
    return [
        PoseWeeks(
            best=overall[pose],
            weeks=mondays,
            week_bests=tuple(weekly.get((pose, monday)) for monday in mondays),
        )
        for pose in ordered
    ]


#: Eighths of a character cell, for the text charts.
_EIGHTHS = "▁▂▃▄▅▆▇█"
#: A week without the pose.
NO_WEEK = "·"


def bars(values: Sequence[float | None]) -> str:
    """One character a week, scaled from zero; `NO_WEEK` where there is nothing."""
    top = max((v for v in values if v is not None), default=0.0)
    shown = []
    for value in values:
        if value is None:
            shown.append(NO_WEEK)
        elif top <= 0:
            shown.append(_EIGHTHS[0])
        else:
            shown.append(_EIGHTHS[max(0, min(7, round(value / top * 8) - 1))])
    return "".join(shown)
