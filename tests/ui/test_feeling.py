"""The summary asks once how the practice felt: one key each, pain asks which pose."""

from __future__ import annotations

from textual.pilot import Pilot

from app.core.practice_log import Feeling
from app.core.steps import Timeline
from app.ui.app import BacksideApp
from app.ui.screens.summary import PainPose, SummaryScreen
from app.ui.widgets.footer import keys_shown
from tests.ui.making import backside_app

from .conftest import FakeClock, advance

SIZE = (80, 24)


class Kept:
    """What the history listener is told of the feeling."""

    def __init__(self) -> None:
        self.felt: list[tuple[Feeling | None, str | None]] = []

    def handle(self, event: object) -> None:
        return None

    def feel(self, feeling: Feeling | None, pain_pose: str | None = None) -> None:
        self.felt.append((feeling, pain_pose))


async def _to_summary(app: BacksideApp, clock: FakeClock, pilot: Pilot[int]) -> None:
    while not isinstance(app.screen, SummaryScreen):
        await advance(pilot, clock, 5.0)


async def test_the_feeling_keys_are_in_the_footer_and_asked_once(
    timeline: Timeline, clock: FakeClock
) -> None:
    kept = Kept()
    app = backside_app(timeline, clock=clock, listeners=[kept])
    async with app.run_test(size=SIZE) as pilot:
        await _to_summary(app, clock, pilot)
        await pilot.pause()
        footer = " ".join(f"{key} {words}" for key, words, *_ in keys_shown(app.screen))
        for word in ("1 Easy", "2 Right", "3 Hard", "4 Pain"):
            assert word in footer
        await pilot.press("3")
        await pilot.pause()
        assert kept.felt == [(Feeling.HARD, None)]
        await pilot.press("2")  # asked once: the keys are gone
        await pilot.pause()
        assert kept.felt == [(Feeling.HARD, None)]
        assert "1 Easy" not in " ".join(f"{k} {w}" for k, w, *_ in keys_shown(app.screen))


async def test_pain_asks_which_pose(timeline: Timeline, clock: FakeClock) -> None:
    kept = Kept()
    app = backside_app(timeline, clock=clock, listeners=[kept])
    async with app.run_test(size=SIZE) as pilot:
        await _to_summary(app, clock, pilot)
        summary = app.screen
        assert isinstance(summary, SummaryScreen)
        if len(summary.poses) < 2:
            summary.poses = (*summary.poses, ("bow", "Bow"), ("locust", "Locust"))
        await pilot.press("4")
        await pilot.pause()
        assert isinstance(app.screen, PainPose)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert kept.felt == [(Feeling.PAIN, summary.poses[1][0])]


async def test_the_feeling_can_be_skipped(timeline: Timeline, clock: FakeClock) -> None:
    kept = Kept()
    app = backside_app(timeline, clock=clock, listeners=[kept])
    async with app.run_test(size=SIZE) as pilot:
        await _to_summary(app, clock, pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, SummaryScreen)
    assert kept.felt == []
