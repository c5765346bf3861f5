"""`backside validate FILE` and `backside schema`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli.commands.schema import schema_text
from app.cli.main import main
from app.core.library import library_schema

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "data"


def test_validate_the_built_in_library(capsys: pytest.CaptureFixture[str]) -> None:
    path = DATA / "poses.json"
    assert main(["validate", str(path)]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert out == (f"{path}: ok, 4 poses, 11 versions, 1 sequence, 5 stretches, 1 activity\n")


@pytest.mark.parametrize("plan", sorted((DATA / "plans").glob("*.toml")), ids=lambda p: p.stem)
def test_validate_a_routine(capsys: pytest.CaptureFixture[str], plan: Path) -> None:
    assert main(["validate", str(plan)]) == 0
    out, _ = capsys.readouterr()
    assert out.startswith(f"{plan}: ok, routine '{plan.stem}'")
    assert len(out.splitlines()) == 1


def test_validate_a_routine_naming_an_unknown_pose(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(
        'id = "mine"\nname = "Mine"\ndescription = "A test routine."\n'
        "hold = { seconds = 30 }\n"
        '[[blocks]]\npose = "cobra"\n'
    )
    assert main(["validate", str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f"backside: {path}: no pose 'cobra'")
    assert "Traceback" not in err


def test_validate_a_routine_that_is_not_toml(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "mine.toml"
    path.write_text("id = \n")
    assert main(["validate", str(path)]) == 2
    _, err = capsys.readouterr()
    assert err.startswith(f"backside: {path}:1:6: not valid TOML")


def test_schema_command_prints_the_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    out, _ = capsys.readouterr()
    assert json.loads(out) == library_schema()


def test_committed_schema_is_up_to_date() -> None:
    committed = (DATA / "poses.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(), (
        "data/poses.schema.json is stale: run `backside schema > data/poses.schema.json`"
    )


def test_library_names_its_schema_file() -> None:
    raw = json.loads((DATA / "poses.json").read_text(encoding="utf-8"))
    assert (DATA / raw["$schema"]).is_file()
