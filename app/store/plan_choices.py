"""Each plan's start-screen choices and the last plan picked, in `choices.json`.

The file is state, not configuration: backside writes it each time a practice
starts from the start screen, so it lives in the data folder beside the
history, and `settings.toml` (in the config folder, perhaps kept with dotfiles)
changes only when the user changes it (`backside settings set`). It holds the
last plan picked and, for each plan, only the options changed for it, each
named as its setting is:

    {"last": "strength", "plans": {"strength": {"hold": 20, "breaths": null}}}

null is "as planned", over a default that says otherwise. Writing goes through
the shared atomic writer (a symlink is written through, the mode kept). A file
that cannot be read, or a plan's entry with a value backside does not take, is
left out with one line saying so; the next start writes the file afresh.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from app.core.errors import DataError
from app.core.options import PracticeOptions, option
from app.core.plan_choices import PLAN_FIELDS, PlanChoices
from app.store.text_files import read_text_file, write_file_atomically

#: A file of choices is a few lines a plan; anything this large is not one.
MAX_CHOICES_BYTES = 256 * 1024

_NAMES = {name: option(name).name for name in PLAN_FIELDS}
"""Field of `PracticeOptions` → its name in the file (its setting's: `get-ready`)."""
_FIELDS = {name: field for field, name in _NAMES.items()}


@dataclass(frozen=True, slots=True)
class ChoicesFile:
    """What `choices.json` says over a base, and why any of it was left out."""

    path: Path | None
    choices: PlanChoices
    problems: tuple[str, ...] = ()

    @property
    def notice(self) -> str | None:
        """One line saying what was left out, or None."""
        if not self.problems:
            return None
        more = len(self.problems) - 1
        also = f" (and {more} more)" if more else ""
        return f"Start-screen choices left out: {self.problems[0]}{also}"


def load_plan_choices(path: Path | None, base: PracticeOptions) -> ChoicesFile:
    """Each plan's choices from `path` (None: no data folder) over `base`; a missing
    file is no plan's choices."""
    empty = PlanChoices(base=base)
    if path is None or (not path.exists() and not path.is_symlink()):
        return ChoicesFile(path, empty)
    try:
        raw = json.loads(read_text_file(path, MAX_CHOICES_BYTES))
    except DataError as error:
        return ChoicesFile(path, empty, (str(error),))
    except ValueError as error:
        return ChoicesFile(path, empty, (f"{path}: not JSON ({error})",))
    if not isinstance(raw, dict) or not isinstance(raw.get("plans", {}), dict):
        return ChoicesFile(path, empty, (f"{path}: not a file of choices",))
    problems: list[str] = []
    last = raw.get("last")
    if last is not None and not isinstance(last, str):
        problems.append(f"{path}: last: {json.dumps(last)} is not a plan id")
        last = None
    plans: dict[str, dict[str, object]] = {}
    for plan_id, own in raw.get("plans", {}).items():
        try:
            plans[plan_id] = _checked(own)
        except ValueError as error:
            problems.append(f"{path}: {plan_id}: {error}")
    return ChoicesFile(path, PlanChoices(base, plans, last), tuple(problems))


def _checked(own: object) -> dict[str, object]:
    """A plan's entry as fields of `PracticeOptions`, or a `ValueError` saying what is wrong."""
    if not isinstance(own, dict):
        raise ValueError("not a table of options")
    fields: dict[str, Any] = {}
    for name, value in own.items():
        field = _FIELDS.get(name)
        if field is None:
            raise ValueError(f"{name!r} is not an option of the start screen")
        entry = option(field)
        if field == "sound":
            ok = isinstance(value, bool)
        elif entry.words:
            ok = value in entry.words
        else:
            ok = value is None or (
                isinstance(value, int | float)
                and not isinstance(value, bool)
                and (not entry.whole or float(value).is_integer())
            )
        if not ok:
            raise ValueError(f"{name}: {json.dumps(value)} is not {entry.takes()}")
        fields[field] = int(value) if entry.whole and isinstance(value, float) else value
    PracticeOptions(**fields)  # the ranges, and one hold
    return fields


def text_of(choices: PlanChoices) -> str:
    """The file's text for `choices`: the last plan, then each plan's own, sorted."""
    plans = {
        plan_id: {_NAMES[field]: _plain(value) for field, value in own.items() if field in _NAMES}
        for plan_id, own in sorted(choices.plans.items())
        if own
    }
    return json.dumps({"last": choices.last, "plans": plans}, indent=2) + "\n"


def _plain(value: object) -> object:
    """A number as a person writes it: 20, not 20.0."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def save_plan_choices(loaded: ChoicesFile, choices: PlanChoices) -> ChoicesFile:
    """Write `choices` (nothing when unchanged); a `DataError` when the file cannot be."""
    if loaded.path is None:
        raise DataError("no data folder found (no home folder?); set BACKSIDE_DATA_DIR")
    if choices.plans == loaded.choices.plans and choices.last == loaded.choices.last:
        return replace(loaded, choices=choices)
    write_file_atomically(loaded.path, text_of(choices))
    return ChoicesFile(loaded.path, choices)
