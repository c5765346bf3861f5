"""Real backends playing into ALSA's file plugin: the chimes arrive, on time, and nothing crashes.

Each player runs in a child process (tests/sound/play_chimes.py), so a crash in
an audio library is a failed test with its signal, not a dead test run. The
capture's clock and the child's are the same CLOCK_MONOTONIC, so each chime's
onset is compared with the moment its `play()` was called: there, once, the
right one (by its pitch), and within a bound that holds on a busy machine. The
tight figure (milliseconds, quiet and busy) is `make bench`'s, not a test's.
"""

from __future__ import annotations

import array
import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

from app.core.steps import Chime
from tests.sound.alsa_capture import (
    RATE,
    AlsaCapture,
    Capture,
    backend_missing,
    check_heard,
    play_in_child,
)

ROOT = Path(__file__).resolve().parents[2]
#: The end of a hold as a practice plays it: three ticks, then the next hold's bell.
SCHEDULE = ["countdown@0", "countdown@0.5", "countdown@1.0", "hold-start@1.5"]
LATE_BY = 0.25
"""How late a chime may sound after its `play()` call here, with the machine busy.

Quiet, every backend sounds within 25 ms (`make bench` measures it, under load
too). Busy, the player's thread, the backend's and the capture's reader each
wait for a core; 250 ms covers that, and is still half the time to the next tick.
"""


def _play(
    capture: AlsaCapture, backend: str, *schedule: str, faults: tuple[str, ...] = ()
) -> dict[str, object]:
    result = play_in_child(capture, backend, *schedule, faults=faults)
    assert result.returncode == 0, f"exit status {result.returncode}: {result.stderr[-2000:]}"
    assert "ALSA lib" not in result.stderr
    report: dict[str, object] = json.loads(result.stdout.splitlines()[-1])
    assert report["backend"] == backend, report["status"]
    assert report["status"] == []
    return report


def _asked(report: dict[str, object]) -> list[tuple[Chime, float]]:
    calls = report["calls"]
    assert isinstance(calls, list)
    return [(Chime(chime), called) for chime, called in calls]


def _skip_unless(backend: str) -> None:
    reason = backend_missing(backend)
    if reason:
        pytest.skip(reason)


@pytest.mark.realtime
@pytest.mark.parametrize("backend", ["simpleaudio", "miniaudio", "system"])
def test_chimes_arrive_on_time(alsa_capture: AlsaCapture, backend: str) -> None:
    _skip_unless(backend)
    report = _play(alsa_capture, backend, *SCHEDULE)
    heard = check_heard(alsa_capture.capture, _asked(report), late_by=LATE_BY)
    print(f"sounded after asked (ms): {[round(1000 * h, 1) for h in heard]}")


@pytest.mark.realtime
@pytest.mark.parametrize(
    ("fault", "problem"),
    [
        ("--late=3:0.3", r"chime 3 \(hold-start, [^)]*\): sounded (\d+ ms late|like countdown)"),
        ("--drop=3", r"chime 3 \(hold-start, [^)]*\): (not heard|sounded like countdown)"),
    ],
)
def test_a_late_or_lost_chime_fails_the_check(
    alsa_capture: AlsaCapture, fault: str, problem: str
) -> None:
    """The check above can fail: a backend 300 ms late, or one that loses a chime.

    The bell after the ticks: whatever a busy machine makes of the last tick
    (see `check_heard`) cannot pass for it.
    """
    _skip_unless("system")
    report = _play(alsa_capture, "system", *SCHEDULE, faults=(fault,))
    with pytest.raises(AssertionError, match=problem):
        check_heard(alsa_capture.capture, _asked(report), late_by=LATE_BY)


@pytest.mark.realtime
def test_the_check_knows_each_chime_by_its_sound(alsa_capture: AlsaCapture) -> None:
    """A chime that sounds, on time, but is the wrong one, fails too."""
    _skip_unless("system")
    report = _play(alsa_capture, "system", "countdown@0", "hold-start@0.5")
    asked = _asked(report)
    swapped = [(Chime.HOLD_START, asked[0][1]), (Chime.COUNTDOWN, asked[1][1])]
    check_heard(alsa_capture.capture, asked, late_by=1.0)
    with pytest.raises(AssertionError, match="sounded like countdown"):
        check_heard(alsa_capture.capture, swapped, late_by=1.0)


def test_simpleaudio_plays_a_sound_to_its_end_without_crashing(
    alsa_capture: AlsaCapture,
) -> None:
    """simpleaudio 1.0.4 segfaults when a sound ends on Python 3.12+; the extra must not."""
    _skip_unless("simpleaudio")
    code = (
        "import simpleaudio\n"
        "from app.core.steps import Chime\n"
        "from app.sound.chimes import load_chimes\n"
        "sound = load_chimes(100)[Chime.COUNTDOWN]\n"
        "for _ in range(2):\n"
        "    simpleaudio.play_buffer(sound.pcm, 1, 2, sound.rate).wait_done()\n"
        "print('done')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=alsa_capture.env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, f"exit status {result.returncode} (negative: a signal)"
    assert result.stdout.strip() == "done"
    assert alsa_capture.capture.loud_seconds() > 0.05


def test_alsa_messages_never_reach_the_terminal(tmp_path: Path) -> None:
    """A default device that does not exist: ALSA complains, but not on our stderr."""
    from tests.sound.alsa_capture import SYSTEM_ALSA_CONF, unavailable_reason

    reason = unavailable_reason()
    if reason:
        pytest.skip(reason)
    config = tmp_path / "asound.conf"
    config.write_text(
        f"<{SYSTEM_ALSA_CONF}>\n"
        "pcm.!default { type hw card 7 }\n"
        "ctl.!default { type hw card 7 }\n",
        encoding="utf-8",
    )
    import os

    env = dict(os.environ, ALSA_CONFIG_PATH=str(config))
    result = subprocess.run(
        [sys.executable, "-m", "app", "sounds"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "ALSA lib" not in result.stderr + result.stdout
    assert "auto picks: " in result.stdout


def _tone(seconds: float, hz: float = 1000.0, level: float = 0.5) -> array.array[int]:
    count = round(seconds * RATE)
    return array.array(
        "i",
        (round(level * 2147483647 * math.sin(2 * math.pi * hz * i / RATE)) for i in range(count)),
    )


def _chunks(
    samples: array.array[int], start: float, size: int = 128
) -> list[tuple[float, array.array[int]]]:
    return [(start + i / RATE, samples[i : i + size]) for i in range(0, len(samples), size)]


def test_a_reader_falling_behind_is_no_new_onset() -> None:
    """The stamps jump 80 ms mid-chime (the reader woke late); the stream did not."""
    silence = array.array("i", bytes(4 * round(0.1 * RATE)))
    chunks = _chunks(silence, 10.0) + _chunks(_tone(0.1), 10.1)
    chunks += [(stamp + 0.08, samples) for stamp, samples in _chunks(_tone(0.2), 10.2)]
    capture = Capture(chunks=chunks)
    assert [round(moment, 3) for moment, _ in capture.onsets()] == [10.1]


def test_an_onset_takes_the_time_of_its_own_stream() -> None:
    """Two streams back to back in the pipe, the second begun 0.6 s later, mid-window."""
    first = _tone(0.1) + array.array("i", bytes(4 * 1000))
    second = array.array("i", bytes(4 * 50)) + _tone(0.1, hz=500)
    capture = Capture(chunks=[(20.0, first), (20.6, second)])
    onsets = capture.onsets()
    assert [moment for moment, _ in onsets] == pytest.approx([20.0, 20.6 + 50 / RATE], abs=1e-4)
    assert capture.pitch(onsets[1][1], 0.05) == pytest.approx(500, rel=0.03)
