"""Random key presses through a short practice: no crash, and the engine's invariants hold."""

from __future__ import annotations

import asyncio
import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textual.widgets import Digits

from app.core.engine import EngineState
from app.core.timefmt import clock as clock_text
from app.ui.screens.practice import PracticeScreen
from tests.ui.making import backside_app

from .conftest import FakeClock, make_timeline

KEYS = ("space", "right", "n", "left", "p", "r", "plus", "minus", "m", "v", "question_mark")
#: Escape closes dialogs; "q" then "escape" asks to quit and carries on.
ACTIONS = st.one_of(
    st.sampled_from(KEYS),
    st.sampled_from(("escape", "q-escape")),
    st.floats(min_value=0.1, max_value=4.0),  # let time pass
)


async def play(actions: list[str | float]) -> None:
    clock = FakeClock()
    app = backside_app(make_timeline(), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        engine = app.session.engine
        assert engine is not None
        last_elapsed = 0.0
        for action in actions:
            if isinstance(action, float):
                clock.advance(action)
                app.view.pulse()
            elif action == "q-escape":
                await pilot.press("q", "escape")
            else:
                await pilot.press(action)
            await pilot.pause()
            status = engine.status()
            # The engine's invariants, as the screen sees them.
            assert 0 <= engine.index < len(engine.timeline.steps)
            assert 0.0 <= status.remaining <= status.duration + 1e-9
            assert status.seconds_left == max(0, math.ceil(status.remaining - 1e-9))
            assert status.session_elapsed >= last_elapsed - 1e-9
            last_elapsed = status.session_elapsed
            assert 0.0 <= status.session_progress <= 1.0
            if engine.state is EngineState.FINISHED:
                break
            screen = next(s for s in app.screen_stack if isinstance(s, PracticeScreen))
            assert screen.has_class("-paused") == (engine.state is EngineState.PAUSED)
            assert screen.query_one("#countdown", Digits).value == clock_text(status.seconds_left)


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.lists(ACTIONS, min_size=1, max_size=20))
def test_random_keys_never_break_the_practice(actions: list[str | float]) -> None:
    asyncio.run(play(actions))
