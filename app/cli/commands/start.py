"""`backside` with no command: the start screen (pick a plan, Enter starts it).

The start screen opens on the last plan started from it, each plan with its own
choices (`choices.json`) over the settings; the user's routines are listed beside
the plans.
"""

from __future__ import annotations

import argparse


def main(args: argparse.Namespace) -> int:
    from app.cli.main import require_terminal
    from app.store.library_file import load_library
    from app.store.plan_choices import load_plan_choices
    from app.store.settings import load_settings
    from app.system.folders import user_folders

    library = load_library(args.poses)
    loaded = load_settings(user_folders().settings_file)
    remembered = load_plan_choices(user_folders().choices_file, loaded.settings.choices())
    require_terminal()
    from app.ui.launch import run_app

    return run_app(
        None,
        choices=remembered.choices.opening,
        library=library,
        settings=loaded,
        plan_choices=remembered,
        # Sound off is a switch on the start screen: keep a player ready to switch it on.
        sound="auto" if loaded.settings.sound == "off" else loaded.settings.sound,
        volume=loaded.settings.volume,
    )
