"""`backside run` in a real pseudo-terminal: keys reach it, the screen shows, it exits cleanly."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")

ROOT = Path(__file__).resolve().parents[2]


def backside() -> list[str]:
    script = Path(sys.executable).with_name("backside")
    if script.exists():
        return [str(script)]
    found = shutil.which("backside")
    return [found] if found else [sys.executable, "-m", "app"]


@pytest.mark.slow
def test_run_in_a_terminal_space_n_q() -> None:
    command = [
        *backside(),
        "run",
        "quick",
        "--hold",
        "5",
        "--get-ready",
        "0",
        "--no-sound",
        "--allow-sleep",
    ]
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "80", "LINES": "24"}
    env.pop("NO_COLOR", None)
    child = pexpect.spawn(
        command[0],
        command[1:],
        env=env,
        cwd=str(ROOT),
        dimensions=(24, 80),
        timeout=20,
        encoding="utf-8",
        codec_errors="replace",
    )
    seen: list[str] = []

    def expect(pattern: str) -> None:
        child.expect(pattern)
        seen.append(child.before + child.after)

    try:
        expect("U P W A R D")  # the first movement of the sun salutation, large
        expect("Pause")  # the footer, drawn after it
        child.send(" ")
        expect("PAUSED")
        child.send("n")
        expect("F O R W A R D")  # the next movement: Forward fold
        child.send("q")
        expect("Stop the practice")
        child.send("y")
        child.expect(pexpect.EOF)
        seen.append(child.before)
    finally:
        child.close(force=True)
    output = "".join(seen)
    assert "Traceback" not in output
    assert child.exitstatus == 0, output[-2000:]
