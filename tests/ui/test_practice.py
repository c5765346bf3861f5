"""Pilot tests of the practice screen: a whole practice in fake time, and every key."""

from __future__ import annotations

import pytest
from textual.widgets import Digits, Footer, Static

from app.core.engine import EngineState
from app.core.events import (
    ChimeDue,
    Paused,
    Resumed,
    SessionFinished,
    StepEnded,
    StepStarted,
    TimeAdjusted,
)
from app.core.steps import StepKind, Timeline
from app.ui.app import BacksideApp
from app.ui.screens.help import HelpScreen
from app.ui.screens.practice import PracticeScreen
from app.ui.screens.quit import QuitScreen
from app.ui.screens.summary import SummaryScreen
from app.ui.widgets.cues import CueList
from app.ui.widgets.letters import lettered
from app.ui.widgets.pacer import Pacer
from tests.ui.making import backside_app

from .conftest import (
    BREATH_HOLD,
    LIFTS,
    REST,
    RIGHT_HOLD,
    SWITCH,
    TIME_HOLD,
    FakeClock,
    Recorder,
    advance,
    go_to,
)

SIZE = (80, 24)


def text(app: BacksideApp, widget_id: str) -> str:
    return str(app.screen.query_one(f"#{widget_id}", Static).render())


def digits(app: BacksideApp) -> str:
    return app.screen.query_one("#countdown", Digits).value


def engine(app: BacksideApp):  # type: ignore[no-untyped-def]
    assert app.session.engine is not None
    return app.session.engine


async def test_a_whole_practice_with_no_key(
    app: BacksideApp, clock: FakeClock, recorder: Recorder
) -> None:
    """Every second of every step is shown once, in order; the summary follows."""
    shown: list[tuple[int, str]] = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PracticeScreen)
        for _ in range(400):
            if engine(app).state is EngineState.FINISHED:
                break
            if isinstance(app.screen, PracticeScreen):
                seen = (engine(app).index, digits(app))
                if not shown or shown[-1] != seen:
                    shown.append(seen)
            clock.advance(0.25)
            app.view.pulse()  # the screen is drawn at once; no pause needed to read it
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        summary = " ".join(str(widget.render()) for widget in app.screen.query(Static))
    # Each step counts down from its length to 1 with no second skipped or repeated.
    for step in app.session.engine.timeline.steps[:-1] if app.session.engine else ():
        seconds = [int(d.split(":")[1]) for i, d in shown if i == step.index]
        assert seconds == list(range(int(step.duration), 0, -1)), step.title
    finished = recorder.of(SessionFinished)
    assert finished
    assert not finished[0].quit
    assert "W E L L" in summary
    assert app.session.record is not None
    assert len(app.session.record.done) == 5
    assert not app.session.record.skipped


async def test_the_screen_shows_the_step(app: BacksideApp, clock: FakeClock) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert text(app, "title") == lettered("Locust")  # the pose's name, three rows tall
        assert text(app, "kind") == "GET READY"
        assert digits(app) == "0:03"
        await go_to(pilot, clock, TIME_HOLD, into=0.5)
        assert text(app, "kind") == "HOLD"
        assert text(app, "set") == "set 1 of 2"
        assert text(app, "subtitle") == "Arms by the sides"
        assert digits(app) == "0:10"
        assert "O" in text(app, "figure")
        assert "neck long" in text(app, "note")
        assert text(app, "up-next").startswith("Up next: Reverse Tabletop · Leg lifted · left leg")
        cues = app.screen.query_one(CueList)
        assert cues.current == 0
        await advance(pilot, clock, 6)
        assert cues.current == 1
        assert digits(app) == "0:04"
        await go_to(pilot, clock, RIGHT_HOLD)
        assert text(app, "side") == lettered("RIGHT LEG")  # read from two metres


async def test_rest_and_switch_sides(app: BacksideApp, clock: FakeClock) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, clock, SWITCH)
        assert text(app, "kind") == "SWITCH SIDES"
        assert "right leg" in text(app, "up-next")
        await go_to(pilot, clock, REST)
        assert text(app, "kind") == "REST"
        assert text(app, "subtitle") == "Next: Locust, set 2 of 2"
        assert digits(app) == "0:05"
        assert app.screen.query_one("#title").has_class("-rest")


async def test_breath_pacer_fills_and_empties(app: BacksideApp, clock: FakeClock) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, clock, BREATH_HOLD)
        pacer = app.screen.query_one(Pacer)
        assert text(app, "count") == "breath 1 of 2"
        assert text(app, "phase") == "INHALE"
        await advance(pilot, clock, 1.0)
        assert pacer.fraction == pytest.approx(0.5)
        await advance(pilot, clock, 1.5)
        assert text(app, "phase") == "EXHALE"
        assert pacer.fraction == pytest.approx(0.75)
        await advance(pilot, clock, 2.0)
        assert text(app, "count") == "breath 2 of 2"
        assert text(app, "phase") == "INHALE"
        await pilot.press("plus")  # a breath more
        await pilot.pause()
        assert text(app, "count") == "breath 2 of 3"
        assert digits(app) == "0:08"
        await pilot.press("minus")
        await pilot.pause()
        assert text(app, "count") == "breath 2 of 2"


async def test_alternating_lifts_count_each_side(app: BacksideApp, clock: FakeClock) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, clock, LIFTS, into=0.5)
        # The count beside the countdown; the arm at work, large beside the version.
        assert text(app, "count") == "lift 1 of 2"
        assert text(app, "side") == lettered("LEFT ARM")
        await advance(pilot, clock, 4)
        assert text(app, "count") == "lift 1 of 2"
        assert text(app, "side") == lettered("RIGHT ARM")
        await advance(pilot, clock, 4)
        assert text(app, "count") == "lift 2 of 2"
        assert text(app, "side") == lettered("LEFT ARM")
        await pilot.press("plus")  # a lift more on each side
        await pilot.pause()
        assert text(app, "count").startswith("lift 2 of 3")


async def test_space_pauses_and_resumes(
    app: BacksideApp, clock: FakeClock, recorder: Recorder
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, clock, TIME_HOLD, into=2.5)
        assert digits(app) == "0:08"
        await pilot.press("space")
        assert engine(app).state is EngineState.PAUSED
        assert app.screen.has_class("-paused")
        assert app.screen.query_one("#paused-banner").display
        await advance(pilot, clock, 4)
        assert digits(app) == "0:08"
        await pilot.press("space")
        await pilot.pause()
        assert engine(app).state is EngineState.RUNNING
        assert not app.screen.has_class("-paused")
        assert not app.screen.query_one("#paused-banner").display
        await advance(pilot, clock, 1)
        assert digits(app) == "0:07"
        assert recorder.of(Paused)
        assert recorder.of(Resumed)


async def test_next_previous_and_restart(app: BacksideApp, clock: FakeClock) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right")
        assert engine(app).index == TIME_HOLD
        await pilot.press("n")
        assert engine(app).index == TIME_HOLD + 1
        await pilot.press("left")
        assert engine(app).index == TIME_HOLD
        await advance(pilot, clock, 4)
        assert digits(app) == "0:06"
        await pilot.press("r")
        await pilot.pause()
        assert engine(app).index == TIME_HOLD
        assert digits(app) == "0:10"
        await pilot.press("p")
        assert engine(app).index == 0
        assert text(app, "kind") == "GET READY"


async def test_more_and_less_time(app: BacksideApp, clock: FakeClock, recorder: Recorder) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, clock, TIME_HOLD, into=0.5)
        assert digits(app) == "0:10"
        await pilot.press("plus")
        await pilot.pause()
        assert digits(app) == "0:15"
        await pilot.press("equals_sign")
        await pilot.pause()
        assert digits(app) == "0:20"
        await pilot.press("minus")
        await pilot.press("underscore")
        await pilot.pause()
        assert digits(app) == "0:10"
        for _ in range(5):
            await pilot.press("minus")
        await pilot.pause()
        assert digits(app) == "0:01"  # bounded: never below a second
        assert len(recorder.of(TimeAdjusted)) >= 4


async def test_mute_and_voice(app: BacksideApp, recorder: Recorder) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert recorder.muted is False
        assert recorder.voice == "off"
        assert text(app, "status-line") == "sound on · voice off"
        await pilot.press("m")
        await pilot.pause()
        assert recorder.muted is True
        assert "Sound off" in text(app, "status-line")
        await pilot.press("v")
        await pilot.pause()
        assert recorder.voice == "on"
        assert "sound off · voice on" in text(app, "status-line")
        await pilot.press("m", "v")
        assert recorder.muted is False
        assert recorder.voice == "off"


async def test_quit_asks_and_escape_carries_on(app: BacksideApp, clock: FakeClock) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, clock, TIME_HOLD, into=1)
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, QuitScreen)
        assert engine(app).state is EngineState.PAUSED
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PracticeScreen)
        assert engine(app).state is EngineState.RUNNING


async def test_quit_confirmed_keeps_what_was_done(
    app: BacksideApp, clock: FakeClock, recorder: Recorder
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await advance(pilot, clock, 3.25)
        await advance(pilot, clock, 10)
        await advance(pilot, clock, 1)
        await pilot.press("q")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        # Stopping shows what was done, marked as stopped early; q then quits.
        assert isinstance(app.screen, SummaryScreen)
        assert "S T O P P E D" in str(app.screen.query_one("#summary-title", Static).render())
        assert "stopped early" in str(app.screen.query_one("#summary-time", Static).render())
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0
    finished = recorder.of(SessionFinished)
    assert finished
    assert finished[0].quit
    ended = recorder.of(StepEnded)
    assert [e.completed for e in ended] == [True, True, False]
    assert app.session.record is not None
    assert [d.step.index for d in app.session.record.done] == [TIME_HOLD]


async def test_quit_by_clicking_the_button(app: BacksideApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("q")
        await pilot.pause()
        await pilot.click("#stop")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("enter")
        await pilot.pause()
        from app.ui.screens.start import StartScreen

        assert isinstance(app.screen, StartScreen)  # a practice stopped goes back to the start
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_help_opens_and_closes(app: BacksideApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        keys = dict(app.screen.keys)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PracticeScreen)
    assert keys["space"] == "pause / resume"
    assert keys["→  or  n"] == "next step"
    assert keys["−  or  _"] == "remove time (never below a second)"
    assert {"r", "m", "v", "q", "?", "ctrl+z"} <= set(keys)


async def test_every_key_is_in_the_footer(app: BacksideApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown = {
            binding.binding.id
            for binding in app.screen.active_bindings.values()
            if binding.binding.show
        }
        assert {
            "pause",
            "next",
            "previous",
            "restart",
            "more-time",
            "less-time",
            "mute",
            "voice",
            "quit",
            "help",
        } <= shown
        assert app.screen.query_one(Footer).display


async def test_clicking_the_footer(app: BacksideApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        keys = {getattr(key, "action", ""): key for key in app.screen.query("FooterKey")}
        await pilot.click(keys["operate('next')"])
        await pilot.pause()
        assert engine(app).index == TIME_HOLD
        keys = {getattr(key, "action", ""): key for key in app.screen.query("FooterKey")}
        await pilot.click(keys["operate('toggle-pause')"])
        await pilot.pause()
        assert engine(app).state is EngineState.PAUSED


async def test_summary_enter_goes_to_the_start_screen(app: BacksideApp, clock: FakeClock) -> None:
    from app.ui.screens.start import StartScreen

    async with app.run_test(size=SIZE) as pilot:
        while not isinstance(app.screen, SummaryScreen):
            await pilot.press("n")
            await pilot.pause()
        assert app.session.record is not None
        assert app.session.record.skipped
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_summary_q_quits(app: BacksideApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        while not isinstance(app.screen, SummaryScreen):
            await pilot.press("n")
            await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_a_broken_listener_does_not_stop_the_practice(timeline, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    class Broken:
        def handle(self, event: object) -> None:
            if isinstance(event, ChimeDue):
                raise OSError("no sound card")

    app = backside_app(timeline, clock=clock, listeners=[Broken()])
    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, clock, TIME_HOLD, into=1)
        assert "no sound card" in text(app, "notice-line")
        await advance(pilot, clock, 1)
        assert digits(app) == "0:08"


async def test_status_and_flash_hooks(app: BacksideApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.view.notify_status("Sound: using the terminal bell")
        await pilot.pause()
        assert "terminal bell" in text(app, "notice-line")
        app.view.flash()
        assert app.screen.has_class("-flash")
        # The flash ends on Textual's own timer (0.15 s): wait for it, with a bound only a
        # flash that never ends reaches, so a busy machine cannot fail this.
        for _ in range(100):
            await pilot.pause(0.1)
            if not app.screen.has_class("-flash"):
                break
        assert not app.screen.has_class("-flash")


async def test_a_long_gap_pauses_the_practice(app: BacksideApp, clock: FakeClock) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, clock, TIME_HOLD, into=1)
        clock.advance(60)  # the lid was closed
        app.view.pulse()
        await pilot.pause()
        assert engine(app).state is EngineState.PAUSED
        assert app.screen.has_class("-paused")
        assert "gap" in text(app, "status-line")
        assert digits(app) == "0:09"


async def test_step_started_events_reach_listeners(
    app: BacksideApp, clock: FakeClock, recorder: Recorder
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await advance(pilot, clock, 3.5)
        kinds = [e.step.kind for e in recorder.of(StepStarted)]
        assert kinds == [StepKind.GET_READY, StepKind.HOLD]


async def test_no_color(monkeypatch: pytest.MonkeyPatch, timeline, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("NO_COLOR", "1")
    app = backside_app(timeline, clock=clock)
    assert app.no_color
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space")
        svg = app.export_screenshot()
    assert "PAUSED" in svg


async def test_ctrl_q_asks_too_and_twice_quits(app: BacksideApp, recorder: Recorder) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, QuitScreen)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0
    assert recorder.of(SessionFinished)[0].quit


async def test_ctrl_c_asks_as_q_does(app: BacksideApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert isinstance(app.screen, QuitScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PracticeScreen)


async def test_suspending_pauses_and_fg_resumes(app: BacksideApp, clock: FakeClock) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, clock, TIME_HOLD, into=2)
        app.app_suspend_signal.publish(app)  # what Ctrl+Z does before the process stops
        clock.advance(3)  # under the five seconds that would count as a closed lid
        app.app_resume_signal.publish(app)  # `fg`
        await pilot.pause()
        assert engine(app).state is EngineState.RUNNING
        assert digits(app) == "0:08"  # the time in the background was not counted


async def test_closing_mid_practice_still_records_it(
    app: BacksideApp, clock: FakeClock, recorder: Recorder
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await advance(pilot, clock, 5)
        app.exit(0)  # as a signal or a closed terminal would
        await pilot.pause()
    finished = recorder.of(SessionFinished)
    assert len(finished) == 1
    assert finished[0].quit
    assert finished[0].active_seconds == pytest.approx(5)


def footer_shows(app: BacksideApp) -> dict[str, tuple[str, bool]]:
    """What the footer's keys say, by action."""
    return {
        str(getattr(key, "action", "")): (str(getattr(key, "description", "")), key.disabled)
        for key in app.screen.query("FooterKey")
    }


def keys_offered(app: BacksideApp) -> dict[str, tuple[str, bool]]:
    """What the screen's shown bindings say, by action (the first key of each, as the footer)."""
    offered: dict[str, tuple[str, bool]] = {}
    for _, binding, enabled, _ in app.screen.active_bindings.values():
        if binding.show:
            offered.setdefault(binding.action, (binding.description, not enabled))
    return offered


async def test_the_footer_is_rebuilt_only_when_its_keys_change(
    app: BacksideApp, clock: FakeClock
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, clock, TIME_HOLD)
        await pilot.pause()
        assert footer_shows(app) == keys_offered(app)
        before = list(app.screen.query("FooterKey"))
        await go_to(pilot, clock, TIME_HOLD + 1)  # another step, the same keys
        await pilot.pause()
        assert footer_shows(app) == keys_offered(app)
        assert list(app.screen.query("FooterKey")) == before, "rebuilt for nothing"
        await pilot.press("space")  # paused: Pause gives way to Resume
        await pilot.pause()
        assert footer_shows(app) == keys_offered(app)
        assert list(app.screen.query("FooterKey")) != before


async def test_a_new_second_repaints_without_laying_the_screen_out(
    app: BacksideApp, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A hold's seconds and its next cue change text in place: a layout of the whole
    screen each second would cost CPU for nothing and could make a second late."""
    from textual.widget import Widget

    laid_out: list[str] = []
    refresh = Widget.refresh

    def counting(self: Widget, *regions: object, **options: bool) -> Widget:
        if options.get("layout") or options.get("recompose"):
            laid_out.append(f"{type(self).__name__}#{self.id}")
        return refresh(self, *regions, **options)

    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, clock, TIME_HOLD, 1.0)
        monkeypatch.setattr(Widget, "refresh", counting)
        for _ in range(7):  # past the next cue, too
            clock.advance(1.0)
            app.view.pulse()
            await pilot.pause()
        monkeypatch.undo()
        assert app.screen.query_one(CueList).current > 0, "the next cue came"
    assert laid_out == []


async def test_v_with_no_speech_program_says_what_to_install_and_stays_off(
    timeline: Timeline, clock: FakeClock
) -> None:
    from app.sound.cues import Cues
    from app.sound.voice import NO_SPEECH, Voice

    voice = Voice(None, enabled=False, clock=clock, threaded=False)
    app = backside_app(timeline, clock=clock, listeners=[Cues(None, voice)])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("v")
        await pilot.pause()
        # At once, on the notice line, not at the next step; and the voice stays off.
        assert NO_SPEECH in text(app, "notice-line")
        assert "apt-get install espeak-ng" in NO_SPEECH
        assert text(app, "status-line").startswith("sound on · voice off")
        assert app.session.voice == "off"
        assert not voice.enabled
