"""Run the real `backside` command in a pseudo-terminal, as a person at an 80x24 terminal would."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

import pexpect

ROOT = Path(__file__).resolve().parents[1]


def backside_command() -> list[str]:
    """The installed `backside` script beside this Python, else `python -m app`."""
    script = Path(sys.executable).with_name("backside")
    if script.exists():
        return [str(script)]
    found = shutil.which("backside")
    return [found] if found else [sys.executable, "-m", "app"]


def spawn_backside(
    arguments: Sequence[str],
    env: Mapping[str, str] | None = None,
    timeout: float = 60,
    *,
    nohup: bool = False,
) -> pexpect.spawn[str]:
    """`backside ARGUMENTS` in an 80x24 colour terminal (NO_COLOR unset); with `nohup`,
    started with SIGHUP ignored, as `nohup` (or a CI runner) leaves it."""
    environment = {**(os.environ if env is None else env), "TERM": "xterm-256color"}
    environment.pop("NO_COLOR", None)
    command = backside_command()
    return pexpect.spawn(
        command[0],
        [*command[1:], *arguments],
        env=environment,
        cwd=str(ROOT),
        dimensions=(24, 80),
        timeout=timeout,
        encoding="utf-8",
        codec_errors="replace",
        preexec_fn=_ignore_hangup if nohup else None,
    )


def _ignore_hangup() -> None:
    import signal

    signal.signal(signal.SIGHUP, signal.SIG_IGN)
