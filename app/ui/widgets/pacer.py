"""A breath pacer: a bar that fills on the inhale and empties on the exhale."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from app.core.models import Breath

_EIGHTHS = " ▏▎▍▌▋▊▉"


class Pacer(Widget):
    """Shows how full the lungs should be: driven by the engine's breath phase."""

    DEFAULT_CSS = """
    Pacer { height: 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._fraction = 0.0
        self._drawn: int | None = None

    @property
    def fraction(self) -> float:
        return self._fraction

    def show(self, phase: Breath | None, progress: float) -> None:
        """Fill to match `progress` through an inhale (or emptied through an exhale)."""
        progress = min(1.0, max(0.0, progress))
        self._fraction = progress if phase is Breath.INHALE else 1.0 - progress
        if phase is None:
            self._fraction = 0.0
        units = self._units(self.size.width)
        if units != self._drawn:
            # Noted here, not only in render(): hidden, the pacer is never rendered,
            # and would otherwise ask for a repaint on every pulse.
            self._drawn = units
            self.refresh()

    def _units(self, width: int) -> int:
        return round(self._fraction * width * 8)

    def render(self) -> Text:
        width = self.size.width
        units = self._units(width)
        self._drawn = units
        full, part = divmod(units, 8)
        bar = "█" * full + (_EIGHTHS[part] if part and full < width else "")
        return Text(bar.ljust(width)[:width], style="bold")
