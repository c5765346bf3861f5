"""The order of each pose's versions, read from a library file without validating it all.

`backside stats` needs only this from the library, and reading the whole
library through its models would cost the command most of its start-up. The
order means what `app.core.pose_progress.VersionOrder` says: the first version
listed is the easiest. Entries that are not what a library holds are passed
over (`backside validate` is the place to hear about them).
"""

from __future__ import annotations

import json
from pathlib import Path

from app.core.errors import DataError
from app.core.pose_progress import VersionOrder
from app.store.shipped import builtin_library_text
from app.store.text_files import read_text_file


def version_order_of_text(text: str, source: str) -> VersionOrder:
    try:
        raw = json.loads(text)
    except (ValueError, RecursionError):
        raise DataError(f"{source}: not valid JSON (see: backside validate {source})") from None
    poses = raw.get("poses") if isinstance(raw, dict) else None
    found: list[tuple[str, list[str]]] = []
    for pose in poses if isinstance(poses, list) else ():
        if not isinstance(pose, dict) or not isinstance(pose.get("id"), str):
            continue
        versions = pose.get("versions")
        ids = [
            version["id"]
            for version in (versions if isinstance(versions, list) else ())
            if isinstance(version, dict) and isinstance(version.get("id"), str)
        ]
        found.append((pose["id"], ids))
    return VersionOrder.of(found)


def read_version_order(path: Path | None) -> VersionOrder:
    """The order in the library at `path`, or in the built-in one."""
    if path is None:
        return version_order_of_text(builtin_library_text(), "built-in poses.json")
    return version_order_of_text(read_text_file(path), str(path))
