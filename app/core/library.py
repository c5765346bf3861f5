"""Turn the text of a library file into a validated `Library`, or a clear `DataError`.

The pydantic schema (`app.core.library_schema`) checks the file in full; the
result is the light `app.core.models.Library` the practice uses.
"""

from __future__ import annotations

import json

from pydantic import ValidationError

from app.core import library_schema as schema
from app.core.errors import DataError, check_size, describe_validation_error, number_too_long, shown
from app.core.models import Library


def parse_library(text: str, source: str) -> Library:
    """Parse and validate a library. `source` names the file in messages."""
    if not text.strip():
        raise DataError(f"{source}: the file is empty; expected a JSON object with 'poses'")
    try:
        raw = json.loads(text, object_pairs_hook=_refuse_duplicate_keys)
    except _DuplicateKeyError as error:
        raise DataError(f"{source}: {error}") from None
    except json.JSONDecodeError as error:
        raise DataError(
            f"{source}:{error.lineno}:{error.colno}: not valid JSON: {error.msg}"
        ) from None
    except RecursionError:
        # json gives up on thousands of nested brackets.
        raise DataError(f"{source}: nested too deeply to be a pose library") from None
    except ValueError:
        # int() refuses numbers of over 4,300 digits before json can say where.
        raise number_too_long(source, text) from None
    if not isinstance(raw, dict):
        raise DataError(f"{source}: the top level is {shown(raw)}; expected an object with 'poses'")
    check_size(raw, source)
    try:
        validated = schema.Library.model_validate(raw)
    except ValidationError as error:
        raise DataError(describe_validation_error(source, error, schema.Library)) from None
    except RecursionError:
        raise DataError(f"{source}: nested too deeply to be a pose library") from None
    return validated.light()


def library_schema() -> dict[str, object]:
    """The JSON Schema of a library file, for editors and `backside schema`."""
    found = schema.Library.model_json_schema(by_alias=True)
    found["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    found["title"] = "backside pose library"
    return found


class _DuplicateKeyError(ValueError):
    pass


def _refuse_duplicate_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    # json keeps the last of two equal keys without a word; in a hand-edited
    # library that is a mistake worth naming.
    result: dict[str, object] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKeyError(f"the key {key!r} appears twice in one object")
        result[key] = value
    return result
