"""Read a pose library from disk, or the built-in one, into a validated `Library`.

This is the shell side of `app.core.library`: `app.store.text_files` reads the file
(missing, a folder, too large, not UTF-8) and the core parses and validates it.
Every failure is a `DataError` whose message names the file, and where it can,
the line and column.
"""

from __future__ import annotations

from pathlib import Path

from app.core.library import parse_library
from app.core.models import Library
from app.store.shipped import builtin_library_text
from app.store.text_files import read_text_file

#: How messages name the library shipped with backside.
BUILTIN_SOURCE = "built-in poses.json"


def load_library(path: Path | None) -> Library:
    """The library in `path`, or the built-in one when `path` is None."""
    if path is None:
        return parse_library(builtin_library_text(), BUILTIN_SOURCE)
    return parse_library(read_text_file(path), str(path))
