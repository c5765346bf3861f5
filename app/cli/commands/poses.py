"""`backside poses [ID] [--json]`: the poses and their versions, or one pose whole.

Plain text, at most 80 columns, and no Textual or rich: it is a quick look-up
that should print before the user notices it started.

With `--json` the output is always a JSON array of pose objects in the library's
own format (the items of `poses` in poses.json: id, name, versions with their
id, name, sides, cues, and the rest); with an ID the array holds that one pose.
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from collections.abc import Iterable

from app.core.errors import DataError
from app.core.models import Library, Pose, Sides, UnknownIdError, Version, to_data
from app.core.sides import Side, sided_cues
from app.store.library_file import load_library
from app.store.text_files import shown_value

WIDTH = 80

#: How each `Sides` reads in a table cell.
SIDES_TEXT = {
    Sides.NONE: "both together",
    Sides.SWITCH: "one, then other",
    Sides.ALTERNATE: "alternating",
}


def main(args: argparse.Namespace) -> int:
    library = load_library(args.poses)
    pose_id: str | None = args.pose_id
    poses = list(library.poses) if pose_id is None else [find_pose(library, pose_id)]
    if args.json:
        print(json.dumps([poses_json(pose) for pose in poses], indent=2))
    elif pose_id is None:
        write(table(library))
    else:
        write(describe(poses[0]))
    return 0


def find_pose(library: Library, pose_id: str) -> Pose:
    try:
        return library.pose(pose_id)
    except UnknownIdError as error:
        raise DataError(str(error).replace(repr(pose_id), repr(shown_value(pose_id)))) from None


def poses_json(pose: Pose) -> dict[str, object]:
    data: dict[str, object] = to_data(pose)
    return data


def table(library: Library) -> list[str]:
    """One row per version, grouped under its pose."""
    lines = [f"{'POSE / VERSION':<22} {'NAME':<32} {'SIDES':<16} LEVEL", "-" * 77]
    for pose in library.poses:
        also = f" ({', '.join(pose.other_names)})" if pose.other_names else ""
        lines.append(_clip(f"{pose.id:<22} {pose.name}{also}"))
        for version in pose.versions:
            lines.append(
                f"  {version.id:<20} {_clip(version.name, 32):<32} "
                f"{SIDES_TEXT[version.sides]:<16} {version.difficulty}"
            )
    versions = sum(len(pose.versions) for pose in library.poses)
    lines += [
        "",
        f"{len(library.poses)} poses, {versions} versions. LEVEL compares a pose's own versions:",
        "1 is the gentlest. `backside poses ID` shows one pose whole.",
    ]
    return lines


def describe(pose: Pose) -> list[str]:
    """Everything about one pose: names, benefits, set-up, cautions, each version."""
    title = f"{pose.name} ({pose.id})"
    lines = [title, "=" * len(title)]
    if pose.other_names:
        lines.append(f"Also called: {', '.join(pose.other_names)}")
    lines.append(f"Strengthens: {', '.join(muscle.value for muscle in pose.benefits)}")
    if pose.cues:
        lines += ["", "Set-up, for every version:", *_bullets(pose.cues, "- ")]
    if pose.cautions:
        lines += ["", "Take care:", *_bullets(pose.cautions, "! ")]
    for number, version in enumerate(pose.versions, start=1):
        lines += ["", *_version(number, version, pose)]
    return lines


def _version(number: int, version: Version, pose: Pose) -> list[str]:
    heading = f"{number}. {version.name} ({version.id})"
    lines = [heading, "-" * len(heading)]
    sides = SIDES_TEXT[version.sides]
    if version.sides is Sides.SWITCH:
        sides += f", {version.lead} leg first, then the other mirrors it"
    lines.append(f"   Level {version.difficulty}; sides: {sides}")
    if version.benefits:
        lines.append(f"   Also works: {', '.join(muscle.value for muscle in version.benefits)}")
    if version.figure:
        lines += ["", *(f"     {row}".rstrip() for row in version.figure), ""]
    lines += _bullets(_sided(version.cues, version), "   - ")
    if version.held_cues:
        lines += ["   Or hold each side for a round of breaths:"]
        lines += _bullets(_sided(version.held_cues, version), "   - ")
    lines += _bullets(version.notes, "   Note: ")
    if version.fallback is not None:
        instead = next(v for v in pose.versions if v.id == version.fallback)
        lines += _bullets(
            [f"If it feels forced, do {instead.name} ({instead.id}) instead."], "   Instead: "
        )
    return lines


def _sided(cues: tuple[str, ...], version: Version) -> tuple[str, ...]:
    """Cues as the first side does them ("Raise the right leg"); the other side mirrors."""
    return sided_cues(cues, Side(version.lead))


def _bullets(items: Iterable[str], mark: str) -> list[str]:
    lines: list[str] = []
    for item in items:
        lines += textwrap.wrap(
            item, WIDTH - 1, initial_indent=mark, subsequent_indent=" " * len(mark)
        )
    return lines


def _clip(text: str, width: int = WIDTH - 1) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


def write(lines: list[str]) -> None:
    sys.stdout.write("\n".join(lines) + "\n")
