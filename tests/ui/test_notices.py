"""Notices stay until read: on a line of their own, each kept a while, in fake time.

Someone face down on a mat looks up now and then; a notice that matters (the
settings ignored, the history not being saved, the choices not saved) must
still be there when they do, whatever the status line does meanwhile.
"""

from __future__ import annotations

from textual.widgets import Static

from app.core.options import PracticeOptions
from app.core.record import PracticeRecord
from app.core.steps import Timeline
from app.ui.app import BacksideApp
from app.ui.notices import NOTICE_SECONDS, Notices, StatusLine, notice_key, parts, short_paths
from app.ui.screens.history import HistoryScreen
from app.ui.screens.summary import SummaryScreen
from tests.ui.making import backside_app

from .conftest import GET_READY_SIDE, LEFT_HOLD, TIME_HOLD, FakeClock, Recorder, advance

SIZE = (80, 24)
SETTINGS = "settings.toml:1:1: sets: 12 is out of range; settings ignored"
NOT_SAVED = "History: not being saved (the disk is full)"


def line(app: BacksideApp, widget_id: str) -> str:
    widget = app.screen.query_one(f"#{widget_id}", Static)
    return str(widget.render()) if widget.display else ""


def everything_shown(app: BacksideApp) -> str:
    """The text of every line the screen shows."""
    return "\n".join(str(w.render()) for w in app.screen.query(Static) if w.display)


# -- the queue, without a screen -------------------------------------------------


def test_a_notice_stays_until_a_step_starts_long_enough_after_it() -> None:
    notices = Notices(minimum=15)
    notices.post(SETTINGS, now=0)
    assert not notices.step_started(now=3), "too soon: it has not been read yet"
    assert not notices.step_started(now=14.9)
    assert notices.shown == SETTINGS, "no step, no change: a pause keeps it"
    assert notices.step_started(now=15)
    assert notices.shown == ""


def test_notices_wait_their_turn_and_each_gets_its_time() -> None:
    notices = Notices(minimum=15)
    notices.post(SETTINGS, now=0)
    notices.post("Choices not saved: Permission denied", now=1)
    assert notices.line() == f"(1 of 2) {SETTINGS}", "the count first: the end may be cut"
    assert notices.step_started(now=20)
    assert notices.shown == "Choices not saved: Permission denied"
    assert not notices.step_started(now=30), "its time counts from when it was shown (20)"
    assert notices.step_started(now=35)
    assert notices.line() == ""


def test_a_notice_about_the_same_thing_takes_the_place_of_the_last() -> None:
    notices = Notices(minimum=15)
    notices.post(NOT_SAVED, now=0)
    notices.post("History: saving again", now=10)
    assert notices.texts == ("History: saving again",)
    assert not notices.step_started(now=20), "new words are read afresh: 15 s from 10"
    assert notices.step_started(now=25)


def test_the_notice_line_leaves_out_the_folders_of_files() -> None:
    notices = Notices()
    notices.post(f"/home/me/.config/backside/{SETTINGS}", now=0)
    assert notices.line() == SETTINGS, "what went wrong fits a narrow screen"
    assert notices.texts == (f"/home/me/.config/backside/{SETTINGS}",), "kept whole"
    assert short_paths("History: not being saved (a/b)") == "History: not being saved (a/b)"


def test_the_parts_of_a_status_line() -> None:
    line = f"Sound: no device; bell and flash instead · {NOT_SAVED}"
    assert parts(line) == {
        "Sound": "Sound: no device; bell and flash instead",
        "History": NOT_SAVED,
    }
    assert notice_key("Choices not saved: Permission denied") == "Choices not saved"
    assert notice_key("no colon at all") == "no colon at all"


# -- on the practice screen ------------------------------------------------------


def test_the_status_line_says_each_report_once() -> None:
    line = StatusLine()
    line.report("Sound: using the terminal bell · History: not being saved (disk full)", 0.0)
    assert line.notices.texts == (
        "Sound: using the terminal bell",
        "History: not being saved (disk full)",
    )
    assert (
        line.passing() == "History: not being saved (disk full)"
    )  # the sound is on the notice line
    line.say("Sound off")
    assert line.passing().startswith("Sound off · ")
    assert line.history_reports() == ("History: not being saved (disk full)",)
    assert line.step_started(NOTICE_SECONDS)  # the message goes, and the first notice
    assert line.message == ""
    assert (
        line.start_notice()
        == "History: not being saved (disk full) · Sound: using the terminal bell"
    )


async def test_a_notice_outlives_the_status_changes_after_it(
    timeline: Timeline, clock: FakeClock, recorder: Recorder
) -> None:
    app = backside_app(timeline, clock=clock, listeners=[recorder], notice=SETTINGS)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("m")  # the sound's status
        await pilot.press("v")  # the voice's
        app.view.notify_status("Screen may sleep: no systemd-inhibit or caffeinate")  # the screen's
        await pilot.pause()
        shown = everything_shown(app)
        assert SETTINGS in shown, "the notice is still there"
        assert "sound off · voice on" in shown
        assert "Screen may sleep: no systemd-inhibit or caffeinate" in shown
        assert line(app, "notice-line") == f"(1 of 2) {SETTINGS}", "its turn comes next"
        assert line(app, "status-line").startswith("sound off · voice on")


async def test_a_notice_goes_at_the_first_step_after_its_time(
    timeline: Timeline, clock: FakeClock
) -> None:
    app = backside_app(timeline, clock=clock, notice=SETTINGS)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.session.engine is not None
        await advance(pilot, clock, 3)  # the hold starts, 3 s in
        assert app.session.engine.index == TIME_HOLD
        assert line(app, "notice-line") == SETTINGS
        await advance(pilot, clock, 10)  # the next get-ready, 13 s in
        assert app.session.engine.index == GET_READY_SIDE
        assert line(app, "notice-line") == SETTINGS
        assert 13 < NOTICE_SECONDS <= 16
        await advance(pilot, clock, 3)  # the left hold, 16 s in: it has been read
        assert app.session.engine.index == LEFT_HOLD
        assert line(app, "notice-line") == ""
        assert SETTINGS not in everything_shown(app)


async def test_the_history_saving_again_replaces_not_being_saved(
    timeline: Timeline, clock: FakeClock
) -> None:
    app = backside_app(timeline, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.view.notify_status(NOT_SAVED)
        await pilot.pause()
        assert line(app, "notice-line") == NOT_SAVED
        await advance(pilot, clock, 16)  # read: it settles in the status line, still true
        assert line(app, "notice-line") == ""
        assert NOT_SAVED in line(app, "status-line")
        await pilot.press("m")
        await pilot.pause()
        assert NOT_SAVED in line(app, "status-line"), "a passing message does not hide it"
        app.view.notify_status("History: saving again")
        await pilot.pause()
        assert line(app, "notice-line") == "History: saving again"
        assert "not being saved" not in everything_shown(app)


async def test_choices_not_saved_stay_on_the_practice(clock: FakeClock) -> None:
    def remember(choices: PracticeOptions) -> str:
        return "Choices not saved: Permission denied"

    app = backside_app(clock=clock, remember=remember)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        app.view.notify_status("Screen may sleep: no systemd-inhibit or caffeinate")
        await pilot.press("m")
        await pilot.pause()
        assert line(app, "notice-line") == "(1 of 2) Choices not saved: Permission denied"


# -- before and after the practice ----------------------------------------------


async def test_the_start_screen_shows_the_notices_as_they_come(clock: FakeClock) -> None:
    app = backside_app(clock=clock, notice=SETTINGS)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert line(app, "start-notice") == SETTINGS
        app.view.notify_status("History: unreadable file moved aside, to history-2025.sqlite")
        await pilot.pause()
        assert line(app, "start-notice") == (
            f"{SETTINGS} · History: unreadable file moved aside, to history-2025.sqlite"
        )


async def test_the_start_screen_has_no_notice_line_without_notices(clock: FakeClock) -> None:
    app = backside_app(clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert line(app, "start-notice") == ""


async def test_the_summary_and_the_history_say_the_history_is_not_saved(
    timeline: Timeline, clock: FakeClock
) -> None:
    app = backside_app(timeline, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.view.notify_status(f"Screen may sleep: no caffeinate · {NOT_SAVED}")
        await pilot.press("q", "enter")  # stop now
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        warnings = [str(w.render()) for w in app.screen.query(".summary-warning").results(Static)]
        assert warnings == [NOT_SAVED], "the screen lock no longer matters; the history does"
        app.view.show_history_data(())
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        assert line(app, "history-warning") == NOT_SAVED


async def test_the_summary_has_no_warning_when_all_is_well(clock: FakeClock) -> None:
    app = backside_app(clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.push_screen(SummaryScreen(PracticeRecord(routine_id="x", name="X")))
        await pilot.pause()
        assert not app.screen.query(".summary-warning")
