"""Command-line options that reshape a plan (`plan`, `run`) or set up a practice (`run`).

Made from the table of options (`app.core.options.OPTIONS`): each option with a
flag is `--name`, its dest its field. Each option's type checks its range, so a
bad value is one clear message and exit status 2 (argparse's usage error) before
anything starts.
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable
from typing import TYPE_CHECKING

from app.core.options import HOLD, Option, table

if TYPE_CHECKING:
    from app.core.options import PracticeOptions
    from app.store.settings import Settings


def _number_in(name: str, low: float, high: float, *, whole: bool) -> Callable[[str], float]:
    kind = "a whole number" if whole else "a number"

    def parse(text: str) -> float:
        typed = text.strip()
        shown = typed if len(typed) <= 20 else typed[:19] + "…"
        try:
            value = int(typed) if whole else float(typed)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"{shown!r} is not {kind}; {name} takes {kind} from {low:g} to {high:g}"
            ) from None
        if math.isnan(value):
            raise argparse.ArgumentTypeError(
                f"{shown!r} is not a number; {name} takes {kind} from {low:g} to {high:g}"
            )
        if not low <= value <= high:
            # As typed: 600.0001 printed as a rounded 600 would contradict the range.
            raise argparse.ArgumentTypeError(
                f"{shown} is out of range; {name} takes {kind} from {low:g} to {high:g}"
            )
        return value

    parse.__name__ = name  # argparse names the type in some messages
    return parse


def _add(parser: argparse.ArgumentParser | argparse._MutuallyExclusiveGroup, entry: Option) -> None:
    """`--name` for one option of the table, its range checked by its type."""
    if entry.kind == "switch":
        parser.add_argument(
            entry.flag_name,
            dest=entry.field,
            action=argparse.BooleanOptionalAction,
            default=None,
            help=entry.flag_help or entry.help,
        )
        return
    if entry.kind == "word":
        parser.add_argument(
            entry.flag_name,
            dest=entry.field,
            choices=entry.words,
            default=None,
            metavar=entry.metavar,
            help=f"{entry.flag_help or entry.help} (default: {entry.default})",
            nargs="?" if entry.bare else None,  # with levels, `--name` alone is the bare one
            const=entry.bare or None,
        )
        if entry.off:
            parser.add_argument(
                f"--no-{entry.name}",
                dest=entry.field,
                action="store_const",
                const=entry.off,
                help=entry.off_help,
            )
        return
    low, high = entry.bounds
    default = "" if entry.default is None else f"; default: {entry.default}"
    parser.add_argument(
        entry.flag_name,
        dest=entry.field,
        metavar=entry.metavar,
        type=_number_in(entry.flag_name, low, high, whole=entry.whole),
        default=None,
        help=f"{entry.flag_help or entry.help} ({low:g} to {high:g}{default})",
    )


def bare_levels_joined(arguments: list[str]) -> list[str]:
    """`--voice flow` as `--voice=on flow`: an option with levels followed by a word that is
    not one of them stands alone (the bare level), and the word is the next argument."""
    levels = {entry.flag_name: entry for entry in table() if entry.bare}
    joined: list[str] = []
    for index, argument in enumerate(arguments):
        entry = levels.get(argument)
        following = arguments[index + 1] if index + 1 < len(arguments) else None
        if (
            entry is not None
            and "--" not in joined
            and following is not None
            and not following.startswith("-")
            and following not in entry.words
        ):
            joined.append(f"{argument}={entry.bare}")
        else:
            joined.append(argument)
    return joined


def add_plan_options(parser: argparse.ArgumentParser) -> None:
    """The options that reshape a plan (`plan`, `run`); a hold in seconds or in breaths."""
    hold = parser.add_mutually_exclusive_group()
    for entry in table():
        if entry.flag and entry.shapes_plan:
            _add(hold if entry.field in HOLD else parser, entry)


def add_run_options(parser: argparse.ArgumentParser) -> None:
    """Options of a practice; each left out falls back to settings.toml, then the default."""
    for entry in table():
        if entry.flag and not entry.shapes_plan:
            _add(parser, entry)
    parser.add_argument(
        "--allow-sleep",
        action="store_true",
        help="let the screen dim and the computer sleep during a practice",
    )


def practice_options(
    args: argparse.Namespace,
    settings: Settings | None = None,
    chosen: PracticeOptions | None = None,
) -> PracticeOptions:
    """The plan-shaping options: the command line's, else `chosen` (the plan's choices
    from the start screen over the settings; the settings' alone when not given), else
    the plan's own.

    A hold is one option: `--breaths` on the command line replaces a hold in
    seconds from the settings, and the other way round.
    """
    from app.core.options import PracticeOptions

    given = {
        entry.field: value
        for entry in table()
        if entry.shapes_plan and (value := getattr(args, entry.field, None)) is not None
    }
    if chosen is None and settings is None:
        return PracticeOptions(**given)
    if chosen is None:
        assert settings is not None
        chosen = settings.choices()
    defaults = {
        entry.field: value
        for entry in table()
        if entry.shapes_plan and (value := getattr(chosen, entry.field, None)) is not None
    }
    if any(field in given for field in HOLD):
        for field in HOLD:
            defaults.pop(field, None)
    return PracticeOptions(**{**defaults, **given})
