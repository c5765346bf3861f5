"""`backside run PLAN|FILE`: straight into the practice.

The plan and the options are checked before Textual starts, so a bad plan or
file is one clear message and exit status 2 (cli.py turns `DataError` into it).
"""

from __future__ import annotations

import argparse

from app.commands.plan import timeline_for
from app.ui.choices import Choices


def choices_from(args: argparse.Namespace) -> Choices:
    return Choices(
        plan_id=args.plan,
        sets=args.sets,
        hold_seconds=args.hold_seconds,
        hold_breaths=args.hold_breaths,
        breath_seconds=args.breath_seconds,
        rest_seconds=args.rest_seconds,
        get_ready_seconds=args.get_ready_seconds,
        sound=args.sound != "off",
        voice=bool(args.voice),
    )


def main(args: argparse.Namespace) -> int:
    timeline = timeline_for(args)
    from app.library_file import load_library
    from app.ui.launch import run_app

    return run_app(
        timeline,
        choices=choices_from(args),
        library=load_library(args.poses),
        sound=args.sound,
        volume=args.volume,
        allow_sleep=bool(args.allow_sleep),
    )
