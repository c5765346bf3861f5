"""The three-row capitals of the pose's name."""

from __future__ import annotations

from app.core.timeline import build_timeline
from app.store.library_file import load_library
from app.store.plans import builtin_plan_ids, load_builtin_plan
from app.ui.screens.practice import banner
from app.ui.widgets.letters import LETTERS, lettered, lettered_width


def test_every_glyph_is_three_rows_of_one_width() -> None:
    for char, glyph in LETTERS.items():
        assert len(glyph) == 3, char
        assert len({len(row) for row in glyph}) == 1, char


def test_a_word_is_drawn_three_rows_tall() -> None:
    drawn = lettered("Bow")
    assert drawn is not None
    assert drawn.splitlines() == ["┳━┓ ┏━┓ ╻╻╻", "┣━┫ ┃ ┃ ┃┃┃", "┻━┛ ┗━┛ ┗┻┛"]
    assert lettered_width("Bow") == 11
    assert lettered("Bow!") is None  # no glyph: the caller falls back


def test_every_title_of_every_plan_has_a_banner_that_fits_80_columns() -> None:
    library = load_library(None)
    titles = {
        step.title
        for plan in builtin_plan_ids()
        for step in build_timeline(load_builtin_plan(plan, library), library).steps
    }
    for title in titles:
        shown = banner(title, 80)
        assert max(len(row) for row in shown.splitlines()) <= 78, title
    # The four poses are all drawn large at 80 columns.
    for pose in library.poses:
        assert banner(pose.name, 80) == lettered(pose.name)


def test_too_wide_falls_back_to_spread_out_capitals() -> None:
    assert banner("Reverse Tabletop", 40) == "R E V E R S E   T A B L E T O P"
    assert banner("Reverse Tabletop", 30) == "REVERSE TABLETOP"
    assert banner("Bow", 12) == "B O W"
