"""The ways a chime can reach the speakers, from best to last resort.

Every backend has the same small surface: `open()` (import, find a device; raise
`BackendError` if it cannot work here), `play(sound)` (start playing at once,
cutting off whatever this backend was playing; return without waiting),
`check()` (raise `BackendError` if it has broken since: a device that vanished,
a player that failed), `stop()` and `close()`. `ChimePlayer` walks a list of
them and moves on to the next when one raises.

Nothing here blocks for longer than starting a sound; no backend imports its
library before `open()`, so importing this module costs nothing.
"""

from __future__ import annotations

import array
import contextlib
import importlib
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Generator, Sequence
from pathlib import Path
from typing import Any, Protocol

from app.sound.alsa import silence_alsa_errors
from app.sound.chimes import SAMPLE_RATE, Sound
from app.system.quiet_process import spawn_quietly

SYSTEM_PLAYERS: tuple[tuple[str, ...], ...] = (
    ("pw-play",),
    ("paplay",),
    ("aplay", "-q"),
    ("afplay",),
)
"""Command-line players tried by the `system` backend, in order, file path appended."""


class BackendError(Exception):
    """A backend that cannot play here, or no longer can."""


class Backend(Protocol):
    name: str
    flashes: bool
    """True for the terminal bell: the screen should flash too."""
    holds_stream: bool
    """True when it keeps a stream open between sounds (miniaudio): the player closes it
    while idle, and `open()` opens it again."""

    def open(self) -> None: ...
    def play(self, sound: Sound) -> None: ...
    def check(self) -> None: ...
    def stop(self) -> None: ...
    def close(self) -> None: ...


def _reason(error: BaseException) -> str:
    first = error.args[0] if error.args and isinstance(error.args[0], str) else str(error)
    text = first.strip().splitlines()[0] if first.strip() else ""
    return text or type(error).__name__


class SimpleaudioBackend:
    """simpleaudio (the `audio` extra): one ALSA stream per sound, started from C."""

    name = "simpleaudio"
    flashes = False
    holds_stream = False
    """A stream per sound, closed by simpleaudio when the sound ends."""

    def __init__(self) -> None:
        self._module: Any = None
        self._current: Any = None

    def open(self) -> None:
        if self._module is not None:
            return
        silence_alsa_errors()
        try:
            module = importlib.import_module("simpleaudio")
        except ImportError as error:
            raise BackendError(f"not installed ({_reason(error)})") from None
        try:  # a few ms of silence proves there is a device
            module.play_buffer(bytes(2 * SAMPLE_RATE // 100), 1, 2, SAMPLE_RATE).stop()
        except Exception as error:
            raise BackendError(f"no sound device ({_reason(error)})") from None
        self._module = module

    def play(self, sound: Sound) -> None:
        if self._module is None:
            raise BackendError("not open")
        self.stop()
        try:
            self._current = self._module.play_buffer(sound.pcm, 1, 2, sound.rate)
        except Exception as error:
            raise BackendError(f"cannot play ({_reason(error)})") from None

    def is_playing(self) -> bool:
        return bool(self._current is not None and self._current.is_playing())

    def check(self) -> None:
        return None

    def stop(self) -> None:
        current, self._current = self._current, None
        if current is not None:
            with contextlib.suppress(Exception):
                current.stop()

    def close(self) -> None:
        self.stop()


class MiniaudioBackend:
    """miniaudio (a wheel): one output stream kept open, fed by a tiny mixer.

    Keeping the device open with short periods (2 x 4 ms) makes a chime start
    within ~20 ms of `play()` (benchmarks/chime_latency.py); a new sound replaces
    the old one with a 5 ms fade of the old, so cutting a ringing bell short does
    not click.
    """

    name = "miniaudio"
    flashes = False
    holds_stream = True
    PERIOD_MS = 4
    PERIODS = 2
    FADE_SAMPLES = SAMPLE_RATE // 200

    STALL_SECONDS = 2.0
    """A device whose callback has not asked for samples this long has gone away."""

    def __init__(
        self,
        device_factory: Callable[..., Any] | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._factory = device_factory
        self._monotonic = monotonic
        self._last_pull = 0.0
        self._device: Any = None
        self._lock = threading.Lock()
        self._samples: array.array[int] = array.array("h")
        self._position = 0
        self._lost: str | None = None
        self.started_at: float | None = None
        """Set by the audio thread when it first reads a new sound's samples (for benchmarks)."""
        self.clock: Callable[[], float] | None = None

    def open(self) -> None:
        if self._device is not None:
            return
        silence_alsa_errors()
        try:
            miniaudio = importlib.import_module("miniaudio")
        except ImportError as error:
            raise BackendError(f"not installed ({_reason(error)})") from None
        factory = self._factory or miniaudio.PlaybackDevice
        try:
            device = factory(
                output_format=miniaudio.SampleFormat.SIGNED16,
                nchannels=1,
                sample_rate=SAMPLE_RATE,
                buffersize_msec=self.PERIOD_MS,
                callback_periods=self.PERIODS,
                app_name="backside",
            )
        except Exception as error:
            raise BackendError(f"no sound device ({_reason(error)})") from None
        if str(getattr(device, "backend", "")).lower() == "null":
            device.close()
            raise BackendError("no sound device (only miniaudio's silent null device)")
        device.stop_callback = self._on_stop
        generator = self._stream()
        next(generator)
        self._last_pull = self._monotonic()
        try:
            device.start(generator)
        except Exception as error:
            device.close()
            raise BackendError(f"cannot start the device ({_reason(error)})") from None
        self._device = device

    def _on_stop(self) -> None:
        if self._device is not None:
            self._lost = "the sound device stopped"

    def _stream(self) -> Generator[bytes, int, None]:
        frames = yield b""
        while True:
            self._last_pull = self._monotonic()
            with self._lock:
                start = self._position
                chunk = self._samples[start : start + frames]
                self._position = start + len(chunk)
                if start == 0 and chunk and self.clock is not None and self.started_at is None:
                    self.started_at = self.clock()
            data = chunk.tobytes() if sys.byteorder == "little" else _swapped(chunk)
            frames = yield data

    def play(self, sound: Sound) -> None:
        if self._device is None:
            raise BackendError("not open")
        self.check()
        samples = array.array("h", sound.samples)
        with self._lock:
            tail = self._samples[self._position : self._position + self.FADE_SAMPLES]
            for i, value in enumerate(tail[: len(samples)]):
                faded = value * (1.0 - (i + 1) / (len(tail) + 1))
                samples[i] = max(-32768, min(32767, round(samples[i] + faded)))
            self.started_at = None
            self._samples = samples
            self._position = 0

    def is_playing(self) -> bool:
        with self._lock:
            return self._position < len(self._samples)

    def check(self) -> None:
        if self._lost:
            raise BackendError(self._lost)
        if self._device is None:
            return
        if not getattr(self._device, "running", True):
            raise BackendError("the sound device stopped")
        if self._monotonic() - self._last_pull > self.STALL_SECONDS:
            raise BackendError("the sound device stopped responding")

    def stop(self) -> None:
        with self._lock:
            tail = self._samples[self._position : self._position + self.FADE_SAMPLES]
            faded = array.array(
                "h", (round(v * (1.0 - (i + 1) / (len(tail) + 1))) for i, v in enumerate(tail))
            )
            self._samples = faded
            self._position = 0

    def close(self) -> None:
        device, self._device = self._device, None
        if device is not None:
            with contextlib.suppress(Exception):
                device.close()


def _swapped(chunk: array.array[int]) -> bytes:
    copy = array.array("h", chunk)
    copy.byteswap()
    return copy.tobytes()


class _Process(Protocol):
    returncode: int | None

    def poll(self) -> int | None: ...
    def terminate(self) -> None: ...


def _spawn(argv: Sequence[str]) -> _Process:
    return spawn_quietly(argv)


class SystemBackend:
    """The system's command-line player: one child process per chime, output discarded."""

    name = "system"
    flashes = False
    holds_stream = False

    def __init__(
        self,
        players: Sequence[Sequence[str]] = SYSTEM_PLAYERS,
        which: Callable[[str], str | None] = shutil.which,
        spawn: Callable[[Sequence[str]], _Process] = _spawn,
        probe: bool = True,
    ) -> None:
        self._players = players
        self._which = which
        self._spawn = spawn
        self._probe = probe
        self.command: list[str] | None = None
        self._folder: tempfile.TemporaryDirectory[str] | None = None
        self._files: dict[tuple[str, int], tuple[array.array[int], Path]] = {}
        """Each sound written once; its samples are kept so their id stays theirs."""
        self._current: _Process | None = None

    def find(self) -> list[str] | None:
        """The first player found on PATH, with its arguments."""
        for program, *options in self._players:
            path = self._which(program)
            if path:
                return [path, *options]
        return None

    def open(self) -> None:
        if self.command is not None:
            return
        command = self.find()
        if command is None:
            names = ", ".join(player[0] for player in self._players)
            raise BackendError(f"no player found ({names})")
        self._folder = tempfile.TemporaryDirectory(prefix="backside-sounds-")
        if self._probe:
            probe = self._file(Sound("probe", array.array("h", bytes(2 * SAMPLE_RATE // 50))))
            try:
                status = subprocess.run(
                    [*command, str(probe)],
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    timeout=3,
                    check=False,
                ).returncode
            except (OSError, subprocess.TimeoutExpired) as error:
                raise BackendError(f"{Path(command[0]).name} failed ({_reason(error)})") from None
            if status != 0:
                raise BackendError(f"{Path(command[0]).name} cannot play (exit status {status})")
        self.command = command

    def _file(self, sound: Sound) -> Path:
        key = (sound.name, id(sound.samples))
        known = self._files.get(key)
        if known is not None:
            return known[1]
        assert self._folder is not None
        path = Path(self._folder.name) / f"{len(self._files)}-{Path(sound.name).stem}.wav"
        path.write_bytes(sound.wav_bytes())
        self._files[key] = (sound.samples, path)
        return path

    def play(self, sound: Sound) -> None:
        if self.command is None:
            raise BackendError("not open")
        self.check()
        self.stop()
        try:
            self._current = self._spawn([*self.command, str(self._file(sound))])
        except OSError as error:
            raise BackendError(
                f"cannot run {Path(self.command[0]).name} ({_reason(error)})"
            ) from None

    def is_playing(self) -> bool:
        return self._current is not None and self._current.poll() is None

    def check(self) -> None:
        current = self._current
        if current is None:
            return
        status = current.poll()
        if status is not None and status != 0 and self.command is not None:
            self._current = None
            raise BackendError(f"{Path(self.command[0]).name} failed (exit status {status})")

    def stop(self) -> None:
        current, self._current = self._current, None
        if current is not None and current.poll() is None:
            with contextlib.suppress(OSError):
                current.terminate()

    def close(self) -> None:
        self.stop()
        if self._folder is not None:
            self._folder.cleanup()
            self._folder = None
            self._files.clear()


class WinsoundBackend:
    """Windows' own `winsound`, asynchronous from a temporary file."""

    name = "winsound"
    flashes = False
    holds_stream = False

    def __init__(self) -> None:
        self._module: Any = None
        self._folder: tempfile.TemporaryDirectory[str] | None = None

    def open(self) -> None:
        if sys.platform != "win32":
            raise BackendError("only on Windows")
        self._module = importlib.import_module("winsound")
        self._folder = tempfile.TemporaryDirectory(prefix="backside-sounds-")

    def play(self, sound: Sound) -> None:
        if self._module is None or self._folder is None:
            raise BackendError("not open")
        path = Path(self._folder.name) / f"{Path(sound.name).stem}.wav"
        if not path.exists():
            path.write_bytes(sound.wav_bytes())
        flags = self._module.SND_FILENAME | self._module.SND_ASYNC
        try:
            self._module.PlaySound(str(path), flags)
        except RuntimeError as error:
            raise BackendError(f"cannot play ({_reason(error)})") from None

    def check(self) -> None:
        return None

    def stop(self) -> None:
        if self._module is not None:
            with contextlib.suppress(RuntimeError):
                self._module.PlaySound(None, 0)

    def close(self) -> None:
        self.stop()
        if self._folder is not None:
            self._folder.cleanup()
            self._folder = None


def _terminal_bell() -> None:
    stream = sys.__stdout__
    if stream is not None:
        with contextlib.suppress(OSError, ValueError):
            stream.write("\a")
            stream.flush()


class BellBackend:
    """The last resort: the terminal bell (the screen flashes too). Never fails."""

    name = "bell"
    flashes = True
    holds_stream = False

    def __init__(self, ring: Callable[[], None] | None = None) -> None:
        self._ring = ring or _terminal_bell

    def open(self) -> None:
        return None

    def play(self, sound: Sound) -> None:
        with contextlib.suppress(Exception):
            self._ring()

    def check(self) -> None:
        return None

    def stop(self) -> None:
        return None

    def close(self) -> None:
        return None


def system_backend() -> Backend:
    return WinsoundBackend() if sys.platform == "win32" else SystemBackend()


def backends_for(mode: str, ring: Callable[[], None] | None = None) -> list[Backend]:
    """The backends to try for a `--sound` mode, in order.

    A forced backend still falls back to the bell, so a practice always has a cue.
    """
    makers: dict[str, Callable[[], Backend]] = {
        "simpleaudio": SimpleaudioBackend,
        "miniaudio": MiniaudioBackend,
        "system": system_backend,
    }
    if mode == "off":
        return []
    if mode == "bell":
        return [BellBackend(ring)]
    if mode == "auto":
        return [*(make() for make in makers.values()), BellBackend(ring)]
    if mode in makers:
        return [makers[mode](), BellBackend(ring)]
    raise ValueError(f"unknown sound mode {mode!r}")
