"""Capture what a program plays through ALSA, with the time each sample would have sounded.

`AlsaCapture` writes an ALSA configuration (for `ALSA_CONFIG_PATH`) whose
default PCM is the `file` plugin over a `null` slave, writing raw samples into
a named pipe that a reader process (`read_pipe`) empties. ALSA's `null` device
swallows samples as fast as they come, so the reader plays the sound card's
part: it takes bytes from the pipe at the real sample rate (the pipe fills, the
writer blocks), stamping each with the `time.monotonic()` at which a card would
have played it, into a record file. A `plug` in front converts everything to 8
channels of 32 bits at 48 kHz, so the pipe (one page at least) holds under 3 ms
of sound. When the reader wakes late, the card plays on: it catches up rather
than drawing the stream out.

One stream at a time: two programs playing at once (miniaudio keeps its stream
open, writing silence; espeak-ng opens its own) interleave in the pipe and the
capture is garbage. An end-to-end run with `--voice` should use
`--sound simpleaudio` or `--sound system` (aplay), which open a stream per chime.

`time.monotonic()` is the system-wide CLOCK_MONOTONIC on Linux, so a child
process's own `time.monotonic()` stamps compare directly with the onsets found.
Those stamps are only as good as the reader's timing: on a loaded machine it
can wake late and stamp a chime later than it sounded (never earlier than it
was written; `Capture.behind` lists the late wake-ups). What was played (the
samples, one after another) never depends on load: `Capture.onsets` and
`Capture.pitch` judge the sound on the stream, and only its timing on the stamps.

Used by tests/sound/test_alsa_capture.py and benchmarks/chime_latency.py. For
the end-to-end practice: the `alsa_capture` fixture (tests/sound/conftest.py),
or `with AlsaCapture(tmp_path) as capture:` anywhere; start the app with
`env=capture.env`, then `check_heard(capture.capture, calls, late_by=...)` with
each `play()` call, or `capture.capture.onset(after, before)` for one chime.
"""

from __future__ import annotations

import array
import contextlib
import itertools
import math
import os
import select
import shutil
import stat
import struct
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.core.steps import Chime

SYSTEM_ALSA_CONF = Path("/usr/share/alsa/alsa.conf")
RATE = 48000
CHANNELS = 8
SAMPLE_BYTES = 4
FRAME_BYTES = CHANNELS * SAMPLE_BYTES
F_SETPIPE_SZ = 1031  # Linux fcntl
LEAD_SECONDS = 0.002
"""How far ahead of real time the emulated card reads (its own tiny buffer)."""
IDLE_SECONDS = 0.05
"""How long the pipe stays empty before the card counts as idle (a stream has ended)."""
BEHIND_SECONDS = 0.003
"""How late a reader's wake-up is noted as falling behind."""
WINDOW = 0.002
"""The window (seconds of stream) over which a level is taken."""
RISE_SECONDS = 0.020
"""How far back in the stream a rise in level is measured from."""

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
    """What was played: 32-bit samples of the first channel, and when each chunk sounded.

    Two clocks: the sample stream (one sample after another, exactly as the
    player wrote them) and the stamps (the `time.monotonic()` at which each
    chunk would have sounded). Under load the reader can fall behind, and the
    stamps then jump where the stream has no gap; so what is heard (levels, a
    rise, which chime) is judged on the stream, and only *when* on the stamps.
    """

    chunks: list[tuple[float, array.array[int]]] = field(default_factory=list)
    """(clock time of the first sample, samples of the first channel) as they arrived."""
    behind: list[float] = field(default_factory=list)
    """Each time the reader woke late with sound waiting, by how much (seconds)."""

    def stream(self) -> array.array[int]:
        """Every sample of the first channel, one after another."""
        out: array.array[int] = array.array("i")
        for _, samples in self.chunks:
            out.extend(samples)
        return out

    def levels(self, window: float = WINDOW) -> list[tuple[float, float]]:
        """(clock time, peak level in dBFS) of each `window` of the stream, back to back."""
        step = max(1, round(window * RATE))
        samples = self.stream()
        starts = self._starts()
        out: list[tuple[float, float]] = []
        chunk = 0
        for n, level in enumerate(self._levels(samples, step)):
            i = n * step
            while chunk + 1 < len(starts) and starts[chunk + 1][0] <= i:
                chunk += 1
            first, stamp = starts[chunk]
            out.append((stamp + (i - first) / RATE, level))
        return out

    @staticmethod
    def _levels(samples: array.array[int], step: int) -> list[float]:
        """The peak level in dBFS of each `step` samples."""
        out: list[float] = []
        for i in range(0, len(samples), step):
            part = samples[i : i + step]
            out.append(level_db(max(max(part), -min(part)) / 2147483648))
        return out

    def _starts(self) -> list[tuple[int, float]]:
        """(index in the stream, clock time) of the first sample of each chunk."""
        starts: list[tuple[int, float]] = []
        index = 0
        for stamp, samples in self.chunks:
            starts.append((index, stamp))
            index += len(samples)
        return starts

    def onsets(self, threshold_db: float = -30.0, rise_db: float = 12.0) -> list[tuple[float, int]]:
        """(clock time, index in the stream) of every place where a sound starts or jumps up.

        A start: a window loud enough (`threshold_db`) and `rise_db` louder than
        20 ms earlier *in the stream* -- which also finds a chime cutting off a
        quieter ringing one, and never a gap in the stamps (the reader falling
        behind). A rise lasting several windows counts once. The place is the
        first sample of that window to reach `threshold_db`, stamped with the
        time of its own chunk (a window can straddle two streams).
        """
        back = round(RISE_SECONDS / WINDOW)
        step = max(1, round(WINDOW * RATE))
        samples = self.stream()
        levels = self._levels(samples, step)
        loud = 2147483648 * 10 ** (threshold_db / 20)
        found: list[tuple[float, int]] = []
        rising = False
        for i, level in enumerate(levels):
            reference = levels[i - back] if i >= back else -120.0
            now_rising = level >= threshold_db and level - reference >= rise_db
            if now_rising and not rising:
                start = i * step
                index = next(
                    (k for k in range(start, start + step) if abs(samples[k]) >= loud), start
                )
                found.append((self.time_of(index), index))
            rising = now_rising
        return found

    def time_of(self, index: int) -> float:
        """The clock time at which the sample at `index` in the stream sounded."""
        moment = 0.0
        position = 0
        for stamp, samples in self.chunks:
            if position + len(samples) > index:
                return stamp + (index - position) / RATE
            moment = stamp + (index - position) / RATE
            position += len(samples)
        return moment

    def onset(
        self, after: float, before: float, threshold_db: float = -30.0, rise_db: float = 12.0
    ) -> float | None:
        """The first onset (see `onsets`) in [after, before) of the clock, or None."""
        for moment, _ in self.onsets(threshold_db, rise_db):
            if after <= moment < before:
                return moment
        return None

    def pitch(self, index: int, seconds: float = 0.1) -> float:
        """The zero-crossing frequency (Hz) of the `seconds` of stream from `index`.

        A fingerprint of which chime is sounding: it depends on the samples
        alone, never on when they were read.
        """
        part = self.stream()[index : index + round(seconds * RATE)]
        return zero_crossing_hz(part, RATE)

    def loud_seconds(self, threshold_db: float = -30.0) -> float:
        """How much of the capture is louder than `threshold_db`."""
        return sum(WINDOW for _, level in self.levels() if level >= threshold_db)

    @property
    def seconds(self) -> float:
        return sum(len(samples) for _, samples in self.chunks) / RATE


def zero_crossing_hz(samples: Sequence[int], rate: int) -> float:
    """Half the number of sign changes per second: the pitch of a simple tone."""
    if len(samples) < 2:
        return 0.0
    changes = sum(1 for a, b in itertools.pairwise(samples) if (a < 0) != (b < 0))
    return changes / 2 / (len(samples) / rate)


class AlsaCapture:
    """The ALSA configuration and the reader process; use as a context manager.

    The reader (`read_pipe`, run as `python alsa_capture.py read`) is a process
    of its own, never a thread of the test: a thread would share the test's
    interpreter lock with pexpect searching a practice's screen output, and
    under load it fell behind by hundreds of milliseconds, stamping chimes late
    that were not. `capture` holds what it has recorded so far.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.fifo = folder / "alsa-capture.fifo"
        self.config = folder / "asound.conf"
        self.record = folder / "alsa-capture.record"
        self._reader: subprocess.Popen[bytes] | None = None
        self._loaded = Capture()
        self._offset = 0

    @property
    def capture(self) -> Capture:
        """What the reader has recorded so far."""
        if self.record.exists():
            with self.record.open("rb") as stream:
                stream.seek(self._offset)
                data = stream.read()
            used = _parse_records(data, self._loaded)
            self._offset += used
        return self._loaded

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
        self.record.write_bytes(b"")
        # The reader holds the pipe open read-write, so it never blocks on open
        # and never sees end-of-file between one ALSA stream and the next. It
        # stops when its stdin closes.
        self._reader = subprocess.Popen(
            [
                sys.executable,
                str(Path(__file__).resolve()),
                "read",
                str(self.fifo),
                str(self.record),
            ],
            stdin=subprocess.PIPE,
        )
        return self

    def __exit__(self, *exc: object) -> None:
        reader, self._reader = self._reader, None
        if reader is None:
            return
        assert reader.stdin is not None
        reader.stdin.close()
        try:
            reader.wait(timeout=5)
        except subprocess.TimeoutExpired:
            reader.kill()
            reader.wait()
        _ = self.capture  # all of it in memory: the folder may go next


RECORD_HEADER = struct.Struct("<dI")
"""Each record in the reader's file: the clock time of its first sample, its byte count."""


def _parse_records(data: bytes, capture: Capture) -> int:
    """Add the whole records in `data` to `capture`; return how many bytes they took."""
    used = 0
    while len(data) - used >= RECORD_HEADER.size:
        stamp, size = RECORD_HEADER.unpack_from(data, used)
        end = used + RECORD_HEADER.size + size
        if end > len(data):
            break
        if size == 0:
            capture.behind.append(stamp)
        else:
            capture.chunks.append((stamp, array.array("i", data[used + RECORD_HEADER.size : end])))
        used = end
    return used


def read_pipe(fifo: Path, record: Path) -> None:
    """The emulated sound card: take bytes from `fifo` at the real sample rate, stamp them.

    Writes the first channel of each chunk, with the `time.monotonic()` at which
    a card would have played its first sample, to `record`; stops when stdin closes.
    A record of no samples notes how far behind the reader woke (its stamp).
    """
    fd = os.open(fifo, os.O_RDWR | os.O_NONBLOCK)
    import fcntl  # Linux only, like the rest of this

    with contextlib.suppress(OSError):
        fcntl.fcntl(fd, F_SETPIPE_SZ, 4096)
    control = sys.stdin.fileno()
    bytes_per_second = RATE * FRAME_BYTES
    due: float | None = None  # when the card, playing on, would take the next byte
    pending = b""
    with record.open("ab", buffering=0) as out:
        while True:
            now = time.monotonic()
            if due is not None and due > now + LEAD_SECONDS:
                # The card is busy with what it has: let the pipe (and the writer) wait.
                ready, _, _ = select.select([control], [], [], due - now - LEAD_SECONDS)
                if ready:
                    break
                continue
            waited_from = time.monotonic()
            ready, _, _ = select.select([fd, control], [], [], IDLE_SECONDS)
            if control in ready:
                break
            if not ready:
                due = None  # nothing came: the card is idle until something does
                continue
            try:
                data = os.read(fd, 4096)
            except BlockingIOError:
                continue
            if not data:
                continue
            now = time.monotonic()
            if due is None:
                due = now
            elif now - due > BEHIND_SECONDS and now - waited_from < 0.001:
                # Sound was waiting and this reader woke late: the card would have
                # played on. Note it, and catch up (read without waiting until `due`
                # is now again), so a stream is not drawn out and two never
                # overlap for it. (A writer that was late is caught up the same way.)
                out.write(RECORD_HEADER.pack(now - due, 0))
            data = pending + data
            whole = len(data) - len(data) % FRAME_BYTES
            data, pending = data[:whole], data[whole:]
            if data:
                samples = array.array("i", data)
                if sys.byteorder == "big":
                    samples.byteswap()  # ALSA writes S32_LE; the record is in this machine's order
                left = samples[0::CHANNELS].tobytes()
                # Never stamped before it was read, so never before it was written.
                out.write(RECORD_HEADER.pack(max(due, now), len(left)) + left)
                due += len(data) / bytes_per_second
    os.close(fd)


EARLY = 0.005
"""How far before its `play()` call a chime's first sample may be stamped (the reader's lead)."""


PITCH_SECONDS = 0.05
"""How much of a chime, from its onset, tells which one it is."""


def reference_pitches() -> dict[Chime, float]:
    """Each built-in chime's fingerprint: the pitch of its own first `PITCH_SECONDS`."""
    from app.sound.chimes import load_chimes

    loud = 32768 * 10 ** (-30 / 20)
    pitches: dict[Chime, float] = {}
    for chime, sound in load_chimes(100).items():
        samples = sound.samples
        first = next((i for i, value in enumerate(samples) if abs(value) >= loud), 0)
        pitches[chime] = zero_crossing_hz(
            samples[first : first + round(0.1 * sound.rate)], sound.rate
        )
    return pitches


def which_chime(pitch: float, references: dict[Chime, float]) -> Chime:
    """The chime whose fingerprint is nearest `pitch` (in ratio)."""
    return min(references, key=lambda chime: abs(math.log(max(pitch, 1.0) / references[chime])))


def check_heard(
    capture: Capture, asked: Sequence[tuple[Chime, float]], *, late_by: float
) -> list[float]:
    """Assert that each chime asked for sounded, as itself, in order, on time.

    `asked` is each `play()` call: the chime and the `time.monotonic()` of the
    call. Nothing may sound before the first call; between one call and the
    next the capture must hold an onset, no earlier than the call (less
    `EARLY`) and at most `late_by` after it, with the pitch of that chime.
    Returns each chime's lateness in seconds, for a report.

    Further onsets before the next call are not held against it: on a busy
    machine a player starved of the processor writes a stream that stops and
    starts, and one opened per chime (simpleaudio, aplay) can still be writing
    when the next opens, and the two interleave in the pipe. That a chime is
    not doubled is for the player's own record to show.
    """
    onsets = capture.onsets()
    references = reference_pitches()
    assert asked, "no chime was asked for"
    stray = [round(t - asked[0][1], 3) for t, _ in onsets if t < asked[0][1] - EARLY]
    assert not stray, f"a sound before the first chime, at {stray} s"
    lateness: list[float] = []
    problems: list[str] = []
    for number, (chime, called) in enumerate(asked):
        until = asked[number + 1][1] - EARLY if number + 1 < len(asked) else math.inf
        heard = [(t, index) for t, index in onsets if called - EARLY <= t < until]
        where = f"chime {number} ({chime.value}, asked at {called - asked[0][1]:.3f} s)"
        if not heard:
            problems.append(f"{where}: not heard before the next")
            continue
        moment, index = heard[0]
        lateness.append(moment - called)
        if moment - called > late_by:
            problems.append(f"{where}: sounded {1000 * (moment - called):.0f} ms late")
        sounded = which_chime(capture.pitch(index, PITCH_SECONDS), references)
        if sounded is not chime:
            problems.append(f"{where}: sounded like {sounded.value}")
    late_ms = [round(1000 * late, 1) for late in lateness]
    behind = capture.behind
    reader = f"; the capture's reader woke late {len(behind)} times, by up to " + (
        f"{1000 * max(behind):.0f} ms" if behind else "0 ms"
    )
    assert not problems, "; ".join(problems) + f" (lateness in ms: {late_ms}{reader})"
    return lateness


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
    capture: AlsaCapture,
    backend: str,
    *schedule: str,
    faults: Sequence[str] = (),
    timeout: float = 60,
) -> subprocess.CompletedProcess[str]:
    """Play `schedule` ("chime@seconds" ...) through `backend` in play_chimes.py, into `capture`.

    `faults` are play_chimes.py's `--late=N:SECONDS` and `--drop=N`.
    """
    return subprocess.run(
        [sys.executable, str(CHILD), backend, "--tail=0.4", *faults, *schedule],
        env=capture.env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


if __name__ == "__main__":
    if sys.argv[1:2] == ["read"]:
        read_pipe(Path(sys.argv[2]), Path(sys.argv[3]))
