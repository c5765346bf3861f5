"""`backside schema`: print the JSON Schema of a pose library.

`data/poses.schema.json` is this output; regenerate it with
`backside schema > data/poses.schema.json` after changing the models.
"""

from __future__ import annotations

import argparse
import json

from app.core.library import library_schema


def schema_text() -> str:
    """The schema exactly as `data/poses.schema.json` holds it."""
    return json.dumps(library_schema(), indent=2) + "\n"


def main(args: argparse.Namespace) -> int:
    print(schema_text(), end="")
    return 0
