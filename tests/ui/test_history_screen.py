"""The history in the app: the start screen's line, the history screen, lifts against last time."""

from __future__ import annotations

from datetime import UTC, datetime

from textual.widgets import DataTable, ProgressBar, Static

from app.core.steps import Timeline
from app.store.history_log import HistoryLog
from app.ui.app import BacksideApp
from app.ui.reports import UiReports
from app.ui.screens.history import TABLE_ROWS, HistoryScreen
from app.ui.screens.practice import PracticeScreen
from app.ui.screens.start import StartScreen
from app.ui.screens.summary import SummaryScreen
from app.ui.widgets.week_bars import WeekBars
from tests.history_samples import sample_practices
from tests.ui.making import backside_app

from .conftest import LIFTS, FakeClock, go_to

SIZE = (80, 24)
NOW = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)


def rendered(screen: object, selector: str) -> str:
    assert hasattr(screen, "query_one")
    return str(screen.query_one(selector, Static).render())


async def test_the_start_screen_shows_the_streak_and_the_last_practice(clock: FakeClock) -> None:
    app = backside_app(clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        line = app.screen.query_one("#history-line", Static)
        assert not line.display  # nothing until the history is read
        app.view.show_history_data(sample_practices(datetime.now(UTC)))
        await pilot.pause()
        assert line.display
        text = str(line.render())
        assert text.startswith("Streak ")
        assert "last practice" in text


async def test_h_opens_the_history_from_the_start_screen(clock: FakeClock) -> None:
    app = backside_app(clock=clock)
    practices = sample_practices(datetime.now(UTC))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.view.show_history_data(practices)
        await pilot.press("h")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        table = screen.query_one(DataTable)
        assert table.row_count == min(TABLE_ROWS, len(practices))
        assert screen.query_one(WeekBars).weeks[-1][1] > 0
        left = screen.query_one("#lifts-left", ProgressBar)
        assert left.total == 30
        assert left.progress == practices[-1].steps[-1].lifts_left
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)


async def test_h_opens_the_history_from_the_summary(app: BacksideApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        while not isinstance(app.screen, SummaryScreen):
            await pilot.press("n")
            await pilot.pause()
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        assert "still being read" in rendered(app.screen, "#history-note")
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)


async def test_an_empty_history_says_so(clock: FakeClock) -> None:
    app = backside_app(clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        app.view.show_history_data(())
        await pilot.press("h")
        await pilot.pause()
        assert "No practices yet" in rendered(app.screen, "#history-note")


async def test_alternating_lifts_show_last_time_and_todays_target(
    app: BacksideApp, clock: FakeClock
) -> None:
    practices = sample_practices(NOW)
    last = practices[-1].steps[-1]
    async with app.run_test(size=SIZE) as pilot:
        app.view.show_history_data(practices)
        await go_to(pilot, clock, LIFTS, into=1)
        note = rendered(app.screen, "#note")
        assert f"Last time {last.lifts_left} left · {last.lifts_right} right" in note
        assert isinstance(app.screen, PracticeScreen)


async def test_history_that_cannot_be_saved_is_one_status_line(
    timeline: Timeline, clock: FakeClock
) -> None:
    app = backside_app(timeline, clock=clock)
    log = HistoryLog(None, on_status=UiReports(app).status)  # from the writer's thread
    app.session.add_listener(log)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert log.flush()
        await pilot.pause()
        await pilot.pause()
        assert "History: not being saved (no data folder)" in rendered(app.screen, "#notice-line")
        assert app.session.engine is not None
        assert app.session.engine.state.value == "running"
    log.close()
