"""Play chimes without ever holding up the caller, and keep going when a backend fails.

`ChimePlayer.play(chime)` only records the request and wakes a worker thread,
so the UI's event loop and the engine never wait on a sound card. The worker
plays through the first backend that works; when one fails (not installed, no
device, a device that vanished mid-practice) it moves to the next and says so
once through `on_status`. The bell, last in every chain, cannot fail.

Chimes do not pile up: each backend plays one sound at a time, so a new chime
cuts off the one still ringing -- unless that one is more important and still
in its first moments (`PROTECT_SECONDS`), in which case the new one is dropped.

The sound device sleeps: a backend that holds a stream open (`holds_stream`,
miniaudio's) is closed once nothing has played for `IDLE_SECONDS` and nothing
is due within `WAKE_AHEAD_SECONDS` (the practice says when the next sound is
due with `expect`), and opened again that long before the next one, so the
chime is on time and the laptop's sound card can power down in between.
"""

from __future__ import annotations

import atexit
import queue
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from app.core.steps import Chime
from app.sound.backends import Backend
from app.sound.chimes import PRIORITY, Sound, scaled

PROTECT_SECONDS = 0.8
"""How long a chime cannot be cut off by a less important one."""
IDLE_SECONDS = 5.0
"""A stream with nothing played this long, and nothing due soon, is closed."""
WAKE_AHEAD_SECONDS = 1.5
"""A closed stream is opened this long before the next sound is due (opening takes ~0.1 s)."""


@dataclass(frozen=True, slots=True)
class Played:
    """A record of one chime that went to a backend (tests and benchmarks read these)."""

    chime: Chime
    backend: str
    requested: float
    started: float


class ChimePlayer:
    """Non-blocking chime playback over a fallback chain of backends.

    `backends` are tried in order (see `app.sound.backends.backends_for`);
    `sounds` maps each chime to its samples at full volume. `on_status` receives
    the one status line whenever it changes, `on_flash` is called with the
    chime whenever the bell stands in for a sound (the UI flashes the screen).
    `threaded=False` plays inline in the caller (for tests with fakes only).

    `sounds` may be a function that loads them: it is called once, on the
    worker thread, when the first backend is opened, so reading sound files
    never holds up the first frame, and with no backend (sound off) never happens.
    """

    def __init__(
        self,
        backends: Sequence[Backend],
        sounds: Mapping[Chime, Sound] | Callable[[], Mapping[Chime, Sound]],
        *,
        volume: float = 100,
        on_status: Callable[[str], None] | None = None,
        on_flash: Callable[[Chime], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
        threaded: bool = True,
        announce_start: bool = False,
    ) -> None:
        self._backends = list(backends)
        self._load = sounds if callable(sounds) else None
        self._originals: dict[Chime, Sound] = {} if callable(sounds) else dict(sounds)
        self._volume = volume
        self._scaled: dict[Chime, Sound] = {}
        """The sounds at the current volume, made on the worker thread (a few ms each)."""
        self._on_status = on_status
        self._on_flash = on_flash
        self._clock = clock
        self._threaded = threaded
        self._announce_start = announce_start
        self._index = 0
        self._opened = False
        self._practising = False
        self._lock = threading.Lock()
        self._ringing: tuple[Chime, float, float] | None = None
        """The chime now ringing, when it started, and when it falls quiet."""
        self._quiet_at = 0.0
        self.muted = False
        self.status = ""
        self.played: list[Played] = []
        self.dropped: list[Chime] = []
        self._failures: list[str] = []
        self._queue: queue.SimpleQueue[tuple[str, Chime | None, float]] = queue.SimpleQueue()
        self._due: float | None = None
        """When the next sound is due (clock time), as the practice last said; None: nothing."""
        self._active_until = 0.0
        """When the stream last had something to do: opened, or a sound's end."""
        self.asleep = False
        """The backend's stream is closed until the next sound is near."""
        self.sleeps: list[tuple[str, float]] = []
        """("sleep" or "wake", clock time), in order (tests read it)."""
        self._thread: threading.Thread | None = None
        self._closed = False

    # -- the caller's side: every method returns at once --------------------

    def start(self) -> None:
        """Find a working backend now, so the first chime is not late."""
        self._submit("open", None)

    def play(self, chime: Chime) -> None:
        """Sound `chime` as soon as possible; never blocks, never raises."""
        if self.muted or self._closed or not self._backends:
            return
        now = self._clock()
        sound = self._originals.get(chime)
        if sound is not None and self._volume > 0:
            with self._lock:
                self._quiet_at = max(self._quiet_at, now + sound.ringing)
        self._submit("play", chime, now)

    def expect(self, in_seconds: float | None) -> None:
        """The next sound is due in `in_seconds` (None: nothing is due); returns at once.

        The practice says this as it goes, so a sleeping stream is opened in time.
        """
        due = None if in_seconds is None else self._clock() + max(0.0, in_seconds)
        with self._lock:
            before, self._due = self._due, due
        if (before is None) != (due is None) or (
            before is not None and due is not None and abs(before - due) > 0.05
        ):
            self._submit("tend", None)

    def quiet_at(self) -> float:
        """When the chimes played or asked for so far will have fallen quiet (clock time)."""
        with self._lock:
            return self._quiet_at

    @property
    def backend(self) -> str | None:
        """The name of the backend in use (None before the first one opened, or with none)."""
        if not self._opened or self._index >= len(self._backends):
            return None
        return self._backends[self._index].name

    @property
    def volume(self) -> float:
        return self._volume

    def set_volume(self, volume: float) -> None:
        self._volume = volume
        self._scaled = {}
        self._submit("warm", None)

    @property
    def can_play(self) -> bool:
        """False when there is no backend at all to try (`--sound off`)."""
        return bool(self._backends)

    def set_muted(self, muted: bool) -> None:
        self.muted = muted
        if muted:
            self._submit("stop", None)

    def toggle_mute(self) -> bool:
        self.set_muted(not self.muted)
        return self.muted

    def close(self) -> None:
        """Stop playing, close the backends and end the worker (waits briefly for it)."""
        if self._closed:
            return
        self._submit("close", None)
        self._closed = True
        if self._thread is not None:
            atexit.unregister(self.close)
            if self._thread is not threading.current_thread():
                self._thread.join(timeout=2)

    # -- the worker's side -------------------------------------------------

    def _submit(self, action: str, chime: Chime | None, at: float | None = None) -> None:
        if self._closed:
            return
        requested = self._clock() if at is None else at
        if not self._threaded:
            self._do(action, chime, requested)
            return
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="chimes", daemon=True)
            self._thread.start()
            # Close the sound device before the interpreter winds down, so no
            # audio callback runs into a half-finalised Python.
            atexit.register(self.close)
        self._queue.put((action, chime, requested))

    def _run(self) -> None:
        wait: float | None = None
        while True:
            try:
                action, chime, requested = self._queue.get(timeout=wait)
            except queue.Empty:
                action, chime, requested = "tend", None, self._clock()
            try:
                self._do(action, chime, requested)
                wait = self.tend()
            except Exception as error:  # a bug must not kill the worker: report it, go on
                self._say(f"Sound: {type(error).__name__}: {error}")
            if action == "close":
                return

    def tend(self) -> float | None:
        """Put the stream to sleep or wake it, as the time says; the seconds until it is
        worth asking again (None: only when something is asked of the player).

        The worker calls this after every request and when that time comes; with
        `threaded=False`, tests call it after moving their clock.
        """
        if self._closed or not self._opened or self._index >= len(self._backends):
            return None
        backend = self._backends[self._index]
        if not getattr(backend, "holds_stream", False):
            return None
        now = self._clock()
        with self._lock:
            due = self._due
        if due is not None and due < now - 1.0:
            due = None  # the sound it announced has come and gone
        if self.asleep:
            if due is None:
                return None
            if due - now > WAKE_AHEAD_SECONDS:
                return due - now - WAKE_AHEAD_SECONDS
            self.asleep = False
            self.sleeps.append(("wake", now))
            self._active_until = now
            if self._open_backend() is None:
                return None
            return IDLE_SECONDS
        if now < self._active_until + IDLE_SECONDS:
            return self._active_until + IDLE_SECONDS - now
        if due is not None and due - now <= 2 * WAKE_AHEAD_SECONDS:
            return max(0.05, due - now)  # too near to be worth closing: look after it
        try:
            backend.stop()
            backend.close()
        except Exception as error:
            self._fail(backend, error)
            return None
        self.asleep = True
        self.sleeps.append(("sleep", now))
        return None if due is None else due - now - WAKE_AHEAD_SECONDS

    def _do(self, action: str, chime: Chime | None, requested: float) -> None:
        if self._load is not None and action != "close" and self._backends:
            load, self._load = self._load, None
            self._originals = dict(load())
        if action == "open":
            self._open_backend()
            self._active_until = self._clock()
            self._warm()
        elif action == "warm":
            self._warm()
        elif action == "play" and chime is not None:
            self._play(chime, requested)
        elif action == "stop":
            self._current_stop()
        elif action == "close":
            for backend in self._backends:
                try:
                    backend.stop()
                    backend.close()
                except Exception:  # closing is best effort: nothing left to tell
                    continue

    def _sound(self, chime: Chime) -> Sound | None:
        cache = self._scaled
        sound = cache.get(chime)
        if sound is None:
            original = self._originals.get(chime)
            if original is None:
                return None
            sound = cache[chime] = scaled(original, self._volume)
        return sound

    def _warm(self) -> None:
        for chime in self._originals:
            self._sound(chime)

    def _current_stop(self) -> None:
        if self._opened and self._index < len(self._backends):
            try:
                self._backends[self._index].stop()
            except Exception as error:
                self._fail(self._backends[self._index], error)
        self._ringing = None

    def _open_backend(self) -> Backend | None:
        """The backend to use, opening it (or the next ones) if need be."""
        while self._index < len(self._backends):
            backend = self._backends[self._index]
            try:
                backend.open()
                backend.check()
            except Exception as error:
                self._fail(backend, error)
                continue
            if not self._opened:
                self._opened = True
                self._announce(backend)
            return backend
        return None

    def _announce(self, backend: Backend) -> None:
        if backend.flashes and self._index == 1 and self._failures:
            self._say(f"Sound: {self._failures[0]}; bell and flash instead")
        elif backend.flashes and self._index > 1:
            self._say("Sound: no device; bell and flash instead")
        elif self._announce_start:
            self._say(f"Sound: {backend.name}")

    def _fail(self, backend: Backend, error: BaseException) -> None:
        self._index += 1
        reason = str(error) or type(error).__name__
        self._failures.append(f"{backend.name}: {reason}")
        following = self._backends[self._index].name if self._index < len(self._backends) else None
        if not self._opened and not self._practising:
            # Still choosing: a missing optional backend is no news.
            if following is None:
                self._say(f"Sound: {backend.name}: {reason}; no chimes")
            return
        if following is None:
            self._say(f"Sound: {backend.name}: {reason}; no chimes from now on")
        elif following == "bell":
            self._say(f"Sound: {backend.name}: {reason}; bell and flash instead")
        else:
            self._say(f"Sound: {backend.name}: {reason}; using {following}")
        if following is not None:
            self._opened = True

    def _say(self, message: str) -> None:
        if message == self.status:
            return
        self.status = message
        if self._on_status is not None:
            try:
                self._on_status(message)
            except Exception:  # the UI's callback must not stop the sound
                return

    def _play(self, chime: Chime, requested: float) -> None:
        sound = self._sound(chime)
        if sound is None:
            return
        now = self._clock()
        ringing = self._ringing
        if (
            ringing is not None
            and PRIORITY[chime] < PRIORITY[ringing[0]]
            and now < min(ringing[2], ringing[1] + PROTECT_SECONDS)
        ):
            self.dropped.append(chime)
            return
        if self.asleep:  # not woken in time (nothing said it was due): open now
            self.asleep = False
            self.sleeps.append(("wake", now))
        while True:
            backend = self._open_backend()
            if backend is None:
                return
            self._practising = True
            try:
                backend.check()
                backend.play(sound)
            except Exception as error:
                self._fail(backend, error)
                continue
            break
        started = self._clock()
        self._ringing = (chime, started, started + sound.ringing)
        self._active_until = started + sound.duration
        self.played.append(Played(chime, backend.name, requested, started))
        if backend.flashes and self._on_flash is not None:
            try:
                self._on_flash(chime)
            except Exception:  # the UI's callback must not stop the sound
                return
