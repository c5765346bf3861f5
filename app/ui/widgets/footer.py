"""The Footer, in two rows of keys when the screen is too narrow for one."""

from __future__ import annotations

import math

from textual import events
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer

#: What the footer shows of a screen's keys; the same twice means nothing to redraw.
Shown = tuple[tuple[str, str, str, bool, str], ...]


class KeyFooter(Footer):
    """Textual's Footer (every key shown and clickable), in two rows when its keys
    are wider than the screen: in narrow windows, and where the practice adds a key
    (a version to swap to).
    """

    _keys: tuple[int, int] = (0, 0)
    """How many keys there are, and the columns they take in one compact row."""
    _shown: Shown | None = None

    def bindings_changed(self, screen: Screen[object]) -> None:
        # Textual rebuilds the footer (a dozen widgets, each styled anew) whenever a
        # screen refreshes its bindings, as the practice does at every step. Most
        # steps show the same keys: rebuild only when what is shown changes.
        will_redraw = screen.app.app_focus and self.is_attached and screen is self.screen
        if will_redraw:
            shown = keys_shown(screen)
            if shown == self._shown:
                return
            self._shown = shown
        super().bindings_changed(screen)

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


def keys_shown(screen: Screen[object]) -> Shown:
    """The keys `screen` offers in a footer, with what each says and whether it is enabled."""
    return tuple(
        (binding.key, binding.description, binding.action, enabled, tooltip)
        for _, binding, enabled, tooltip in screen.active_bindings.values()
        if binding.show
    )
