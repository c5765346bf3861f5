"""`backside run PLAN|FILE`: straight into the practice.

The plan and the options are checked before Textual starts, so a bad plan or
file is one clear message and exit status 2 (`app.cli.main` turns `DataError` into it).
Each option left out comes from the plan's choices on the start screen
(`choices.json`), then settings.toml, then the built-in defaults.
The plan is practised as `backside next` proposes (from the history), the options
over it; `--as-written` practises the plan as written.
"""

from __future__ import annotations

import argparse
from dataclasses import replace

from app.cli.commands.next import proposal_for
from app.cli.main import require_terminal
from app.cli.options import practice_options
from app.core.models import Library
from app.core.options import PracticeOptions
from app.core.plans import check_length
from app.core.steps import Timeline
from app.core.timeline import build_timeline
from app.store.library_file import load_library
from app.store.plan_choices import load_plan_choices
from app.store.plans import load_plan
from app.store.settings import Settings, load_settings
from app.system.folders import user_folders


def choices_from(
    args: argparse.Namespace,
    settings: Settings | None = None,
    chosen: PracticeOptions | None = None,
) -> PracticeOptions:
    """The command line's choices over the plan's own (`chosen`) or the settings, as the
    start screen would have made them."""
    settings = settings or Settings()
    chosen = chosen or settings.choices()
    sound = args.sound != "off" if args.sound else chosen.sound
    voice = args.voice or chosen.voice
    return replace(
        practice_options(args, settings, chosen), plan_id=args.plan, sound=sound, voice=voice
    )


def proposed_timeline(
    args: argparse.Namespace,
    library: Library,
    settings: Settings | None = None,
    chosen: PracticeOptions | None = None,
) -> Timeline:
    """The plan as the next practice proposes it (or as written), the options over it."""
    routine = load_plan(args.plan, library)
    if getattr(args, "as_written", False):
        shaped = routine.with_options(practice_options(args, settings, chosen))
        timeline = build_timeline(shaped, library)
    else:
        proposal = proposal_for(routine, library)
        shaped = proposal.apply(routine).with_options(practice_options(args, settings, chosen))
        timeline = proposal.annotate(build_timeline(shaped, library))
    check_length(timeline, args.plan)
    return timeline


def main(args: argparse.Namespace) -> int:
    library = load_library(args.poses)
    loaded = load_settings(user_folders().settings_file)
    settings = loaded.settings
    remembered = load_plan_choices(user_folders().choices_file, settings.choices())
    chosen = remembered.choices.for_plan(args.plan)
    timeline = proposed_timeline(args, library, settings, chosen)
    choices = choices_from(args, settings, chosen)
    require_terminal()
    from app.ui.launch import run_app  # Textual only once the plan is known to be good

    return run_app(
        timeline,
        choices=choices,
        library=library,
        settings=loaded,
        plan_choices=remembered,
        sound=args.sound or settings.sound,
        volume=settings.volume if args.volume is None else args.volume,
        allow_sleep=bool(args.allow_sleep),
    )
