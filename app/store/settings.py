"""The user's defaults in `settings.toml`: read strictly, written atomically, key by key.

The file holds only what the user changed, one `key = value` a line, each key
named as its command-line option is (`get-ready`, `breath-seconds`). Reading
collects every problem of the file; a broken file is ignored as a whole (the
built-in defaults apply) and says why in one line, with its line and column.
Writing edits the lines of the keys it changes and keeps everything else the
user wrote (comments, order), through a temporary file and a rename, so a crash
never leaves half a file.

Precedence is command line, then this file, then the built-in defaults;
`SettingsFile.source` says which one gave a value.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from app.core.choices import Choices
from app.core.errors import DataError
from app.core.errors import shown as shown_file_value
from app.core.limits import LIMITS, SOUND_MODES
from app.core.models import ID_PATTERN
from app.core.routine import (
    BreathSeconds,
    GetReadySeconds,
    HoldBreaths,
    HoldSeconds,
    RestSeconds,
    SetCount,
)
from app.core.toml_text import did_you_mean, key_line, parse_toml
from app.store.text_files import read_text_file, shown_value, write_file_atomically

#: Textual's built-in themes (checked against Textual by a test; this module never imports it).
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

#: A settings file is a dozen lines; anything this large is not one.
MAX_SETTINGS_BYTES = 64 * 1024


@dataclass(frozen=True, slots=True)
class Key:
    """One setting: its name in the file, what it does, and which values it takes."""

    name: str
    help: str
    kind: str
    """'whole', 'number', 'switch', 'word' or 'id': how a value is read from the command line."""
    limits: str | None = None
    """The key of `LIMITS` bounding it, shared with the command line and routines."""
    words: tuple[str, ...] = ()

    @property
    def field(self) -> str:
        return self.name.replace("-", "_")

    def takes(self) -> str:
        """The values it takes, in words: 'a whole number from 1 to 10'."""
        if self.limits is not None:
            low, high, whole = LIMITS[self.limits]
            return f"{'a whole number' if whole else 'a number'} from {low:g} to {high:g}"
        if self.name == "volume":
            return "a whole number from 0 to 100"
        if self.kind == "switch":
            return "true or false"
        if self.kind == "id":
            return "a plan or routine id (see `backside plans`)"
        return "one of " + ", ".join(self.words)


#: Every setting, in the order `backside settings` lists them.
KEYS: tuple[Key, ...] = (
    Key("plan", "the plan or routine the start screen picks first", "id"),
    Key("sets", "sets of the poses (unset: as the plan says)", "whole", "sets"),
    Key("hold", "seconds each pose is held (unset: as the plan says)", "number", "hold_seconds"),
    Key("breaths", "or: breaths each pose is held, instead of seconds", "whole", "hold_breaths"),
    Key("breath-seconds", "seconds of one breath, in and out", "number", "breath_seconds"),
    Key("rest", "seconds of rest between sets", "number", "rest_seconds"),
    Key("get-ready", "seconds to move into each pose", "number", "get_ready_seconds"),
    Key("sound", "how chimes are played; off plays none", "word", words=SOUND_MODES),
    Key("volume", "chime volume, in percent", "whole"),
    Key("voice", "speak the cues aloud", "switch"),
    Key("theme", "the colours of the screens", "word", words=THEMES),
)
KEY_NAMES = tuple(key.name for key in KEYS)
_BY_NAME = {key.name: key for key in KEYS}
_BY_FIELD = {key.field: key for key in KEYS}


class Settings(BaseModel):
    """The effective settings; None leaves the plan's own value."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, str_strip_whitespace=True)

    plan: str = Field(default="quick", pattern=ID_PATTERN, max_length=40)
    sets: SetCount | None = None
    hold: HoldSeconds | None = None
    breaths: HoldBreaths | None = None
    breath_seconds: BreathSeconds | None = Field(default=None, alias="breath-seconds")
    rest: RestSeconds | None = None
    get_ready: GetReadySeconds | None = Field(default=None, alias="get-ready")
    sound: str = "auto"
    volume: int = Field(default=100, ge=0, le=100)
    voice: bool = False
    theme: str = "textual-dark"

    @field_validator("sound")
    @classmethod
    def _known_sound(cls, value: str) -> str:
        return _one_of(value, SOUND_MODES)

    @field_validator("theme")
    @classmethod
    def _known_theme(cls, value: str) -> str:
        return _one_of(value, THEMES)

    @model_validator(mode="after")
    def _one_hold(self) -> Settings:
        if self.hold is not None and self.breaths is not None:
            raise ValueError("give a hold in seconds or in breaths, not both")
        return self

    def value(self, name: str) -> object:
        """The value of the setting `name` (as the file names it)."""
        return getattr(self, _BY_NAME[name].field)

    def choices(self) -> Choices:
        """What the start screen preselects."""
        return Choices(
            plan_id=self.plan,
            sets=self.sets,
            hold_seconds=self.hold,
            hold_breaths=self.breaths,
            breath_seconds=self.breath_seconds,
            rest_seconds=self.rest,
            get_ready_seconds=self.get_ready,
            sound=self.sound != "off",
            voice=self.voice,
        )


DEFAULTS = Settings()


def _one_of(value: str, words: tuple[str, ...]) -> str:
    if value not in words:
        raise ValueError(
            f"{shown_value(value)!r} is not one of: {', '.join(words)}{did_you_mean(value, words)}"
        )
    return value


@dataclass(frozen=True, slots=True)
class SettingsFile:
    """What `settings.toml` says, and what backside makes of it."""

    path: Path | None
    settings: Settings = DEFAULTS
    """The effective settings: the file's, or the built-in defaults when it is broken."""
    given: frozenset[str] = frozenset()
    """The keys written in the file (none when it is broken or missing)."""
    problems: tuple[str, ...] = ()
    """Why the file was ignored, one line each; empty when it was fine or missing."""
    text: str = field(default="", repr=False)

    @property
    def broken(self) -> bool:
        return bool(self.problems)

    @property
    def notice(self) -> str | None:
        """One line saying the file was ignored and why, or None when it was fine."""
        if not self.problems:
            return None
        more = len(self.problems) - 1
        also = f" (and {more} more: backside settings)" if more else ""
        # What happened first, so that a narrow screen shows it before the details.
        return f"Settings ignored, the built-in defaults apply: {self.problems[0]}{also}"

    def source(self, name: str) -> str:
        """Where the value of `name` comes from: the file, or the built-in default."""
        return "settings.toml" if name in self.given else "built-in default"


def load_settings(path: Path | None) -> SettingsFile:
    """Read `path` (None: no config folder). A missing file is the built-in defaults."""
    if path is None:
        return SettingsFile(path=None)
    if not path.exists() and not path.is_symlink():
        return SettingsFile(path=path)
    try:
        text = read_text_file(path, MAX_SETTINGS_BYTES)
        raw = parse_toml(text, str(path))
    except DataError as error:
        return SettingsFile(path=path, problems=(str(error),))
    try:
        settings = Settings.model_validate(raw)
    except ValidationError as error:
        return SettingsFile(path=path, problems=describe_problems(path, text, error), text=text)
    return SettingsFile(path=path, settings=settings, given=frozenset(raw), text=text)


def describe_problems(path: Path, text: str, error: ValidationError) -> tuple[str, ...]:
    """One line per problem, each with the file, line and column of its key."""
    found: list[tuple[int, str]] = []
    for problem in error.errors(include_url=False):
        name = str(problem["loc"][0]) if problem["loc"] else ""
        place = key_line(text, name) if name else None
        where = f"{path}:{place[0]}:{place[1]}" if place else str(path)
        found.append((place[0] if place else 0, f"{where}: {_problem_text(name, problem)}"))
    return tuple(line for _, line in sorted(found, key=lambda item: item[0]))


def _problem_text(name: str, problem: Mapping[str, Any]) -> str:
    kind = str(problem["type"])
    value = problem.get("input")
    if kind == "extra_forbidden":
        return unknown_key_text(name)
    key = _BY_NAME.get(name) or _BY_FIELD.get(name)
    if key is None:  # a rule of the whole file (a hold in seconds and breaths)
        return str(problem["msg"]).removeprefix("Value error, ")
    if kind in ("greater_than_equal", "less_than_equal"):
        what = shown_file_value(value)
        return f"{key.name}: {what} is out of range; {key.name} takes {key.takes()}"
    if kind == "value_error":
        return f"{key.name}: {str(problem['msg']).removeprefix('Value error, ')}"
    if kind == "string_pattern_mismatch":
        what = shown_file_value(value)
        return f"{key.name}: {what} is not an id (lower-case words joined by hyphens)"
    shown = json.dumps(value) if isinstance(value, str) else _toml_value(value)
    return f"{key.name}: {shown} is the wrong type; {key.name} takes {key.takes()}"


def unknown_key_text(name: str) -> str:
    hint = did_you_mean(name, KEY_NAMES)
    return f"{shown_value(name)!r} is not a setting{hint} (the settings: {', '.join(KEY_NAMES)})"


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return "a table" if isinstance(value, dict) else "a list"


def find_key(name: str) -> Key:
    """The setting called `name`, or a `DataError` suggesting the nearest one."""
    key = _BY_NAME.get(name) or _BY_FIELD.get(name)
    if key is None:
        raise DataError(unknown_key_text(name))
    return key


def parse_value(key: Key, text: str) -> object:
    """A value for `key` from the command line (`backside settings set hold 45`).

    A number is checked against its range here, so the message says what was
    typed ("2.5 is not a whole number", "1e308 is out of range").
    """
    text = text.strip()
    shown = shown_value(text)
    if key.kind == "switch":
        words = {"true": True, "on": True, "yes": True, "false": False, "off": False, "no": False}
        if text.lower() not in words:
            raise DataError(f"{key.name}: {shown!r} is not true or false (or on, off)")
        return words[text.lower()]
    if key.kind in ("whole", "number"):
        return _number(key, text, shown)
    return text


def _number(key: Key, text: str, shown: str) -> float:
    takes = f"{key.name} takes {key.takes()}"
    try:
        number = float(text)
    except ValueError:
        raise DataError(f"{key.name}: {shown!r} is not a number; {takes}") from None
    if math.isnan(number):
        raise DataError(f"{key.name}: {shown!r} is not a number; {takes}")
    low, high = _range(key)
    if not low <= number <= high:
        raise DataError(f"{key.name}: {shown} is out of range; {takes}")
    if number.is_integer():
        return int(number)  # `hold = 45`, as a person would write it
    if key.kind == "whole":
        raise DataError(f"{key.name}: {shown} is not a whole number; {takes}")
    return number


def _range(key: Key) -> tuple[float, float]:
    if key.limits is not None:
        low, high, _ = LIMITS[key.limits]
        return low, high
    return 0, 100  # the volume, in percent


def change(loaded: SettingsFile, updates: Mapping[str, object | None]) -> SettingsFile:
    """Write `updates` (None unsets a key) to the settings file and return what it says now.

    Each value is checked before anything is written; a value equal to the
    built-in default unsets its key, so the file keeps only what differs.
    """
    if loaded.path is None:
        raise DataError("no config folder found (no home folder?); set BACKSIDE_CONFIG_DIR")
    if loaded.broken:
        raise DataError(
            f"{loaded.problems[0]}\nfix or remove {loaded.path} first; it was left as it is"
        )
    values: dict[str, object] = {name: loaded.settings.value(name) for name in loaded.given}
    for name, value in updates.items():
        if value is None:
            values.pop(name, None)
        else:
            values[name] = value
    if updates.get("hold") is not None:
        values.pop("breaths", None)  # one hold: in seconds or in breaths
    if updates.get("breaths") is not None:
        values.pop("hold", None)
    try:
        settings = Settings.model_validate(values)
    except ValidationError as error:
        problems = [_problem_text(str(p["loc"][0]) if p["loc"] else "", p) for p in error.errors()]
        raise DataError("\n".join(problems)) from None
    kept = {name: value for name, value in values.items() if value != DEFAULTS.value(name)}
    text = _edited(loaded.text, kept, {str(name) for name in updates} | {"hold", "breaths"})
    write_file_atomically(loaded.path, text)
    return SettingsFile(path=loaded.path, settings=settings, given=frozenset(kept), text=text)


def changes_for(choices: Choices, settings: Settings) -> dict[str, object | None]:
    """The settings that change when the start screen's `choices` become the defaults."""
    wanted: dict[str, object | None] = {
        "plan": choices.plan_id,
        "sets": choices.sets,
        "hold": choices.hold_seconds,
        "breaths": choices.hold_breaths,
        "breath-seconds": choices.breath_seconds,
        "rest": choices.rest_seconds,
        "get-ready": choices.get_ready_seconds,
        "voice": choices.voice,
    }
    if not choices.sound:
        wanted["sound"] = "off"
    elif settings.sound == "off":
        wanted["sound"] = None  # sound back on: the built-in way to find a player
    return {name: value for name, value in wanted.items() if settings.value(name) != value}


def save_choices(loaded: SettingsFile, choices: Choices) -> SettingsFile:
    """Remember the start screen's choices for next time; a broken file is left alone."""
    updates = changes_for(choices, loaded.settings)
    if not updates or loaded.broken or loaded.path is None:
        return loaded
    return change(loaded, updates)


HEADER = (
    "# backside settings. `backside settings` lists every key and where its value comes from.\n"
)


def _edited(text: str, values: Mapping[str, object], changed: set[str]) -> str:
    """`text` with each top-level key of `values` in place; lines of unchanged keys kept."""
    lines = text.splitlines(keepends=True) if text else [HEADER]
    written: set[str] = set()
    out: list[str] = []
    top_level = True
    for line in lines:
        stripped = line.strip()
        if stripped.startswith("["):
            top_level = False
        found = _KEY_LINE.match(line) if top_level else None
        if found is None:
            out.append(line)
            continue
        name = found.group(1) or found.group(2) or found.group(3)
        if name in values and name not in written:
            keep = name not in changed and line.endswith("\n")
            comment = _trailing_comment(line, found.end())
            written_line = f"{name} = {_toml_value(values[name])}{comment}\n"
            out.append(line if keep else written_line)
            written.add(name)
        # a key that is unset (or written twice) loses its line
    new = [
        f"{name} = {_toml_value(values[name])}\n"
        for name in KEY_NAMES
        if name in values and name not in written
    ]
    insert_at = _end_of_top_level(out)
    if out[insert_at - 1 : insert_at] and not out[insert_at - 1].endswith("\n"):
        out[insert_at - 1] += "\n"
    out[insert_at:insert_at] = new
    return "".join(out)


def _trailing_comment(line: str, index: int) -> str:
    """The comment after the value from `index` on, with the spaces before it ("  # mine")."""
    quote = ""
    while index < len(line):
        char = line[index]
        if quote:
            if char == "\\" and quote == '"':
                index += 1  # an escaped character, perhaps a quote
            elif char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == "#":
            start = index
            while start > 0 and line[start - 1] in " \t":
                start -= 1
            return line[start:].rstrip("\r\n")
        index += 1
    return ""


_KEY_LINE = re.compile(r"""^\s*(?:([A-Za-z0-9_-]+)|"([^"]*)"|'([^']*)')\s*=""")


def _end_of_top_level(lines: list[str]) -> int:
    for index, line in enumerate(lines):
        if line.strip().startswith("["):
            return index
    return len(lines)
