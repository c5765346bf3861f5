"""What the practice teaches on the mat, with the real library and plans, in fake time.

Set-up cues and cautions on the get-ready step, every caution in turn during a
hold, the working leg named on both sides and on the switch, the easier
version one key away, opposite lifts held a round per side, the about screen,
and a countdown that stays whole on small screens.
"""

from __future__ import annotations

import pytest
from textual.widgets import Digits, Static

from app.core.engine import EngineState
from app.core.events import StepEnded, VersionSwapped
from app.core.steps import StepKind, Timeline
from app.core.timeline import build_timeline
from app.store.library_file import load_library
from app.store.plans import load_builtin_plan
from app.ui.app import BacksideApp
from app.ui.screens.about import AboutScreen
from app.ui.screens.help import HelpScreen
from app.ui.screens.practice import PracticeScreen
from app.ui.screens.start import StartScreen
from app.ui.widgets.cues import CueList
from app.ui.widgets.letters import lettered
from tests.ui.making import backside_app

from .conftest import FakeClock, Recorder, advance, go_to

SIZE = (80, 24)
LIBRARY = load_library(None)


def plan(plan_id: str) -> Timeline:
    return build_timeline(load_builtin_plan(plan_id, LIBRARY), LIBRARY)


def index_of(line: Timeline, version: str, kind: StepKind, pose: str | None = None) -> int:
    return next(
        s.index
        for s in line.steps
        if s.version_id == version and s.kind is kind and (pose is None or s.pose_id == pose)
    )


def text(app: BacksideApp, widget_id: str) -> str:
    return str(app.screen.query_one(f"#{widget_id}", Static).render())


def cues(app: BacksideApp) -> tuple[str, ...]:
    return app.screen.query_one(CueList).cues


def footer_keys(app: BacksideApp) -> set[str]:
    return {
        key
        for key, (_, binding, enabled, _) in app.screen.active_bindings.items()
        if binding.show and enabled
    }


async def test_get_ready_shows_how_to_set_up_and_the_caution(clock: FakeClock) -> None:
    app = backside_app(plan("strength"), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert text(app, "kind") == "GET READY"
        locust = LIBRARY.pose("locust")
        assert cues(app) == locust.cues
        assert text(app, "note") == locust.cautions[0]
        # The set-up cues are walked through within the get-ready's 10 s.
        await advance(pilot, clock, 8.5)
        assert app.screen.query_one(CueList).current == len(locust.cues) - 1


async def test_a_hold_shows_every_caution_in_turn(clock: FakeClock) -> None:
    line = plan("full")
    hold = index_of(line, "classic", StepKind.HOLD)
    expected = list(LIBRARY.pose("reverse-plank").cautions)
    expected += LIBRARY.pose("reverse-plank").version("classic").notes
    assert len(expected) == 4
    app = backside_app(line, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, clock, hold, into=0.5)
        seen = [text(app, "note")]
        for _ in range(len(expected) - 1):
            await advance(pilot, clock, 8)
            seen.append(text(app, "note"))
        assert seen == expected
        await advance(pilot, clock, 8)
        assert text(app, "note") == expected[0], "round again while the hold lasts"


async def test_a_sided_version_names_the_leg_on_both_sides_and_the_switch(
    clock: FakeClock,
) -> None:
    line = plan("strength")
    ready = index_of(line, "leg-lifted", StepKind.GET_READY, "reverse-tabletop")
    app = backside_app(line, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, clock, ready)
        assert text(app, "side") == lettered("RIGHT LEG")
        assert "Up next: Reverse Tabletop · Leg lifted · left leg" in text(app, "up-next")
        await go_to(pilot, clock, ready + 1, into=0.5)
        assert text(app, "kind") == "HOLD"
        assert text(app, "side") == lettered("RIGHT LEG")
        assert "Raise the right leg toward the ceiling" in cues(app)
        assert "Set up the table, root the left foot" in cues(app)
        await go_to(pilot, clock, ready + 2)
        assert text(app, "kind") == "SWITCH SIDES"
        assert text(app, "side") == lettered("LEFT LEG")
        assert "Raise the left leg toward the ceiling" in cues(app)
        assert "Set up the table, root the right foot" in cues(app)
        await go_to(pilot, clock, ready + 3)
        assert text(app, "side") == lettered("LEFT LEG")
        assert "Raise the left leg toward the ceiling" in cues(app)
        assert not any("change legs" in cue for cue in cues(app))


async def test_e_swaps_full_bow_for_no_hands_for_this_set(
    clock: FakeClock, recorder: Recorder
) -> None:
    line = plan("strength")
    ready = index_of(line, "full-bow", StepKind.GET_READY)
    app = backside_app(line, clock=clock, listeners=[recorder])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "e" not in footer_keys(app), "no other version to swap to here"
        await go_to(pilot, clock, ready, into=1)
        assert text(app, "subtitle") == "Full bow"
        assert text(app, "fallback") == "e: No hands instead, if this feels forced"
        notes = LIBRARY.pose("bow").version("full-bow").notes
        assert any("easy to reach" in note for note in notes), "and the note says when"
        assert "e" in footer_keys(app)
        await pilot.press("e")
        await pilot.pause()
        assert text(app, "kind") == "GET READY"
        assert text(app, "subtitle") == "No hands"
        assert text(app, "fallback") == "No hands instead, for this set"
        assert "e" not in footer_keys(app)
        assert [e.to_version for e in recorder.of(VersionSwapped)] == ["no-hands"]
        await advance(pilot, clock, 10.5)
        assert text(app, "kind") == "HOLD"
        assert text(app, "subtitle") == "No hands"
        await advance(pilot, clock, 45)
        bow = [e.step for e in recorder.of(StepEnded) if e.step.kind is StepKind.HOLD]
        assert (bow[-1].version_id, bow[-1].swapped_from) == ("no-hands", "full-bow")
        assert app.session.record is not None
        assert [d.step.subtitle for d in app.session.record.done if d.step.pose_id == "bow"] == [
            "No hands"
        ]


async def test_opposite_lifts_held_a_round_on_each_side(clock: FakeClock) -> None:
    line = plan("strength")
    ready = index_of(line, "opposite-lifts", StepKind.GET_READY)
    app = backside_app(line, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, clock, ready + 1, into=1)
        assert text(app, "side") == lettered("LEFT ARM")
        assert text(app, "count") == "breath 1 of 8"
        assert "Raise the left arm and the right leg" in cues(app)
        await advance(pilot, clock, 12)
        assert text(app, "count") == "breath 3 of 8"
        assert text(app, "side") == lettered("LEFT ARM"), "held: the side does not trade"
        await go_to(pilot, clock, ready + 2)
        assert text(app, "kind") == "SWITCH SIDES"
        assert "Raise the right arm and the left leg" in cues(app)
        await go_to(pilot, clock, ready + 3, into=1)
        assert text(app, "side") == lettered("RIGHT ARM")
        assert "Raise the right arm and the left leg" in cues(app)


async def test_one_breath_lifts_show_the_goal_beside_the_count(clock: FakeClock) -> None:
    line = plan("full")
    hold = index_of(line, "opposite-lifts", StepKind.HOLD)
    app = backside_app(line, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, clock, hold, into=1)
        assert text(app, "count") == "lift 1 of 4 · goal 30 a side"


async def test_a_movement_is_its_inhale_or_exhale(clock: FakeClock) -> None:
    app = backside_app(plan("quick"), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, clock, 1, into=1)
        assert text(app, "count") == "move on the inhale"
        await go_to(pilot, clock, 2, into=1)
        assert text(app, "count") == "move on the exhale"


async def test_the_about_screen_from_the_start_screen(clock: FakeClock) -> None:
    app = backside_app(clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, AboutScreen)
        screen = app.screen
        headings = [str(w.render()) for w in screen.query(".about-heading").results(Static)]
        assert headings == [
            "Why a strong back body",
            "When to practise",
            "How to practise",
            "Straight after a run",
        ]
        shown = {s.key: s.points for s in screen.sections}
        assert shown["when"] == LIBRARY.guidance.when
        assert shown["after_run"] == LIBRARY.guidance.after_run
        for key in shown:
            assert screen.query_one(f"#{key}", Static).display
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)


async def test_help_pauses_and_goes_on_as_it_was(clock: FakeClock) -> None:
    app = backside_app(plan("quick"), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, clock, 1, into=1)
        assert app.session.engine is not None
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert app.session.engine.state is EngineState.PAUSED
        await advance(pilot, clock, 30)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PracticeScreen)
        assert app.session.engine.state is EngineState.RUNNING
        assert app.session.engine.index == 1
        # Paused before the help: still paused after it.
        await pilot.press("space", "question_mark")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.session.engine.state is EngineState.PAUSED


class NoSound(Recorder):
    """A listener like the chimes of `--sound off`: nothing to play."""

    def why_silent(self) -> str:
        return "No sound to turn on: this practice was started with --sound off"


async def test_m_with_sound_off_says_why(clock: FakeClock) -> None:
    from app.core.options import PracticeOptions

    app = backside_app(
        plan("quick"), clock=clock, choices=PracticeOptions(sound=False), listeners=[NoSound()]
    )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        assert app.session.muted
        line = text(app, "status-line")
        assert line.startswith("sound off")
        assert "started with --sound off" in line
        await pilot.press("n")
        await pilot.pause()
        assert text(app, "status-line") == "sound off · voice off", "gone with its step"


@pytest.mark.parametrize("size", [(40, 12), (30, 10), (30, 8)])
async def test_the_countdown_is_whole_on_small_screens(
    clock: FakeClock, size: tuple[int, int]
) -> None:
    line = plan("strength")
    app = backside_app(line, clock=clock)
    async with app.run_test(size=size) as pilot:
        await go_to(pilot, clock, 1, into=3.5)
        screen = app.screen
        digits = screen.query_one("#countdown", Digits)
        plain = screen.query_one("#plain-countdown", Static)
        if size[1] >= 10:
            assert digits.display
            assert not plain.display
            region = digits.region
            assert region.height == 3, "all three rows of the digits"
            assert region.bottom <= size[1]
            assert digits.value == "0:42"
            # Nothing covers it: the rows above and below belong to other widgets.
            assert screen.get_widget_at(region.x + 1, region.y)[0] is digits
            assert screen.get_widget_at(region.x + 1, region.bottom - 1)[0] is digits
        else:
            assert not digits.display
            assert plain.display
            assert str(plain.render()) == "0:42"
            assert plain.region.y == 0
