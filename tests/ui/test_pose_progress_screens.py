"""Progress you can see: the summary against the last practice of the plan, each pose on
the history screen."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from textual.widgets import Static

from app.ui.app import BacksideApp
from app.ui.screens.history import HistoryScreen
from app.ui.screens.summary import SummaryScreen
from app.ui.widgets.pose_progress import PoseProgress
from tests.pose_samples import ORDER, last_tiny, twelve_weeks
from tests.ui.making import backside_app

from .conftest import FakeClock, advance

SIZE = (80, 24)
NOW = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)


def texts(screen: object, selector: str) -> list[str]:
    assert hasattr(screen, "query")
    return [str(widget.render()) for widget in screen.query(selector).results(Static)]


async def test_the_summary_says_what_improved(app: BacksideApp, clock: FakeClock) -> None:
    async with app.run_test(size=SIZE) as pilot:
        app.view.show_history_data((last_tiny(datetime.now(UTC) - timedelta(days=2)),))
        await advance(pilot, clock, 120, step=1.0)
        screen = app.screen
        assert isinstance(screen, SummaryScreen)
        headings = texts(screen, ".summary-heading")
        assert headings[0].startswith("Better than your last Tiny practice (")
        (line,) = texts(screen, ".summary-progress")
        assert line.startswith("Locust: held 10 s, 2 s longer · 2 sets, 1 more · ")
        assert "Opposite arm and leg lifts, harder than Airplane arms" in line
        assert "left · " in line
        assert "lifts, up from 1 · 0" in line


async def test_the_first_practice_of_a_plan_says_so(app: BacksideApp, clock: FakeClock) -> None:
    async with app.run_test(size=SIZE) as pilot:
        app.view.show_history_data(twelve_weeks(NOW))  # other plans only
        await advance(pilot, clock, 120, step=1.0)
        headings = texts(app.screen, ".summary-heading")
        assert headings[0] == "Your first Tiny practice in the history"


async def test_no_comparison_before_the_history_is_read(app: BacksideApp, clock: FakeClock) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await advance(pilot, clock, 120, step=1.0)
        assert isinstance(app.screen, SummaryScreen)
        assert texts(app.screen, ".summary-progress") == []


async def test_stopped_at_once_compares_nothing(app: BacksideApp, clock: FakeClock) -> None:
    async with app.run_test(size=SIZE) as pilot:
        app.view.show_history_data((last_tiny(datetime.now(UTC) - timedelta(days=2)),))
        await pilot.pause()
        await pilot.press("q", "y")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert texts(app.screen, ".summary-progress") == []


async def test_the_history_screen_shows_each_pose(clock: FakeClock) -> None:
    app = backside_app(clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.push_screen(HistoryScreen(twelve_weeks(NOW), goal=30, now=NOW, order=ORDER))
        await pilot.pause()
        poses = list(app.screen.query(PoseProgress).results())
        assert [p.pose.best.pose_id for p in poses] == ["locust", "bow", "reverse-plank"]
        bow = str(app.screen.query_one("#pose-bow", PoseProgress).render())
        assert bow.splitlines() == [
            "Bow · Full bow (2 of 2) · 3 sets",
            "  hold  ██████·█████  longest 30 s",
        ]
        locust = str(app.screen.query_one("#pose-locust", PoseProgress).render())
        assert locust.splitlines()[1] == "  lifts ▂▃▃▄▄▅·▅▆▇▇█  25 · 25 a side"


async def test_the_app_orders_versions_as_its_library(clock: FakeClock) -> None:
    app = backside_app(clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.view.show_history_data(twelve_weeks(NOW))
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        assert app.screen.order.place("bow", "full-bow") == "2 of 2"
