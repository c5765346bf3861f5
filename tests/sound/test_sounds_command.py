"""`backside sounds`, and what the sound modules import."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli.commands import sounds as command
from app.sound.alsa import silence_alsa_errors

ROOT = Path(__file__).resolve().parents[2]


def test_lists_the_backends_in_order_and_the_pick(capsys: pytest.CaptureFixture[str]) -> None:
    assert command.main(argparse.Namespace(play=False, sound=None)) == 0
    out = capsys.readouterr().out
    backends = out.split("auto picks: ")[0]
    rows = [line.split()[1] for line in backends.splitlines() if line.startswith("  ")]
    assert rows == ["simpleaudio", "miniaudio", "system", "bell"]
    assert "auto picks: " in out


def test_play_plays_each_chime_with_its_name(
    capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(command.time, "sleep", lambda seconds: None)
    assert command.main(argparse.Namespace(play=True, sound="bell")) == 0
    out, err = capfd.readouterr()
    assert "\a" in out  # the bell, rung from the player's thread
    out = out.replace("\a", "")
    names = [line.removeprefix("playing: ") for line in out.splitlines() if "playing: " in line]
    assert names == list(command.LABELS.values())
    assert err.startswith("Sound: bell")


def test_play_with_sound_off_and_a_bad_mode(capsys: pytest.CaptureFixture[str]) -> None:
    assert command.main(argparse.Namespace(play=True, sound="off")) == 0
    assert command.main(argparse.Namespace(play=False, sound="loud")) == 2


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="libasound is Linux's")
def test_the_alsa_silencer_installs() -> None:
    try:
        import ctypes

        ctypes.CDLL("libasound.so.2")
    except OSError:
        pytest.skip("libasound.so.2 is not installed")
    assert silence_alsa_errors() is True
    assert silence_alsa_errors() is True


def test_sound_voice_and_awake_do_not_import_the_ui_or_audio_libraries() -> None:
    code = (
        "import app.sound, app.sound.player, app.sound.backends, app.sound.alsa\n"
        "import app.sound.voice, app.system.awake, app.sound.cues, app.cli.commands.sounds\n"
        "import json, sys\n"
        "print(json.dumps(sorted({n.partition('.')[0] for n in sys.modules})))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert result.returncode == 0, result.stderr
    loaded = set(json.loads(result.stdout.splitlines()[-1]))
    assert not loaded & {"textual", "rich", "miniaudio", "simpleaudio", "pyttsx3"}
