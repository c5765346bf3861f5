"""Which of a step's cues is current at a moment: the ▶ of the practice screen, and the voice.

The practice screen marks one cue of the step with ▶ and walks it through the
cues at a steady pace; at the voice level `cues` each cue is spoken as the ▶
reaches it. Both ask here, so what is shown and what is said never part:
`walked_cues` says which cues are walked, `cue_at` which one is current after
some seconds of the step, `next_cue_after` when the ▶ moves on (the engine
reports it then, as `CueReached`).
"""

from __future__ import annotations

import math

from app.core.steps import Step

CUE_SECONDS = 6.0
"""A cue stays current this long before the next one takes over."""
CUE_MIN_SECONDS = 2.0
"""A get-ready step hurries its set-up cues along, but no faster than this."""


def walked_cues(step: Step) -> tuple[str, ...]:
    """The cues the ▶ walks through in `step`, in order (none: no ▶)."""
    return () if step.is_end else step.cues


def cue_seconds(step: Step) -> float:
    """How long each cue stays current: a get-ready fits its set-up into its time."""
    cues = walked_cues(step)
    if step.is_get_ready and cues:
        return max(CUE_MIN_SECONDS, min(CUE_SECONDS, step.duration / len(cues)))
    return CUE_SECONDS


def cue_slot(step: Step, elapsed: float) -> int:
    """How many times the ▶ has moved by `elapsed` seconds into the step (0 at its start)."""
    return max(0, math.floor(elapsed / cue_seconds(step) + 1e-9))


def cue_at(step: Step, elapsed: float) -> int | None:
    """The index in `walked_cues(step)` of the cue current `elapsed` seconds into the step;
    after the last, the ▶ starts again from the first. None when the step has no cues."""
    cues = walked_cues(step)
    if not cues:
        return None
    return cue_slot(step, elapsed) % len(cues)


def next_cue_after(step: Step, elapsed: float) -> float | None:
    """Seconds into the step at which the ▶ next moves, after `elapsed`; None without cues."""
    if not walked_cues(step):
        return None
    return (cue_slot(step, elapsed) + 1) * cue_seconds(step)
