"""The history listener: engine events in, practice and step rows out, off the UI's thread.

It sits beside the sound and the practice record as one more listener. The app
calls `begin` as a practice starts and `handle` with every event; each call only
puts a job on a queue and returns. A worker thread owns the database: it opens
(or creates, migrates, or moves aside) the file first, then writes a session
row, one row per ended step, and the end, each in its own transaction.

Nothing here can stop a practice. A file that cannot be written (read-only,
disk full, held by another program) is one line on the status line, "History:
not being saved (...)", and the practice goes on: the writer keeps what is
queued, tries again after a wait that grows (`RETRY_WAITS`), writes it all in
order once it can, and says "History: saving again". A job is one transaction,
retried only when it did not commit (SQLite's COMMIT either commits or fails),
so a retry never writes a row twice. Only with no data folder at all is
nothing kept. A file that is not a usable history (not a database, damaged, a
table missing, too new) is moved aside to a dated name and a fresh one started;
`notice` says where.

At exit, `close` waits for what is queued up to `EXIT_WAIT`: as long as a write
waits for another program holding the file, and a little more.
"""

from __future__ import annotations

import collections
import contextlib
import dataclasses
import hashlib
import json
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from app import __version__
from app.core.events import Event, Paused, SessionFinished, StepEnded, StepStarted
from app.core.listeners import Begins, EventListener
from app.core.practice_log import Feeling, LoggedPractice, Outcome, PracticeStart, logged_step
from app.store.history import (
    BUSY_TIMEOUT_MS,
    History,
    HistoryFileError,
    HistoryUnavailable,
    describe,
    move_aside,
)

if TYPE_CHECKING:
    from app.core.models import Library
    from app.core.options import PracticeOptions
    from app.core.steps import Timeline

Job = Callable[[History], None]

#: The waits between tries after a failed write, in seconds; the last repeats.
RETRY_WAITS = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0)
#: Between tries while closing: the exit is near, so try again at once.
CLOSING_WAIT = 0.05
#: How long `close` waits for what is queued: a write's own wait on a busy file, and a bit.
EXIT_WAIT = BUSY_TIMEOUT_MS / 1000 + 0.5


@dataclasses.dataclass
class _Practice:
    """The practice being written: its start, and its row once written (in which file)."""

    start: PracticeStart
    row: int | None = None
    file: int = -1


def local_now() -> datetime:
    return datetime.now().astimezone()


def library_version(library: Library | None) -> str:
    """A short digest of the pose library's content: which cues and versions were practised."""
    if library is None:
        return ""
    from app.core.models import library_data

    text = json.dumps(library_data(library), ensure_ascii=False, separators=(",", ":"))
    digest = hashlib.sha256(text.encode()).hexdigest()
    return digest[:12]


def _open_file(history: History) -> None:
    """The first job: opening the file is all it does (`_open` reads it for the screens)."""


class HistoryLog(EventListener, Begins):
    """Writes each practice to the history file as it happens (see the module's docstring).

    `on_status` gets one line when history cannot be saved, and one when it is
    saved again; `on_notice` a short line saying where an unreadable file was
    moved (`notice` keeps the whole path); `on_loaded` every practice so far,
    once the file is open and again after each practice ends (for the start
    screen's streak, the progression of lifts and the history screen);
    `on_finished` each practice as read back once its end is written (the
    FIT file of the fit-folder setting is written from it). All four are
    called from the worker thread. `wait(seconds)` is how the worker
    waits before trying again (tests give one that does not sleep); by default
    it sleeps, and `close` cuts it short.
    """

    def __init__(
        self,
        path: Path | None,
        *,
        library: Library | None = None,
        on_status: Callable[[str], None] | None = None,
        on_notice: Callable[[str], None] | None = None,
        on_loaded: Callable[[tuple[LoggedPractice, ...]], None] | None = None,
        on_finished: Callable[[LoggedPractice], None] | None = None,
        now: Callable[[], datetime] = local_now,
        opener: Callable[[Path], History] = History.open,
        wait: Callable[[float], object] | None = None,
    ) -> None:
        self.path = path
        self._library = library
        self._on_status = on_status
        self._on_notice = on_notice
        self._on_loaded = on_loaded
        self._on_finished = on_finished
        self._now = now
        self._opener = opener
        self._closing = threading.Event()
        self._wakeup = threading.Event()
        self._wait = wait or self._pause
        # The queue: jobs wait here, in order, until written (guarded by `_changed`).
        self._changed = threading.Condition()
        self._jobs: collections.deque[Job] = collections.deque()
        self._submitted = 0
        self._written = 0
        self._thread: threading.Thread | None = None
        self._history: History | None = None
        self._file = 0  # counts the fresh files started after moving one aside
        self._opened = False
        self._digest: str | None = None
        self._dropping = False  # no data folder: nothing can ever be written
        self._given_up = False
        self._failing = False
        self.status = ""
        self.notice = ""
        # The practice being written (touched only on the caller's thread).
        self._pauses = 0
        self._active = 0.0
        self._practice: _Practice | None = None
        self._ended: _Practice | None = None
        """The practice that ended last: the summary asks how it felt."""

    # -- the caller's side: every method returns at once ---------------------

    def open(self) -> None:
        """Open the file in the background now (the first practice frame never waits for it)."""
        if self._thread is not None:
            return
        self._submit(_open_file)  # the screens get what the file holds as soon as it opens
        self._thread = threading.Thread(target=self._work, name="history", daemon=True)
        self._thread.start()

    def begin(self, timeline: Timeline, choices: PracticeOptions) -> None:
        """A practice starts: its session row (plan, options, library version)."""
        self.open()
        self._pauses = 0
        self._active = 0.0
        start = PracticeStart(
            started_at=self._now(),
            routine_id=timeline.routine_id,
            routine_name=timeline.name,
            options=dataclasses.asdict(choices),
            planned_seconds=timeline.total,
            set_count=max((s.set_count or 0 for s in timeline.steps), default=0) or None,
            library_version="",  # a digest of the library: made on the worker's thread
            app_version=__version__,
        )
        practice = self._practice = _Practice(start)

        def write_start(history: History) -> None:
            self._row(history, practice)

        self._submit(write_start)

    def handle(self, event: Event) -> None:
        practice = self._practice
        if practice is None:
            return
        if isinstance(event, StepStarted):
            self._pauses = 0
        elif isinstance(event, Paused):
            self._pauses += 1
        elif isinstance(event, StepEnded):
            self._active += event.active_seconds
            if event.step.is_work:
                step = logged_step(event, ended_at=self._now(), pauses=self._pauses)
                active = self._active

                def write_step(history: History) -> None:
                    history.add_step(self._row(history, practice), step, active_seconds=active)

                self._submit(write_step)
        elif isinstance(event, SessionFinished):
            self._practice = None
            self._ended = practice
            outcome = Outcome.STOPPED if event.quit else Outcome.COMPLETE
            ended_at = self._now()

            def write_end(history: History) -> None:
                history.finish_practice(
                    self._row(history, practice),
                    outcome=outcome,
                    active_seconds=event.active_seconds,
                    ended_at=ended_at,
                )

            self._submit(write_end)

            def finished(history: History) -> None:
                self._finished(history, practice)

            self._submit(finished)  # never fails, as `_load`
            self._submit(self._load)  # never fails: a read that fails is one update missed

    def feel(self, feeling: Feeling | None, pain_pose: str | None = None) -> None:
        """How the practice that ended last felt (the summary's question); kept with it."""
        practice = self._ended
        if practice is None:
            return

        def write_feeling(history: History) -> None:
            history.set_feeling(self._row(history, practice), feeling, pain_pose)

        self._submit(write_feeling)
        self._submit(self._load)

    def close(self, timeout: float = EXIT_WAIT) -> bool:
        """Write what is queued (waiting at most `timeout` seconds), then close the file.

        True when everything was written. The worker stops waiting between tries.
        """
        thread = self._thread
        if thread is None:
            return True
        with self._changed:
            self._closing.set()
            self._wakeup.set()
            self._changed.notify_all()
        thread.join(timeout)
        if thread.is_alive():
            self._given_up = True  # the process is exiting: the worker stops trying
            return False
        return True

    def flush(self, timeout: float = 60.0) -> bool:
        """Wait until every job so far is written (tests and benchmarks); False on timeout."""
        if self._thread is None:
            return True
        with self._changed:
            target = self._submitted
            return self._changed.wait_for(
                lambda: self._written >= target or self._dropping, timeout
            )

    @property
    def queued(self) -> int:
        """How many writes wait to be made."""
        with self._changed:
            return len(self._jobs)

    # -- the worker's side --------------------------------------------------------

    def _submit(self, job: Job) -> None:
        with self._changed:
            if self._dropping:
                return
            self._jobs.append(job)
            self._submitted += 1
            self._changed.notify_all()

    def _row(self, history: History, practice: _Practice) -> int:
        """The practice's row in the file open now: written first if it is not there yet."""
        if practice.row is None or practice.file != self._file:
            if self._digest is None:
                self._digest = library_version(self._library)
            start = dataclasses.replace(practice.start, library_version=self._digest)
            practice.row = history.start_practice(start)
            practice.file = self._file
        return practice.row

    def _pause(self, seconds: float) -> None:
        """Wait before trying again; `close` cuts the wait short, once."""
        if self._wakeup.wait(seconds):
            self._wakeup.clear()

    def _work(self) -> None:
        tries = 0
        while True:
            with self._changed:
                while not self._jobs and not self._closing.is_set():
                    self._changed.wait()
                if not self._jobs or self._given_up:
                    break
                job = self._jobs[0]
                if job is _open_file and self._closing.is_set():
                    self._jobs.popleft()  # only to show the screens: not worth a wait at exit
                    self._written += 1
                    self._changed.notify_all()
                    continue
            history = self._history or self._open()
            if self._dropping:
                break
            if history is not None and self._attempt(history, job):
                tries = 0
                with self._changed:
                    self._jobs.popleft()
                    self._written += 1
                    self._changed.notify_all()
                continue
            wait = RETRY_WAITS[min(tries, len(RETRY_WAITS) - 1)]
            tries += 1
            self._wait(CLOSING_WAIT if self._closing.is_set() else wait)
        if self._history is not None:
            self._history.close()
            self._history = None

    def _attempt(self, history: History, job: Job) -> bool:
        """Run one job; on failure say why, and drop the connection to start afresh."""
        try:
            job(history)
        except Exception as error:  # a history that fails must not stop the practice
            self._history = None
            with contextlib.suppress(Exception):
                history.close()
            self._fail(describe(error))
            return False
        if self._failing:
            self._failing = False
            self._say("History: saving again")
        return True

    def _open(self) -> History | None:
        """Open the file (moving an unusable one aside); None, having said why, if not now."""
        path = self.path
        if path is None:
            with self._changed:
                self._dropping = True
                self._jobs.clear()
                self._changed.notify_all()
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
            self._file += 1
            self.notice = f"History: {error}; moved it to {moved} and started a new one"
            self._tell_notice(f"History: unreadable file moved aside, to {moved.name}")
            return self._open()
        except HistoryUnavailable as error:
            self._fail(str(error).rpartition(": ")[2] or str(error))
            return None
        except Exception as error:
            self._fail(describe(error))
            return None
        self._history = history
        if not self._opened:  # the screens get what is there once, as the file opens
            self._opened = True
            self._load(history)
        return history

    def _load(self, history: History) -> None:
        if self._on_loaded is None:
            return
        try:
            practices = tuple(history.practices())
        except Exception:  # reading is for the screens: a busy file misses one update
            return
        try:
            self._on_loaded(practices)
        except Exception:  # the UI may already be gone
            return

    def _finished(self, history: History, practice: _Practice) -> None:
        """The practice as the file now has it, end and all, to `on_finished` (a FIT export)."""
        if self._on_finished is None or practice.row is None or practice.file != self._file:
            return
        try:
            found = [p for p in history.practices() if p.id == practice.row]
            if found:
                self._on_finished(found[0])
        except Exception:  # what is done with it (a file written) never stops the history
            return

    def _fail(self, reason: str) -> None:
        status = f"History: not being saved ({reason})"
        self._failing = True
        if status != self.status:
            self._say(status)

    def _say(self, status: str) -> None:
        self.status = status
        if self._on_status is not None:
            try:
                self._on_status(status)
            except Exception:
                return

    def _tell_notice(self, text: str) -> None:
        if self._on_notice is not None:
            try:
                self._on_notice(text)
            except Exception:
                return
