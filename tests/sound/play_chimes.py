"""Child process for the capture tests and the latency benchmark: play chimes on a schedule.

    python tests/sound/play_chimes.py BACKEND [--tail=SECONDS] [--late=N:SECONDS] [--drop=N]
        CHIME@SECONDS [CHIME@SECONDS ...]

Opens BACKEND (simpleaudio, miniaudio or system) through `ChimePlayer`, then
asks for each chime at its offset and prints one JSON line: the backend used,
the status line, and the `time.monotonic()` of each `play()` call. Exit status
0 once the last chime has rung out (or after --tail seconds); a crash in the
audio library shows up as a negative status (a signal) to the parent, not as a
dead test run.

--late and --drop are faults for the tests of the tests: the backend plays the
Nth chime (from 0) SECONDS late, or not at all, as a player that fell behind or
lost a chime would.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from app.core.steps import Chime
from app.sound.backends import Backend, BellBackend, SystemBackend, backends_for
from app.sound.chimes import Sound, load_chimes
from app.sound.player import ChimePlayer


def main(argv: list[str]) -> int:
    mode, *schedule = argv
    tail: float | None = None
    late: tuple[int, float] | None = None
    drop: int | None = None
    while schedule and schedule[0].startswith("--"):
        option, _, value = schedule.pop(0).partition("=")
        if option == "--tail":
            tail = float(value)
        elif option == "--late":
            late = (int(value.partition(":")[0]), float(value.partition(":")[2]))
        elif option == "--drop":
            drop = int(value)
    plan = [(Chime(item.split("@")[0]), float(item.split("@")[1])) for item in schedule]
    statuses: list[str] = []
    if mode == "system":
        # aplay goes through ALSA (and so into a capture); pw-play and paplay would not.
        backends: list[Backend] = [SystemBackend(players=(("aplay", "-q"),))]
    else:
        backends = [b for b in backends_for(mode) if not isinstance(b, BellBackend)]
    for backend in backends:
        _add_faults(backend, late, drop)
    sounds = load_chimes(100)
    player = ChimePlayer(backends, sounds, on_status=statuses.append)
    player.start()
    deadline = time.monotonic() + 5
    while player.backend is None and time.monotonic() < deadline and not statuses:
        time.sleep(0.005)
    time.sleep(0.2)  # let a freshly opened stream settle before the first chime
    calls: list[tuple[str, float]] = []
    start = time.monotonic()
    for chime, offset in plan:
        while time.monotonic() < start + offset:
            time.sleep(0.0005)
        calls.append((chime.value, time.monotonic()))
        player.play(chime)
    last = plan[-1][0] if plan else Chime.COUNTDOWN
    time.sleep(sounds[last].duration + 0.2 if tail is None else tail)
    backend = player.backend
    player.close()
    played = [(p.chime.value, p.requested, p.started) for p in player.played]
    print(json.dumps({"backend": backend, "status": statuses, "calls": calls, "played": played}))
    return 0


def _add_faults(backend: Backend, late: tuple[int, float] | None, drop: int | None) -> None:
    """Make `backend` play one chime late, or drop one (counting its `play()` calls from 0)."""
    if late is None and drop is None:
        return
    play = backend.play
    count = 0

    def faulty(sound: Sound) -> None:
        nonlocal count
        number, count = count, count + 1
        if number == drop:
            return
        if late is not None and number == late[0]:
            time.sleep(late[1])
        play(sound)

    backend.play = faulty  # type: ignore[method-assign]


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
