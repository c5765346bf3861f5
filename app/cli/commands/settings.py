"""`backside settings [set KEY VALUE | unset KEY]`: the defaults, and where each comes from.

Command-line options win over `settings.toml`, which wins over the built-in
defaults. Listing shows the effective value of every key, its source, and what
it takes. No Textual here: it is a quick look-up.
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap

from app.core.errors import DataError, known_list
from app.store.settings import (
    DEFAULTS,
    Key,
    SettingsFile,
    change,
    find_key,
    keys,
    load_settings,
    parse_value,
)
from app.store.text_files import shown_value
from app.system.folders import user_folders


def main(args: argparse.Namespace) -> int:
    loaded = load_settings(user_folders().settings_file)
    action = getattr(args, "action", None)
    if action == "set":
        key = find_key(args.key)
        if key.name == "plan":
            _check_plan(args.value, args)
        before = loaded.given
        loaded = change(loaded, {key.name: parse_value(key, args.value)})
        print(f"{key.name} = {shown(loaded, key)}   (in {loaded.path})")
        for other in sorted(before - loaded.given - {key.name}):
            print(f"{other} unset: a hold is in seconds or in breaths, not both")
        return 0
    if action == "unset":
        key = find_key(args.key)
        loaded = change(loaded, {key.name: None})
        print(f"{key.name} = {shown(loaded, key)}   (the built-in default)")
        return 0
    if args.json:
        print(json.dumps(as_json(loaded), indent=2))
    else:
        print("\n".join(listing(loaded)))
    for problem in loaded.problems:
        print(f"backside: {problem}", file=sys.stderr)
    if loaded.broken:
        print(
            "backside: the settings file was ignored: the built-in defaults apply", file=sys.stderr
        )
        return 2
    return 0


def _check_plan(plan_id: str, args: argparse.Namespace) -> None:
    """The start screen can only pick a plan that exists."""
    from app.store.library_file import load_library
    from app.store.plans import all_plan_ids

    known = all_plan_ids(load_library(args.poses))
    if plan_id not in known:
        raise DataError(
            f"plan: no plan or routine called {shown_value(plan_id)!r} (known: {known_list(known)})"
        )


def shown(loaded: SettingsFile, key: Key) -> str:
    value = loaded.settings.value(key.name)
    if value is None:
        return "as the plan says"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def listing(loaded: SettingsFile) -> list[str]:
    where = loaded.path or "no config folder found (set BACKSIDE_CONFIG_DIR)"
    lines = [
        f"Settings file: {where}",
        "Command-line options win over these values, and these over the built-in ones.",
        "Change one with: backside settings set KEY VALUE  (or: unset KEY)",
        "",
    ]
    for key in keys():
        source = loaded.source(key.name)
        lines.append(f"{key.name + ' = ' + shown(loaded, key):<48} {source:>30}")
        lines += textwrap.wrap(
            f"{key.help[:1].upper()}{key.help[1:]}. Takes {key.takes()}.",
            79,
            initial_indent="    ",
            subsequent_indent="    ",
        )
    return lines


def as_json(loaded: SettingsFile) -> dict[str, object]:
    return {
        "file": None if loaded.path is None else str(loaded.path),
        "ignored": list(loaded.problems),
        "settings": [
            {
                "key": key.name,
                "value": loaded.settings.value(key.name),
                "default": DEFAULTS.value(key.name),
                "source": loaded.source(key.name),
                "takes": key.takes(),
                "help": key.help,
            }
            for key in keys()
        ],
    }
