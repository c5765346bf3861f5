"""An option is one entry of the table: the command line, the settings and the start screen
follow it, and the README says what the table says."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from textual.widgets import Label, Select

from app.cli.main import build_parser
from app.core import options
from app.core.options import OPTIONS, PRACTICE_FIELDS, Option, PracticeOptions
from app.ui.screens.start import StartScreen, rows
from tests.cli.running import run
from tests.ui.making import backside_app

from .conftest import FakeClock

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")

COOL_DOWN = Option(
    "cool-down",
    "cool_down_seconds",
    "number",
    "seconds of stretching at the end",
    low=0,
    high=300,
    flag=True,
    metavar="S",
    shapes_plan=True,
    label="Cool-down",
    offered=(0, 30, 60),
    shown="{} s",
    shown_zero="none",
)


@pytest.fixture
def cool_down(monkeypatch: pytest.MonkeyPatch) -> Option:
    """The table with one more option, as a contributor would add it."""
    monkeypatch.setattr(options, "OPTIONS", (*OPTIONS, COOL_DOWN))
    return COOL_DOWN


def test_a_new_option_is_on_the_command_line(
    cool_down: Option, capsys: pytest.CaptureFixture[str]
) -> None:
    args = build_parser().parse_args(["plan", "quick", "--cool-down", "45"])
    assert args.cool_down_seconds == 45
    status, _, err = run(capsys, "plan", "quick", "--cool-down", "301")
    assert status == 2
    assert "301 is out of range; --cool-down takes a number from 0 to 300" in err
    status, out, _ = run(capsys, "run", "--help")
    assert status == 0
    assert "--cool-down S" in out
    assert "seconds of stretching at the end (0 to 300)" in " ".join(out.split())


def test_a_new_option_is_a_setting(cool_down: Option, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "settings", "set", "cool-down", "45")
    assert status == 0, out
    assert out.startswith("cool-down = 45")
    status, out, _ = run(capsys, "settings")
    assert status == 0
    assert re.search(r"^cool-down = 45 +settings\.toml$", out, re.MULTILINE)
    assert "Seconds of stretching at the end. Takes a number from 0 to 300." in out
    status, _, err = run(capsys, "settings", "set", "cool-down", "400")
    assert status == 2
    assert "cool-down: 400 is out of range; cool-down takes a number from 0 to 300" in err


@dataclass(frozen=True, slots=True)
class WithCoolDown(PracticeOptions):
    """The code that uses a new option starts with its field."""

    cool_down_seconds: float | None = None


async def test_a_new_option_is_a_row_of_the_start_screen(
    cool_down: Option, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    import app.ui.app

    monkeypatch.setattr(app.ui.app, "PracticeOptions", WithCoolDown)
    backside = backside_app(clock=clock)
    async with backside.run_test(size=(80, 40)) as pilot:
        await pilot.pause()
        screen = backside.screen
        assert isinstance(screen, StartScreen)
        select = screen.query_one("#cool-down", Select)
        assert select.value == ("cool_down_seconds", None)
        assert select.parent is not None
        assert [str(label.content) for label in select.parent.query(Label)] == ["Cool-down"]
        offered = [text for _, text in rows()[-1].offered()]
        assert offered == ["as planned", "none", "30 s", "60 s"]
        select.value = ("cool_down_seconds", 30)
        await pilot.pause()
        assert screen.choices == WithCoolDown(cool_down_seconds=30)


def test_every_option_a_practice_carries_is_a_field_of_practice_options() -> None:
    carried = {entry.field for entry in OPTIONS if entry.label or entry.shapes_plan}
    assert carried <= PRACTICE_FIELDS
    assert {entry.field for entry in OPTIONS} >= PRACTICE_FIELDS


def test_practice_options_keep_to_the_table() -> None:
    with pytest.raises(ValueError, match="sets: 11 is not a whole number from 1 to 10"):
        PracticeOptions(sets=11)
    with pytest.raises(ValueError, match="in seconds or in breaths, not both"):
        replace(PracticeOptions(hold_seconds=30), hold_breaths=5)


def _words(text: str) -> str:
    return " ".join(text.split())


def test_the_readme_lists_every_command_line_option() -> None:
    using = _words(README.split("## Using it", 1)[1].split("\n### ", 1)[0])
    for entry in OPTIONS:
        if not entry.flag:
            continue
        if entry.kind == "switch":
            assert f"`{entry.flag_name}` / `--no-{entry.name}`" in using
        elif entry.kind == "word":
            assert f"`{entry.flag_name} {'|'.join(entry.words)}`" in using
            if entry.off:
                assert f"`--no-{entry.name}`" in using
        elif entry.shapes_plan:
            low, high = entry.bounds
            assert f"`{entry.flag_name} {entry.metavar}` ({low:g}–{high:g}" in using, entry.name
        else:
            assert f"`{entry.flag_name} {entry.metavar}`" in using, entry.name


def test_the_readme_settings_example_has_every_key() -> None:
    defaults = README.split("### Your defaults", 1)[1].split("\n### ", 1)[0]
    example = re.search(r"```toml\n(.*?)```", defaults, re.DOTALL)
    assert example
    written = re.findall(r"^(?:# or: )?([a-z-]+) = ", example.group(1), re.MULTILINE)
    written += re.findall(r"# or: ([a-z-]+) = ", example.group(1))
    assert sorted(set(written)) == sorted(entry.name for entry in OPTIONS)
    sound = options.option("sound")
    modes = ", ".join(sound.words[:-1]) + f" or {sound.words[-1]}"
    assert f'sound = "{sound.default}"          # {modes}' in example.group(1)
