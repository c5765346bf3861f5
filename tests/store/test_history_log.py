"""The history listener: a real engine in fake time, its events written step by step."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.core.engine import Engine
from app.core.events import Event
from app.core.options import PracticeOptions
from app.core.plans import parse_routine
from app.core.practice_log import LoggedPractice, Outcome
from app.core.steps import Measure, StepKind, Timeline
from app.core.timeline import build_timeline
from app.store.history import BUSY_TIMEOUT_MS, History, HistoryUnavailable
from app.store.history_log import CLOSING_WAIT, EXIT_WAIT, HistoryLog, library_version
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
        log.begin(self.timeline, PracticeOptions(plan_id="lifts", sets=1))
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


class Waits:
    """The worker's waits between tries, recorded instead of slept.

    `then` runs at the wait numbered `at` (the fault goes away, say). With no
    `then`, the first wait holds the worker until `release` (the fault stays).
    """

    def __init__(self, at: int = 0, then: Callable[[], None] | None = None) -> None:
        self.seconds: list[float] = []
        self.at = at
        self.then = then
        self.waiting = threading.Event()
        self.release = threading.Event()

    def __call__(self, seconds: float) -> None:
        self.seconds.append(seconds)
        if self.then is not None:
            if len(self.seconds) == self.at:
                self.then()
            return
        self.waiting.set()
        self.release.wait(10)


def _run_and_status(log: HistoryLog, timeline: Timeline | None = None) -> list[str]:
    """A whole practice with a fault that stays: what the status line said."""
    said: list[str] = []
    log._on_status = said.append
    waits = Waits()
    log._wait = waits
    run = Run(log, timeline)
    run.run(run.timeline.total + 1)  # the practice itself never fails
    assert run.engine.state.value == "finished"
    if log.path is None:
        assert log.flush()  # nothing to wait for: with no folder nothing is kept
        assert log.close()
    else:
        assert waits.waiting.wait(10)  # it failed, and waits to try again
        assert log.queued > 0  # keeping every write
        assert not log.flush(timeout=0)
        assert not log.close(timeout=0)
    waits.release.set()
    if log._thread is not None:
        log._thread.join(10)
        assert not log._thread.is_alive()  # given up once the exit came
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


def long_timeline() -> Timeline:
    """The lifts routine with steps too big for a page: writing one makes the file grow."""
    timeline = lifts_timeline()
    steps = tuple(
        replace(s, subtitle="long " * 2000) if s.kind is StepKind.HOLD else s
        for s in timeline.steps
    )
    return replace(timeline, steps=steps)


def test_a_full_disk(path: Path) -> None:
    def full(target: Path) -> History:
        history = History.open(target)
        pages = history._db.execute("PRAGMA page_count").fetchone()[0]
        history._db.execute(f"PRAGMA max_page_count = {pages}")  # no room to grow: SQLITE_FULL
        return history

    log = HistoryLog(path, opener=full)
    said = _run_and_status(log, long_timeline())
    assert said == ["History: not being saved (the disk is full)"]


# -- after a failure: tried again, in order, every row once ---------------------------


@pytest.mark.parametrize("fault", ["busy", "full"])
def test_writing_goes_on_once_the_fault_is_gone(path: Path, fault: str) -> None:
    """A file held by another program, a full disk: kept, tried again, all written once."""
    History.open(path).close()
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    fault_on = threading.Event()
    fault_on.set()

    def opener(target: Path) -> History:
        history = History.open(target)
        history._db.execute("PRAGMA busy_timeout = 0")  # fail at once, not after 5 s
        if fault == "full" and fault_on.is_set():
            pages = history._db.execute("PRAGMA page_count").fetchone()[0]
            history._db.execute(f"PRAGMA max_page_count = {pages}")
        return history

    def lift() -> None:
        fault_on.clear()
        if holder.in_transaction:
            holder.execute("ROLLBACK")

    if fault == "busy":
        holder.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    said: list[str] = []
    waits = Waits(at=3, then=lift)
    loaded: list[tuple[LoggedPractice, ...]] = []
    log = HistoryLog(
        path, opener=opener, on_status=said.append, wait=waits, on_loaded=loaded.append
    )
    run = Run(log, long_timeline())
    run.run(run.timeline.total + 1)
    assert log.flush()
    assert log.close()
    holder.close()
    reason = "another program is holding the file" if fault == "busy" else "the disk is full"
    assert said == [f"History: not being saved ({reason})", "History: saving again"]
    assert log.status == "History: saving again"
    assert waits.seconds == [0.25, 0.5, 1.0]  # each wait longer than the last
    (practice,) = practices(path)  # one row for the practice, not one per try
    assert practice.outcome is Outcome.COMPLETE
    holds = [s.index for s in run.timeline.steps if s.kind is StepKind.HOLD]
    assert [s.index for s in practice.steps] == holds  # each step once, in order
    assert [len(found) for found in loaded][-1] == 1


def test_a_failure_during_the_practice_keeps_the_later_steps(path: Path) -> None:
    """The file is busy for one step in the middle: that step and all after it are written."""
    History.open(path).close()
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)

    def opener(target: Path) -> History:
        history = History.open(target)
        history._db.execute("PRAGMA busy_timeout = 0")
        return history

    said: list[str] = []
    waits = Waits(at=2, then=lambda: other.execute("ROLLBACK"))
    log = HistoryLog(path, opener=opener, on_status=said.append, wait=waits)
    run = Run(log)
    hold, lifts = (s for s in run.timeline.steps if s.kind is StepKind.HOLD)
    run.run(hold.end - 1)
    assert log.flush()  # the start is written
    other.execute("BEGIN IMMEDIATE")
    run.run(run.timeline.total - hold.end + 2)
    run.give(run.engine.quit())
    assert log.close()
    other.close()
    assert said == [
        "History: not being saved (another program is holding the file)",
        "History: saving again",
    ]
    (practice,) = practices(path)
    assert [s.index for s in practice.steps] == [hold.index, lifts.index]
    assert practice.outcome is Outcome.COMPLETE


def test_close_keeps_trying_until_the_end_is_written(path: Path) -> None:
    """At exit the waits are short: the end is written as soon as the file is free."""
    History.open(path).close()
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")

    def opener(target: Path) -> History:
        history = History.open(target)
        history._db.execute("PRAGMA busy_timeout = 0")
        return history

    waits = Waits(at=4, then=lambda: other.execute("ROLLBACK"))
    log = HistoryLog(path, opener=opener, wait=waits)
    run = Run(log)
    run.run(10)
    run.give(run.engine.quit())
    # Nothing written yet; close is called at once (q, or a signal's normal way out).
    assert log.close()
    other.close()
    assert CLOSING_WAIT in waits.seconds
    (practice,) = practices(path)
    assert practice.outcome is Outcome.STOPPED
    assert practice.steps[-1].ending == "quit"


def test_close_waits_as_long_as_a_busy_write_may() -> None:
    """The exit waits for a write that waits for another program's lock (no less)."""
    import inspect

    default = inspect.signature(HistoryLog.close).parameters["timeout"].default
    assert default == EXIT_WAIT
    assert EXIT_WAIT > BUSY_TIMEOUT_MS / 1000


@pytest.mark.slow
def test_the_end_is_saved_when_the_file_is_busy_at_exit(path: Path) -> None:
    """Another program holds the file for 2 s as q ends the practice: the end is on disk."""
    History.open(path).close()
    log = HistoryLog(path)
    run = Run(log)
    run.run(30)
    assert log.flush()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys, time\n"
            "db = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
            "db.execute('BEGIN IMMEDIATE'); print('held', flush=True); time.sleep(2)",
            str(path),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None
    assert holder.stdout.readline() == "held\n"
    run.give(run.engine.quit())
    assert log.close()
    holder.wait(10)
    (practice,) = practices(path)
    assert practice.outcome is Outcome.STOPPED
    assert practice.steps[-1].ending == "quit"


@pytest.mark.parametrize(
    "damage",
    ["not a database", "truncated", "newer schema", "no step table"],
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
    elif damage == "no step table":
        db = sqlite3.connect(path)
        db.execute("DROP TABLE step")
        db.commit()
        db.close()
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


@pytest.mark.parametrize(
    "damage",
    [
        "UPDATE practice SET started_at = 'garbage'",
        "UPDATE practice SET planned_seconds = 'abc'",
        "UPDATE step SET ended_at = '2026-13-45'",
        "UPDATE practice SET routine_name = x'00ff'",
    ],
)
def test_a_bad_row_does_not_stop_recording(path: Path, damage: str) -> None:
    """One unreadable row: left out of what the screens get, the new practice written."""
    from tests.store.factory import practise

    history = History.open(path)
    practise(history, datetime(2026, 11, 30, 7, tzinfo=UTC))
    practise(history, datetime(2026, 12, 1, 7, tzinfo=UTC))
    history._db.execute(damage + " WHERE id = 1")
    history.close()
    said: list[str] = []
    loaded: list[tuple[LoggedPractice, ...]] = []
    log = HistoryLog(path, on_status=said.append, on_loaded=loaded.append)
    run = Run(log)
    run.run(run.timeline.total + 1)
    assert log.flush()
    assert log.close()
    assert said == []
    # The readable ones, before and after (a bad step leaves its practice out one step).
    kept = 2 if damage.startswith("UPDATE step") else 1
    assert [len(found) for found in loaded] == [kept, kept + 1]
    skipped: list[str] = []
    reopened = History.open(path)
    try:
        found = reopened.practices(on_bad_row=skipped.append)
    finally:
        reopened.close()
    assert [p.routine_id for p in found] == ["quick"] * kept + ["lifts"]
    assert found[-1].outcome is Outcome.COMPLETE
    assert len(found[-1].steps) == 2
    (line,) = skipped
    assert line.startswith(("practice 1: ", "step 1 of practice 1: "))


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
    # The whole practice's events ran with the file still not open: had they waited for
    # it, they would have taken the opener's ten seconds (a bound only a wait reaches).
    assert not release.is_set()
    assert took < 9.0
    release.set()
    assert log.flush()
    log.close()
    (practice,) = practices(path)
    assert practice.outcome is Outcome.COMPLETE
    assert len(practice.steps) == 2


def test_opening_reads_what_the_file_holds_for_the_screens(path: Path) -> None:
    """The start screen's streak and the history screen need the file's practices as it
    opens, before any practice starts."""
    log = HistoryLog(path)
    run = Run(log)
    run.run(run.timeline.total + 1)
    assert log.flush()
    log.close()
    loaded: list[tuple[LoggedPractice, ...]] = []
    again = HistoryLog(path, on_loaded=loaded.append)
    again.open()
    assert again.flush()
    again.close()
    assert [len(practices) for practices in loaded] == [1]


def test_a_file_that_cannot_open_costs_no_wait_at_exit_when_nothing_was_written(
    tmp_path: Path,
) -> None:
    waits: list[float] = []

    def opener(_: Path) -> History:
        raise HistoryUnavailable("busy: another program is holding the file")

    log = HistoryLog(tmp_path / "h.sqlite3", opener=opener, wait=waits.append)
    log.open()
    assert log.close(timeout=30)
