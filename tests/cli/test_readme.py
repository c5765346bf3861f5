"""The README's examples and tables say what the program does."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.cli.main import main
from app.core.timefmt import clock
from app.core.timeline import build_timeline
from app.store.library_file import load_library
from app.store.plans import builtin_plan_ids, load_builtin_plan

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    return README.split(f"### {title}", 1)[1].split("\n#", 1)[0]


def test_the_routine_examples_are_valid(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    examples = re.findall(r"```toml\n(.*?)```", _section("Your own routines"), re.DOTALL)
    assert len(examples) == 2, "the README shows a routine of poses only, and a whole one"
    for number, example in enumerate(examples):
        routine = tmp_path / f"evening-{number}.toml"
        routine.write_text(example, encoding="utf-8")
        assert main(["validate", str(routine)]) == 0, capsys.readouterr().err


def test_the_settings_example_is_valid(tmp_path: Path) -> None:
    from app.store.settings import KEY_NAMES, load_settings

    example = re.search(r"```toml\n(.*?)```", _section("Your defaults"), re.DOTALL)
    assert example, "the README shows a settings file"
    path = tmp_path / "settings.toml"
    path.write_text(example.group(1), encoding="utf-8")
    loaded = load_settings(path)
    assert not loaded.problems, loaded.problems
    # Every key but breaths (shown as the alternative to hold) is in the example.
    assert loaded.given == set(KEY_NAMES) - {"breaths"}


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


def test_the_export_columns_are_documented() -> None:
    from app.cli.commands.history import PRACTICE_COLUMNS, STEP_COLUMNS

    section = README.split("### Export columns", 1)[1].split("###", 1)[0]
    documented = re.findall(r"`([a-z_]+)`", section.split("| --- | --- |", 1)[1])
    assert set(documented) >= {*PRACTICE_COLUMNS, *STEP_COLUMNS}


def test_the_streak_rule_is_the_one_in_the_code() -> None:
    from app.core.progress import COUNTS_FROM_SECONDS, PRACTICES_PER_WEEK

    words = " ".join(README.split())
    rule = (
        f"a week (Monday to Sunday) keeps the streak with at least {PRACTICES_PER_WEEK}"
        f" practices of {round(COUNTS_FROM_SECONDS / 60)} minutes or more"
    )
    assert rule in words
