"""Parse TOML text into a table, with a parse error said as `file:line:column: what`.

tomllib words its errors "Invalid value (at line 3, column 7)"; editors and
terminals jump to `file:3:7`, so the place goes first, as compilers write it.
"""

from __future__ import annotations

import re
import tomllib
from typing import Any

from app.core.errors import DataError, check_size, number_too_long

_PLACE = re.compile(r"\s*\(at (?:line (\d+), column (\d+)|end of document)\)\s*$")


def parse_toml(text: str, source: str) -> dict[str, Any]:
    """The TOML table in `text`; a syntax error is a `DataError` naming line and column."""
    try:
        table = tomllib.loads(text)
    except RecursionError:
        # tomllib recurses once per nested array or inline table.
        raise DataError(f"{source}: nested too deeply to be read") from None
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        found = _PLACE.search(message)
        what = _PLACE.sub("", message) if found else message
        if found and found.group(1):
            line, column = int(found.group(1)), int(found.group(2))
        else:  # "at end of document": the place just after the last character
            lines = text.splitlines() or [""]
            line, column = len(lines), len(lines[-1]) + 1
        what = what[:1].lower() + what[1:]
        raise DataError(f"{source}:{line}:{column}: not valid TOML: {what}") from None
    except ValueError:
        # int() refuses numbers of over 4,300 digits before tomllib can say where.
        raise number_too_long(source, text) from None
    check_size(table, source)
    return table


def key_line(text: str, key: str) -> tuple[int, int] | None:
    """Line and column (1-based) of a top-level `key = ...` or a `[key]` table, if written."""
    pattern = re.compile(rf"^(\s*)(?:{re.escape(key)}|\"{re.escape(key)}\"|'{re.escape(key)}')\s*=")
    table = re.compile(rf"^(\s*)\[+\s*{re.escape(key)}\s*\]")
    top_level = True
    for number, line in enumerate(text.splitlines(), start=1):
        found = table.match(line)
        if found:
            return number, len(found.group(1)) + 1
        top_level = top_level and not line.lstrip().startswith("[")
        found = pattern.match(line) if top_level else None
        if found:
            return number, len(found.group(1)) + 1
    return None
