"""A whole practice, end to end: `backside run` in a pseudo-terminal, its chimes captured.

The app plays into ALSA's file plugin (see alsa_capture.py), untouched from
start to finish but for a note of when its engine asked for each chime
(recording_app.py). The engine must ask for exactly the chimes of the
timeline, in order, each at its planned offset from the others; the captured
audio must hold each of them, once, recognisably itself, soon after it was
asked for; and the terminal must show the summary with no ALSA chatter and no
traceback. "At its offset" and "soon" allow for a busy machine (a quarter of a
second, where chimes are a second apart); how soon on a quiet or a busy machine
is `make bench`'s to measure.

A second run has no sound at all (no device, no player): the practice still
runs to its end, with the terminal bell standing in for every chime.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from pathlib import Path

import pexpect
import pytest

from app.core.steps import Chime
from app.core.timeline import build_timeline
from app.store.library_file import load_library
from app.store.plans import load_routine_file
from tests.sound.alsa_capture import AlsaCapture, check_heard, have_module
from tests.terminal import spawn_backside

ROOT = Path(__file__).resolve().parents[2]
RECORDING_APP = Path(__file__).resolve().parent / "recording_app.py"
ENGINE_LATE = 0.25
"""How far the engine's calls may stray from the plan, relative to one another.

The engine keeps time by deadlines, so nothing adds up: a call is late only by
however long its event loop waited for a core (a few ms on a quiet machine).
"""
DEVICE_LATE = 0.25
"""How late a chime may sound after the engine's call (quiet: about 20 ms; see
`make bench`); on a busy machine the player's thread, the backend's and the
capture's reader may each wait for a core."""

#: 24 s: a 6 s hold (bell, then 3-2-1), a sided 6 s hold (3-2-1 too), a switch, the other
#: side, the end. The get-ready steps keep the first chime clear of the app's start-up, as in
#: a real practice; every chime has finished before the next starts, as the capture needs
#: for simpleaudio, which opens a stream per chime (two at once interleave in the pipe).
ROUTINE = """
id = "chimes"
name = "Chimes"
description = "Every kind of chime, quickly."
hold = { seconds = 6 }
[timing]
get_ready_seconds = 2
switch_seconds = 3
[[blocks]]
pose = "locust"
versions = ["arms-by-sides"]
[[blocks]]
pose = "reverse-tabletop"
versions = ["leg-lifted"]
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


def run_practice(
    routine: Path,
    env: dict[str, str],
    *options: str,
    record: Path | None = None,
    timeout: float = 60,
) -> str:
    """Run the routine to its end with no keys, then quit from the summary.

    With `record`, the app runs through recording_app.py, which writes there
    what its chime player was asked for and when.
    """
    arguments = ["run", str(routine), "--allow-sleep", *options]
    if record is None:
        child = spawn_backside(arguments, env, timeout=timeout)
    else:
        environment = {**env, "TERM": "xterm-256color"}
        environment.pop("NO_COLOR", None)
        child = pexpect.spawn(
            sys.executable,
            [str(RECORDING_APP), str(record), *arguments],
            env=environment,
            cwd=str(ROOT),
            dimensions=(24, 80),
            timeout=timeout,
            encoding="utf-8",
            codec_errors="replace",
        )
    seen: list[str] = []
    try:
        # Search only the newest output: the whole practice's screen updates,
        # searched again on every read, would cost this process a core.
        child.expect("W E L L   D O N E", searchwindowsize=4000)
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
    record = tmp_path / "chimes.json"

    run_practice(routine, alsa_capture.env, "--sound", backend, record=record)

    # What the engine asked for: every chime of the timeline, in order, through
    # this backend, none dropped, each at its planned offset from the others.
    asked = json.loads(record.read_text(encoding="utf-8"))
    assert asked["dropped"] == []
    played = [(Chime(chime), used, requested) for chime, used, requested, _ in asked["played"]]
    assert [chime for chime, _, _ in played] == [chime for _, chime in expected]
    assert {used for _, used, _ in played} == {backend}
    strays = [
        requested - planned
        for (_, _, requested), (planned, _) in zip(played, expected, strict=True)
    ]
    late = [round(1000 * (stray - min(strays))) for stray in strays]
    assert max(late) <= 1000 * ENGINE_LATE, f"asked late (ms, against the plan): {late}"

    # What was heard: each of those chimes, once, itself, soon after it was asked for.
    heard = check_heard(
        alsa_capture.capture,
        [(chime, requested) for chime, _, requested in played],
        late_by=DEVICE_LATE,
    )
    print(f"asked late (ms): {late}; sounded after asked (ms): {[round(1000 * h) for h in heard]}")


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


@pytest.mark.slow
@pytest.mark.realtime
def test_flow_marks_every_lift_and_movement_on_time(
    alsa_capture: AlsaCapture, tmp_path: Path
) -> None:
    """`flow`, one set at 4 s a breath (1:34): the movement cue on each lift, heard on time."""
    if not have_module("miniaudio"):
        pytest.skip("miniaudio is not installed")
    from app.cli.commands.plan import timeline_for
    from app.cli.main import build_parser
    from tests.sound.test_hearing import marks

    options = ["--sets", "1", "--breath-seconds", "4", "--get-ready", "1"]
    args = build_parser().parse_args(["plan", "flow", *options])
    timeline = timeline_for(args, load_library(None), None)
    planned_marks = marks(timeline)
    chimes = sorted(
        (step.start + point.offset_in(step.duration), point.chime)
        for step in timeline.steps
        for point in step.chimes
    )
    expected = sorted([*chimes, *((at, Chime.MOVEMENT) for at in planned_marks)])
    assert len(planned_marks) == sum(2 for step in timeline.steps if step.counts_lifts) - sum(
        1 for step in timeline.steps if step.counts_lifts and step.chimes
    )
    record = tmp_path / "chimes.json"

    run_practice(
        Path("flow"), alsa_capture.env, *options, "--sound", "miniaudio", record=record, timeout=150
    )

    asked = json.loads(record.read_text(encoding="utf-8"))
    played = [(Chime(chime), requested) for chime, _, requested, _ in asked["played"]]
    movements = [requested for chime, requested in played if chime is Chime.MOVEMENT]
    assert len(movements) == len(planned_marks), "one movement cue per lift"
    assert [chime for chime, _ in played] == [chime for _, chime in expected]
    # Each movement cue against the sound before it (the step's bell, the lift before):
    # asked within 50 ms of its planned place.
    late = [
        round(1000 * ((asked_at - played[i - 1][1]) - (due - expected[i - 1][0])))
        for i, ((chime, asked_at), (due, _)) in enumerate(zip(played, expected, strict=True))
        if chime is Chime.MOVEMENT and i > 0
    ]
    assert late
    assert all(abs(ms) <= 50 for ms in late), f"movement cues asked off the plan (ms): {late}"
    heard = check_heard(alsa_capture.capture, played, late_by=DEVICE_LATE)
    assert len(heard) == len(played)
    print(f"movement cues asked late (ms): {late}; sounded after asked (ms): {heard}")


def _open_on(pid: int, path: Path) -> bool:
    """Whether process `pid` has `path` open (ALSA's file plugin writes the capture there)."""
    folder = Path(f"/proc/{pid}/fd")
    for fd in folder.iterdir():
        try:
            if Path(os.readlink(fd)) == path:
                return True
        except OSError:
            continue
    return False


@pytest.mark.slow
def test_the_start_screen_lets_the_sound_device_sleep(
    alsa_capture: AlsaCapture, tmp_path: Path
) -> None:
    """The start screen opens the stream at once (the first chime must be sure), then,
    with nothing to play, closes it: no stream is open 10 s on."""
    if not have_module("miniaudio"):
        pytest.skip("miniaudio is not installed")
    import time

    config = tmp_path / "config"
    config.mkdir()
    (config / "settings.toml").write_text('sound = "miniaudio"\n', encoding="utf-8")
    env = {**alsa_capture.env, "BACKSIDE_CONFIG_DIR": str(config)}
    env["BACKSIDE_DATA_DIR"] = str(tmp_path / "data")
    child = spawn_backside([], env, timeout=30)
    try:
        child.expect("Enter starts", searchwindowsize=4000)
        began = time.monotonic()
        opened = False
        while time.monotonic() - began < 3 and not opened:  # a bound only a hang reaches
            opened = _open_on(child.pid, alsa_capture.fifo)
            time.sleep(0.05)
        assert opened, "the start screen never opened the stream"
        while time.monotonic() - began < 10.5:
            time.sleep(0.25)
            with contextlib.suppress(pexpect.TIMEOUT):  # keep the terminal's output drained
                child.read_nonblocking(100000, timeout=0)
        assert not _open_on(child.pid, alsa_capture.fifo), "a stream is still open after 10 s"
    finally:
        child.sendcontrol("c")
        child.close(force=True)
