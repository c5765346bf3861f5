"""The `backside` command line.

argparse keeps start-up fast; each command's module is imported only when that
command runs, and only `run` (and the bare `backside`) import Textual.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import gc
import importlib
import os
import re
import sys

from app import __version__
from app.core.errors import DataError

# `backside --help` is the quickest command: typing and pathlib are imported
# only where they are used, and only the command being run gets its options.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path
    from typing import Any, NoReturn

#: Exit status for a file or option that cannot be used.
EXIT_DATA_ERROR = 2


class _Parser(argparse.ArgumentParser):
    """argparse, with a usage error as one line and a pointer to --help."""

    commands: Any = None
    """The `add_subparsers` action, once made: it knows the commands' names."""

    def _print_message(self, message: str, file: Any = None) -> None:
        # argparse ignores a failed write; here it is an output that cannot be written.
        if message:
            (file or sys.stderr).write(message)

    def error(self, message: str) -> NoReturn:
        message = _cut_long_words(message)
        self.exit(EXIT_DATA_ERROR, f"{self.prog}: {message}\n(see: {self.prog} --help)\n")

    def command_names(self) -> list[str]:
        return [] if self.commands is None else list(self.commands.choices)


def _add_plan_options(parser: argparse.ArgumentParser) -> None:
    """Options shared by `plan` and `run`: they reshape a plan before it is timed."""
    from app.cli.options import add_plan_options

    add_plan_options(parser)


def _path(text: str) -> Path:
    from pathlib import Path

    if not text:  # Path("") is the current folder: never what an empty value meant
        raise argparse.ArgumentTypeError("an empty name; give a file or folder")
    return Path(text)


def build_parser(arguments: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The whole command line; given the arguments, `plan`, `run`, `history` and
    `stats` get their options only when they are the command (the options import
    modules of their own, which `backside --help` does not need)."""

    def wanted(command: str) -> bool:
        return arguments is None or command in arguments

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
        type=_path,
        help="use this pose library instead of the built-in one",
    )
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        type=_path,
        help="keep the practice history in DIR (default: $BACKSIDE_DATA_DIR,"
        " else ~/.local/share/backside or the platform's data folder)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    parser.commands = commands

    poses = commands.add_parser("poses", help="list the poses, or show one whole")
    poses.add_argument("pose_id", nargs="?", metavar="ID", help="the pose to show")
    poses.add_argument("--json", action="store_true", help="print JSON")

    about = commands.add_parser("about", help="why, when and how to practise the poses")
    about.add_argument("--json", action="store_true", help="print JSON")

    validate = commands.add_parser("validate", help="check a pose library or routine file")
    validate.add_argument("file", type=_path, metavar="FILE")

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
    if wanted("plan"):
        _add_plan_options(plan)
    plan.add_argument("--json", action="store_true", help="print JSON")

    run = commands.add_parser("run", help="start a practice straight away")
    run.add_argument("plan", metavar="PLAN|FILE", help="a plan, one of your routines, or a file")
    run.add_argument(
        "--as-written",
        action="store_true",
        help="the plan as written, not the next practice `backside next` proposes",
    )
    if wanted("run"):
        _add_plan_options(run)
        from app.cli.options import add_run_options

        add_run_options(run)

    next_ = commands.add_parser(
        "next",
        help="the next practice of a plan, from your history, and why",
        description="The next practice of PLAN (by default the `plan` setting), from your"
        " history and how the last practices felt; `--explain` prints the rules.",
    )
    next_.add_argument("plan", metavar="PLAN", nargs="?", help="a plan or routine")
    next_.add_argument("--json", action="store_true", help="print JSON")
    next_.add_argument("--explain", action="store_true", help="print the rules, in words")

    _add_history_commands(commands, options=wanted("history") or wanted("stats"))

    export = commands.add_parser(
        "export",
        help="practices as FIT activity files, for Garmin Connect, Strava, intervals.icu",
        description="Write one FIT activity file per practice, named from its start and plan,"
        " and print the paths. A file already there is kept unless --force is given.",
    )
    if wanted("export"):
        from app.cli.commands.export import add_arguments

        add_arguments(export)

    remind = commands.add_parser(
        "remind",
        help="a reminder to practise: set it (mon,wed,fri 07:30), show it, or turn it off",
        description="A reminder on this machine, as a desktop notification naming the next"
        " practice and the streak. DAYS: mon,wed,fri (any of mon tue wed thu fri sat sun),"
        " daily, weekdays or weekends; TIME: HH:MM, 24-hour. `backside remind` shows it;"
        " `backside remind off` removes it. Uses a systemd user timer; without one, prints"
        " the crontab line that does the same.",
    )
    remind.add_argument("days", nargs="?", metavar="DAYS|off", help="the days, or off")
    remind.add_argument("time", nargs="?", metavar="TIME", help="the time of day, HH:MM")
    remind.add_argument("--notify", action="store_true", help=argparse.SUPPRESS)

    sounds = commands.add_parser("sounds", help="list the sound backends, or play each chime")
    sounds.add_argument("--play", action="store_true", help="play the five chimes, one by one")
    sounds.add_argument(
        "--sound", metavar="MODE", help="use this backend (see `backside run --help`)"
    )
    return parser


def _add_history_commands(
    commands: argparse._SubParsersAction[_Parser], *, options: bool = True
) -> None:
    history_help = "the practices so far, one line each (--json, --csv: every step)"
    stats_help = "practices, minutes, the streak, time per pose, lifts over time"
    if not options:
        commands.add_parser("history", help=history_help)
        commands.add_parser("stats", help=stats_help)
        return
    from app.cli.commands.history import positive, since_date
    from app.core.progress import STREAK_RULE

    history = commands.add_parser(
        "history",
        help=history_help,
        description="The practices so far, one line each. --json and --csv hold every step"
        " (the columns are listed in the README).",
    )
    history.add_argument(
        "--since", metavar="DATE", type=since_date, help="from this day on (YYYY-MM-DD)"
    )
    history.add_argument("--limit", metavar="N", type=positive, help="only the last N practices")
    export = history.add_mutually_exclusive_group()
    export.add_argument("--json", action="store_true", help="print JSON, with every step")
    export.add_argument("--csv", action="store_true", help="print CSV, one row per step")

    stats = commands.add_parser(
        "stats",
        help=stats_help,
        description=f"Practices and minutes this week and in all, the streak, time in each"
        f" pose, and the best alternating lifts per side each week. The streak: {STREAK_RULE}.",
    )
    stats.add_argument("--json", action="store_true", help="print JSON")


def main(argv: Sequence[str] | None = None) -> int:
    # Start-up makes many objects and frees few: collecting them is wasted time.
    # A practice turns collection back on after its first frame (ui/launch.py).
    gc.disable()
    try:
        return _main(argv)
    finally:
        gc.enable()


def _main(argv: Sequence[str] | None) -> int:
    _forgiving_output()
    if sys.stdout is None:  # started with stdout closed (`backside history >&-`)
        sys.stdout = _ClosedOutput()
    arguments = list(sys.argv[1:] if argv is None else argv)
    try:
        status = _run(arguments)
        sys.stdout.flush()  # here, not at exit, so a full disk is one clear line
    except DataError as error:
        _tell(f"backside: {_printable(_cut_long_words(str(error)))}")
        return EXIT_DATA_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`backside plan full | head`): not an error of ours.
        _silence(sys.stdout)
        return 0
    except OSError as error:
        if error.errno not in _OUTPUT_ERRNOS or not _is_output_error(error):
            raise
        _silence(sys.stdout)
        _tell(f"backside: cannot write the output: {error.strerror or error}")
        return EXIT_DATA_ERROR
    return status


def _run(arguments: list[str]) -> int:
    parser = build_parser(arguments)
    try:
        from app.cli.options import bare_levels_joined

        args = parser.parse_args(bare_levels_joined(_negative_values_joined(arguments)))
    except SystemExit as exit_:
        if not exit_.code:  # --help, --version: was it written?
            sys.stdout.flush()
        raise
    if args.data_dir is not None:
        # The one override every part reads (app.system.folders), for this run.
        os.environ["BACKSIDE_DATA_DIR"] = str(args.data_dir.expanduser())
    command = args.command or "start"
    module = importlib.import_module(f"app.cli.commands.{command}")
    status: int = module.main(args)
    return status


class _ClosedOutput:
    """Stands for a closed stdout: writing to it fails as writing to a closed file would."""

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "the output is closed")

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        raise ValueError("the output is closed")


def _tell(message: str) -> None:
    """Print `message` on stderr, if stderr can take it; the exit status says the rest."""
    if sys.stderr is None:
        return
    try:
        print(message, file=sys.stderr, flush=True)
    except (OSError, ValueError):
        _silence(sys.stderr)  # so the interpreter's last flush has nothing to fail on


def require_terminal() -> None:
    """A practice draws on a terminal and reads its keys: refuse to start one without."""
    streams = (("input", sys.stdin), ("output", sys.stdout), ("error output", sys.stderr))
    missing = [name for name, stream in streams if stream is None or not _isatty(stream)]
    if missing:
        others = [name for name in _command_names() if name not in ("run", "start")]
        named = (
            ", the ".join(missing[:-1]) + " and the " + missing[-1] if missing[1:] else missing[0]
        )
        raise DataError(
            f"a practice needs a terminal: the {named} "
            f"{'is' if len(missing) == 1 else 'are'} not one. Without a terminal, "
            "these commands work: " + ", ".join(f"backside {name}" for name in others)
        )


def _isatty(stream: object) -> bool:
    try:
        return bool(stream.isatty())  # type: ignore[attr-defined]
    except (AttributeError, ValueError, OSError):  # closed or not a real file
        return False


def _command_names() -> list[str]:
    parser = build_parser()
    assert isinstance(parser, _Parser)
    return list(parser.command_names())


#: Numbers argparse would take for options: `-inf`, `-1e3`, `-nan`, `-.5`.
_NEGATIVE_VALUE = re.compile(
    r"-(?:inf(?:inity)?|nan|\d[\d_]*\.?\d*(?:e[-+]?\d+)?|\.\d+(?:e[-+]?\d+)?)", re.IGNORECASE
)


def _negative_values_joined(arguments: list[str]) -> list[str]:
    """`--hold -inf` as `--hold=-inf`, and `set hold -inf` as `set hold -- -inf`: here a
    negative number is always a value.

    argparse takes `-inf` for an option and says "expected one argument", which
    hides the real message (that the value is out of range).
    """
    joined: list[str] = []
    for argument in arguments:
        previous = joined[-1] if joined else ""
        if (
            _NEGATIVE_VALUE.fullmatch(argument)
            and previous.startswith("--")
            and "=" not in previous
            and previous != "--"
        ):
            joined[-1] = f"{previous}={argument}"
        elif _NEGATIVE_VALUE.fullmatch(argument) and "--" not in joined:
            joined += ["--", argument]  # a value of its own: `settings set hold -inf`
        else:
            joined.append(argument)
    return joined


#: Errors writing the output that are the output's fault: a full disk, a broken device.
_OUTPUT_ERRNOS = frozenset(
    getattr(errno, name)
    for name in ("ENOSPC", "EIO", "EDQUOT", "EFBIG", "EBADF")
    if hasattr(errno, name)
)

#: Longer words of a message (a value typed, a path) are cut: a message is one line to read.
LONGEST_WORD = 200


def _is_output_error(error: OSError) -> bool:
    # Files backside reads report their own errors as DataError; an OSError
    # without a file name that reaches here came from writing stdout.
    return error.filename is None


def _forgiving_output() -> None:
    """Characters the terminal's encoding cannot show become `?` instead of an error."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="replace")


def _silence(stream: object) -> None:
    """Point `stream` at nothing, so the interpreter's last flush has nowhere to fail."""
    if stream is None:
        return
    with contextlib.suppress(OSError, ValueError, AttributeError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())  # type: ignore[attr-defined]


def _cut_long_words(message: str) -> str:
    """`message` with any run of over `LONGEST_WORD` characters without a space cut short."""
    return re.sub(
        rf"\S{{{LONGEST_WORD + 1},}}", lambda found: found[0][: LONGEST_WORD - 1] + "…", message
    )


def _printable(message: str) -> str:
    """A message with any control character from a file or a name shown escaped."""
    return "".join(
        char if char.isprintable() or char == "\n" else ascii(char)[1:-1] for char in message
    )


if __name__ == "__main__":
    raise SystemExit(main())
