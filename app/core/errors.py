"""The one error type the shell turns into a clear message and exit status 2.

Also the words of those messages: a validation failure described in the terms
of the user's file (object, list, number, text, null; the keys as written),
each problem said once, and long lists of names cut short.
"""

from __future__ import annotations

import re

# `backside --help` imports this module and needs none of pydantic, typing or
# difflib: they are imported by the functions that use them.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from typing import Any

    from pydantic import BaseModel, ValidationError

#: How many names a message lists before "… and N more".
LISTED_NAMES = 12

#: How many problems of one file a message shows.
SHOWN_PROBLEMS = 10


class DataError(Exception):
    """A file or option that cannot be used. Its message is shown to the user as is."""


def known_list(names: Iterable[str]) -> str:
    """Names joined by commas, cut after a dozen: "a, b, c … and 8,988 more"."""
    names = list(names)
    shown = ", ".join(names[:LISTED_NAMES])
    if len(names) > LISTED_NAMES:
        shown += f" … and {len(names) - LISTED_NAMES:,} more"
    return shown or "none"


def did_you_mean(name: str, known: Iterable[str], *, quoted: bool = False) -> str:
    """The hint "; did you mean sets?" when a known name is close to `name`, else "".

    `quoted` writes the name as the message wrote the one it mends: "'setz' is not
    a key; did you mean 'sets'?".
    """
    import difflib

    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    if not close:
        return ""
    return f"; did you mean {close[0]!r}?" if quoted else f"; did you mean {close[0]}?"


def number_too_long(source: str, text: str) -> DataError:
    """The error for a number of more digits than Python will read (4,300)."""
    found = re.search(r"\d[\d_]{4300,}", text)  # TOML may group digits with underscores
    if found is None:
        return DataError(f"{source}: a number is too long to read")
    line = text.count("\n", 0, found.start()) + 1
    column = found.start() - (text.rfind("\n", 0, found.start()) + 1) + 1
    digits = len(found.group())
    return DataError(f"{source}:{line}:{column}: a number of {digits:,} digits is too long to read")


#: No list or object in a library or routine comes near this; beyond it, a file is
#: refused before validation, which would otherwise describe every item.
MAX_ITEMS = 1000


def check_size(document: object, source: str) -> None:
    """Refuse a list or object of over `MAX_ITEMS` anywhere in a parsed file."""
    stack: list[tuple[object, tuple[int | str, ...]]] = [(document, ())]
    while stack:
        value, path = stack.pop()
        if isinstance(value, dict):
            if len(value) > MAX_ITEMS:
                raise DataError(
                    f"{source}: {json_path(path)}: an object of {len(value):,} keys; "
                    f"at most {MAX_ITEMS:,}"
                )
            stack.extend((item, (*path, str(key))) for key, item in value.items())
        elif isinstance(value, list):
            if len(value) > MAX_ITEMS:
                raise DataError(
                    f"{source}: {json_path(path)}: a list of {len(value):,} items; "
                    f"at most {MAX_ITEMS:,}"
                )
            stack.extend((item, (*path, index)) for index, item in enumerate(value))


def json_path(location: Sequence[int | str]) -> str:
    """Render a pydantic error location as a JSON path: ``poses[2].versions[1].cues``."""
    path = ""
    for part in location:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            key = part if part.isprintable() else ascii(part)
            path += f".{key}" if path else key
    return path or "(top level)"


def shown(value: object) -> str:
    """A value from a user's file as they would call it: true, null, 12, 'text', a list."""
    import datetime
    import math

    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        # str() of a number of over 4,300 digits raises; none that long is shown anyway.
        return str(value) if abs(value) < 10**40 else "a number of over 40 digits"
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        return f"{value:g}"
    if isinstance(value, str):
        text = value if len(value) <= 40 else value[:39] + "…"
        return ascii(text) if not text.isprintable() else repr(text)
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, datetime.date | datetime.time):  # TOML has dates and times
        return f"the {type(value).__name__} {value.isoformat()}"
    return type(value).__name__


def describe_validation_error(
    source: str, error: ValidationError, model: type[BaseModel] | None = None
) -> str:
    """One message for a validation failure: where each problem is and what is wrong.

    `model` is the model the file was validated as; with it, the path leaves out
    the tags pydantic adds for unions, and an unknown key gets the nearest known one.
    """
    problems = _said_once(error.errors(include_url=False))
    lines = [f"{source}: {len(problems):,} problem{'s' if len(problems) != 1 else ''}"]
    for problem in problems[:SHOWN_PROBLEMS]:
        path, parent = _user_path(model, problem["loc"])
        message = _message(problem, path, parent)
        if problem["type"] in ("union_tag_invalid", "union_tag_not_found"):
            path = [*path, problem["ctx"]["discriminator"].strip("'")]
        lines.append(f"  {json_path(path)}: {message}")
    if len(problems) > SHOWN_PROBLEMS:
        lines.append(f"  … and {len(problems) - SHOWN_PROBLEMS:,} more")
    return "\n".join(lines)


def _said_once(problems: list[Any]) -> list[Any]:
    # A list whose item is broken also fails its own length check ("at least 1
    # item", of the items that survived): one problem, reported where it is.
    within = {
        tuple(problem["loc"][:depth])
        for problem in problems
        for depth in range(len(problem["loc"]))
    }
    return [problem for problem in problems if tuple(problem["loc"]) not in within]


def _user_path(
    model: type[BaseModel] | None, location: Sequence[int | str]
) -> tuple[list[int | str], object]:
    """The location as the user wrote it, and the type holding its last key."""
    path: list[int | str] = []
    current: object = model
    parent: object = None
    for part in location:
        if isinstance(part, str) and part.startswith("function-"):
            continue  # a validator's name, not a key of the file
        current = _unwrapped(current)
        tagged = _union_member(current, part)
        if tagged is not None:
            current = tagged  # the tag of a union ("flow"): the user wrote kind = "flow"
            continue
        parent = current
        path.append(part)
        current = _child(current, part)
    return path, _unwrapped(parent)


def _unwrapped(annotation: object) -> object:
    """Strip Annotated and Optional from a type."""
    import types
    import typing

    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            members = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(members) != 1:
                return annotation
            annotation = members[0]
        else:
            return annotation


def _union_member(annotation: object, part: int | str) -> object | None:
    import types
    import typing

    if not isinstance(part, str) or typing.get_origin(annotation) not in (
        typing.Union,
        types.UnionType,
    ):
        return None
    for member in typing.get_args(annotation):
        fields = getattr(member, "model_fields", {})
        if "kind" in fields and fields["kind"].default == part:
            found: object = member
            return found
    return None


def _child(annotation: object, part: int | str) -> object:
    import typing

    fields = getattr(annotation, "model_fields", None)
    if isinstance(part, str) and fields is not None:
        for name, field in fields.items():
            if part in (name, field.alias):
                return field.annotation
        return None
    if isinstance(part, int) and typing.get_origin(annotation) is tuple:
        return typing.get_args(annotation)[0]
    return None


def _keys(annotation: object) -> list[str]:
    fields = getattr(annotation, "model_fields", None) or {}
    return [field.alias or name for name, field in fields.items()]


_BOUNDS = {
    "greater_than_equal": ("at least", "ge"),
    "less_than_equal": ("at most", "le"),
    "greater_than": ("more than", "gt"),
    "less_than": ("less than", "lt"),
}
_NUMBER_ERRORS = ("int_type", "int_parsing", "int_from_float", "float_type", "float_parsing")


def _message(problem: Any, path: Sequence[int | str], parent: object) -> str:
    kind: str = problem["type"]
    value = problem.get("input")
    ctx = problem.get("ctx") or {}
    key = path[-1] if path and isinstance(path[-1], str) else ""
    if kind == "extra_forbidden":
        known = _keys(parent)
        return "unknown key" + (did_you_mean(str(key), known) if known else "")
    if kind == "missing":
        return "required key is missing"
    if kind == "value_error":
        return str(problem["msg"]).removeprefix("Value error, ")
    if kind == "finite_number":
        return f"{shown(value)} is not a number"
    if kind in _NUMBER_ERRORS:
        whole = kind.startswith("int")
        return f"{shown(value)} is not {_number_words(key, whole=whole)}"
    if kind in _BOUNDS:
        words, bound = _BOUNDS[kind]
        return f"should be {words} {shown(ctx.get(bound))}, not {shown(value)}"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"expected an object, not {shown(value)}"
    if kind in ("tuple_type", "list_type"):
        return f"expected a list, not {shown(value)}"
    if kind == "string_type":
        return f"expected text, not {shown(value)}"
    if kind == "bool_type" or kind == "bool_parsing":
        return f"expected true or false, not {shown(value)}"
    if kind in ("enum", "literal_error"):
        return f"expected {ctx.get('expected', 'one of the known values')}, not {shown(value)}"
    if kind == "union_tag_invalid":
        tags = str(ctx.get("expected_tags", ""))
        tags = " or ".join(tags.rsplit(", ", 1))
        key = str(ctx.get("discriminator", "")).strip("'")
        tag = value.get(key, ctx.get("tag")) if isinstance(value, dict) else ctx.get("tag")
        return f"expected {tags}, not {shown(tag)}"
    if kind == "union_tag_not_found":
        return "required key is missing"
    if kind == "string_pattern_mismatch":
        return (
            f"{shown(value)} is not an id: lower-case letters and digits, "
            "words joined by hyphens (airplane-arms)"
        )
    if kind in ("too_short", "too_long"):
        bound = "at least" if kind == "too_short" else "at most"
        limit = ctx.get("min_length" if kind == "too_short" else "max_length")
        return f"takes {bound} {_items(limit)}, not {ctx.get('actual_length')}"
    message = str(problem["msg"])
    return message.replace("String", "Text").replace("Tuple", "List")


def _number_words(key: str, *, whole: bool) -> str:
    number = "a whole number" if whole else "a number"
    if key.endswith("seconds"):
        return f"{number} of seconds"
    if key in ("breaths", "sets", "rounds", "lifts_per_side"):
        return f"{number} of {key.replace('_', ' ')}"
    return number


def _items(count: object) -> str:
    return f"{count} item" if count == 1 else f"{count} items"
