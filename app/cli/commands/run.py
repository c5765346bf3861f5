"""`backside run PLAN|FILE`: straight into the practice.

The plan and the options are checked before Textual starts, so a bad plan or
file is one clear message and exit status 2 (cli.py turns `DataError` into it).
"""

from __future__ import annotations

import argparse

from app.cli.commands.plan import timeline_for
from app.cli.options import practice_options
from app.core.choices import Choices
from app.store.library_file import load_library


def choices_from(args: argparse.Namespace) -> Choices:
    """The command line's choices, as the start screen would have made them."""
    sound = args.sound != "off"
    return Choices.of(args.plan, practice_options(args), sound=sound, voice=bool(args.voice))


def main(args: argparse.Namespace) -> int:
    library = load_library(args.poses)
    timeline = timeline_for(args, library)
    from app.ui.launch import run_app  # Textual only once the plan is known to be good

    return run_app(
        timeline,
        choices=choices_from(args),
        library=library,
        sound=args.sound,
        volume=args.volume,
        allow_sleep=bool(args.allow_sleep),
    )
