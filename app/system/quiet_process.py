"""Start a helper program (a sound player, a speech program, a sleep inhibitor) out of sight.

Its output goes nowhere near the screen: the app owns the terminal.
"""

from __future__ import annotations

import subprocess
from collections.abc import Sequence


def spawn_quietly(argv: Sequence[str], *, keep_stdin: bool = False) -> subprocess.Popen[bytes]:
    """Start `argv` with its output discarded; `keep_stdin` gives it a pipe from us.

    (An inhibitor holds its lock while it reads from that pipe, so the lock goes
    when we do, however we end.)
    """
    return subprocess.Popen(
        list(argv),
        stdin=subprocess.PIPE if keep_stdin else subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        close_fds=True,
    )
