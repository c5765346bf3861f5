"""The practice guidance in words: why, when and how to practise, and after a run.

One place for the text that `backside about` prints and the start screen's
"about these poses" shows, so the two never drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.core.models import Library, to_data


@dataclass(frozen=True, slots=True)
class GuidanceSection:
    """A heading and its points, in the order to read them."""

    key: str
    """A stable name for JSON: "why", "when", "how", "after_run"."""
    title: str
    points: tuple[str, ...]


def _range(low: int, high: int, unit: str) -> str:
    return f"{low} {unit}" if low == high else f"{low} to {high} {unit}"


def guidance_sections(library: Library) -> tuple[GuidanceSection, ...]:
    """What the library says about practising its poses, as headed lists."""
    guide = library.guidance
    seconds = _range(guide.hold_seconds.low, guide.hold_seconds.high, "seconds")
    breaths = _range(guide.hold_breaths.low, guide.hold_breaths.high, "breaths")
    sets = _range(guide.sets.low, guide.sets.high, "sets")
    warm_up = library.sequence(guide.warm_up)
    how = [
        f"Hold each pose {seconds} ({breaths}), then move on to the next.",
        f"Do {sets}"
        + (
            ", a different version each set, or the ones that suit you."
            if guide.vary_versions
            else "."
        ),
        "Inside a yoga class, hold each for a single breath, woven among other poses.",
        f"Opposite arm and leg lifts: one lift per breath, or hold each side {breaths};"
        f" build, over weeks, to {guide.lift_goal_per_side} lifts a side.",
        f"Warm up first with a few rounds of {warm_up.name}, and stretch after.",
    ]
    sections = [
        GuidanceSection("why", "Why a strong back body", guide.why),
        GuidanceSection("when", "When to practise", guide.when),
        GuidanceSection("how", "How to practise", tuple(how)),
        GuidanceSection("after_run", "Straight after a run", guide.after_run),
    ]
    return tuple(section for section in sections if section.points)


def guidance_json(library: Library) -> dict[str, object]:
    """The guidance as data: every section's points, and the numbers behind them."""
    guide = library.guidance
    return {
        "sections": [
            {"key": s.key, "title": s.title, "points": list(s.points)}
            for s in guidance_sections(library)
        ],
        **to_data(guide),
    }
