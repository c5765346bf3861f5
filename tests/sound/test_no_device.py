"""No sound device and no player at all: the real backends fail, the bell and flash carry on."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.sound.alsa_capture import SYSTEM_ALSA_CONF, unavailable_reason

ROOT = Path(__file__).resolve().parents[2]

CHILD = """
import json, time
from app.core.events import ChimeDue, SessionFinished, StepStarted
from app.core.steps import Chime, Section, Step, StepKind
from app.sound.cues import Cues

lines, flashes, rings = [], [], []
cues = Cues.from_options(
    sound="auto", voice="off", allow_sleep=True,
    on_status=lines.append, on_flash=flashes.append, ring=lambda: rings.append(1),
)
hold = Step(index=0, kind=StepKind.HOLD, section=Section.STRENGTH, start=0, duration=1,
            title="Locust", speech="Locust")
cues.handle(StepStarted(hold))
for chime in (Chime.COUNTDOWN, Chime.HOLD_START, Chime.SESSION_FINISHED):
    cues.handle(ChimeDue(0, chime))
    time.sleep(0.05)
cues.handle(SessionFinished(1.0, 1, 0, quit=False))
cues.close()
print(json.dumps({"lines": lines, "flashes": flashes, "rings": len(rings),
                  "backend": cues.player.backend}))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fakes a Linux without sound")
def test_no_device_and_no_player_still_gives_bell_and_flash(tmp_path: Path) -> None:
    env = dict(os.environ)
    if unavailable_reason() is None:
        config = tmp_path / "asound.conf"
        config.write_text(
            f"<{SYSTEM_ALSA_CONF}>\npcm.!default {{ type hw card 7 }}\n", encoding="utf-8"
        )
        env["ALSA_CONFIG_PATH"] = str(config)
    env["PULSE_SERVER"] = f"unix:{tmp_path / 'none'}"
    env["PATH"] = str(tmp_path)  # no pw-play, paplay, aplay
    result = subprocess.run(
        [sys.executable, "-c", CHILD],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "ALSA lib" not in result.stderr
    report = json.loads(result.stdout.splitlines()[-1])
    assert report["backend"] == "bell"
    assert report["rings"] == 3
    assert report["flashes"] == ["countdown", "hold-start", "session-finished"]
    assert report["lines"] == ["Sound: no device; bell and flash instead"]
