"""What a listener of a practice can be: the roles the sound, voice and history take on.

A `PracticeSession` gives every engine event to each listener (`EventListener`);
a listener that also mutes, speaks, explains its silence or wants to know when
a practice begins says so by implementing the other protocols here. The
implementers (`app/sound/cues.py`, `app/store/history_log.py`) subclass these
explicitly; anything with the methods (a test's recorder) works as well.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from app.core.events import Event
    from app.core.options import PracticeOptions
    from app.core.practice_log import Feeling
    from app.core.steps import Timeline


@runtime_checkable
class EventListener(Protocol):
    """Anything that reacts to the engine's events: the chime player, the voice, the history."""

    def handle(self, event: Event) -> None: ...


@runtime_checkable
class Mutable(Protocol):
    """A listener that can be muted with `m` (the chime player)."""

    def set_muted(self, muted: bool) -> None: ...


@runtime_checkable
class Silent(Protocol):
    """A listener that can say why unmuting would play nothing (`--sound off`)."""

    def why_silent(self) -> str: ...


@runtime_checkable
class Voiced(Protocol):
    """A listener that speaks, at a level of `VOICE_LEVELS` ("off" with `v`)."""

    def set_voice(self, level: str) -> None: ...


@runtime_checkable
class Speechless(Protocol):
    """A listener that can say why turning the voice on would say nothing (no speech program)."""

    def why_speechless(self) -> str: ...


@runtime_checkable
class Expects(Protocol):
    """A listener told when the next sound may be due, in seconds from now (None: nothing
    is due), so the chime player can let its stream sleep and open it ahead of that."""

    def expect_sound(self, in_seconds: float | None) -> None: ...


@runtime_checkable
class Feels(Protocol):
    """A listener that keeps how the practice that ended last felt (the history)."""

    def feel(self, feeling: Feeling | None, pain_pose: str | None = None) -> None: ...


@runtime_checkable
class Begins(Protocol):
    """A listener told of each practice as it starts (the history writes its session row)."""

    def begin(self, timeline: Timeline, choices: PracticeOptions) -> None: ...
