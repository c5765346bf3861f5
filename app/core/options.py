"""Every option a user can set, declared once: the table the rest is made from.

Each `Option` says its field, how its values are read, its settings key (which
is its command-line flag without the dashes), its label and the values offered
on the start screen, its range and its help. The command line
(`app.cli.options`), the settings file (`app.store.settings`), the start
screen's rows and `PracticeOptions` are made from `OPTIONS`, and a test checks
the README against it.

Kept free of pydantic, so that `backside --help` starts fast; the models at the
edge take their bounds from here.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Literal

Kind = Literal["whole", "number", "switch", "word", "id", "folder"]

#: How chimes can be played (`--sound`, the `sound` setting); "off" plays none.
SOUND_MODES = ("auto", "simpleaudio", "miniaudio", "system", "bell", "off")

#: How much the voice says (`--voice`, the `voice` setting): nothing; the steps, the side
#: of each lift and each salutation movement; all that and each cue as the ▶ reaches it.
VOICE_LEVELS = ("off", "on", "cues")

#: Textual's built-in themes (checked against Textual by a test; the core never imports it).
THEMES = (
    "textual-dark",
    "textual-light",
    "nord",
    "gruvbox",
    "catppuccin-mocha",
    "dracula",
    "tokyo-night",
    "monokai",
    "flexoki",
    "catppuccin-latte",
    "catppuccin-frappe",
    "catppuccin-macchiato",
    "solarized-light",
    "solarized-dark",
    "rose-pine",
    "rose-pine-moon",
    "rose-pine-dawn",
    "atom-one-dark",
    "atom-one-light",
    "ansi-dark",
    "ansi-light",
)


@dataclass(frozen=True, slots=True)
class Option:
    """One option, everywhere it appears."""

    name: str
    """The settings key; `--name` is its command-line flag ("breath-seconds")."""
    field: str
    """Its field in `PracticeOptions` (and the practice's options in the history)."""
    kind: Kind
    """How a value is read: a whole number, a number, true/false, one of `words`, a plan id,
    a folder."""
    help: str
    """One line: what it does (`backside settings`, and `--help` unless `flag_help` says more)."""
    default: object = None
    """The built-in default; None leaves the plan's own value."""
    low: float | None = None
    high: float | None = None
    words: tuple[str, ...] = ()
    """The values a 'word' takes."""
    flag: bool = False
    """Whether `--name` is a command-line option of `plan` and `run` (plan-shaping) or `run`."""
    metavar: str = ""
    flag_help: str = ""
    """The `--help` line, where it says it differently from `help`."""
    shapes_plan: bool = False
    """Whether it reshapes a plan (a `plan` option; listed under a plan's length)."""
    label: str = ""
    """Its row on the start screen; empty: none."""
    offered: tuple[float, ...] = ()
    """The values the start screen offers besides "as planned"; none for a switch."""
    shown: str = "{}"
    """How the start screen says a value: "{} s a breath"."""
    shown_zero: str = ""
    """What the start screen says for 0, where it is not "0 s" ("no rest")."""
    off: str = ""
    """A 'word' the start screen shows as a switch: the word that means off."""
    off_help: str = ""
    """`--no-name`, setting `off`: its help."""
    bare: str = ""
    """A 'word' with levels: what a bare `--name` means, and `name = true` in the settings
    (false is `off`). The start screen offers its words, not a switch."""

    @property
    def flag_name(self) -> str:
        return f"--{self.name}"

    @property
    def attr(self) -> str:
        """Its name as a Python attribute of the settings: `get_ready`."""
        return self.name.replace("-", "_")

    @property
    def whole(self) -> bool:
        return self.kind == "whole"

    @property
    def bounds(self) -> tuple[float, float]:
        if self.low is None or self.high is None:
            raise ValueError(f"{self.name} has no range")
        return self.low, self.high

    @property
    def switch(self) -> bool:
        """Whether the start screen shows it as an on/off switch."""
        return self.kind == "switch" or (bool(self.off) and not self.bare)

    def takes(self) -> str:
        """The values it takes, in words: 'a whole number from 1 to 10'."""
        if self.low is not None and self.high is not None:
            what = "a whole number" if self.whole else "a number"
            return f"{what} from {self.low:g} to {self.high:g}"
        if self.kind == "switch":
            return "true or false"
        if self.kind == "id":
            return "a plan or routine id (see `backside plans`)"
        if self.kind == "folder":
            return "a folder"
        return "one of " + ", ".join(self.words)

    def say(self, value: float) -> str:
        """A value as the start screen says it: "30 seconds", "no rest"."""
        if value == 0 and self.shown_zero:
            return self.shown_zero
        text = f"{value:g}"
        return self.shown.format(text, s="" if value == 1 else "s")


#: Every option, in the order `backside settings` lists them and the start screen shows them.
OPTIONS: tuple[Option, ...] = (
    Option("plan", "plan_id", "id", "the plan or routine the start screen picks first", "quick"),
    Option(
        "sets",
        "sets",
        "whole",
        "sets of the poses (unset: as the plan says)",
        low=1,
        high=10,
        flag=True,
        metavar="N",
        flag_help="how many sets of the poses",
        shapes_plan=True,
        label="Sets",
        offered=(1, 2, 3, 4, 5),
        shown="{} set{s}",
    ),
    Option(
        "hold",
        "hold_seconds",
        "number",
        "seconds each pose is held (unset: as the plan says)",
        low=5,
        high=600,
        flag=True,
        metavar="SECONDS",
        flag_help="hold each pose this many seconds",
        shapes_plan=True,
        label="Hold",
        offered=(20, 30, 45, 60, 90),
        shown="{} seconds",
    ),
    Option(
        "breaths",
        "hold_breaths",
        "whole",
        "or: breaths each pose is held, instead of seconds",
        low=1,
        high=30,
        flag=True,
        metavar="N",
        flag_help="hold each pose this many breaths",
        shapes_plan=True,
        label="Hold",
        offered=(5, 8, 10, 12),
        shown="{} breaths",
    ),
    Option(
        "breath-seconds",
        "breath_seconds",
        "number",
        "seconds of one breath, in and out",
        low=2,
        high=15,
        flag=True,
        metavar="S",
        flag_help="seconds per breath, in and out",
        shapes_plan=True,
        label="Breath",
        offered=(4, 5, 6, 8, 10),
        shown="{} s a breath",
    ),
    Option(
        "rest",
        "rest_seconds",
        "number",
        "seconds of rest between sets",
        low=0,
        high=600,
        flag=True,
        metavar="S",
        flag_help="rest between sets, in seconds",
        shapes_plan=True,
        label="Rest",
        offered=(0, 15, 30, 45, 60, 90),
        shown="{} s",
        shown_zero="no rest",
    ),
    Option(
        "get-ready",
        "get_ready_seconds",
        "number",
        "seconds to move into each pose",
        low=0,
        high=60,
        flag=True,
        metavar="S",
        flag_help="time to move into each pose, in seconds",
        shapes_plan=True,
        label="Get ready",
        offered=(0, 5, 10, 15, 20),
        shown="{} s",
        shown_zero="none",
    ),
    Option(
        "sound",
        "sound",
        "word",
        "how chimes are played; off plays none",
        "auto",
        words=SOUND_MODES,
        flag=True,
        metavar="MODE",
        flag_help="how to play chimes: " + ", ".join(SOUND_MODES),
        label="Sound",
        off="off",
        off_help="no chimes",
    ),
    Option(
        "volume",
        "volume",
        "whole",
        "chime volume, in percent",
        100,
        low=0,
        high=100,
        flag=True,
        metavar="PERCENT",
    ),
    Option(
        "voice",
        "voice",
        "word",
        "speak aloud: off; on (steps, sides, movements); cues (each cue too)",
        "off",
        words=VOICE_LEVELS,
        flag=True,
        metavar="LEVEL",
        flag_help="speak aloud: on (steps, the side of each lift, each movement; the same as"
        " --voice alone) or cues (each cue too)",
        label="Voice",
        off="off",
        off_help="speak nothing",
        bare="on",
    ),
    Option("theme", "theme", "word", "the colours of the screens", "textual-dark", words=THEMES),
    Option(
        "fit-folder",
        "fit_folder",
        "folder",
        "write each finished practice as a FIT file into this folder (unset: none)",
    ),
)

#: A hold is one choice made in one of two ways: these options exclude each other.
HOLD = ("hold_seconds", "hold_breaths")
#: What is said when both are given.
ONE_HOLD = "give a hold in seconds or in breaths, not both"

#: Ranges a routine allows that are not options of a practice.
ROUTINE_LIMITS: dict[str, tuple[float, float, bool]] = {
    "switch_seconds": (0, 30, False),
    "lifts_per_side": (1, 60, True),
}


def table() -> tuple[Option, ...]:
    """`OPTIONS` as it is now: what the command line, the settings and the start screen
    are made from (a test adds an option to it)."""
    return OPTIONS


def option(field: str) -> Option:
    """The option whose field is `field`."""
    for entry in OPTIONS:
        if entry.field == field:
            return entry
    raise KeyError(field)


def limits(field: str) -> tuple[float, float, bool]:
    """(low, high, whole number?) for a field of an option or of a routine."""
    if field in ROUTINE_LIMITS:
        return ROUTINE_LIMITS[field]
    entry = option(field)
    low, high = entry.bounds
    return low, high, entry.whole


@dataclass(frozen=True, slots=True)
class PracticeOptions:
    """What the start screen or the command line chose: a plan and the options that
    reshape it (None leaves the plan's own value), and whether chimes and voice are on.

    One field per option of `OPTIONS` the start screen or the command line sets
    for one practice; its fields are the practice's options in the history.
    """

    plan_id: str = "quick"
    sets: int | None = None
    hold_seconds: float | None = None
    hold_breaths: int | None = None
    breath_seconds: float | None = None
    rest_seconds: float | None = None
    get_ready_seconds: float | None = None
    sound: bool = True
    """Chimes on; the `sound` setting chooses how they are played."""
    voice: str = "off"
    """One of `VOICE_LEVELS`."""

    def __post_init__(self) -> None:
        if self.voice not in VOICE_LEVELS:
            raise ValueError(f"voice: {self.voice!r} is not one of {', '.join(VOICE_LEVELS)}")
        for entry in OPTIONS:
            value = getattr(self, entry.field, None)
            if entry.low is None or value is None:
                continue
            low, high = entry.bounds
            if isinstance(value, bool) or not low <= value <= high:
                raise ValueError(f"{entry.field}: {value!r} is not {entry.takes()}")
        if all(getattr(self, field) is not None for field in HOLD):
            raise ValueError(ONE_HOLD)


#: The fields of `PracticeOptions`: the options the start screen and a practice carry.
PRACTICE_FIELDS = frozenset(item.name for item in fields(PracticeOptions))
