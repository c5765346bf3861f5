"""Command-line options that reshape a plan (`plan`, `run`) or set up a practice (`run`).

Each option's type checks its range, so a bad value is one clear message and
exit status 2 (argparse's usage error) before anything starts.
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable
from typing import TYPE_CHECKING

from app.core.limits import LIMITS, SOUND_MODES

if TYPE_CHECKING:
    from app.core.routine import PracticeOptions
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


def add_plan_options(parser: argparse.ArgumentParser) -> None:
    def option(flag: str, key: str, metavar: str, help_text: str) -> None:
        low, high, whole = LIMITS[key]
        parser.add_argument(
            flag,
            dest=key,
            metavar=metavar,
            type=_number_in(flag, low, high, whole=whole),
            help=f"{help_text} ({low:g} to {high:g})",
        )

    option("--sets", "sets", "N", "how many sets of the poses")
    hold = parser.add_mutually_exclusive_group()
    low, high, _ = LIMITS["hold_seconds"]
    hold.add_argument(
        "--hold",
        dest="hold_seconds",
        metavar="SECONDS",
        type=_number_in("--hold", low, high, whole=False),
        help=f"hold each pose this many seconds ({low:g} to {high:g})",
    )
    low, high, _ = LIMITS["hold_breaths"]
    hold.add_argument(
        "--breaths",
        dest="hold_breaths",
        metavar="N",
        type=_number_in("--breaths", low, high, whole=True),
        help=f"hold each pose this many breaths ({low:g} to {high:g})",
    )
    option("--breath-seconds", "breath_seconds", "S", "seconds per breath, in and out")
    option("--rest", "rest_seconds", "S", "rest between sets, in seconds")
    option("--get-ready", "get_ready_seconds", "S", "time to move into each pose, in seconds")


def add_run_options(parser: argparse.ArgumentParser) -> None:
    """Options of a practice; each left out falls back to settings.toml, then the default."""
    parser.add_argument(
        "--sound",
        choices=SOUND_MODES,
        default=None,
        metavar="MODE",
        help="how to play chimes: " + ", ".join(SOUND_MODES) + " (default: auto)",
    )
    parser.add_argument(
        "--no-sound", dest="sound", action="store_const", const="off", help="no chimes"
    )
    parser.add_argument(
        "--volume",
        metavar="PERCENT",
        type=_number_in("--volume", 0, 100, whole=True),
        default=None,
        help="chime volume, 0 to 100 (default: 100)",
    )
    parser.add_argument(
        "--voice",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="speak the cues aloud (or not)",
    )
    parser.add_argument(
        "--allow-sleep",
        action="store_true",
        help="let the screen dim and the computer sleep during a practice",
    )


def practice_options(args: argparse.Namespace, settings: Settings | None = None) -> PracticeOptions:
    """The plan-shaping options: the command line's, else the settings', else the plan's own.

    A hold is one option: `--breaths` on the command line replaces a hold in
    seconds from the settings, and the other way round.
    """
    from app.core.routine import PracticeOptions

    given = {
        key: getattr(args, key)
        for key in PracticeOptions.model_fields
        if getattr(args, key, None) is not None
    }
    if settings is None:
        return PracticeOptions(**given)
    defaults = settings.choices().practice_options().model_dump(exclude_none=True)
    if "hold_seconds" in given or "hold_breaths" in given:
        defaults.pop("hold_seconds", None)
        defaults.pop("hold_breaths", None)
    return PracticeOptions(**{**defaults, **given})
