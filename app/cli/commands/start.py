"""`backside` with no command: the start screen (pick a plan, Enter starts it)."""

from __future__ import annotations

import argparse


def main(args: argparse.Namespace) -> int:
    from app.store.library_file import load_library

    library = load_library(args.poses)
    from app.ui.launch import run_app

    return run_app(None, library=library)
