"""A whole practice, end to end: `backside run` in a pseudo-terminal, its chimes captured.

The app plays into ALSA's file plugin (see alsa_capture.py), untouched from
start to finish. The captured audio must hold exactly the chimes of the
timeline, each at its planned offset from the first (within 50 ms), and the
terminal must show the summary with no ALSA chatter and no traceback.

A second run has no sound at all (no device, no player): the practice still
runs to its end, with the terminal bell standing in for every chime.
"""

from __future__ import annotations

import os
from pathlib import Path

import pexpect
import pytest

from app.core.steps import Chime
from app.core.timeline import build_timeline
from app.store.library_file import load_library
from app.store.plans import load_routine_file
from tests.sound.alsa_capture import AlsaCapture, have_module
from tests.terminal import spawn_backside

ROOT = Path(__file__).resolve().parents[2]
ON_TIME = 0.050

#: 25 s: a 10 s hold (bell, then 3-2-1), a sided 5 s hold (3-2-1 too), a switch, the other
#: side, the end.
#: The get-ready steps keep the first chime clear of the app's start-up, as in a real practice.
ROUTINE = """
id = "chimes"
name = "Chimes"
description = "Every kind of chime, quickly."
hold = { seconds = 10 }
[timing]
get_ready_seconds = 2
switch_seconds = 1.5
[[blocks]]
pose = "locust"
versions = ["arms-by-sides"]
[[blocks]]
pose = "reverse-tabletop"
versions = ["leg-lifted"]
hold = { seconds = 5 }
"""

#: 12 s: one sided hold, a switch, the other side, the end: every kind of phrase and bell.
SIDES_ROUTINE = """
id = "sides"
name = "Sides"
description = "One sided hold, quickly."
hold = { seconds = 5 }
[timing]
get_ready_seconds = 1
switch_seconds = 1
[[blocks]]
pose = "reverse-tabletop"
versions = ["leg-lifted"]
"""


def expected_chimes(routine: Path) -> list[tuple[float, Chime]]:
    library = load_library(None)
    timeline = build_timeline(load_routine_file(routine, library), library)
    return sorted(
        (step.start + point.offset_in(step.duration), point.chime)
        for step in timeline.steps
        for point in step.chimes
    )


def run_practice(routine: Path, env: dict[str, str], *options: str) -> str:
    """Run the routine to its end with no keys, then quit from the summary."""
    child = spawn_backside(["run", str(routine), "--allow-sleep", *options], env, timeout=60)
    seen: list[str] = []
    try:
        child.expect("W E L L   D O N E")
        seen.append(child.before + child.after)
        child.send("q")
        child.expect(pexpect.EOF)
        seen.append(child.before)
    finally:
        child.close(force=True)
    output = "".join(seen)
    assert child.exitstatus == 0, output[-2000:]
    assert "Traceback" not in output
    assert "ALSA lib" not in output
    return output


@pytest.mark.slow
@pytest.mark.realtime
@pytest.mark.parametrize("backend", ["miniaudio", "simpleaudio"])
def test_a_practice_sounds_every_chime_on_time(
    alsa_capture: AlsaCapture, tmp_path: Path, backend: str
) -> None:
    if not have_module(backend):
        pytest.skip(f"{backend} is not installed")
    routine = tmp_path / "chimes.toml"
    routine.write_text(ROUTINE, encoding="utf-8")
    expected = expected_chimes(routine)
    ticks = [Chime.COUNTDOWN] * 3
    assert [chime for _, chime in expected] == [
        Chime.HOLD_START,
        *ticks,
        Chime.HOLD_START,
        *ticks,
        Chime.SWITCH_SIDES,
        Chime.HOLD_START,
        *ticks,
        Chime.SESSION_FINISHED,
    ]

    run_practice(routine, alsa_capture.env, "--sound", backend)

    # The first chime anchors the rest: each must start within 50 ms of its
    # planned offset from it. (Onsets elsewhere are not counted: where the
    # capture's reader falls behind under load, or a new chime starts over the
    # last one's tail, the emulated card shows a jump in level that no ear hears.)
    capture = alsa_capture.capture
    first = capture.onset(-1.0, float("inf"))
    assert first is not None, "no chime was heard"
    start = expected[0][0]
    for planned, chime in expected:
        due = first + planned - start
        onset = capture.onset(due - ON_TIME, due + ON_TIME)
        assert onset is not None, f"{chime} did not start within 50 ms of {planned - start} s"
    assert capture.onset(first - 5, first - 0.1) is None, "a sound came before the first chime"


@pytest.mark.slow
def test_no_sound_at_all_still_completes_with_the_bell(tmp_path: Path) -> None:
    routine = tmp_path / "short.toml"
    routine.write_text(SIDES_ROUTINE, encoding="utf-8")
    config = tmp_path / "asound.conf"
    config.write_text("pcm.!default { type hw card 7 }\nctl.!default { type hw card 7 }\n")
    empty = tmp_path / "bin"
    empty.mkdir()
    env = {
        **os.environ,
        "ALSA_CONFIG_PATH": str(config),  # no sound card
        "PATH": str(empty),  # no aplay, paplay, pw-play or speech program
        "PULSE_SERVER": f"unix:{tmp_path / 'none'}",
    }
    output = run_practice(routine, env)
    assert "no device; bell and flash instead" in output
    assert output.count("\a") >= 4  # both hold starts, the switch, the end: the terminal bell


@pytest.mark.slow
def test_voice_speaks_each_cue_in_order(tmp_path: Path) -> None:
    """`--voice` end to end, with a stand-in speech program that writes down what it says."""
    routine = tmp_path / "sides.toml"
    routine.write_text(SIDES_ROUTINE, encoding="utf-8")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    spoken = tmp_path / "spoken.txt"
    speaker = bin_dir / "espeak-ng"
    speaker.write_text(f'#!/bin/sh\necho "$@" >> "{spoken}"\necho "chatter that must not show"\n')
    speaker.chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
    output = run_practice(routine, env, "--voice", "--no-sound")
    assert "chatter that must not show" not in output
    assert spoken.read_text(encoding="utf-8").splitlines() == [
        "Reverse Tabletop, Leg lifted, 5 seconds, right leg first",
        "Switch sides: left leg",
        "Practice complete. Well done.",
    ]
