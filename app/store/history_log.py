"""The history listener: engine events in, practice and step rows out, off the UI's thread.

It sits beside the sound and the practice record as one more listener. The app
calls `begin` as a practice starts and `handle` with every event; each call only
puts a job on a queue and returns. A worker thread owns the database: it opens
(or creates, migrates, or moves aside) the file first, then writes a session
row, one row per ended step, and the end, each in its own transaction.

Nothing here can stop a practice. A file that cannot be written (no data folder,
read-only, disk full) is one line on the status line, "History: not being
saved (...)", and the practice goes on. A file that is not a usable history is
moved aside to a dated name and a fresh one started; `notice` says where.
"""

from __future__ import annotations

import dataclasses
import hashlib
import queue
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from app import __version__
from app.core.events import Event, Paused, SessionFinished, StepEnded, StepStarted
from app.core.practice_log import LoggedPractice, Outcome, PracticeStart, logged_step
from app.core.steps import StepKind
from app.store.history import (
    History,
    HistoryFileError,
    HistoryUnavailable,
    describe,
    move_aside,
)

if TYPE_CHECKING:
    from app.core.choices import Choices
    from app.core.models import Library
    from app.core.steps import Timeline

Job = Callable[[History], None]


def local_now() -> datetime:
    return datetime.now().astimezone()


def library_version(library: Library | None) -> str:
    """A short digest of the pose library's content: which cues and versions were practised."""
    if library is None:
        return ""
    digest = hashlib.sha256(library.model_dump_json(by_alias=True).encode()).hexdigest()
    return digest[:12]


class HistoryLog:
    """Writes each practice to the history file as it happens (see the module's docstring).

    `on_status` gets one line when history cannot be saved; `on_notice` a short
    line saying where an unreadable file was moved (`notice` keeps the whole
    path); `on_loaded` every practice so far, once the file is open and again
    after each practice ends (for the start screen's streak, the progression of
    lifts and the history screen). All three are called from the worker thread.
    """

    def __init__(
        self,
        path: Path | None,
        *,
        library: Library | None = None,
        on_status: Callable[[str], None] | None = None,
        on_notice: Callable[[str], None] | None = None,
        on_loaded: Callable[[tuple[LoggedPractice, ...]], None] | None = None,
        now: Callable[[], datetime] = local_now,
        opener: Callable[[Path], History] = History.open,
    ) -> None:
        self.path = path
        self._library = library
        self._on_status = on_status
        self._on_notice = on_notice
        self._on_loaded = on_loaded
        self._now = now
        self._opener = opener
        self._jobs: queue.SimpleQueue[Job | threading.Event | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._history: History | None = None
        self._failed = False
        self.status = ""
        self.notice = ""
        # The practice being written (touched only on the caller's thread).
        self._pauses = 0
        self._active = 0.0
        self._started = False
        # Its row id (touched only on the worker thread).
        self._practice_id: int | None = None

    # -- the caller's side: every method returns at once ---------------------

    def open(self) -> None:
        """Open the file in the background now (the first practice frame never waits for it)."""
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._work, name="history", daemon=True)
        self._thread.start()

    def begin(self, timeline: Timeline, choices: Choices) -> None:
        """A practice starts: its session row (plan, options, library version)."""
        self.open()
        self._pauses = 0
        self._active = 0.0
        self._started = True
        start = PracticeStart(
            started_at=self._now(),
            routine_id=timeline.routine_id,
            routine_name=timeline.name,
            options=dataclasses.asdict(choices),
            planned_seconds=timeline.total,
            set_count=max((s.set_count or 0 for s in timeline.steps), default=0) or None,
            library_version="",
            app_version=__version__,
        )
        library = self._library

        def write(history: History) -> None:
            row = dataclasses.replace(start, library_version=library_version(library))
            self._practice_id = history.start_practice(row)

        self._submit(write)

    def handle(self, event: Event) -> None:
        if not self._started:
            return
        if isinstance(event, StepStarted):
            self._pauses = 0
        elif isinstance(event, Paused):
            self._pauses += 1
        elif isinstance(event, StepEnded):
            self._active += event.active_seconds
            if event.step.kind is StepKind.HOLD:
                step = logged_step(event, ended_at=self._now(), pauses=self._pauses)
                active = self._active

                def write_step(history: History) -> None:
                    if self._practice_id is not None:
                        history.add_step(self._practice_id, step, active_seconds=active)

                self._submit(write_step)
        elif isinstance(event, SessionFinished):
            self._started = False
            outcome = Outcome.STOPPED if event.quit else Outcome.COMPLETE
            ended_at = self._now()

            def write_end(history: History) -> None:
                if self._practice_id is not None:
                    history.finish_practice(
                        self._practice_id,
                        outcome=outcome,
                        active_seconds=event.active_seconds,
                        ended_at=ended_at,
                    )
                    self._practice_id = None
                self._load(history)

            self._submit(write_end)

    def close(self, timeout: float = 1.0) -> None:
        """Write what is queued (waiting at most `timeout` seconds), then close the file."""
        thread = self._thread
        if thread is None:
            return
        self._jobs.put(None)
        thread.join(timeout)

    def flush(self, timeout: float = 5.0) -> bool:
        """Wait until every job so far is written (tests and benchmarks); False on timeout."""
        if self._thread is None:
            return True
        done = threading.Event()
        self._jobs.put(done)
        return done.wait(timeout)

    # -- the worker's side --------------------------------------------------------

    def _submit(self, job: Job) -> None:
        if not self._failed:
            self._jobs.put(job)

    def _work(self) -> None:
        history = self._open()
        self._history = history
        while True:
            job = self._jobs.get()
            if job is None:
                break
            if isinstance(job, threading.Event):
                job.set()
                continue
            if history is None or self._failed:
                continue
            try:
                job(history)
            except Exception as error:  # a history that fails must not stop the practice
                self._fail(describe(error))
        if history is not None:
            history.close()

    def _open(self) -> History | None:
        path = self.path
        if path is None:
            self._fail("no data folder")
            return None
        try:
            history = self._opener(path)
        except HistoryFileError as error:
            try:
                moved = move_aside(path, self._now())
            except OSError as move_error:
                self._fail(describe(move_error))
                return None
            self.notice = f"History: {error}; moved it to {moved} and started a new one"
            self._tell_notice(f"History: unreadable file moved aside, to {moved.name}")
            try:
                history = self._opener(path)
            except (HistoryFileError, HistoryUnavailable) as again:
                self._fail(str(again))
                return None
        except HistoryUnavailable as error:
            self._fail(str(error).rpartition(": ")[2] or str(error))
            return None
        except Exception as error:
            self._fail(describe(error))
            return None
        self._load(history)
        return history

    def _load(self, history: History) -> None:
        if self._on_loaded is None:
            return
        practices = tuple(history.practices())
        try:
            self._on_loaded(practices)
        except Exception:  # the UI may already be gone
            return

    def _fail(self, reason: str) -> None:
        self._failed = True
        self.status = f"History: not being saved ({reason})"
        if self._on_status is not None:
            try:
                self._on_status(self.status)
            except Exception:
                return

    def _tell_notice(self, text: str) -> None:
        if self._on_notice is not None:
            try:
                self._on_notice(text)
            except Exception:
                return
