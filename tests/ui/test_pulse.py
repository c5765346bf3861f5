"""The pulse sleeps until the engine's next change: one wake-up a second in a hold."""

from __future__ import annotations

import pytest

from app.core.session import PACER_FRAME_SECONDS, WAKE_MARGIN_SECONDS
from app.ui.app import BacksideApp

from .conftest import BREATH_HOLD, TIME_HOLD, FakeClock, advance, go_to

SIZE = (80, 24)


async def test_a_hold_wakes_on_the_next_displayed_second(
    app: BacksideApp, clock: FakeClock
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, clock, TIME_HOLD)
        clock.advance(2.3)
        app.view.pulse()
        assert app.session.next_pulse_in() == pytest.approx(0.7 + WAKE_MARGIN_SECONDS)
        clock.advance(0.69)
        assert app.session.next_pulse_in() == pytest.approx(0.01 + WAKE_MARGIN_SECONDS)


async def test_a_paused_practice_does_not_wake_at_all(app: BacksideApp, clock: FakeClock) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, clock, TIME_HOLD, into=1.5)
        await pilot.press("space")
        await pilot.pause()
        assert app.session.next_pulse_in() is None
        await pilot.press("space")
        await pilot.pause()
        assert app.session.next_pulse_in() == pytest.approx(0.5 + WAKE_MARGIN_SECONDS)


async def test_the_breath_pacer_wakes_on_its_frames(app: BacksideApp, clock: FakeClock) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, clock, BREATH_HOLD)
        await advance(pilot, clock, 0.1, step=0.1)
        assert app.session.next_pulse_in() == pytest.approx(
            PACER_FRAME_SECONDS - 0.1 + WAKE_MARGIN_SECONDS
        )


async def test_the_end_of_the_practice_stops_the_pulse(app: BacksideApp, clock: FakeClock) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, clock, TIME_HOLD)
        for _ in range(12):
            await pilot.press("n")
        await pilot.pause()
        assert app.session.next_pulse_in() is None


async def test_what_waits_for_the_first_frame_runs_once_it_is_drawn(app: BacksideApp) -> None:
    ran: list[bool] = []
    app.after_first_frame.append(lambda: ran.append(app.screen.is_current))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
    assert ran == [True]
