"""`backside edit NAME`: open one of the user's routines in their editor, then check it.

The editor is `$VISUAL`, else `$EDITOR`, else the first of a few common ones
found. When it closes, the routine is checked as the start screen would: ok,
or one clear message (exit status 2); at a terminal, backside offers to open
it again so a mistake can be fixed at once.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from app.cli.commands.validate import routine_summary
from app.core.errors import DataError
from app.store.library_file import load_library
from app.store.plans import find_user_routine, load_routine_file
from app.store.text_files import shown_value

#: Tried in order when neither $VISUAL nor $EDITOR is set.
FALLBACK_EDITORS = ("sensible-editor", "nano", "vi")


def editor_command() -> list[str]:
    for variable in ("VISUAL", "EDITOR"):
        value = os.environ.get(variable, "").strip()
        if value:
            try:
                command = shlex.split(value)
            except ValueError as error:  # `vim "`: no closing quotation
                raise DataError(
                    f"${variable} is {shown_value(value, 40)!r}, which cannot be read as a"
                    f" command: {str(error).lower()}"
                ) from None
            if command:
                return command
    for name in FALLBACK_EDITORS:
        if shutil.which(name):
            return [name]
    raise DataError("no editor found: set $EDITOR (for example: export EDITOR=nano)")


def open_in_editor(path: Path) -> None:
    command = [*editor_command(), str(path)]
    try:
        finished = subprocess.run(command, check=False)
    except OSError as error:
        raise DataError(
            f"cannot start the editor {command[0]!r}: {error.strerror or error}"
        ) from None
    if finished.returncode != 0:
        raise DataError(f"the editor {command[0]!r} stopped with status {finished.returncode}")


def main(args: argparse.Namespace) -> int:
    library = load_library(args.poses)
    path = find_user_routine(args.name, library).path
    while True:
        open_in_editor(path)
        try:
            routine = load_routine_file(path, library)
        except DataError as error:
            if not (sys.stdin.isatty() and sys.stdout.isatty()):
                raise
            print(f"backside: {error}", file=sys.stderr)
            try:
                answer = input("Open it again to fix it? [Y/n] ").strip().lower()
            except EOFError:  # Ctrl+D: no
                print()
                return 2
            if answer in ("n", "no"):
                return 2
            continue
        print(f"{path}: ok, {routine_summary(routine)}")
        return 0
