"""The message after a long gap reads as English: "an 8 s gap", "a 60 s gap"."""

from __future__ import annotations

import pytest

from app.ui.app import BacksideApp

from .conftest import TIME_HOLD, FakeClock, go_to

SIZE = (80, 24)


@pytest.mark.parametrize(("gap", "words"), [(8, "an 8 s gap"), (60, "a 60 s gap")])
async def test_the_gap_message(app: BacksideApp, clock: FakeClock, gap: int, words: str) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, clock, TIME_HOLD, into=1)
        clock.advance(gap)  # the lid was closed
        app.view.pulse()
        await pilot.pause()
        assert f"Paused after {words}: space to go on" in app.view.status_line.message
