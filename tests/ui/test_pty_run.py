"""`backside run` in a real pseudo-terminal: keys reach it, the screen shows, it exits cleanly."""

from __future__ import annotations

import pexpect
import pytest

from tests.terminal import spawn_backside


@pytest.mark.slow
def test_run_in_a_terminal_space_n_q() -> None:
    child = spawn_backside(
        ["run", "quick", "--hold", "5", "--get-ready", "0", "--no-sound", "--allow-sleep"]
    )
    seen: list[str] = []

    def expect(pattern: str) -> None:
        child.expect(pattern)
        seen.append(child.before + child.after)

    try:
        expect("Sweep the arms up")  # the cue of the first movement of the sun salutation
        expect("Pause")  # the footer, drawn after it
        child.send(" ")
        expect("PAUSED")
        child.send("n")
        expect("Hinge at the hips")  # the next movement: Forward fold
        child.send("q")
        expect("Stop the practice")
        child.send("y")
        expect("S T O P P E D")  # the summary of what was done
        child.send("q")
        child.expect(pexpect.EOF)
        seen.append(child.before)
    finally:
        child.close(force=True)
    output = "".join(seen)
    assert "Traceback" not in output
    assert child.exitstatus == 0, output[-2000:]
