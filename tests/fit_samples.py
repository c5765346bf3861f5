"""Practices for the FIT tests, kept the way a practice is kept: the engine in fake time,
its events through the history listener into a real history file, read back.

The listener's wall clock follows the fake clock, so pauses take wall time and
no active time, as they do for real. `killed` writes no end, as after `kill -9`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from app.core.engine import Engine
from app.core.events import Event
from app.core.options import PracticeOptions
from app.core.practice_log import LoggedPractice
from app.core.steps import StepKind
from app.core.timeline import build_timeline
from app.store.history import History
from app.store.history_log import HistoryLog
from app.store.library_file import load_library
from app.store.plans import load_builtin_plan
from tests.core.factory import FakeClock

#: A Saturday morning, as the tests' practices start.
STARTED = datetime(2026, 12, 5, 7, 30, tzinfo=UTC)


@dataclass
class Practice:
    """One practice being run: the engine in fake time, its events to a history log."""

    path: Path
    plan: str
    started: datetime = STARTED
    clock: FakeClock = field(default_factory=FakeClock)

    def __post_init__(self) -> None:
        library = load_library(None)
        self.timeline = build_timeline(load_builtin_plan(self.plan, library), library)
        self.engine = Engine(self.timeline, self.clock)
        first = self.clock()
        self.log = HistoryLog(
            self.path, now=lambda: self.started + timedelta(seconds=self.clock() - first)
        )
        self.log.begin(self.timeline, PracticeOptions(plan_id=self.plan))
        self.give(self.engine.start())

    def give(self, events: list[Event]) -> None:
        for event in events:
            self.log.handle(event)

    def run(self, seconds: float, step: float = 0.5) -> None:
        while seconds > 1e-9:
            self.clock.advance(min(step, seconds))
            seconds -= step
            self.give(self.engine.tick())

    def run_to_hold(self, number: int) -> None:
        """Into the `number`th hold (from 1), two seconds in."""
        holds = [s for s in self.timeline.steps if s.kind is StepKind.HOLD]
        self.run(holds[number - 1].start + 2 - self.engine.status().session_elapsed)

    def pause(self, seconds: float) -> None:
        self.give(self.engine.pause())
        self.clock.advance(seconds)
        self.give(self.engine.resume())

    def finish(self) -> LoggedPractice:
        self.run(self.timeline.total + 1)
        return self.read()

    def quit(self) -> LoggedPractice:
        self.give(self.engine.quit())
        return self.read()

    def read(self) -> LoggedPractice:
        assert self.log.flush()
        self.log.close()
        history = History.open(self.path)
        try:
            return history.practices()[-1]
        finally:
            history.close()


def complete(path: Path, plan: str) -> LoggedPractice:
    return Practice(path, plan).finish()


def stopped_early(path: Path) -> LoggedPractice:
    """`strength`, stopped with q in its fifth hold."""
    practice = Practice(path, "strength")
    practice.run_to_hold(5)
    return practice.quit()


def killed(path: Path) -> LoggedPractice:
    """`after-run`, killed in its first strength hold: no end written."""
    practice = Practice(path, "after-run")
    holds = [s for s in practice.timeline.steps if s.section.value == "strength"]
    practice.run(holds[0].start + 3)
    return practice.read()


def with_pauses(path: Path) -> LoggedPractice:
    """`strength` at 9:00, to its end, paused twice in the second hold and once in the sixth."""
    practice = Practice(path, "strength", STARTED + timedelta(hours=1, minutes=30))
    practice.run_to_hold(2)
    practice.pause(40)
    practice.run(3)
    practice.pause(15)
    practice.run_to_hold(6)
    practice.pause(70)
    return practice.finish()


SAMPLES: dict[str, Callable[[Path], LoggedPractice]] = {
    "strength": lambda path: complete(path, "strength"),
    "after-run": lambda path: complete(path, "after-run"),
    "stopped early": stopped_early,
    "killed": killed,
    "paused": with_pauses,
}
