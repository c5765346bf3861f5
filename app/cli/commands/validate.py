"""`backside validate FILE`: check a pose library (JSON), a routine (TOML) or settings.toml.

A good file prints one line, `FILE: ok, ...`, and exits 0. A bad one raises
`DataError`, which the CLI prints as `backside: <message>` with exit status 2.
A routine is checked against the library given with `--poses` (or the built-in one).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.errors import DataError
from app.core.models import Library
from app.store.library_file import load_library

if TYPE_CHECKING:
    from app.core.routine import Routine


def main(args: argparse.Namespace) -> int:
    path: Path = args.file
    if path.name == "settings.toml":
        from app.store.settings import load_settings

        loaded = load_settings(path)
        if loaded.problems:
            raise DataError("\n".join(loaded.problems))
        if not path.is_file():
            raise DataError(f"{path}: no such file")
        print(f"{path}: ok, settings: {', '.join(sorted(loaded.given)) or 'none changed'}")
        return 0
    if path.suffix.lower() == ".toml":
        from app.store.plans import load_routine_file

        routine = load_routine_file(path, load_library(args.poses), cached=False)
        print(f"{path}: ok, {routine_summary(routine)}")
    else:
        print(f"{path}: ok, {library_summary(load_library(path, cached=False))}")
    return 0


def _count(number: int, word: str, plural: str | None = None) -> str:
    return f"{number} {word if number == 1 else plural or word + 's'}"


def library_summary(library: Library) -> str:
    return ", ".join(
        [
            _count(len(library.poses), "pose"),
            _count(sum(len(pose.versions) for pose in library.poses), "version"),
            _count(len(library.sequences), "sequence"),
            _count(len(library.stretches), "stretch", "stretches"),
            _count(len(library.activities), "activity", "activities"),
        ]
    )


def routine_summary(routine: Routine) -> str:
    return ", ".join(
        [
            f"routine {routine.id!r}",
            _count(routine.sets, "set"),
            _count(len(routine.blocks), "pose block"),
            _count(len(routine.warm_up), "warm-up block"),
            _count(len(routine.cool_down), "cool-down block"),
        ]
    )
