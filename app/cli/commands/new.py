"""`backside new [NAME]`: write a routine to start from, every key explained, and say where.

The file lands in `routines/` of the config folder, where the start screen
lists it; it is a working routine as written, so the user can practise it at
once and change it a line at a time. The pose and version ids to choose from
are written into it, from the library in use.
"""

from __future__ import annotations

import argparse
import json
import unicodedata

from app.core.models import Library, Sides
from app.core.plans import name_for
from app.store.library_file import load_library
from app.store.plans import routine_path, write_new_routine

#: How long a routine's description may be (see `app.core.routine.Description`).
MAX_DESCRIPTION = 120

#: The name `backside new` gives when none is given (then -2, -3, ...).
DEFAULT_NAME = "my-routine"

SIDES_NOTE = {
    Sides.NONE: "",
    Sides.SWITCH: " (one side, then the other)",
    Sides.ALTERNATE: " (sides alternate: counted in lifts per side)",
}


def main(args: argparse.Namespace) -> int:
    library = load_library(args.poses)
    name = args.name or _free_name()
    path = routine_path(name)
    write_new_routine(path, template(name, library))
    print(path)
    print(f"Change it with: backside edit {name}   Practise it with: backside run {name}")
    return 0


def _free_name() -> str:
    name, number = DEFAULT_NAME, 1
    while routine_path(name).exists():
        number += 1
        name = f"{DEFAULT_NAME}-{number}"
    return name


def template(name: str, library: Library) -> str:
    """A routine that works as written, with a comment on every key it could have."""
    first, *others = library.poses
    versions = [version.id for version in first.versions]
    lines = [
        f"# {name}: a routine of your own for backside.",
        "#",
        "# The start screen (`backside`) lists it; `backside run " + name + "` practises it;",
        "# `backside edit " + name + "` opens it and checks it when you close the editor.",
        "# Lines starting with # are comments. Only the poses are needed: every other",
        "# key has a default, shown here. The start screen's options (sets, hold,",
        "# pace, rest) still reshape it for one practice.",
        "",
        f'# id = "{name}"',
        "# How `backside run` and the settings name it. Default: from the file's name.",
        "",
        f"name = {toml_string(name_for(name))}",
        "# On the start screen. Default: from the file's name.",
        "",
        f"description = {toml_string(_description(library))}",
        "# One line under the name. Default: none.",
        "",
        "sets = 2",
        "# How many times through the poses, 1 to 10. Default: 1.",
        "",
        "hold = { seconds = 45 }",
        "# How long each pose is held: { seconds = 5 to 600 } or { breaths = 1 to 30 }.",
        "# For versions whose sides alternate, add lifts_per_side = 1 to 60",
        "# (one breath per lift), e.g. { breaths = 6, lifts_per_side = 8 }. Default: 45 s.",
        "",
        '# The simplest routine is a list:  poses = ["locust", "reverse-plank"]',
        "# Each [[blocks]] below is one pose, with more choices than a list gives.",
        "",
        '[[blocks]]                     # (its kind is "pose"; it can go unsaid)',
        f'pose = "{first.id}"',
        f"versions = {json.dumps(versions[:2])}",
        "# Which versions, in order; leave it out for all of them. Default: all.",
        'each_set = "next"',
        '# "next": set 1 takes the first version, set 2 the next, so each set differs.',
        '# "all": every version, each set. Default: "next".',
        "# hold = { breaths = 8 }",
        "# A hold for this pose only. Default: the routine's hold.",
        "",
    ]
    if others:
        lines += ["[[blocks]]", f'pose = "{others[-1].id}"', ""]
    lines += [
        "[timing]",
        "# Every key here is optional; these are the defaults.",
        "breath_seconds = 6      # one whole breath, in and out: 2 to 15",
        "inhale_share = 0.5      # the part of a breath spent breathing in: 0.3 to 0.7",
        "rest_seconds = 30       # rest between sets: 0 to 600",
        "get_ready_seconds = 10  # to move into each pose: 0 to 60",
        "switch_seconds = 5      # to change sides in a sided version: 0 to 30",
        "",
        "# A warm-up before the poses (optional, any number, in order):",
    ]
    if library.sequences:
        lines += [
            "# [[warm_up]]",
            '# kind = "flow"',
            f'# sequence = "{library.sequences[0].id}"    # one breath per movement',
            "# rounds = 2                      # 1 to 10",
        ]
    if library.activities:
        lines += [
            "# [[warm_up]]",
            '# kind = "settle"                 # straight after a run: bring the heart rate down',
            f'# activity = "{library.activities[0].id}"',
            "# seconds = 180                   # 30 to 1800",
        ]
    lines += [
        "",
        "# Stretches to finish (optional):",
        "# [[cool_down]]",
        '# kind = "stretch"',
        "# seconds = 30                     # each stretch (each side), 10 to 300",
        "# stretches = []                   # which ones; leave it out for all of them",
        "",
        "# What there is to choose from (`backside poses ID` shows a pose whole):",
    ]
    lines += _choices(library)
    return "\n".join(lines) + "\n"


def _description(library: Library) -> str:
    """The poses it starts and ends with, within the length a description may have."""
    poses = [library.poses[0], library.poses[-1]] if len(library.poses) > 1 else library.poses
    text = ", then ".join(pose.name for pose in poses) + "."
    return text if len(text) <= MAX_DESCRIPTION else text[: MAX_DESCRIPTION - 1].rstrip() + "…"


def toml_string(text: str) -> str:
    """`text` as a TOML basic string: quotes, backslashes and control characters escaped."""
    out = ['"']
    for char in text:
        if char in ('"', "\\"):
            out.append("\\" + char)
        elif unicodedata.category(char) == "Cc":
            out.append(f"\\u{ord(char):04X}")
        elif unicodedata.category(char) == "Cs":  # half a character: not writable as UTF-8
            out.append("\ufffd")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


def _choices(library: Library) -> list[str]:
    lines = []
    for pose in library.poses:
        lines.append(f'#   pose "{pose.id}", versions:')
        for version in pose.versions:
            lines.append(f"#     {version.id}{SIDES_NOTE[version.sides]}")
    if library.sequences:
        lines.append("#   sequences: " + ", ".join(s.id for s in library.sequences))
    if library.activities:
        lines.append("#   activities: " + ", ".join(a.id for a in library.activities))
    if library.stretches:
        lines.append("#   stretches: " + ", ".join(s.id for s in library.stretches))
    return lines
