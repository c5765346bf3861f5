"""Run `backside` in-process, as the command line would, and keep what it printed."""

from __future__ import annotations

import pytest

from app.cli.main import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """The exit status, the output and the error output; never a traceback."""
    try:
        status = main(list(argv))
    except SystemExit as exit_:  # argparse's usage errors and --help
        status = int(exit_.code or 0)
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return status, out, err
