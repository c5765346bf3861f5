"""Spoken cues: a queue of short phrases read out by whatever speech program there is.

`spd-say`, `espeak-ng`/`espeak`, `say` (macOS) or `pyttsx3`, in that order. One
phrase at a time, never over a chime (it waits until the chimes are quiet, and
the cue layer hushes it when a chime is due), and the program's output goes to
/dev/null, never to the screen. With no program found, the first phrase sets
the status line once and the practice carries on in silence.
"""

from __future__ import annotations

import atexit
import contextlib
import importlib
import importlib.util
import shutil
import subprocess
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from app.system.quiet_process import spawn_quietly, stop_in_background

SPEECH_PROGRAMS: tuple[tuple[str, ...], ...] = (
    ("spd-say", "--wait"),
    ("espeak-ng",),
    ("espeak",),
    ("say",),
)
"""Tried in order; the phrase is the last argument."""

NO_SPEECH = "No speech program: apt-get install espeak-ng (or speech-dispatcher)"
"""What `v` says at once when there is nothing to speak with (the voice stays off)."""

SETTLE_SECONDS = 0.05
"""A phrase waits this long after being queued, so a chime due in the same tick goes first."""
POLL_SECONDS = 0.05


class Utterance(Protocol):
    def done(self) -> bool: ...
    def stop(self) -> None: ...


class Speaker(Protocol):
    name: str

    def start(self, text: str) -> Utterance: ...


def _run_quietly(argv: Sequence[str]) -> subprocess.Popen[bytes]:
    return spawn_quietly(argv)


class _ProcessUtterance:
    def __init__(self, process: subprocess.Popen[bytes], cancel: Sequence[str] = ()) -> None:
        self._process = process
        self._cancel = list(cancel)

    def done(self) -> bool:
        return self._process.poll() is not None

    def stop(self) -> None:
        if self._process.poll() is None:
            # SIGTERM, then SIGKILL if it takes no notice; on a thread, so a chime never waits.
            stop_in_background(self._process)
            if self._cancel:  # speech-dispatcher goes on speaking without its client
                with contextlib.suppress(OSError):
                    _run_quietly(self._cancel)


class ProgramSpeaker:
    """A speech program run once per phrase, its output discarded."""

    def __init__(self, argv: Sequence[str]) -> None:
        self.argv = list(argv)
        self.name = argv[0].rsplit("/", 1)[-1]
        self.cancel = [argv[0], "--cancel"] if self.name == "spd-say" else []

    def start(self, text: str) -> Utterance:
        return _ProcessUtterance(_run_quietly([*self.argv, text]), self.cancel)


class _ThreadUtterance:
    def __init__(self, engine: Any, text: str) -> None:
        self._engine = engine
        self._thread = threading.Thread(target=self._speak, args=(text,), daemon=True)
        self._thread.start()

    def _speak(self, text: str) -> None:
        with contextlib.suppress(Exception):
            self._engine.say(text)
            self._engine.runAndWait()

    def done(self) -> bool:
        return not self._thread.is_alive()

    def stop(self) -> None:
        with contextlib.suppress(Exception):
            self._engine.stop()


class Pyttsx3Speaker:
    """pyttsx3, where it is installed (it drives the platform's own speech engine)."""

    name = "pyttsx3"

    def __init__(self) -> None:
        self._engine: Any = None

    def start(self, text: str) -> Utterance:
        if self._engine is None:
            self._engine = importlib.import_module("pyttsx3").init()
        return _ThreadUtterance(self._engine, text)


def find_speaker(
    which: Callable[[str], str | None] = shutil.which,
    has_module: Callable[[str], bool] = lambda name: importlib.util.find_spec(name) is not None,
) -> Speaker | None:
    """The first speech program this system offers, or None."""
    for program, *options in SPEECH_PROGRAMS:
        path = which(program)
        if path:
            return ProgramSpeaker([path, *options])
    if has_module("pyttsx3"):
        return Pyttsx3Speaker()
    return None


class Voice:
    """Speaks queued phrases one after another, never over a chime.

    `quiet_at` tells when the chimes will have fallen quiet (clock time; the
    chime player's `quiet_at`). With `threaded=False` nothing happens until the
    owner calls `pump()` -- tests drive it with a fake clock that way.
    """

    def __init__(
        self,
        speaker: Speaker | None,
        *,
        enabled: bool = True,
        quiet_at: Callable[[], float] = lambda: 0.0,
        clock: Callable[[], float] = time.monotonic,
        on_status: Callable[[str], None] | None = None,
        threaded: bool = True,
    ) -> None:
        self._speaker = speaker
        self.enabled = enabled
        self._quiet_at = quiet_at
        self._clock = clock
        self._on_status = on_status
        self._threaded = threaded
        self._queue: deque[tuple[str, float, float | None]] = deque()
        """(phrase, when it was queued, the clock time after which it is dropped)."""
        self._current: Utterance | None = None
        self._lock = threading.Condition()
        self._thread: threading.Thread | None = None
        self._closed = False
        self._told = False
        self.spoken: list[str] = []
        """Every phrase started, in order (tests read it)."""
        self.dropped: list[str] = []
        """Every phrase dropped because it could not start in time, in order."""

    @property
    def speaker(self) -> str | None:
        return self._speaker.name if self._speaker is not None else None

    @property
    def available(self) -> bool:
        """Whether there is a speech program to speak with."""
        return self._speaker is not None

    def say(self, text: str, *, within: float | None = None) -> None:
        """Queue `text`; returns at once. Not started within `within` seconds: dropped."""
        if not self.enabled or self._closed or not text:
            return
        if self._speaker is None:
            self._tell_missing()
            return
        now = self._clock()
        with self._lock:
            self._queue.append((text, now, None if within is None else now + within))
            self._lock.notify()
        self._ensure_thread()

    def _tell_missing(self) -> None:
        if self._told:
            return
        self._told = True
        if self._on_status is not None:
            with contextlib.suppress(Exception):
                self._on_status(
                    "Voice: no speech program found (install espeak-ng or speech-dispatcher)"
                )

    def hush(self) -> None:
        """Stop the phrase being spoken now (a chime is due); the queue stays."""
        with self._lock:
            current, self._current = self._current, None
            self._lock.notify()
        if current is not None:
            current.stop()

    def clear(self) -> None:
        """Forget the queued phrases and stop the one being spoken."""
        with self._lock:
            self._queue.clear()
        self.hush()

    def set_enabled(self, enabled: bool) -> None:
        """Turn spoken cues on or off; with no speech program they stay off (said once)."""
        if enabled and self._speaker is None:
            self._tell_missing()
            enabled = False
        self.enabled = enabled
        if not enabled:
            self.clear()

    def toggle(self) -> bool:
        self.set_enabled(not self.enabled)
        return self.enabled

    @property
    def speaking(self) -> bool:
        with self._lock:
            return self._current is not None and not self._current.done()

    def pump(self) -> float | None:
        """Start the next phrase if it is time; the seconds until it is worth asking again."""
        with self._lock:
            if self._current is not None:
                if not self._current.done():
                    return POLL_SECONDS
                self._current = None
            now = self._clock()
            while self._queue and (late := self._queue[0][2]) is not None and now > late:
                self.dropped.append(self._queue.popleft()[0])  # its moment has passed
            if not self._queue or self._speaker is None:
                return None
            text, queued, _ = self._queue[0]
            ready = max(self._quiet_at(), queued + SETTLE_SECONDS)
            if now < ready:
                return min(ready - now, POLL_SECONDS * 4)
            self._queue.popleft()
            try:
                self._current = self._speaker.start(text)
            except Exception:  # a program that vanished: say so once, stay quiet
                self._speaker = None
                self._queue.clear()
                self._told = False
                self._tell_missing()
                return None
            self.spoken.append(text)
            return POLL_SECONDS

    def _ensure_thread(self) -> None:
        if self._threaded and self._thread is None:
            self._thread = threading.Thread(target=self._run, name="voice", daemon=True)
            self._thread.start()
            atexit.register(self.close)  # no phrase outlives the app

    def _run(self) -> None:
        while not self._closed:
            wait = self.pump()
            with self._lock:
                if self._closed:
                    return
                if wait is None and self._queue:
                    continue
                self._lock.wait(timeout=wait)

    def close(self) -> None:
        self._closed = True
        self.clear()
        with self._lock:
            self._lock.notify()
        if self._thread is not None:
            atexit.unregister(self.close)
            if self._thread is not threading.current_thread():
                self._thread.join(timeout=1)
