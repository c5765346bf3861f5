"""The history listener: a real engine in fake time, its events written step by step."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.core.choices import Choices
from app.core.engine import Engine
from app.core.events import Event
from app.core.plans import parse_routine
from app.core.practice_log import LoggedPractice, Outcome
from app.core.steps import Measure, StepKind, Timeline
from app.core.timeline import build_timeline
from app.store.history import History
from app.store.history_log import HistoryLog, library_version
from app.store.library_file import load_library
from tests.core.factory import FakeClock

ROUTINE = """
id = "lifts"
name = "Lifts"
description = "Locust, arms by the sides, then ten lifts a side."
sets = 1
hold = { seconds = 20, lifts_per_side = 10 }

[timing]
get_ready_seconds = 5
breath_seconds = 4

[[blocks]]
pose = "locust"
versions = ["arms-by-sides", "opposite-lifts"]
each_set = "all"
"""


def lifts_timeline() -> Timeline:
    library = load_library(None)
    return build_timeline(parse_routine(ROUTINE, "lifts.toml"), library)


class Run:
    """One practice: the engine in fake time, its events given to a history log."""

    def __init__(self, log: HistoryLog, timeline: Timeline | None = None) -> None:
        self.clock = FakeClock()
        self.timeline = timeline or lifts_timeline()
        self.engine = Engine(self.timeline, self.clock)
        self.log = log
        log.begin(self.timeline, Choices(plan_id="lifts", sets=1))
        self.give(self.engine.start())

    def give(self, events: list[Event]) -> None:
        for event in events:
            self.log.handle(event)

    def run(self, seconds: float, step: float = 0.5) -> None:
        while seconds > 1e-9:
            self.clock.advance(min(step, seconds))
            seconds -= step
            self.give(self.engine.tick())


def practices(path: Path) -> list[LoggedPractice]:
    history = History.open(path)
    try:
        return history.practices()
    finally:
        history.close()


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "history.sqlite3"


def test_a_whole_practice_is_written(path: Path) -> None:
    loaded: list[tuple[LoggedPractice, ...]] = []
    log = HistoryLog(path, library=load_library(None), on_loaded=loaded.append)
    run = Run(log)
    run.run(run.timeline.total + 1)
    assert log.flush()
    log.close()
    (practice,) = practices(path)
    assert practice.outcome is Outcome.COMPLETE
    assert practice.routine_id == "lifts"
    assert practice.options["sets"] == 1
    assert practice.library_version == library_version(load_library(None))
    assert len(practice.library_version) == 12
    assert practice.active_seconds == pytest.approx(run.timeline.total)
    holds = [s for s in run.timeline.steps if s.kind is StepKind.HOLD]
    assert [s.index for s in practice.steps] == [s.index for s in holds]
    assert [s.version_id for s in practice.steps] == ["arms-by-sides", "opposite-lifts"]
    lifts = practice.steps[1]
    assert lifts.measure == Measure.REPS.value
    assert (lifts.lifts_left, lifts.lifts_right) == (10, 10)
    assert all(s.completed for s in practice.steps)
    # Read once at open (nothing yet), again after the practice ended.
    assert [len(found) for found in loaded] == [0, 1]


def test_each_step_is_on_disk_as_it_ends(path: Path) -> None:
    log = HistoryLog(path)
    run = Run(log)
    hold, lifts = (s for s in run.timeline.steps if s.kind is StepKind.HOLD)
    run.run(lifts.start + 17)  # four whole 4 s breaths into the lifts: two lifts a side
    assert log.flush()
    (practice,) = practices(path)  # another connection, as after a kill -9
    assert practice.outcome is Outcome.PARTIAL
    assert [s.index for s in practice.steps] == [hold.index]
    # Written as the hold ended (the quick change-over to the lifts is counted with them).
    assert practice.active_seconds == pytest.approx(hold.end)
    run.give(run.engine.quit())
    assert log.flush()
    log.close()
    (practice,) = practices(path)
    assert practice.outcome is Outcome.STOPPED
    cut = practice.steps[-1]
    assert cut.ending == "quit"
    assert (cut.lifts_left, cut.lifts_right) == (2, 2)
    assert cut.active_seconds == pytest.approx(17)


def test_pauses_are_counted_per_step(path: Path) -> None:
    log = HistoryLog(path)
    run = Run(log)
    run.run(6)
    for _ in range(2):
        run.give(run.engine.pause())
        run.clock.advance(30)
        run.give(run.engine.resume())
    run.give(run.engine.next())
    assert log.flush()
    log.close()
    (practice,) = practices(path)
    step = practice.steps[0]
    assert step.pauses == 2
    assert step.ending == "skipped"
    assert step.active_seconds == pytest.approx(1)


def test_two_practices_in_one_run(path: Path) -> None:
    log = HistoryLog(path)
    for _ in range(2):
        run = Run(log)
        run.run(run.timeline.total + 1)
    assert log.flush()
    log.close()
    assert [p.outcome for p in practices(path)] == [Outcome.COMPLETE, Outcome.COMPLETE]


# -- faults: the practice goes on, one line says history is not saved ---------------------


def _run_and_status(log: HistoryLog) -> list[str]:
    said: list[str] = []
    log._on_status = said.append
    run = Run(log)
    run.run(run.timeline.total + 1)  # the practice itself never fails
    assert run.engine.state.value == "finished"
    assert log.flush()
    log.close()
    return said


def test_no_data_folder() -> None:
    said = _run_and_status(HistoryLog(None))
    assert said == ["History: not being saved (no data folder)"]


def test_a_data_folder_that_cannot_be_made(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    said = _run_and_status(HistoryLog(blocker / "data" / "history.sqlite3"))
    assert len(said) == 1
    assert said[0].startswith("History: not being saved (")


@contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """A folder nobody can write to: chmod for a user, the immutable flag for root."""
    if os.geteuid() != 0:
        folder.chmod(0o500)
        undo = ["chmod", "700", str(folder)]
    elif shutil.which("chattr") and subprocess.run(["chattr", "+i", str(folder)]).returncode == 0:
        undo = ["chattr", "-i", str(folder)]
    else:
        pytest.skip("cannot make a folder read-only here")
    try:
        yield
    finally:
        subprocess.run(undo, check=True)


def test_a_read_only_data_folder(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    with read_only(folder):
        said = _run_and_status(HistoryLog(folder / "history.sqlite3"))
    assert said == ["History: not being saved (the data folder is read-only)"]
    assert not (folder / "history.sqlite3").exists()


def test_a_read_only_history_file(path: Path) -> None:
    History.open(path).close()

    def read_only(target: Path) -> History:
        history = History.open(target)
        history._db.execute("PRAGMA query_only = ON")  # every write now fails, as read-only
        return history

    said = _run_and_status(HistoryLog(path, opener=read_only))
    assert said == ["History: not being saved (the data folder is read-only)"]


def test_a_full_disk(path: Path) -> None:
    def full(target: Path) -> History:
        history = History.open(target)
        pages = history._db.execute("PRAGMA page_count").fetchone()[0]
        history._db.execute(f"PRAGMA max_page_count = {pages}")  # no room to grow: SQLITE_FULL
        return history

    # A step too big for the pages there are: writing it needs the disk to grow.
    timeline = lifts_timeline()
    steps = tuple(
        s.model_copy(update={"subtitle": "long " * 2000}) if s.kind is StepKind.HOLD else s
        for s in timeline.steps
    )
    log = HistoryLog(path, opener=full)
    said: list[str] = []
    log._on_status = said.append
    run = Run(log, timeline.model_copy(update={"steps": steps}))
    run.run(run.timeline.total + 1)
    assert run.engine.state.value == "finished"
    assert log.flush()
    log.close()
    assert said == ["History: not being saved (the disk is full)"]


@pytest.mark.parametrize(
    "damage",
    ["not a database", "truncated", "newer schema"],
)
def test_an_unusable_file_is_moved_aside_and_a_new_one_started(path: Path, damage: str) -> None:
    History.open(path).close()
    if damage == "not a database":
        path.write_bytes(b"my running log\n" * 500)
    elif damage == "truncated":
        log = HistoryLog(path)
        for _ in range(20):
            run = Run(log)
            run.run(run.timeline.total + 1)
        log.flush()
        log.close()
        sqlite3.connect(path).execute("PRAGMA wal_checkpoint(TRUNCATE)").close()
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2])
    else:
        db = sqlite3.connect(path)
        db.execute("PRAGMA user_version = 99")
        db.commit()
        db.close()
    old = path.read_bytes()
    notices: list[str] = []
    log = HistoryLog(
        path, on_notice=notices.append, now=lambda: datetime(2026, 12, 1, 7, 30, tzinfo=UTC)
    )
    run = Run(log)
    run.run(run.timeline.total + 1)
    assert log.flush()
    log.close()
    moved = path.with_name("history.unreadable-2026-12-01-073000.sqlite3")
    assert moved.read_bytes() == old
    assert notices == [f"History: unreadable file moved aside, to {moved.name}"]
    assert str(moved) in log.notice
    assert log.status == ""  # the new file is being written
    assert [p.outcome for p in practices(path)] == [Outcome.COMPLETE]


def test_a_slow_file_never_holds_up_the_practice(path: Path) -> None:
    """Opening (creating, migrating) runs on the log's thread: the events never wait for it."""
    release = threading.Event()

    def slow(target: Path) -> History:
        release.wait(10)
        return History.open(target)

    log = HistoryLog(path, opener=slow)
    log.open()
    started = time.perf_counter()
    run = Run(log)
    run.run(run.timeline.total + 1)
    took = time.perf_counter() - started
    assert took < 1.0  # the whole practice's events, with the file still not open
    release.set()
    assert log.flush()
    log.close()
    (practice,) = practices(path)
    assert practice.outcome is Outcome.COMPLETE
    assert len(practice.steps) == 2
