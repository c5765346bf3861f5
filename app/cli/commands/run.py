"""`backside run PLAN|FILE`: straight into the practice.

The plan and the options are checked before Textual starts, so a bad plan or
file is one clear message and exit status 2 (`app.cli.main` turns `DataError` into it).
Each option left out comes from settings.toml, then from the built-in defaults.
"""

from __future__ import annotations

import argparse
from dataclasses import replace

from app.cli.commands.plan import timeline_for
from app.cli.main import require_terminal
from app.cli.options import practice_options
from app.core.options import PracticeOptions
from app.store.library_file import load_library
from app.store.settings import Settings, load_settings
from app.system.folders import user_folders


def choices_from(args: argparse.Namespace, settings: Settings | None = None) -> PracticeOptions:
    """The command line's choices over the settings, as the start screen would have made them."""
    settings = settings or Settings()
    mode = args.sound or settings.sound
    voice = args.voice or settings.voice
    return replace(
        practice_options(args, settings), plan_id=args.plan, sound=mode != "off", voice=voice
    )


def main(args: argparse.Namespace) -> int:
    library = load_library(args.poses)
    loaded = load_settings(user_folders().settings_file)
    settings = loaded.settings
    timeline = timeline_for(args, library, settings)
    choices = choices_from(args, settings)
    require_terminal()
    from app.ui.launch import run_app  # Textual only once the plan is known to be good

    return run_app(
        timeline,
        choices=choices,
        library=library,
        settings=loaded,
        sound=args.sound or settings.sound,
        volume=settings.volume if args.volume is None else args.volume,
        allow_sleep=bool(args.allow_sleep),
    )
