"""The whole practice's progress: Textual's ProgressBar, repainted only when it moves."""

from __future__ import annotations

from textual.widgets import ProgressBar


class SessionBar(ProgressBar):
    """A ProgressBar without an ETA, so nothing to repaint between the practice's seconds.

    Textual's ProgressBar asks itself for an update once a second to refresh its
    ETA; with no ETA shown that repaint is wasted, so a bare `update()` is a no-op.
    """

    def __init__(self, *, total: float, id: str | None = None) -> None:
        super().__init__(total=total, show_eta=False, show_percentage=False, id=id)

    def update(self, **changes: float | None) -> None:  # type: ignore[override]
        if changes:
            super().update(**changes)  # type: ignore[arg-type]
