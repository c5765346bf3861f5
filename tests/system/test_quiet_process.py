"""Helper programs end with us: SIGTERM, a bounded wait, then SIGKILL, and always reaped."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.system.quiet_process import kill_all, spawn_quietly, still_running, stop_all, stop_process

pytestmark = pytest.mark.skipif(
    sys.platform == "win32" or shutil.which("sh") is None, reason="needs a POSIX sh"
)


def stubborn_helper(folder: Path) -> subprocess.Popen[bytes]:
    """A helper that takes no notice of SIGTERM (nor of its stdin), started as the app starts one.

    It says when its trap is set, so that SIGTERM cannot come before it.
    """
    ready = folder / f"ready-{time.monotonic_ns()}"
    process = spawn_quietly(["sh", "-c", f"trap '' TERM; touch '{ready}'; exec sleep 60"])
    deadline = time.monotonic() + 10
    while not ready.exists():
        assert time.monotonic() < deadline, "the helper never started"
        time.sleep(0.01)
    return process


def test_a_helper_that_ignores_sigterm_is_killed_after_the_grace(tmp_path: Path) -> None:
    process = stubborn_helper(tmp_path)
    started = time.monotonic()
    stop_process(process, grace=0.2)
    assert time.monotonic() - started < 5
    assert process.returncode == -signal.SIGKILL  # ended and reaped
    assert process not in still_running()


def test_a_helper_that_obeys_ends_at_once() -> None:
    process = spawn_quietly(["sleep", "60"])
    started = time.monotonic()
    stop_process(process, grace=10)
    assert time.monotonic() - started < 5  # not the whole grace
    assert process.returncode == -signal.SIGTERM


def test_stop_all_ends_every_helper_left(tmp_path: Path) -> None:
    helpers = [stubborn_helper(tmp_path), stubborn_helper(tmp_path)]
    assert all(process in still_running() for process in helpers)
    stop_all(grace=0.2)
    assert [process.returncode for process in helpers] == [-signal.SIGKILL] * 2
    assert not still_running()


def test_kill_all_is_the_last_resort(tmp_path: Path) -> None:
    process = stubborn_helper(tmp_path)
    kill_all()  # does not wait
    assert process.wait(timeout=10) == -signal.SIGKILL
