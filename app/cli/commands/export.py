"""`backside export --fit`: practices from the history as FIT activity files.

One `.fit` per practice, named from its start and plan
(`2026-12-05-0730-strength.fit`), for Garmin Connect, Strava or intervals.icu.
Prints each path written; never writes over a file without `--force`. Reads the
history as `backside history` does (and says so the same way when it cannot).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from app.cli.commands.history import read_practices
from app.core.errors import DataError
from app.core.practice_log import LoggedPractice


def practice_id(text: str) -> int:
    """argparse type for a practice id: a whole number, as `backside history --json` shows it."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a practice id (see the practice_id of `backside history --json`)"
        )
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from app.cli.commands.history import since_date

    parser.add_argument(
        "ids", nargs="*", type=practice_id, metavar="PRACTICE_ID", help="these practices"
    )
    parser.add_argument("--last", action="store_true", help="the last practice")
    parser.add_argument(
        "--since", metavar="DATE", type=since_date, help="every practice from this day on"
    )
    parser.add_argument("--all", action="store_true", help="every practice")
    parser.add_argument(
        "--fit",
        action="store_true",
        required=True,
        help="as FIT activity files (for Garmin Connect, Strava, intervals.icu)",
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="DIR",
        type=Path,
        help="write the files into DIR (default: the fit-folder setting, else here)",
    )
    parser.add_argument("--force", action="store_true", help="write over files already there")


def output_folder(folder: Path) -> Path:
    """`folder` if files can be written in it; a `DataError` saying why not."""
    folder = folder.expanduser()
    if not folder.exists():
        raise DataError(f"{folder}: no such folder")
    if not folder.is_dir():
        raise DataError(f"{folder} is not a folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise DataError(f"{folder}: cannot write there (permission denied)")
    return folder


def _default_folder() -> Path:
    from app.store.settings import load_settings
    from app.system.folders import user_folders

    loaded = load_settings(user_folders().settings_file)
    chosen = loaded.settings.value("fit-folder")
    return Path(str(chosen)) if chosen else Path.cwd()


def chosen(args: argparse.Namespace, practices: list[LoggedPractice]) -> list[LoggedPractice]:
    """The practices the arguments name, in the history's order."""
    from app.cli.commands.history import _day_start

    if not (args.ids or args.last or args.since or args.all):
        raise DataError(
            "say which practices: PRACTICE_ID ..., --last, --since DATE or --all"
            " (the ids: `backside history --json`)"
        )
    by_id = {practice.id: practice for practice in practices}
    for wanted in args.ids:
        if wanted not in by_id:
            raise DataError(
                f"no practice {wanted} in the history (the ids: `backside history --json`)"
            )
    picked = set(args.ids)
    if args.last and practices:
        picked.add(practices[-1].id)
    if args.all:
        picked.update(by_id)
    since = _day_start(args.since)
    if since is not None:
        picked.update(p.id for p in practices if p.started_at >= since)
    return [practice for practice in practices if practice.id in picked]


def main(args: argparse.Namespace) -> int:
    folder = output_folder(args.output if args.output is not None else _default_folder())
    _, practices = read_practices()
    picked = chosen(args, practices)
    if not picked:
        print("No practices to export", file=sys.stderr)
        return 0
    from app.store.fit_file import FitFileExists, write_fit

    for practice in picked:
        shown = f"practice {practice.id} ({practice.started_at.astimezone():%Y-%m-%d %H:%M})"
        if practice.active_seconds <= 0:
            print(f"backside: {shown}: no active time; skipped", file=sys.stderr)
            continue
        try:
            path = write_fit(practice, folder, force=args.force)
        except FitFileExists as error:
            print(f"backside: {error}; kept it", file=sys.stderr)
            continue
        except OSError as error:
            raise DataError(f"{folder}: cannot write there ({error.strerror or error})") from None
        print(path)
    return 0
