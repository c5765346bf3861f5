"""The README's examples and tables say what the program does."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.cli.main import main
from app.core.timefmt import clock
from app.core.timeline import build_timeline
from app.store.library_file import load_library
from app.store.plan_files import builtin_plan_ids, load_builtin_plan

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def test_the_routine_example_is_valid(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    example = re.search(r"```toml\n(.*?)```", README, re.DOTALL)
    assert example, "the README shows a routine"
    routine = tmp_path / "evening.toml"
    routine.write_text(example.group(1), encoding="utf-8")
    assert main(["validate", str(routine)]) == 0, capsys.readouterr().err


def test_the_plans_table_matches_the_plans() -> None:
    library = load_library(None)
    for plan_id in builtin_plan_ids():
        total = build_timeline(load_builtin_plan(plan_id, library), library).total
        row = re.search(rf"^\| `{plan_id}` \|.*\| ([0-9:]+) \|$", README, re.MULTILINE)
        assert row, f"the README's plan table lists {plan_id}"
        assert row.group(1) == clock(total), f"{plan_id} takes {clock(total)}"


def test_quick_start_has_exactly_two_commands() -> None:
    section = README.split("## Quick start", 1)[1].split("##", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.DOTALL)
    assert block
    commands = [line.split("#")[0].strip() for line in block.group(1).splitlines()]
    assert [c for c in commands if c] == ["make run", "make test"]
