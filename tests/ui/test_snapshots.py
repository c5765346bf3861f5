"""Screen snapshots on a frozen clock (pytest-textual-snapshot).

The clock is a `FakeClock`: nothing moves unless a scenario advances it, so the
pictures are the same on every run. Look at the report before `--snapshot-update`.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from textual.pilot import Pilot

from app.core.steps import StepKind, Timeline
from app.core.timeline import build_timeline
from app.store.library_file import load_library
from app.store.plans import load_builtin_plan
from app.ui.app import BacksideApp
from app.ui.screens.history import HistoryScreen
from tests.history_samples import sample_practices
from tests.pose_samples import last_tiny
from tests.ui.making import backside_app

from .conftest import (
    BREATH_HOLD,
    GET_READY_SIDE,
    LIFTS,
    REST,
    SWITCH,
    TIME_HOLD,
    FakeClock,
    advance,
    go_to,
)

Snap = Callable[..., bool]
Scenario = Callable[[Pilot[Any]], Awaitable[None]]


def at(clock: FakeClock, index: int, into: float = 0.0, *keys: str) -> Scenario:
    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        await go_to(pilot, clock, index, into)
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        await pilot.pause()

    return run_before


def practice(timeline: Timeline, clock: FakeClock, **kwargs: Any) -> BacksideApp:
    return backside_app(timeline, clock=clock, **kwargs)


def test_time_hold(snap_compare: Snap, timeline: Timeline, clock: FakeClock) -> None:
    assert snap_compare(practice(timeline, clock), run_before=at(clock, TIME_HOLD, 3.5))


def test_time_hold_60x20(snap_compare: Snap, timeline: Timeline, clock: FakeClock) -> None:
    assert snap_compare(
        practice(timeline, clock), terminal_size=(60, 20), run_before=at(clock, TIME_HOLD, 3.5)
    )


def test_time_hold_160x48(snap_compare: Snap, timeline: Timeline, clock: FakeClock) -> None:
    assert snap_compare(
        practice(timeline, clock), terminal_size=(160, 48), run_before=at(clock, TIME_HOLD, 3.5)
    )


def test_time_hold_light(snap_compare: Snap, timeline: Timeline, clock: FakeClock) -> None:
    app = practice(timeline, clock)

    async def run_before(pilot: Pilot[Any]) -> None:
        app.theme = "textual-light"
        await at(clock, TIME_HOLD, 3.5)(pilot)

    assert snap_compare(app, run_before=run_before)


def test_breath_hold_inhale(snap_compare: Snap, timeline: Timeline, clock: FakeClock) -> None:
    assert snap_compare(practice(timeline, clock), run_before=at(clock, BREATH_HOLD, 1.0))


def test_breath_hold_exhale(snap_compare: Snap, timeline: Timeline, clock: FakeClock) -> None:
    assert snap_compare(practice(timeline, clock), run_before=at(clock, BREATH_HOLD, 6.5))


def test_alternating_lifts(snap_compare: Snap, timeline: Timeline, clock: FakeClock) -> None:
    assert snap_compare(practice(timeline, clock), run_before=at(clock, LIFTS, 5.0))


def test_switch_sides(snap_compare: Snap, timeline: Timeline, clock: FakeClock) -> None:
    assert snap_compare(practice(timeline, clock), run_before=at(clock, SWITCH, 1.0))


def test_get_ready(snap_compare: Snap, timeline: Timeline, clock: FakeClock) -> None:
    assert snap_compare(practice(timeline, clock), run_before=at(clock, GET_READY_SIDE, 1.0))


def test_rest(snap_compare: Snap, timeline: Timeline, clock: FakeClock) -> None:
    assert snap_compare(practice(timeline, clock), run_before=at(clock, REST, 2.0))


def test_paused(snap_compare: Snap, timeline: Timeline, clock: FakeClock) -> None:
    assert snap_compare(practice(timeline, clock), run_before=at(clock, TIME_HOLD, 3.5, "space"))


def test_paused_no_color(
    snap_compare: Snap, timeline: Timeline, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = practice(timeline, clock)
    assert app.no_color
    assert snap_compare(app, run_before=at(clock, TIME_HOLD, 3.5, "space"))


def test_quit_dialog(snap_compare: Snap, timeline: Timeline, clock: FakeClock) -> None:
    assert snap_compare(practice(timeline, clock), run_before=at(clock, TIME_HOLD, 3.5, "q"))


def test_help(snap_compare: Snap, timeline: Timeline, clock: FakeClock) -> None:
    assert snap_compare(
        practice(timeline, clock), run_before=at(clock, TIME_HOLD, 3.5, "question_mark")
    )


def test_summary(snap_compare: Snap, timeline: Timeline, clock: FakeClock) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        await advance(pilot, clock, 16.5, step=0.5)
        await pilot.press("n")  # skip the left side: the summary lists it as skipped
        await advance(pilot, clock, 40, step=0.5)
        await pilot.pause()

    assert snap_compare(practice(timeline, clock), run_before=run_before)


def test_start_screen(snap_compare: Snap, clock: FakeClock) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.pause()

    assert snap_compare(backside_app(clock=clock), run_before=run_before)


def test_start_screen_with_your_routines(snap_compare: Snap, clock: FakeClock) -> None:
    """Yours beside the built-in plans, a broken one with its error, and a notice."""
    import os
    from pathlib import Path

    from app.store.library_file import load_library
    from app.store.plans import load_catalog

    folder = Path(os.environ["BACKSIDE_CONFIG_DIR"]) / "routines"
    folder.mkdir(parents=True)
    (folder / "evening.toml").write_text('poses = ["locust", "reverse-plank"]\nsets = 2\n')
    (folder / "long-run.toml").write_text('poses = ["cobra"]\n')
    library = load_library(None)
    app = backside_app(
        clock=clock,
        library=library,
        catalog=lambda: load_catalog(library),
        notice="settings.toml:1:1: sets: 12 is out of range; settings ignored",
    )

    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        await pilot.press("end")
        await pilot.pause()

    assert snap_compare(app, run_before=run_before)


def test_start_screen_40x12(snap_compare: Snap, clock: FakeClock) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.pause()

    assert snap_compare(backside_app(clock=clock), terminal_size=(40, 12), run_before=run_before)


@pytest.mark.usefixtures("utc")
def test_summary_against_last_time(
    snap_compare: Snap, timeline: Timeline, clock: FakeClock
) -> None:
    """What improved against the last practice of the same plan, under the time."""
    app = practice(timeline, clock)

    async def run_before(pilot: Pilot[Any]) -> None:
        app.view.show_history_data((last_tiny(HISTORY_NOW - timedelta(days=2)),))
        await pilot.pause()
        await advance(pilot, clock, 120, step=1.0)
        await pilot.pause()

    assert snap_compare(app, run_before=run_before)


def test_summary_stopped_early(snap_compare: Snap, timeline: Timeline, clock: FakeClock) -> None:
    assert snap_compare(practice(timeline, clock), run_before=at(clock, BREATH_HOLD, 2.0, "q", "y"))


HISTORY_NOW = datetime(2026, 12, 2, 19, 0, tzinfo=UTC)


@pytest.fixture
def utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Weeks and times of day in UTC, wherever the tests run."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.usefixtures("utc")
def test_alternating_lifts_against_last_time(
    snap_compare: Snap, timeline: Timeline, clock: FakeClock
) -> None:
    app = practice(timeline, clock)

    async def run_before(pilot: Pilot[Any]) -> None:
        app.view.show_history_data(sample_practices(HISTORY_NOW))
        await at(clock, LIFTS, 5.0)(pilot)

    assert snap_compare(app, run_before=run_before)


@pytest.mark.usefixtures("utc")
@pytest.mark.parametrize("size", [(80, 24), (40, 12)], ids=["80x24", "40x12"])
def test_history_screen(snap_compare: Snap, clock: FakeClock, size: tuple[int, int]) -> None:
    app = backside_app(clock=clock)

    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        practices = sample_practices(HISTORY_NOW)
        app.push_screen(HistoryScreen(practices, goal=30, now=HISTORY_NOW))
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run_before)


# -- the real plans: what the practice teaches on the mat ------------------------


def strength() -> Timeline:
    library = load_library(None)
    return build_timeline(load_builtin_plan("strength", library), library)


def first(line: Timeline, version: str, kind: StepKind, pose: str | None = None) -> int:
    return next(
        s.index
        for s in line.steps
        if s.version_id == version and s.kind is kind and (pose is None or s.pose_id == pose)
    )


def test_get_ready_set_up_and_caution(snap_compare: Snap, clock: FakeClock) -> None:
    """Locust: the set-up cues walked through, the caution below them."""
    assert snap_compare(practice(strength(), clock), run_before=at(clock, 0, 2.5))


def test_sided_hold_names_the_leg(snap_compare: Snap, clock: FakeClock) -> None:
    line = strength()
    index = first(line, "leg-lifted", StepKind.HOLD, "reverse-tabletop")
    assert snap_compare(practice(line, clock), run_before=at(clock, index, 3.5))


def test_switch_says_what_the_next_side_does(snap_compare: Snap, clock: FakeClock) -> None:
    line = strength()
    index = first(line, "leg-lifted", StepKind.SWITCH_SIDES, "reverse-tabletop")
    assert snap_compare(practice(line, clock), run_before=at(clock, index, 1.0))


def test_fallback_offered(snap_compare: Snap, clock: FakeClock) -> None:
    line = strength()
    index = first(line, "full-bow", StepKind.GET_READY)
    assert snap_compare(practice(line, clock), run_before=at(clock, index, 1.0))


def test_fallback_swapped_in(snap_compare: Snap, clock: FakeClock) -> None:
    line = strength()
    index = first(line, "full-bow", StepKind.GET_READY)
    assert snap_compare(practice(line, clock), run_before=at(clock, index, 1.0, "e"))


def test_opposite_lifts_held(snap_compare: Snap, clock: FakeClock) -> None:
    line = strength()
    index = first(line, "opposite-lifts", StepKind.HOLD)
    assert snap_compare(practice(line, clock), run_before=at(clock, index, 7.5))


@pytest.mark.parametrize("size", [(40, 12), (30, 10), (30, 8)], ids=["40x12", "30x10", "30x8"])
def test_countdown_whole_on_small_screens(
    snap_compare: Snap, clock: FakeClock, size: tuple[int, int]
) -> None:
    line = strength()
    index = first(line, "leg-lifted", StepKind.HOLD, "reverse-tabletop")
    assert snap_compare(practice(line, clock), terminal_size=size, run_before=at(clock, index, 3.5))


def test_about_screen(snap_compare: Snap, clock: FakeClock) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        await pilot.pause()

    assert snap_compare(backside_app(clock=clock), terminal_size=(80, 40), run_before=run_before)


IGNORED = (
    "settings.toml:1:1: sets: expected an integer; settings ignored, the built-in defaults apply"
)


def with_a_notice(clock: FakeClock, index: int) -> Scenario:
    """A notice, then the screen lock's report and the sound switched off after it."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await at(clock, index, 3.5)(pilot)
        pilot.app.view.notify_status("Screen may sleep: no systemd-inhibit or caffeinate")
        await pilot.press("m")
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", [(80, 24), (40, 12)], ids=["80x24", "40x12"])
def test_a_notice_beside_the_status(
    snap_compare: Snap, clock: FakeClock, size: tuple[int, int]
) -> None:
    line = strength()
    index = first(line, "leg-lifted", StepKind.HOLD, "reverse-tabletop")
    app = practice(line, clock, notice=IGNORED)
    assert snap_compare(app, terminal_size=size, run_before=with_a_notice(clock, index))


def test_a_notice_beside_the_status_no_color(
    snap_compare: Snap, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    line = strength()
    index = first(line, "leg-lifted", StepKind.HOLD, "reverse-tabletop")
    app = practice(line, clock, notice=IGNORED)
    assert app.no_color
    assert snap_compare(app, terminal_size=(80, 24), run_before=with_a_notice(clock, index))
