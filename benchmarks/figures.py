"""The pure half of the benchmark suite: reading a screen, judging seconds, writing the table.

`suite.py` drives the programs in a terminal and measures; everything here
works on what it measured (captured screen lines, timestamps, samples), so it
can be unit-tested without a terminal (tests/benchmarks/test_figures.py).
"""

from __future__ import annotations

import json
import re
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field

from textual.renderables.digits import DIGITS, DIGITS3X3, DIGITS3X3_BOLD

# -- reading Textual's `Digits` off a captured screen -------------------------


def _glyphs() -> dict[tuple[str, str, str], str]:
    """Every 3×3 glyph of Textual's `Digits` font (plain and bold) for 0-9 and ':'."""
    table: dict[tuple[str, str, str], str] = {}
    for font in (DIGITS3X3, DIGITS3X3_BOLD):
        for character in "0123456789:":
            at = DIGITS.index(character) * 3
            rows = (font[at].ljust(3), font[at + 1].ljust(3), font[at + 2].ljust(3))
            table[rows] = character
    return table


GLYPHS = _glyphs()
GLYPHS_TOP_CHARS = frozenset("".join(rows[0] for rows in GLYPHS).replace(" ", ""))
_CLOCK = re.compile(r"(\d{1,2}):(\d\d)")


def read_countdown(lines: Sequence[str]) -> int | None:
    """The seconds shown by the first `Digits` clock (m:ss or mm:ss) on the screen, or None."""
    width = max((len(line) for line in lines), default=0)
    padded = [line.ljust(width) for line in lines]
    for row in range(len(padded) - 2):
        top, middle, bottom = padded[row : row + 3]
        if not any(char in GLYPHS_TOP_CHARS for char in top):
            continue
        for column in range(width - 2):
            text = ""
            at = column
            while at + 3 <= width:
                glyph = (top[at : at + 3], middle[at : at + 3], bottom[at : at + 3])
                character = GLYPHS.get(glyph)
                if character is None:
                    break
                text += character
                at += 3
            found = _CLOCK.fullmatch(text)
            if found:
                return int(found.group(1)) * 60 + int(found.group(2))
    return None


def shows_anything(lines: Sequence[str]) -> bool:
    """True once anything but blanks is on the screen (termdown's first frame)."""
    return any(line.strip() for line in lines)


# -- judging the displayed seconds --------------------------------------------


@dataclass(frozen=True)
class Seconds:
    """How well the displayed seconds kept time over one long hold.

    Lateness is measured against the grid of whole seconds set by the
    best-placed change (a delay common to every second, such as the
    terminal's own, cannot be seen from outside and does not matter to the eye).
    """

    changes: int
    worst_ms: float
    median_ms: float
    growth_ms: float
    """Median lateness of the last tenth of the changes minus that of the first tenth."""
    skipped: int
    """A second jumped over: the count fell by more than one within a step."""
    doubled: int
    """A second shown for about two, or two changes within one second."""


def judge_seconds(changes: Sequence[tuple[float, int]]) -> Seconds:
    """Judge (time seen, value shown) pairs, one per change of the countdown, in order."""
    if len(changes) < 2:
        raise ValueError("need at least two changes of the countdown")
    first = changes[0][0]
    offsets = []
    skipped = doubled = 0
    for index, (seen, value) in enumerate(changes):
        offsets.append(seen - first - round(seen - first))
        if index:
            previous_time, previous_value = changes[index - 1]
            gap = round(seen - previous_time)
            if value < previous_value - 1:
                skipped += 1
            elif gap != 1:
                doubled += max(1, gap - 1)
    best = min(offsets)
    late = [(offset - best) * 1000 for offset in offsets]
    tenth = max(1, len(late) // 10)
    return Seconds(
        changes=len(changes),
        worst_ms=round(max(late), 1),
        median_ms=round(statistics.median(late), 1),
        growth_ms=round(statistics.median(late[-tenth:]) - statistics.median(late[:tenth]), 1),
        skipped=skipped,
        doubled=doubled,
    )


# -- the table ----------------------------------------------------------------


@dataclass
class Figure:
    """One row of the table: the samples of each program, and how they compare."""

    name: str
    unit: str
    samples: dict[str, list[float]] = field(default_factory=dict)
    baseline: str = "bare"
    goal: str = ""
    """The goal, as a ratio to the baseline ('≤ 1.3×') or a bound ('< 20 ms')."""
    limit: float | None = None
    """The number the goal names: a ratio when it ends in ×, else a bound in `unit`."""

    def add(self, program: str, value: float) -> None:
        self.samples.setdefault(program, []).append(value)

    def median(self, program: str) -> float | None:
        values = self.samples.get(program)
        return statistics.median(values) if values else None

    def ratio(self, program: str = "backside") -> float | None:
        mine, theirs = self.median(program), self.median(self.baseline)
        if mine is None or theirs is None or theirs == 0:
            return None
        return mine / theirs

    def met(self) -> bool | None:
        """Whether backside meets the goal in these samples (None: no goal or no data)."""
        if self.limit is None:
            return None
        value = self.ratio() if self.goal.endswith("×") else self.median("backside")
        if value is None:
            return None
        return value < self.limit if self.goal.startswith("<") else value <= self.limit


def spread(values: Sequence[float]) -> tuple[float, float]:
    return min(values), max(values)


def _number(value: float) -> str:
    if abs(value) >= 100:
        return f"{value:.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def cell(values: Sequence[float] | None, unit: str) -> str:
    """'485 ms (470–512)': the median, and the spread when there is more than one sample."""
    if not values:
        return "–"
    median = _number(statistics.median(values))
    if len(values) == 1:
        return f"{median} {unit}"
    low, high = spread(values)
    return f"{median} {unit} ({_number(low)}–{_number(high)})"


def markdown(figures: Iterable[Figure], programs: Sequence[str]) -> str:
    """The table: one row per figure, the median (min–max) of each program, the ratio."""
    names = {"backside": "backside", "bare": "bare Textual countdown", "termdown": "termdown"}
    head = ["figure", *[names.get(p, p) for p in programs], "ratio", "goal", "met"]
    rows = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for figure in figures:
        ratio = figure.ratio()
        met = figure.met()
        cells = [
            figure.name,
            *[cell(figure.samples.get(p), figure.unit) for p in programs],
            f"{ratio:.2f}×" if ratio is not None else "–",
            figure.goal or "–",
            {True: "yes", False: "**no**", None: "–"}[met],
        ]
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows) + "\n"


def as_json(figures: Iterable[Figure], extra: dict[str, object]) -> str:
    report = {
        **extra,
        "figures": [
            {
                **asdict(figure),
                "medians": {p: figure.median(p) for p in figure.samples},
                "ratio": figure.ratio(),
                "met": figure.met(),
            }
            for figure in figures
        ],
    }
    return json.dumps(report, indent=2, ensure_ascii=False)
