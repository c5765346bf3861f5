"""Child process for the capture tests and the latency benchmark: play chimes on a schedule.

    python tests/sound/play_chimes.py BACKEND [--tail=SECONDS] CHIME@SECONDS [CHIME@SECONDS ...]

Opens BACKEND (simpleaudio, miniaudio or system) through `ChimePlayer`, then
asks for each chime at its offset and prints one JSON line: the backend used,
the status line, and the `time.monotonic()` of each `play()` call. Exit status
0 once the last chime has rung out (or after --tail seconds); a crash in the
audio library shows up as a negative status (a signal) to the parent, not as a
dead test run.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from app.core.steps import Chime
from app.sound.backends import Backend, BellBackend, SystemBackend, backends_for
from app.sound.chimes import load_chimes
from app.sound.player import ChimePlayer


def main(argv: list[str]) -> int:
    mode, *schedule = argv
    tail: float | None = None
    if schedule and schedule[0].startswith("--tail="):
        tail = float(schedule.pop(0).partition("=")[2])
    plan = [(Chime(item.split("@")[0]), float(item.split("@")[1])) for item in schedule]
    statuses: list[str] = []
    if mode == "system":
        # aplay goes through ALSA (and so into a capture); pw-play and paplay would not.
        backends: list[Backend] = [SystemBackend(players=(("aplay", "-q"),))]
    else:
        backends = [b for b in backends_for(mode) if not isinstance(b, BellBackend)]
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


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
