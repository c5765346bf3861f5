"""The start screen and the entry points: one key from launch to practising."""

from __future__ import annotations

import argparse
import subprocess
import sys

import pytest
from textual.widgets import OptionList, Select, Switch

from app.cli.main import main as cli_main
from app.core.choices import Choices
from app.core.routine import PracticeOptions
from app.core.steps import Measure, StepKind
from app.ui.app import BacksideApp
from app.ui.screens.practice import PracticeScreen
from app.ui.screens.start import StartScreen
from app.ui.screens.summary import SummaryScreen

from .conftest import FakeClock, Recorder

SIZE = (80, 24)


async def test_enter_starts_the_highlighted_plan(clock: FakeClock) -> None:
    app = BacksideApp(clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        plans = app.screen.query_one("#plans", OptionList)
        assert plans.has_focus
        assert plans.highlighted_option is not None
        assert plans.highlighted_option.id == "quick"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PracticeScreen)
        assert app.engine is not None
        assert app.engine.timeline.routine_id == "quick"


async def test_down_then_enter_starts_the_next_plan(clock: FakeClock) -> None:
    app = BacksideApp(clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.engine is not None
        assert app.engine.timeline.routine_id == "strength"


async def test_the_options_reshape_the_plan(clock: FakeClock, recorder: Recorder) -> None:
    app = BacksideApp(clock=clock, listeners=[recorder])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StartScreen)
        screen.query_one("#hold", Select).value = "b5"
        screen.query_one("#sets", Select).value = "2"
        screen.query_one("#sound", Switch).value = False
        screen.query_one("#voice", Switch).value = True
        await pilot.pause()
        assert screen.choices.hold_breaths == 5
        assert screen.choices.sets == 2
        await pilot.press("s")
        await pilot.pause()
        assert app.engine is not None
        holds = [
            step
            for step in app.engine.timeline.steps
            if step.kind is StepKind.HOLD and step.pose_id is not None
        ]
        assert holds
        assert all(step.measure in (Measure.BREATHS, Measure.REPS) for step in holds)
        assert {step.set_count for step in holds} == {2}
        assert app.muted
        assert app.voice
        assert recorder.muted is True
        assert recorder.voice is True


async def test_the_last_choices_are_preselected(clock: FakeClock) -> None:
    choices = Choices(plan_id="full", hold_seconds=30, rest_seconds=15, sound=False)
    app = BacksideApp(clock=clock, choices=choices)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StartScreen)
        option = screen.query_one("#plans", OptionList).highlighted_option
        assert option is not None
        assert option.id == "full"
        assert screen.query_one("#hold", Select).value == "s30"
        assert screen.query_one("#rest", Select).value == "15"
        assert screen.query_one("#sound", Switch).value is False


async def test_a_whole_quick_practice_from_launch_with_one_key(clock: FakeClock) -> None:
    """The README's promise: Enter, then follow the whole practice with no other key."""
    app = BacksideApp(clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.engine is not None
        total = app.engine.timeline.total
        for pulse in range(int(total / 0.5) + 4):
            clock.advance(0.5)
            app.pulse()
            if pulse % 40 == 0:
                await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert app.record is not None
        assert not app.record.skipped
        assert app.record.active_seconds == pytest.approx(total)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)


async def test_q_on_the_start_screen_quits(clock: FakeClock) -> None:
    app = BacksideApp(clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


def test_run_with_a_bad_plan_is_exit_2_before_textual(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["run", "no-such-plan"]) == 2
    assert "no plan called 'no-such-plan'" in capsys.readouterr().err


def test_run_with_a_missing_file_is_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["run", "missing/routine.toml"]) == 2
    assert "no such file" in capsys.readouterr().err


def test_run_with_a_bad_option_is_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli_main(["run", "quick", "--hold", "2"])
    assert exit_.value.code == 2
    assert "--hold" in capsys.readouterr().err


def test_a_bad_plan_never_starts_textual() -> None:
    code = (
        "import sys\n"
        "from app.cli.main import main\n"
        "status = main(['run', 'nope'])\n"
        "assert 'textual.app' not in sys.modules, 'Textual started'\n"
        "sys.exit(status)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr


def test_run_options_become_choices() -> None:
    from app.cli.commands.run import choices_from
    from app.cli.main import build_parser

    args: argparse.Namespace = build_parser().parse_args(
        ["run", "quick", "--hold", "5", "--no-sound", "--voice", "--get-ready", "0"]
    )
    choices = choices_from(args)
    assert choices == Choices(
        plan_id="quick", hold_seconds=5, get_ready_seconds=0, sound=False, voice=True
    )
    assert choices.practice_options() == PracticeOptions(hold_seconds=5, get_ready_seconds=0)


async def test_the_plan_lengths_follow_the_options(clock: FakeClock) -> None:
    app = BacksideApp(clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        plans = app.screen.query_one("#plans", OptionList)
        before = str(plans.get_option("strength").prompt)
        app.screen.query_one("#sets", Select).value = "1"
        await pilot.pause()
        after = str(plans.get_option("strength").prompt)
        assert after != before  # one set instead of the plan's two: shorter
        assert plans.highlighted_option is not None
        assert plans.highlighted_option.id == "quick"
