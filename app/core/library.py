"""Turn the text of a library file into a validated `Library`, or a clear `DataError`."""

from __future__ import annotations

import json

from pydantic import ValidationError

from app.core.errors import DataError, describe_validation_error
from app.core.models import Library


def parse_library(text: str, source: str) -> Library:
    """Parse and validate a library. `source` names the file in messages."""
    if not text.strip():
        raise DataError(f"{source}: the file is empty; expected a JSON object with 'poses'")
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as error:
        raise DataError(
            f"{source}:{error.lineno}:{error.colno}: not valid JSON: {error.msg}"
        ) from None
    if not isinstance(raw, dict):
        kind = type(raw).__name__.replace("list", "array").replace("dict", "object")
        raise DataError(
            f"{source}: the top level is a JSON {kind}; expected an object with 'poses'"
        )
    try:
        return Library.model_validate(raw)
    except ValidationError as error:
        raise DataError(describe_validation_error(source, error)) from None


def library_schema() -> dict[str, object]:
    """The JSON Schema of a library file, for editors and `backside schema`."""
    schema = Library.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "backside pose library"
    return schema
