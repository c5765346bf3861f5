"""The Footer, in two rows of keys when the screen is too narrow for one."""

from __future__ import annotations

import math

from textual import events
from textual.app import ComposeResult
from textual.widgets import Footer


class KeyFooter(Footer):
    """Textual's Footer (every key shown and clickable), in two rows when its keys
    are wider than the screen: in narrow windows, and where the practice adds a key
    (a version to swap to).
    """

    _keys: tuple[int, int] = (0, 0)
    """How many keys there are, and the columns they take in one compact row."""

    def compose(self) -> ComposeResult:
        widgets = list(super().compose())
        # The footer's keys, known by what they show (their class is not public).
        keys = [
            (str(getattr(w, "key_display", "")), str(getattr(w, "description", "")))
            for w in widgets
            if hasattr(w, "key_display")
        ]
        self._keys = (len(keys), sum(len(key) + len(what) + 2 for key, what in keys))
        yield from widgets
        self._fit(self.app.size.width)

    def on_resize(self, event: events.Resize) -> None:
        self._fit(event.size.width)

    def _fit(self, width: int) -> None:
        count, needed = self._keys
        two_rows = needed > width
        self.set_class(two_rows, "-two-rows")
        if two_rows:
            self.styles.grid_size_columns = math.ceil(count / 2)
