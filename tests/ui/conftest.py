"""Fixtures for the UI tests: a fake clock, a small hand-made timeline, and app drivers.

The clock and the timeline come from `tests/tiny_practice.py`, shared with the core's tests.

No test waits in real time: the clock is a `FakeClock` the test advances, and
the session is asked what has happened by calling `app.view.pulse()` (what the
pulse's timer does), then `await pilot.pause()` lets the screen redraw.
"""

from __future__ import annotations

import asyncio
import inspect
import os
from collections.abc import Iterator
from typing import TypeVar

import pytest
from textual.pilot import Pilot

from app.core.steps import Timeline
from app.ui.app import BacksideApp
from tests.tiny_practice import (
    BREATH_HOLD,
    GET_READY_SIDE,
    LEFT_HOLD,
    LIFTS,
    REST,
    RIGHT_HOLD,
    SWITCH,
    TIME_HOLD,
    FakeClock,
    make_timeline,
)
from tests.ui.making import backside_app

#: What the UI tests take from here: the shared practice, and the drivers below.
__all__ = [
    "BREATH_HOLD",
    "GET_READY_SIDE",
    "LEFT_HOLD",
    "LIFTS",
    "REST",
    "RIGHT_HOLD",
    "SWITCH",
    "TIME_HOLD",
    "FakeClock",
    "Recorder",
    "advance",
    "go_to",
    "make_timeline",
]

E = TypeVar("E")


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run `async def` tests in a fresh event loop (no async plugin needed)."""
    function = pyfuncitem.obj
    if not inspect.iscoroutinefunction(function):
        return None
    names = pyfuncitem._fixtureinfo.argnames
    asyncio.run(function(**{name: pyfuncitem.funcargs[name] for name in names}))
    return True


class Recorder:
    """A fake event listener (what the sound player and voice are to the app)."""

    def __init__(self) -> None:
        self.events: list[object] = []
        self.muted: bool | None = None
        self.voice: str | None = None

    def handle(self, event: object) -> None:
        self.events.append(event)

    def set_muted(self, muted: bool) -> None:
        self.muted = muted

    def set_voice(self, level: str) -> None:
        self.voice = level

    def of(self, kind: type[E]) -> list[E]:
        return [event for event in self.events if isinstance(event, kind)]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def timeline() -> Timeline:
    return make_timeline()


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def app(timeline: Timeline, clock: FakeClock, recorder: Recorder) -> BacksideApp:
    return backside_app(timeline, clock=clock, listeners=[recorder])


@pytest.fixture(autouse=True)
def _no_color_unset(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Tests see colour unless they ask for NO_COLOR themselves."""
    monkeypatch.delenv("NO_COLOR", raising=False)
    yield
    os.environ.pop("NO_COLOR", None)


async def advance(pilot: Pilot[int], clock: FakeClock, seconds: float, step: float = 0.25) -> None:
    """Let `seconds` of fake time pass in small steps, pulsing the app after each."""
    app = pilot.app
    assert isinstance(app, BacksideApp)
    remaining = seconds
    while remaining > 1e-9:
        moved = min(step, remaining)
        clock.advance(moved)
        remaining -= moved
        app.view.pulse()
    await pilot.pause()


async def go_to(pilot: Pilot[int], clock: FakeClock, index: int, into: float = 0.0) -> None:
    """Skip to step `index` with `n`, then let `into` seconds of it pass."""
    app = pilot.app
    assert isinstance(app, BacksideApp)
    assert app.session.engine is not None
    while app.session.engine.index < index:
        await pilot.press("n")
    await pilot.pause()
    if into:
        await advance(pilot, clock, into)
