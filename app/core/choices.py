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

    @classmethod
    def of(cls, plan_id: str, options: PracticeOptions, *, sound: bool, voice: bool) -> Choices:
        """The choices a `backside run` command line makes."""
        return cls(plan_id=plan_id, sound=sound, voice=voice, **options.model_dump())

    def practice_options(self) -> PracticeOptions:
        """The plan-shaping part: the fields Choices shares with PracticeOptions."""
        return PracticeOptions(
            **{name: getattr(self, name) for name in PracticeOptions.model_fields}
        )
