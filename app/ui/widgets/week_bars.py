"""Minutes per week as vertical bars, scaled from zero, with the weeks named underneath.

Textual's Sparkline scales from the smallest value shown, so among twelve weeks
of practice the lightest one would look like no practice at all; these bars
start at zero, so a short week looks short and an empty week looks empty.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rich.text import Text
from textual.widget import Widget

_EIGHTHS = " ▁▂▃▄▅▆▇█"


class WeekBars(Widget):
    """One bar per week; the top row holds the largest figure."""

    DEFAULT_CSS = """
    WeekBars { height: 5; }
    """

    def __init__(self, weeks: Sequence[tuple[date, float]], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.weeks = list(weeks)

    def render(self) -> Text:
        rows = max(1, self.size.height - 1)  # the last row names the weeks
        count = max(1, len(self.weeks))
        slot = max(2, min(6, self.size.width // count))
        bar = max(1, slot - 1)
        top = max((minutes for _, minutes in self.weeks), default=0.0)
        heights = [round(minutes / top * rows * 8) if top > 0 else 0 for _, minutes in self.weeks]
        text = Text(no_wrap=True, overflow="crop")
        for row in range(rows - 1, -1, -1):
            for eighths in heights:
                filled = min(8, max(0, eighths - row * 8))
                text.append((_EIGHTHS[filled] * bar).ljust(slot), style="bold")
            text.append("\n")
        # Each week's Monday as its day of the month; a new month shows its name.
        month = None
        for monday, _ in self.weeks:
            name = monday.strftime("%b")
            label = name if monday.month != month and len(name) <= bar else str(monday.day)
            month = monday.month
            text.append(label[:bar].ljust(slot), style="dim")
        return text
