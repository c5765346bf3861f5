"""The start screen and the entry points: one key from launch to practising."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from textual.binding import Binding
from textual.widgets import Label, OptionList, Select, Static, Switch

from app.cli.main import main as cli_main
from app.core.options import PracticeOptions
from app.core.steps import Measure, StepKind, Timeline
from app.core.timefmt import clock as clock_text
from app.core.timeline import build_timeline
from app.store.library_file import load_library
from app.store.plan_choices import load_plan_choices
from app.store.plans import load_catalog
from app.store.settings import load_settings
from app.system.folders import user_folders
from app.ui.app import BacksideApp
from app.ui.launch import Remembered
from app.ui.screens.help import HelpScreen
from app.ui.screens.practice import PracticeScreen
from app.ui.screens.start import PlanList, StartScreen
from app.ui.screens.summary import SummaryScreen
from tests.ui.making import backside_app

from .conftest import FakeClock, Recorder

SIZE = (80, 24)


async def test_enter_starts_the_highlighted_plan(clock: FakeClock) -> None:
    app = backside_app(clock=clock)
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
        assert app.session.engine is not None
        assert app.session.engine.timeline.routine_id == "quick"


async def test_down_then_enter_starts_the_next_plan(clock: FakeClock) -> None:
    app = backside_app(clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.session.engine is not None
        assert app.session.engine.timeline.routine_id == "strength"


async def test_the_options_reshape_the_plan(clock: FakeClock, recorder: Recorder) -> None:
    app = backside_app(clock=clock, listeners=[recorder])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StartScreen)
        screen.query_one("#hold", Select).value = ("hold_breaths", 5)
        screen.query_one("#sets", Select).value = ("sets", 2)
        screen.query_one("#sound", Switch).value = False
        screen.query_one("#voice", Select).value = ("voice", "cues")
        await pilot.pause()
        assert screen.choices.hold_breaths == 5
        assert screen.choices.sets == 2
        await pilot.press("s")
        await pilot.pause()
        assert app.session.engine is not None
        holds = [
            step
            for step in app.session.engine.timeline.steps
            if step.kind is StepKind.HOLD and step.pose_id is not None
        ]
        assert holds
        assert all(step.measure in (Measure.BREATHS, Measure.REPS) for step in holds)
        assert {step.set_count for step in holds} == {2}
        assert app.session.muted
        assert app.session.voice == "cues"
        assert recorder.muted is True
        assert recorder.voice == "cues"


async def test_the_last_choices_are_preselected(clock: FakeClock) -> None:
    choices = PracticeOptions(plan_id="full", hold_seconds=30, rest_seconds=15, sound=False)
    app = backside_app(clock=clock, choices=choices)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StartScreen)
        option = screen.query_one("#plans", OptionList).highlighted_option
        assert option is not None
        assert option.id == "full"
        assert screen.query_one("#hold", Select).value == ("hold_seconds", 30)
        assert screen.query_one("#rest", Select).value == ("rest_seconds", 15)
        assert screen.query_one("#sound", Switch).value is False


async def test_a_whole_quick_practice_from_launch_with_one_key(clock: FakeClock) -> None:
    """The README's promise: Enter, then follow the whole practice with no other key."""
    app = backside_app(clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.session.engine is not None
        total = app.session.engine.timeline.total
        for pulse in range(int(total / 0.5) + 4):
            clock.advance(0.5)
            app.view.pulse()
            if pulse % 40 == 0:
                await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert app.session.record is not None
        assert not app.session.record.skipped
        assert app.session.record.active_seconds == pytest.approx(total)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)


async def test_q_on_the_start_screen_quits(clock: FakeClock) -> None:
    app = backside_app(clock=clock)
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
    assert choices == PracticeOptions(
        plan_id="quick", hold_seconds=5, get_ready_seconds=0, sound=False, voice="on"
    )


async def test_the_plan_lengths_follow_the_options(clock: FakeClock) -> None:
    app = backside_app(clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        plans = app.screen.query_one("#plans", OptionList)
        before = str(plans.get_option("strength").prompt)
        app.screen.query_one("#sets", Select).value = ("sets", 1)
        await pilot.pause()
        after = str(plans.get_option("strength").prompt)
        assert after != before  # one set instead of the plan's two: shorter
        assert plans.highlighted_option is not None
        assert plans.highlighted_option.id == "quick"


# -- the user's routines, settings and the start screen's own keys ----------------


def _config() -> Path:
    return Path(os.environ["BACKSIDE_CONFIG_DIR"])


def _routine(name: str, text: str) -> None:
    folder = _config() / "routines"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.toml").write_text(text, encoding="utf-8")


def _catalog_app(clock: FakeClock, **kwargs: Any) -> BacksideApp:
    library = load_library(None)
    return backside_app(
        clock=clock, library=library, catalog=lambda: load_catalog(library), **kwargs
    )


def _prompt(screen: StartScreen, option_id: str) -> str:
    """The text of one row of the plan list, as the terminal shows it."""
    from rich.console import Console

    console = Console(width=60, record=True, color_system=None)
    console.print(screen.query_one("#plans", OptionList).get_option(option_id).prompt)
    return console.export_text()


async def test_the_users_routines_are_listed_and_started_like_plans(clock: FakeClock) -> None:
    _routine("evening", 'poses = ["locust", "reverse-plank"]\nsets = 2\n')
    app = _catalog_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StartScreen)
        row = _prompt(screen, "evening")
        assert "Evening" in row
        assert "yours" in row
        assert "4:" in row or ":" in row  # its length
        await pilot.press("end", "enter")
        await pilot.pause()
        assert app.session.engine is not None
        assert app.session.engine.timeline.routine_id == "evening"


async def test_a_broken_routine_is_listed_with_its_error_and_cannot_start(
    clock: FakeClock,
) -> None:
    _routine("a-broken", 'poses = ["cobra"]\n')
    _routine("b-good", 'poses = ["bow"]\n')
    app = _catalog_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StartScreen)
        assert "no pose 'cobra'" in _prompt(screen, "a-broken")
        assert "B good" in _prompt(screen, "b-good")  # the other one is still there
        plans = screen.query_one("#plans", OptionList)
        plans.highlighted = plans.get_option_index("a-broken")
        await pilot.pause()
        assert "backside edit a-broken" in str(screen.query_one("#plan-detail", Static).content)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        assert app.session.engine is None


async def test_the_summary_returns_to_exactly_the_choices_of_the_practice(
    clock: FakeClock, timeline: Timeline
) -> None:
    """`run strength --sets 1 --get-ready 7 --hold 5`, then Enter on the summary."""
    from app.cli.commands.run import choices_from
    from app.cli.main import build_parser

    args = build_parser().parse_args(
        ["run", "strength", "--sets", "1", "--get-ready", "7", "--hold", "5"]
    )
    choices = choices_from(args)
    app = backside_app(timeline, clock=clock, choices=choices)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for _ in range(int(timeline.total / 0.5) + 4):
            clock.advance(0.5)
            app.view.pulse()
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StartScreen)
        assert screen.query_one("#sets", Select).value == ("sets", 1)
        assert screen.query_one("#hold", Select).value == ("hold_seconds", 5)
        assert screen.query_one("#get-ready", Select).value == ("get_ready_seconds", 7)
        assert screen.query_one("#rest", Select).value == ("rest_seconds", None)
        assert screen.choices == choices
        strength = app.plans["strength"].with_options(choices)
        expected = clock_text(build_timeline(strength, app.library).total)
        assert expected in _prompt(screen, "strength")


def _launched(clock: FakeClock, **kwargs: Any) -> BacksideApp:
    """The app as `backside` makes it: each plan's choices over the settings, remembered."""
    folders = user_folders()
    settings = load_settings(folders.settings_file)
    remembered = load_plan_choices(folders.choices_file, settings.settings.choices())
    return _catalog_app(
        clock,
        choices=remembered.choices.opening,
        plan_choices=remembered.choices,
        remember=Remembered(remembered),
        **kwargs,
    )


def _highlighted(screen: StartScreen) -> str | None:
    option = screen.query_one("#plans", OptionList).highlighted_option
    return None if option is None else option.id


async def _highlight(pilot: Any, screen: StartScreen, plan_id: str) -> None:
    plans = screen.query_one("#plans", OptionList)
    plans.highlighted = plans.get_option_index(plan_id)
    await pilot.pause()


async def test_starting_keeps_the_choices_for_that_plan_and_the_next_launch_shows_them(
    clock: FakeClock,
) -> None:
    app = _launched(clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StartScreen)
        await _highlight(pilot, screen, "strength")
        screen.query_one("#sets", Select).value = ("sets", 3)
        screen.query_one("#hold", Select).value = ("hold_breaths", 8)
        screen.query_one("#voice", Select).value = ("voice", "on")
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        assert app.session.engine is not None
        assert app.session.engine.timeline.routine_id == "strength"
    assert not (_config() / "settings.toml").exists()
    choices_file = user_folders().choices_file
    assert choices_file is not None
    kept = json.loads(choices_file.read_text())
    assert kept == {
        "last": "strength",
        "plans": {"strength": {"sets": 3, "hold": None, "breaths": 8, "voice": "on"}},
    }
    again = _launched(clock)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = again.screen
        assert isinstance(screen, StartScreen)
        assert _highlighted(screen) == "strength"
        assert screen.query_one("#sets", Select).value == ("sets", 3)
        assert screen.query_one("#hold", Select).value == ("hold_breaths", 8)
        assert screen.query_one("#voice", Select).value == ("voice", "on")
        await _highlight(pilot, screen, "quick")  # another plan: its own, as planned
        assert screen.query_one("#sets", Select).value == ("sets", None)
        assert screen.query_one("#hold", Select).value == ("hold_seconds", None)
        assert screen.query_one("#voice", Select).value == ("voice", "off")
        assert screen.choices == PracticeOptions(plan_id="quick")


async def test_a_hold_chosen_for_strength_leaves_flow_as_it_is(
    clock: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    """The issue's runner: 20 s holds for strength, then `backside plan flow`."""
    assert cli_main(["plan", "flow", "--json"]) == 0
    flow_before = json.loads(capsys.readouterr().out)
    app = _launched(clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StartScreen)
        await _highlight(pilot, screen, "strength")
        screen.query_one("#hold", Select).value = ("hold_seconds", 20)
        await pilot.pause()
        flow = next(plan for plan in screen.plans if plan.id == "flow")
        assert screen.choices_for(flow).hold_seconds is None  # flow shows its own holds
        await pilot.press("s")
        await pilot.pause()
        assert app.session.engine is not None
        holds = [s for s in app.session.engine.timeline.steps if s.kind is StepKind.HOLD]
        assert holds
        assert {s.duration for s in holds if s.measure is Measure.SECONDS} == {20}
    assert cli_main(["plan", "flow", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == flow_before
    from app.cli.commands.run import choices_from, proposed_timeline
    from app.cli.main import build_parser

    args = build_parser().parse_args(["run", "flow"])
    settings = load_settings(user_folders().settings_file).settings
    chosen = load_plan_choices(user_folders().choices_file, settings.choices()).choices
    assert choices_from(args, settings, chosen.for_plan("flow")).hold_seconds is None
    ran = proposed_timeline(args, app.library, settings, chosen.for_plan("flow"))
    assert [step.duration for step in ran.steps] == [s["duration"] for s in flow_before["steps"]]
    assert cli_main(["plan", "strength"]) == 0
    assert "(with your start-screen choices for strength: hold 20)" in capsys.readouterr().out


async def test_a_change_belongs_to_the_highlighted_plan_only(clock: FakeClock) -> None:
    app = _launched(clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StartScreen)
        await _highlight(pilot, screen, "strength")
        screen.query_one("#hold", Select).value = ("hold_seconds", 20)
        screen.query_one("#sound", Switch).value = False
        await pilot.pause()
        await _highlight(pilot, screen, "full")
        assert screen.query_one("#hold", Select).value == ("hold_seconds", None)
        assert screen.query_one("#sound", Switch).value is True
        assert str(screen.query_one("#sound-state", Label).content) == "on"
        assert screen.choices == PracticeOptions(plan_id="full")
        full = app.plans["full"]
        expected = clock_text(build_timeline(full, app.library).total)
        assert expected in _prompt(screen, "full")
        await _highlight(pilot, screen, "strength")  # and back: the change is still there
        assert screen.query_one("#hold", Select).value == ("hold_seconds", 20)
        assert screen.query_one("#sound", Switch).value is False
        assert screen.choices.hold_seconds == 20


async def test_settings_from_older_versions_are_the_defaults_and_never_rewritten(
    clock: FakeClock,
) -> None:
    """A `plan` and a hold written by an older start screen: still read, still kept."""
    path = _config() / "settings.toml"
    path.parent.mkdir(parents=True)
    text = 'plan = "full"\nhold = 30  # mine\nsets = 2\n'
    path.write_text(text)
    app = _launched(clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StartScreen)
        assert _highlighted(screen) == "full"
        assert screen.query_one("#hold", Select).value == ("hold_seconds", 30)
        await _highlight(pilot, screen, "flow")  # a global default: every plan has it
        assert screen.query_one("#hold", Select).value == ("hold_seconds", 30)
        screen.query_one("#sets", Select).value = ("sets", 1)
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        assert app.session.engine is not None
    assert path.read_text() == text
    again = _launched(clock)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = again.screen
        assert isinstance(screen, StartScreen)
        assert _highlighted(screen) == "flow"  # the last plan picked, over the old `plan`
        assert screen.query_one("#sets", Select).value == ("sets", 1)
        await _highlight(pilot, screen, "full")
        assert screen.query_one("#sets", Select).value == ("sets", 2)


async def test_the_facts_under_a_plan_follow_the_options(clock: FakeClock) -> None:
    app = backside_app(clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StartScreen)
        await pilot.press("down")
        detail = screen.query_one("#plan-detail", Static)
        assert "2 sets · 45 s holds" in str(detail.content)
        screen.query_one("#sets", Select).value = ("sets", 3)
        screen.query_one("#hold", Select).value = ("hold_breaths", 8)
        await pilot.pause()
        assert "3 sets · 8 breaths a hold" in str(detail.content)
        assert "minutes" not in str(detail.content)


async def test_switches_say_on_or_off_in_words(clock: FakeClock) -> None:
    app = backside_app(clock=clock, choices=PracticeOptions(sound=True, voice="cues"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert str(screen.query_one("#sound-state", Label).content) == "on"
        # The voice has levels: a drop-down of them, the chosen one picked.
        assert screen.query_one("#voice", Select).value == ("voice", "cues")
        screen.query_one("#sound", Switch).value = False
        await pilot.pause()
        assert str(screen.query_one("#sound-state", Label).content) == "off"


async def test_question_mark_lists_the_start_screens_own_keys(clock: FakeClock) -> None:
    app = backside_app(clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        keys = dict(app.screen.keys)
    assert keys["enter  or  s"] == "start it"
    assert keys["↑ ↓"] == "choose a plan or routine"
    for binding in [*StartScreen.BINDINGS, *PlanList.BINDINGS, *BacksideApp.BINDINGS]:
        assert isinstance(binding, Binding)
        assert binding.tooltip in keys.values(), f"{binding.key} is not in the start screen's help"


async def test_the_footer_and_the_header_say_the_same_about_starting(clock: FakeClock) -> None:
    app = backside_app(clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown = {
            binding.key: binding.description
            for _, binding, enabled, _ in app.screen.active_bindings.values()
            if binding.show and enabled
        }
        assert shown.get("enter") == "Start"
        title = str(app.screen.query_one("#plans-title", Label).content)
        assert "Enter starts" in title


async def test_a_long_list_says_that_more_are_below(clock: FakeClock) -> None:
    for number in range(12):
        _routine(f"mine-{number:02d}", 'poses = ["bow"]\n')
    app = _catalog_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        hint = app.screen.query_one("#more-below", Static)
        assert hint.display
        assert "more below" in str(hint.content)
        await pilot.press("end")
        await pilot.pause()
        await pilot.pause()
        assert not hint.display


async def test_an_ignored_settings_file_is_said_on_the_start_screen(clock: FakeClock) -> None:
    path = _config() / "settings.toml"
    path.parent.mkdir(parents=True)
    path.write_text("sets = 12\n")
    loaded = load_settings(path)
    app = _catalog_app(clock, notice=loaded.notice)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        notice = str(app.screen.query_one("#start-notice", Static).content)
        assert f"{path}:1:1" in notice
        assert "built-in defaults apply" in notice


async def test_narrow_windows_show_the_options_with_o(clock: FakeClock) -> None:
    app = backside_app(clock=clock)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert not screen.query_one("#options-pane").display
        await pilot.press("o")
        await pilot.pause()
        assert screen.query_one("#options-pane").display
        assert screen.query_one("#sets", Select).has_focus
        await pilot.press("o")
        await pilot.pause()
        assert screen.query_one("#plans", OptionList).has_focus


async def test_the_theme_from_the_settings_is_used(clock: FakeClock) -> None:
    app = backside_app(clock=clock, theme="nord")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == "nord"


async def test_a_practice_from_the_command_line_says_the_settings_were_ignored(
    clock: FakeClock, timeline: Timeline
) -> None:
    app = backside_app(timeline, clock=clock, notice="settings.toml:1:1: sets: 12 is out of range")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        notice = str(app.screen.query_one("#notice-line", Static).render())
        assert notice.startswith("settings.toml:1:1")
