"""The `backside` command line.

argparse keeps start-up fast; each command's module is imported only when that
command runs, and only `run` (and the bare `backside`) import Textual.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from app import __version__
from app.core.errors import DataError

#: Exit status for a file or option that cannot be used.
EXIT_DATA_ERROR = 2


class _Parser(argparse.ArgumentParser):
    """argparse, with a usage error as one line and a pointer to --help."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_DATA_ERROR, f"{self.prog}: {message}\n(see: {self.prog} --help)\n")


def _add_plan_options(parser: argparse.ArgumentParser) -> None:
    """Options shared by `plan` and `run`: they reshape a plan before it is timed."""
    from app.cli.options import add_plan_options

    add_plan_options(parser)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="backside",
        description=(
            "A guided yoga practice for runners: strength for the feet, calves, "
            "hamstrings, glutes and back. With no command, opens the start screen."
        ),
    )
    parser.add_argument("--version", action="version", version=f"backside {__version__}")
    parser.add_argument(
        "--poses",
        metavar="FILE",
        type=Path,
        help="use this pose library instead of the built-in one",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    poses = commands.add_parser("poses", help="list the poses, or show one whole")
    poses.add_argument("pose_id", nargs="?", metavar="ID", help="the pose to show")
    poses.add_argument("--json", action="store_true", help="print JSON")

    validate = commands.add_parser("validate", help="check a pose library or routine file")
    validate.add_argument("file", type=Path, metavar="FILE")

    commands.add_parser("schema", help="print the JSON Schema of a pose library")

    plans = commands.add_parser("plans", help="list the built-in plans and your routines")
    plans.add_argument("--json", action="store_true", help="print JSON")

    new = commands.add_parser("new", help="write a routine of your own to start from")
    new.add_argument("name", nargs="?", metavar="NAME", help="its name (default: my-routine)")
    edit = commands.add_parser("edit", help="change one of your routines in your editor")
    edit.add_argument("name", metavar="NAME", help="the routine (see `backside plans`)")

    settings = commands.add_parser(
        "settings", help="show your defaults and where each comes from; set or unset one"
    )
    settings.add_argument("--json", action="store_true", help="print JSON")
    changes = settings.add_subparsers(dest="action", metavar="ACTION", parser_class=_Parser)
    set_ = changes.add_parser("set", help="set KEY to VALUE in settings.toml")
    set_.add_argument("key", metavar="KEY")
    set_.add_argument("value", metavar="VALUE")
    unset = changes.add_parser("unset", help="remove KEY: the built-in default applies")
    unset.add_argument("key", metavar="KEY")

    plan = commands.add_parser("plan", help="print every step of a plan, in order")
    plan.add_argument("plan", metavar="PLAN", help="a plan, routine or file (see `backside plans`)")
    _add_plan_options(plan)
    plan.add_argument("--json", action="store_true", help="print JSON")

    run = commands.add_parser("run", help="start a practice straight away")
    run.add_argument("plan", metavar="PLAN|FILE", help="a plan, one of your routines, or a file")
    _add_plan_options(run)
    from app.cli.options import add_run_options

    add_run_options(run)

    sounds = commands.add_parser("sounds", help="list the sound backends, or play each chime")
    sounds.add_argument("--play", action="store_true", help="play the five chimes, one by one")
    sounds.add_argument(
        "--sound", metavar="MODE", help="use this backend (see `backside run --help`)"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    command = args.command or "start"
    module = importlib.import_module(f"app.cli.commands.{command}")
    try:
        status: int = module.main(args)
    except DataError as error:
        print(f"backside: {error}", file=sys.stderr)
        return EXIT_DATA_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`backside plan full | head`): not an error of ours.
        # Point stdout at nothing so the interpreter's final flush stays quiet.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    return status


if __name__ == "__main__":
    raise SystemExit(main())
