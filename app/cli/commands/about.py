"""`backside about [--json]`: why, when and how to practise the poses, and after a run.

The same words as the start screen's "about these poses" (`a`); plain text at
most 80 columns, and no Textual.
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap

from app.core.guidance import guidance_json, guidance_sections
from app.store.library_file import load_library

WIDTH = 80


def main(args: argparse.Namespace) -> int:
    library = load_library(args.poses)
    if args.json:
        print(json.dumps(guidance_json(library), indent=2))
        return 0
    lines: list[str] = []
    for section in guidance_sections(library):
        if lines:
            lines.append("")
        lines += [section.title, "-" * len(section.title)]
        for point in section.points:
            lines += textwrap.wrap(point, WIDTH - 1, initial_indent="- ", subsequent_indent="  ")
    sys.stdout.write("\n".join(lines) + "\n")
    return 0
