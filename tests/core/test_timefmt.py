"""Times and counts written for people."""

from __future__ import annotations

import pytest

from app.core.timefmt import a_or_an


@pytest.mark.parametrize(
    ("number", "article"),
    [
        (1, "a"),
        (5, "a"),
        (8, "an"),
        (11, "an"),
        (18, "an"),
        (80, "an"),
        (86, "an"),
        (100, "a"),
        (110, "a"),
        (118, "a"),
        (800, "an"),
        (8000, "an"),
        (11000, "an"),
        (18500, "an"),
        (110000, "a"),
    ],
)
def test_a_or_an(number: int, article: str) -> None:
    assert a_or_an(number) == article
