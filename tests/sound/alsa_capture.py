"""Capture what a program plays through ALSA, with the time each sample would have sounded.

`AlsaCapture` writes an ALSA configuration (for `ALSA_CONFIG_PATH`) whose
default PCM is the `file` plugin over a `null` slave, writing raw samples into
a named pipe that a thread here reads. ALSA's `null` device swallows samples
as fast as they come, so the reader plays the sound card's part: it takes
bytes from the pipe at the real sample rate (the pipe fills, the writer
blocks), stamping each with the `time.monotonic()` at which a card would have
played it. A `plug` in front converts everything to 8 channels of 32 bits at
48 kHz, so the pipe (one page at least) holds under 3 ms of sound.

One stream at a time: two programs playing at once (miniaudio keeps its stream
open, writing silence; espeak-ng opens its own) interleave in the pipe and the
capture is garbage. An end-to-end run with `--voice` should use
`--sound simpleaudio` or `--sound system` (aplay), which open a stream per chime.

`time.monotonic()` is the system-wide CLOCK_MONOTONIC on Linux, so a child
process's own `time.monotonic()` stamps compare directly with the onsets found.

Used by tests/sound/test_alsa_capture.py and benchmarks/chime_latency.py. For
the end-to-end practice: the `alsa_capture` fixture (tests/sound/conftest.py),
or `with AlsaCapture(tmp_path) as capture:` anywhere; start the app with
`env=capture.env`, then `capture.capture.onset(after, before)` for each chime.
"""

from __future__ import annotations

import array
import contextlib
import math
import os
import select
import shutil
import stat
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

SYSTEM_ALSA_CONF = Path("/usr/share/alsa/alsa.conf")
RATE = 48000
CHANNELS = 8
SAMPLE_BYTES = 4
FRAME_BYTES = CHANNELS * SAMPLE_BYTES
F_SETPIPE_SZ = 1031  # Linux fcntl
LEAD_SECONDS = 0.002
"""How far ahead of real time the emulated card reads (its own tiny buffer)."""

CONFIG = """\
<{system}>
pcm.backside_capture_file {{
    type file
    slave.pcm "null"
    file "{fifo}"
    format "raw"
}}
pcm.!default {{
    type plug
    slave {{
        pcm "backside_capture_file"
        format S32_LE
        channels {channels}
        rate {rate}
    }}
}}
"""


def unavailable_reason() -> str | None:
    """Why the capture cannot run here, or None when it can."""
    if not sys.platform.startswith("linux"):
        return "the ALSA capture needs Linux"
    if not SYSTEM_ALSA_CONF.is_file():
        return f"no ALSA configuration at {SYSTEM_ALSA_CONF} (install libasound2)"
    try:
        import ctypes

        ctypes.CDLL("libasound.so.2")
    except OSError:
        return "libasound.so.2 is not installed (apt-get install libasound2)"
    return None


@dataclass
class Capture:
    """What was played: 32-bit samples of the first channel, and when each chunk sounded."""

    chunks: list[tuple[float, array.array[int]]] = field(default_factory=list)
    """(clock time of the first sample, samples of the first channel) as they arrived."""

    def levels(self, window: float = 0.002) -> list[tuple[float, float]]:
        """(clock time, peak level in dBFS) of each `window` of the left channel."""
        step = max(1, round(window * RATE))
        out: list[tuple[float, float]] = []
        for start_time, left in self.chunks:
            for i in range(0, len(left), step):
                part = left[i : i + step]
                peak = max(max(part), -min(part))
                out.append((start_time + i / RATE, level_db(peak / 2147483648)))
        return out

    def onset(
        self, after: float, before: float, threshold_db: float = -30.0, rise_db: float = 12.0
    ) -> float | None:
        """The first time in [after, before) where the sound starts or jumps up.

        A start: loud enough (`threshold_db`) and `rise_db` louder than 20 ms
        earlier -- which also finds a chime cutting off a quieter ringing one.
        """
        levels = self.levels()
        for i, (moment, level) in enumerate(levels):
            if moment < after or level < threshold_db:
                continue
            if moment >= before:
                return None
            earlier = [lv for t, lv in levels[max(0, i - 40) : i] if 0.015 <= moment - t <= 0.025]
            reference = earlier[0] if earlier else -120.0
            if level - reference >= rise_db:
                return moment
        return None

    def loud_seconds(self, threshold_db: float = -30.0) -> float:
        """How much of the capture is louder than `threshold_db`."""
        levels = self.levels()
        if len(levels) < 2:
            return 0.0
        window = levels[1][0] - levels[0][0] if levels[1][0] > levels[0][0] else 0.002
        return sum(window for _, level in levels if level >= threshold_db)

    @property
    def seconds(self) -> float:
        return sum(len(samples) for _, samples in self.chunks) / RATE


class AlsaCapture:
    """The ALSA configuration and the reader thread; use as a context manager."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.fifo = folder / "alsa-capture.fifo"
        self.config = folder / "asound.conf"
        self.capture = Capture()
        self._fd: int | None = None
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()

    @property
    def env(self) -> dict[str, str]:
        """The environment a child process needs to play into the capture."""
        env = dict(os.environ)
        env["ALSA_CONFIG_PATH"] = str(self.config)
        # On a desktop, miniaudio would rather talk to PulseAudio (or PipeWire's
        # stand-in for it) than to ALSA: point it at a server that is not there.
        env["PULSE_SERVER"] = f"unix:{self.folder / 'no-pulse-server'}"
        env["PIPEWIRE_REMOTE"] = str(self.folder / "no-pipewire")
        return env

    def __enter__(self) -> AlsaCapture:
        if self.fifo.exists():
            self.fifo.unlink()
        os.mkfifo(self.fifo)
        assert stat.S_ISFIFO(self.fifo.stat().st_mode)
        self.config.write_text(
            CONFIG.format(system=SYSTEM_ALSA_CONF, fifo=self.fifo, channels=CHANNELS, rate=RATE),
            encoding="utf-8",
        )
        # Read-write: the open never blocks, and the pipe never reports end-of-file
        # between one ALSA stream and the next.
        self._fd = os.open(self.fifo, os.O_RDWR | os.O_NONBLOCK)
        import fcntl  # Linux only, like the rest of this

        with contextlib.suppress(OSError):
            fcntl.fcntl(self._fd, F_SETPIPE_SZ, 4096)
        self._thread = threading.Thread(target=self._read, name="alsa-capture", daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2)
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def _read(self) -> None:
        assert self._fd is not None
        fd = self._fd
        bytes_per_second = RATE * FRAME_BYTES
        next_time: float | None = None  # when the next byte read would sound
        pending = b""
        while not self._stop.is_set():
            now = time.monotonic()
            if next_time is not None and next_time > now + LEAD_SECONDS:
                # The card is busy with what it has: let the pipe (and the writer) wait.
                time.sleep(min(0.002, next_time - now - LEAD_SECONDS))
                continue
            ready, _, _ = select.select([fd], [], [], 0.002)
            if not ready:
                continue
            try:
                data = os.read(fd, 4096)
            except BlockingIOError:
                continue
            if not data:
                continue
            now = time.monotonic()
            if next_time is None or next_time < now:
                next_time = now  # the card was idle: it starts on these bytes at once
            data = pending + data
            whole = len(data) - len(data) % FRAME_BYTES
            data, pending = data[:whole], data[whole:]
            if data:
                samples = array.array("i", data)
                if sys.byteorder == "big":
                    samples.byteswap()
                self.capture.chunks.append((next_time, samples[0::CHANNELS]))
                next_time += len(data) / bytes_per_second


def have_module(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(name) is not None


def level_db(value: float) -> float:
    return 20 * math.log10(max(value, 1e-12))


def which(program: str) -> str | None:
    return shutil.which(program)


ROOT = Path(__file__).resolve().parents[2]
CHILD = Path(__file__).resolve().parent / "play_chimes.py"


def backend_missing(backend: str) -> str | None:
    """Why `backend` cannot play here (with how to get it), or None when it can."""
    if backend == "simpleaudio" and not have_module("simpleaudio"):
        return "simpleaudio is not installed (pip install -e '.[audio]', needs libasound2-dev)"
    if backend == "miniaudio" and not have_module("miniaudio"):
        return "miniaudio is not installed"
    if backend == "system" and which("aplay") is None:
        return "aplay is not installed (apt-get install alsa-utils)"
    return None


def play_in_child(
    capture: AlsaCapture, backend: str, *schedule: str, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """Play `schedule` ("chime@seconds" ...) through `backend` in play_chimes.py, into `capture`."""
    return subprocess.run(
        [sys.executable, str(CHILD), backend, "--tail=0.4", *schedule],
        env=capture.env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
