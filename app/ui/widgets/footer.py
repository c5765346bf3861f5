"""The Footer, in two rows of keys when the screen is too narrow for one."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.widgets import Footer

#: Below this width the keys take two rows.
TWO_ROWS_BELOW = 70
#: Keys in a row when there are two rows.
KEYS_PER_ROW = 5


class KeyFooter(Footer):
    """Textual's Footer (every key shown and clickable), wrapped to two rows when narrow."""

    def compose(self) -> ComposeResult:
        yield from super().compose()
        self._fit(self.app.size.width)

    def on_resize(self, event: events.Resize) -> None:
        self._fit(event.size.width)

    def _fit(self, width: int) -> None:
        two_rows = width < TWO_ROWS_BELOW
        self.set_class(two_rows, "-two-rows")
        if two_rows:
            self.styles.grid_size_columns = KEYS_PER_ROW
