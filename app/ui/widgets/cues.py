"""The cues of a pose, the current one highlighted."""

from __future__ import annotations

import textwrap
from typing import ClassVar

from rich.text import Text
from textual.geometry import Size
from textual.widget import Widget


class CueList(Widget):
    """A list of short cues; the current one is marked and styled `cue-list--current`."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"cue-list--current", "cue-list--other"}

    DEFAULT_CSS = """
    CueList { height: auto; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._cues: tuple[str, ...] = ()
        self._current = 0

    @property
    def current(self) -> int:
        return self._current

    @property
    def cues(self) -> tuple[str, ...]:
        return self._cues

    def show(self, cues: tuple[str, ...], current: int) -> None:
        if cues != self._cues or current != self._current:
            # The next cue of the same list is a repaint; only a longer or shorter
            # list changes the height the layout gives it.
            layout = len(cues) != len(self._cues)
            self._cues = cues
            self._current = current
            self.refresh(layout=layout)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._cues) + 1  # room for the current cue to wrap once

    def render(self) -> Text:
        height = max(1, self.size.height)
        width = max(10, self.size.width)
        # The current cue is wrapped so it is read whole; the others keep one line each.
        rows: list[tuple[str, bool]] = []
        current_row = 0
        for number, cue in enumerate(self._cues):
            if number == self._current:
                current_row = len(rows)
                lines = textwrap.wrap(cue, width - 2) or [""]
                rows.extend(
                    (("▶ " if i == 0 else "  ") + line, True) for i, line in enumerate(lines)
                )
            else:
                rows.append((f"  {cue}", False))
        # Keep the current cue in view, with the one before it when there is room.
        first = 0
        if len(rows) > height:
            first = min(max(0, current_row - 1), len(rows) - height)
        current_style = self.get_component_rich_style("cue-list--current")
        other_style = self.get_component_rich_style("cue-list--other")
        text = Text(no_wrap=True, overflow="ellipsis")
        for position, (line, current) in enumerate(rows[first : first + height]):
            if position:
                text.append("\n")
            text.append(line, style=current_style if current else other_style)
        return text
