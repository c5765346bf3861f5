"""The benchmark suite's reading and reporting: what it makes of screens and samples."""

from __future__ import annotations

import json

import pytest
from rich.console import Console
from textual.renderables.digits import Digits

from benchmarks.figures import Figure, as_json, cell, judge_seconds, markdown, read_countdown


def drawn(text: str, *, bold: bool = False, left: int = 4) -> list[str]:
    """`text` as Textual's Digits draws it, on a screen with other lines around it."""
    console = Console(width=60, legacy_windows=False, color_system=None)
    with console.capture() as capture:
        console.print(Digits(text, style="bold" if bold else ""))
    figure = [" " * left + line for line in capture.get().splitlines()]
    return ["HOLD  strength            set 1 of 2", "", *figure, "  Lie face down"]


@pytest.mark.parametrize("bold", [False, True])
@pytest.mark.parametrize(("text", "seconds"), [("0:45", 45), ("10:00", 600), ("1:09", 69)])
def test_reads_the_countdown_off_the_screen(text: str, seconds: int, bold: bool) -> None:
    assert read_countdown(drawn(text, bold=bold)) == seconds


def test_no_countdown_on_the_screen() -> None:
    assert read_countdown(["Stop the practice?", "", "  y  Stop"]) is None
    assert read_countdown(drawn("45")) is None  # digits without a clock's colon
    assert read_countdown([]) is None


def test_seconds_on_time_have_no_lateness_beyond_the_best() -> None:
    changes = [(100.0 + k + 0.004 * (k % 3), 45 - k) for k in range(40)]
    judged = judge_seconds(changes)
    assert judged.worst_ms == pytest.approx(8.0)
    assert (judged.skipped, judged.doubled) == (0, 0)


def test_a_skipped_and_a_doubled_second_are_counted() -> None:
    # 44 is never shown; 40 stays on screen for two seconds.
    changes = [(0.0, 45), (2.0, 43), (3.0, 42), (4.0, 41), (5.0, 40), (7.0, 39)]
    judged = judge_seconds(changes)
    assert (judged.skipped, judged.doubled) == (1, 1)


def test_a_new_step_is_not_a_skip() -> None:
    judged = judge_seconds([(0.0, 2), (1.0, 1), (2.0, 600), (3.0, 599)])
    assert (judged.skipped, judged.doubled) == (0, 0)


def test_growing_lateness_shows_as_growth() -> None:
    changes = [(k + 0.001 * k, 100 - k) for k in range(100)]
    judged = judge_seconds(changes)
    assert judged.growth_ms == pytest.approx(90, abs=1)
    assert judged.worst_ms == pytest.approx(99, abs=0.1)


def test_ratio_goal_and_table() -> None:
    figure = Figure("start-up", "ms", goal="≤ 1.3×", limit=1.3)
    for mine, bare in [(300, 250), (320, 240), (280, 260)]:
        figure.add("backside", mine)
        figure.add("bare", bare)
    assert figure.ratio() == pytest.approx(300 / 250)
    assert figure.met() is True
    bound = Figure("lateness", "ms", goal="< 20 ms", limit=20)
    bound.add("backside", 25)
    assert bound.met() is False
    table = markdown([figure, bound], ["backside", "bare"])
    assert "| start-up | 300 ms (280–320) | 250 ms (240–260) | 1.20× | ≤ 1.3× | yes |" in table
    assert "| lateness | 25.0 ms | – | – | < 20 ms | **no** |" in table
    report = json.loads(as_json([figure], {"machine": "test"}))
    assert report["figures"][0]["medians"] == {"backside": 300, "bare": 250}


def test_a_cell_without_samples_is_a_dash() -> None:
    assert cell(None, "ms") == "–"
    assert cell([1.234], "%") == "1.23 %"
