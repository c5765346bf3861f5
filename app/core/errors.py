"""The one error type the shell turns into a clear message and exit status 2."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pydantic is slow to import; `backside --help` never needs it
    from pydantic import ValidationError


class DataError(Exception):
    """A file or option that cannot be used. Its message is shown to the user as is."""


def json_path(location: Sequence[int | str]) -> str:
    """Render a pydantic error location as a JSON path: ``poses[2].versions[1].cues``."""
    path = ""
    for part in location:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else part
    return path or "(top level)"


def describe_validation_error(source: str, error: ValidationError) -> str:
    """One message for a validation failure: the path and the broken rule of each problem."""
    problems = error.errors(include_url=False)
    lines = [f"{source}: {len(problems)} problem{'s' if len(problems) != 1 else ''}"]
    for problem in problems[:10]:
        where = json_path(_without_union_tags(problem["loc"]))
        message = problem["msg"]
        if problem["type"] == "extra_forbidden":
            message = "unknown key"
        elif problem["type"] == "missing":
            message = "required key is missing"
        elif problem["type"] == "value_error":
            message = message.removeprefix("Value error, ")
        lines.append(f"  {where}: {message}")
    if len(problems) > 10:
        lines.append(f"  ... and {len(problems) - 10} more")
    return "\n".join(lines)


def _without_union_tags(location: Sequence[int | str]) -> list[int | str]:
    # Discriminated unions put the chosen tag in the location ("blocks.0.pose.hold");
    # users think in keys of their file, so keep only what they wrote.
    return [
        part for part in location if not (isinstance(part, str) and part.startswith("function-"))
    ]
