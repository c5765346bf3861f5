"""The choices made on the start screen, in one small dataclass.

No Textual here, so saved settings (a later issue) can store and load it.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.core.routine import PracticeOptions


@dataclass(frozen=True, slots=True)
class Choices:
    """A plan and the options that reshape it; None leaves the plan's own value."""

    plan_id: str = "quick"
    sets: int | None = None
    hold_seconds: float | None = None
    hold_breaths: int | None = None
    breath_seconds: float | None = None
    rest_seconds: float | None = None
    get_ready_seconds: float | None = None
    sound: bool = True
    voice: bool = False

    def practice_options(self) -> PracticeOptions:
        return PracticeOptions(
            sets=self.sets,
            hold_seconds=self.hold_seconds,
            hold_breaths=self.hold_breaths,
            breath_seconds=self.breath_seconds,
            rest_seconds=self.rest_seconds,
            get_ready_seconds=self.get_ready_seconds,
        )
