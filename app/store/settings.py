"""The user's defaults in `settings.toml`: read strictly, written atomically, key by key.

The file holds only what the user changed, one `key = value` a line, each key
named as its command-line option is (`get-ready`, `breath-seconds`). Reading
collects every problem of the file; a broken file is ignored as a whole (the
built-in defaults apply) and says why in one line, with its line and column.
Writing edits the lines of the keys it changes and keeps everything else the
user wrote (comments, order), through a temporary file and a rename, so a crash
never leaves half a file.

The keys, their values and their help are the table of options
(`app.core.options.OPTIONS`), validated by a model made from it
(`app.store.settings_schema`), imported only to read a file not read before, or
to check a change: a valid file is kept in the cache folder and read back from
there while it is unchanged (`app.store.validated_cache`).

Precedence is command line, then this file, then the built-in defaults;
`SettingsFile.source` says which one gave a value. The file changes only with
`backside settings set` and `unset`: what the start screen picks is kept for
its plan, apart from this file (`app.store.plan_choices`), and a `plan` key
written by an older version is still read as the plan to open on at first.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core.errors import DataError, did_you_mean
from app.core.errors import shown as shown_file_value
from app.core.options import HOLD, Option, PracticeOptions, table
from app.core.options import THEMES as THEMES
from app.core.toml_text import key_line, parse_toml
from app.store import validated_cache
from app.store.text_files import read_text_file, shown_value, write_file_atomically

if TYPE_CHECKING:
    from pydantic import ValidationError

#: A settings file is a dozen lines; anything this large is not one.
MAX_SETTINGS_BYTES = 64 * 1024

#: A setting is an option of the table: its name in the file, what it does, what it takes.
Key = Option


def keys() -> tuple[Key, ...]:
    """Every setting, in the order `backside settings` lists them: the table of options."""
    return table()


def key_names() -> tuple[str, ...]:
    return tuple(key.name for key in keys())


def __getattr__(name: str) -> object:
    # `KEYS` and `KEY_NAMES` are read from the table each time, as `keys()` is.
    if name == "KEYS":
        return keys()
    if name == "KEY_NAMES":
        return key_names()
    raise AttributeError(name)


def _by_name(name: str) -> Key | None:
    """The setting called `name` in the file, or by its Python name (`get_ready`)."""
    for key in keys():
        if name in (key.name, key.attr):
            return key
    return None


@dataclass(frozen=True, slots=True)
class Settings:
    """The effective settings, by key; a key left out has its built-in default.

    Each value is read as `settings.value("get-ready")` or `settings.get_ready`;
    None leaves the plan's own value.
    """

    values: Mapping[str, object] = field(default_factory=dict)
    """The values set, by key (validated: see `validate_settings`)."""

    def value(self, name: str) -> object:
        """The value of the setting `name` (as the file names it)."""
        key = _by_name(name)
        if key is None:
            raise KeyError(name)
        return self.values.get(key.name, key.default)

    def __getattr__(self, name: str) -> object:
        if name.startswith("__") or _by_name(name) is None:
            raise AttributeError(name)
        return self.value(name)

    @property
    def plan(self) -> str:
        return str(self.value("plan"))

    @property
    def sound(self) -> str:
        return str(self.value("sound"))

    @property
    def volume(self) -> int:
        volume = self.value("volume")
        return volume if isinstance(volume, int) else 100

    @property
    def voice(self) -> str:
        """The voice level: off, on or cues."""
        return str(self.value("voice"))

    @property
    def theme(self) -> str:
        return str(self.value("theme"))

    @property
    def fit_folder(self) -> Path | None:
        """Where each finished practice's FIT file goes; None: nowhere."""
        folder = self.value("fit-folder")
        return Path(folder).expanduser() if isinstance(folder, str) and folder else None

    def choices(self) -> PracticeOptions:
        """What the start screen preselects: each option a practice carries, as set."""
        chosen: dict[str, Any] = {}
        for key in keys():
            if key.field not in PRACTICE_FIELDS:
                continue
            value = self.value(key.name)
            chosen[key.field] = value != key.off if key.switch and key.off else value
        return PracticeOptions(**chosen)


PRACTICE_FIELDS = {item.name for item in fields(PracticeOptions)}
DEFAULTS = Settings()


def validate_settings(raw: Mapping[str, object]) -> Settings:
    """Settings from what a file (or `settings set`) says; a `ValidationError` if it is wrong.

    The pydantic model (`app.store.settings_schema`) is imported only here: a
    file read before and unchanged comes from the cache without it.
    """
    from app.store.settings_schema import validate

    return Settings(validate(raw))


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
    except DataError as error:
        return SettingsFile(path=path, problems=(str(error),))
    content = text.encode("utf-8", "surrogatepass")
    cache_key = _cache_key(path)
    cached = _from_cache(validated_cache.read(CACHE_KIND, cache_key, content))
    if cached is not None:
        settings, given = cached
        return SettingsFile(path=path, settings=settings, given=given, text=text)
    try:
        raw = parse_toml(text, str(path))
    except DataError as error:
        return SettingsFile(path=path, problems=(str(error),))
    from pydantic import ValidationError  # only to read a file the cache cannot answer for

    try:
        settings = validate_settings(raw)
    except ValidationError as error:
        return SettingsFile(path=path, problems=describe_problems(path, text, error), text=text)
    payload = {"values": dict(settings.values), "given": sorted(raw)}
    validated_cache.write(CACHE_KIND, cache_key, content, payload)
    return SettingsFile(path=path, settings=settings, given=frozenset(raw), text=text)


#: The kind of entry a settings file is in the cache.
CACHE_KIND = "settings"


def _from_cache(payload: Any) -> tuple[Settings, frozenset[str]] | None:
    """The settings and the keys given, from a cache entry whose digests matched; else None.

    Each value is checked against its key's kind, so a cache rewritten with its
    digests redone still cannot hand over a value the schema would refuse the type of.
    """
    if not isinstance(payload, dict) or set(payload) != {"values", "given"}:
        return None
    values, given = payload["values"], payload["given"]
    if not isinstance(values, dict) or not isinstance(given, list):
        return None
    for name, value in values.items():
        key = _by_name(name)
        if key is None or key.name != name or not _fits(key, value):
            return None
    if not all(isinstance(name, str) and _by_name(name) is not None for name in given):
        return None
    return Settings(values), frozenset(given)


def _fits(key: Key, value: object) -> bool:
    """Whether a cached value has the type (and, for words, a value) `key` takes."""
    if value is None:
        return key.default is None
    if key.kind == "switch":
        return isinstance(value, bool)
    if isinstance(value, bool):
        return False
    if key.kind in ("whole", "number"):
        low, high = key.bounds
        kind = int if key.whole else (int, float)
        return isinstance(value, kind) and low <= value <= high
    if key.kind == "word":
        return value in key.words
    return isinstance(value, str)


def _cache_key(path: Path) -> str:
    try:
        return str(path.absolute())
    except OSError:
        return str(path)


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
    key = _by_name(name)
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
    names = key_names()
    hint = did_you_mean(name, names, quoted=True)
    return f"{shown_value(name)!r} is not a setting{hint} (the settings: {', '.join(names)})"


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
    key = _by_name(name)
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
    if key.kind == "folder":
        if not text:
            raise DataError(f"{key.name}: give a folder")
        # A folder relative to here means here: kept whole, as it will be read from anywhere.
        return text if text.startswith("~") else str(Path(text).absolute())
    if key.bare and text.lower() in ("true", "yes", "false", "no"):
        return key.bare if text.lower() in ("true", "yes") else key.off
    return text


def _number(key: Key, text: str, shown: str) -> float:
    takes = f"{key.name} takes {key.takes()}"
    try:
        number = float(text)
    except ValueError:
        raise DataError(f"{key.name}: {shown!r} is not a number; {takes}") from None
    if math.isnan(number):
        raise DataError(f"{key.name}: {shown!r} is not a number; {takes}")
    low, high = key.bounds
    if not low <= number <= high:
        raise DataError(f"{key.name}: {shown} is out of range; {takes}")
    if number.is_integer():
        return int(number)  # `hold = 45`, as a person would write it
    if key.kind == "whole":
        raise DataError(f"{key.name}: {shown} is not a whole number; {takes}")
    return number


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
    holds = [key.name for key in keys() if key.field in HOLD]
    for name in holds:  # one hold: in seconds or in breaths
        if updates.get(name) is not None:
            values.update({other: None for other in holds if other != name})
    values = {name: value for name, value in values.items() if value is not None}
    from pydantic import ValidationError

    try:
        settings = validate_settings(values)
    except ValidationError as error:
        problems = [_problem_text(str(p["loc"][0]) if p["loc"] else "", p) for p in error.errors()]
        raise DataError("\n".join(problems)) from None
    # As validated: `voice = true` from before the levels is written as "on".
    kept = {
        name: settings.value(name)
        for name in values
        if settings.value(name) != DEFAULTS.value(name)
    }
    text = _edited(loaded.text, kept, {str(name) for name in updates} | set(holds))
    write_file_atomically(loaded.path, text)
    return SettingsFile(path=loaded.path, settings=settings, given=frozenset(kept), text=text)


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
        for name in key_names()
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
