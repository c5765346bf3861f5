"""`backside plan PLAN`: every step of a practice, in order, with its chimes."""

from __future__ import annotations

import argparse
import json
import sys

from app.cli.options import practice_options
from app.core.models import Library
from app.core.options import OPTIONS, PracticeOptions, option
from app.core.plans import check_length
from app.core.steps import Step, Timeline
from app.core.timefmt import clock, offset
from app.core.timeline import build_timeline
from app.store.library_file import load_library
from app.store.plan_choices import load_plan_choices
from app.store.plans import load_plan
from app.store.settings import Settings, load_settings
from app.system.folders import user_folders


def timeline_for(
    args: argparse.Namespace,
    library: Library,
    settings: Settings | None = None,
    chosen: PracticeOptions | None = None,
) -> Timeline:
    """The timeline `plan` and `run` share: the plan reshaped by the options, the plan's
    choices from the start screen (`chosen`) and the settings."""
    options = practice_options(args, settings, chosen)
    routine = load_plan(args.plan, library).with_options(options)
    timeline = build_timeline(routine, library)
    check_length(timeline, args.plan)
    return timeline


#: The settings that reshape a plan.
PLAN_KEYS = frozenset(entry.name for entry in OPTIONS if entry.shapes_plan)


def step_json(step: Step) -> dict[str, object]:
    return {
        "index": step.index,
        "start": round(step.start, 3),
        "duration": round(step.duration, 3),
        "kind": step.kind.value,
        "section": step.section.value,
        "title": step.title,
        "subtitle": step.subtitle,
        "pose": step.pose_id,
        "version": step.version_id,
        "item": step.item_id,
        "side": step.side.value if step.side else None,
        "side_label": step.side_label or None,
        "set": step.set_number,
        "sets": step.set_count,
        "measure": step.measure.value,
        "target": step.target,
        "cues": list(step.cues),
        "notes": list(step.notes),
        "fallback": step.fallback.version_id if step.fallback else None,
        "chimes": [
            {
                "chime": point.chime.value,
                "at": round(step.start + point.offset_in(step.duration), 3),
                **({"count": point.count} if point.count is not None else {}),
            }
            for point in step.chimes
        ],
    }


def _what(step: Step) -> str:
    parts = [step.title]
    if step.subtitle:
        parts.append(step.subtitle)
    return ", ".join(parts)


def _chimes(step: Step) -> str:
    names = []
    for point in step.chimes:
        names.append(str(point.count) if point.count is not None else point.chime.value)
    return " ".join(names)


def main(args: argparse.Namespace) -> int:
    loaded = load_settings(user_folders().settings_file)
    if loaded.notice:
        print(f"backside: {loaded.notice}", file=sys.stderr)
    remembered = load_plan_choices(user_folders().choices_file, loaded.settings.choices())
    if remembered.notice:
        print(f"backside: {remembered.notice}", file=sys.stderr)
    own = remembered.choices.plans.get(args.plan, {})
    chosen = remembered.choices.for_plan(args.plan)
    timeline = timeline_for(args, load_library(args.poses), loaded.settings, chosen)
    if args.json:
        document = {
            "plan": timeline.routine_id,
            "name": timeline.name,
            "total_seconds": round(timeline.total, 3),
            "steps": [step_json(step) for step in timeline.steps],
        }
        print(json.dumps(document, indent=2))
        return 0
    print(f"{timeline.name} ({timeline.routine_id}): {len(timeline.steps)} steps\n")
    print(f"{'start':>7} {'length':>6}  {'kind':<12} {'set':<4} {'side':<5} {'what':<40} chimes")
    for step in timeline.steps:
        set_text = f"{step.set_number}/{step.set_count}" if step.set_number else ""
        side = step.side.value if step.side else ""
        print(
            f"{offset(step.start):>7} {clock(step.duration):>6}  {step.kind.value:<12} "
            f"{set_text:<4} {side:<5} {_what(step)[:40]:<40} {_chimes(step)}"
        )
    print(f"\ntotal {clock(timeline.total)}")
    if loaded.given & PLAN_KEYS:
        given = ", ".join(sorted(loaded.given & PLAN_KEYS))
        print(f"(with your settings: {given}; see backside settings)")
    base = remembered.choices.base
    shaped = [
        f"{option(name).name} {'as planned' if value is None else f'{value:g}'}"
        for name, value in own.items()
        if option(name).shapes_plan and (value is not None or getattr(base, name) is not None)
    ]
    if shaped:
        print(f"(with your start-screen choices for {args.plan}: {', '.join(shaped)})")
    return 0
