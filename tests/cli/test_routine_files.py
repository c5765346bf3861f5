"""Routine files (TOML): a user's own practice, or a clear message and status 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli.main import main

GOOD = """
id = "mine"
name = "Mine"
description = "Locust only."
hold = { seconds = 30 }
[[blocks]]
pose = "locust"
"""


def validate(tmp_path: Path, text: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    path = tmp_path / "routine.toml"
    path.write_text(text, encoding="utf-8")
    status = main(["validate", str(path)])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return status, out + err


def test_a_good_routine(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, output = validate(tmp_path, GOOD, capsys)
    assert status == 0
    assert "ok" in output


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the file is empty"),
        ("id = ", "not valid TOML"),
        (GOOD.replace('pose = "locust"', 'pose = "cobra"'), "no pose 'cobra'"),
        (GOOD + 'versions = ["flying"]\n', "no version of locust called 'flying'"),
        (GOOD.replace("seconds = 30", "seconds = 0"), "hold.seconds: should be at least 5, not 0"),
        (GOOD.replace("seconds = 30", "seconds = 30, breaths = 5"), "exactly one of"),
        (GOOD + "colour = 'red'\n", "blocks[0].colour: unknown key"),
        (GOOD.replace('id = "mine"', 'id = "Mine!"'), "id: 'Mine!' is not an id"),
        (
            GOOD + "[[cool_down]]\nkind = 'stretch'\nseconds = 30\nstretches = ['splits']\n",
            "no stretch 'splits'",
        ),
        (GOOD + "[[warm_up]]\nkind = 'dance'\n", "warm_up[0]"),
    ],
)
def test_bad_routines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, message: str
) -> None:
    status, output = validate(tmp_path, text, capsys)
    assert status == 2
    assert message in output


def test_run_and_plan_accept_a_routine_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(GOOD, encoding="utf-8")
    assert main(["plan", str(path), "--sets", "2"]) == 0
    out = capsys.readouterr().out
    assert "Mine (mine)" in out
    assert "Goal-post arms" in out  # set 2 takes the next version
