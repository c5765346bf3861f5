"""Validated data kept in the cache folder, so an unchanged file is not validated again.

A file read from disk is validated in full once (pydantic, at the edge); the
plain data that passed is written to the cache folder beside the proof of what
it came from. One cache file per source, `<kind>-<digest of the source's name>.json`:
a first line of JSON, the header, then the payload (JSON text):

    {"format": 1, "backside": "0.1.0", "kind": "library", "source": "<name>",
     "source_sha256": "<of the source's bytes>", "payload_sha256": "<of the payload's bytes>"}

`read` gives the payload only when every one of them matches: the format and
backside's version (a foreign cache), the kind and source, the digest of the
source as it is now (a changed file), and the digest of the payload itself (a
truncated or tampered cache). Anything else, a missing, unreadable, stale,
corrupt or foreign file, is None: the caller validates the file again and
writes a new entry. The cache is never trusted, and losing it costs a validation.
Writing is best effort: a cache folder that cannot be written is no error.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path
from typing import Any

import app
from app.system.folders import user_folders

#: Bumped whenever the shape of a payload changes.
FORMAT = 1

#: Larger cache files are not read: the biggest library allowed is far smaller.
MAX_CACHE_BYTES = 16 * 1024 * 1024


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def cache_file(kind: str, source: str, folder: Path | None = None) -> Path | None:
    """Where the entry for `source` is kept; None when there is no cache folder."""
    folder = user_folders().cache if folder is None else folder
    if folder is None:
        return None
    return folder / f"{kind}-{digest(source.encode('utf-8', 'surrogatepass'))[:24]}.json"


def _header(kind: str, source: str, source_bytes: bytes) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "backside": app.__version__,
        "kind": kind,
        "source": source,
        "source_sha256": digest(source_bytes),
    }


def read(kind: str, source: str, source_bytes: bytes, folder: Path | None = None) -> Any | None:
    """The payload cached for exactly these source bytes, or None (see the module's docstring)."""
    path = cache_file(kind, source, folder)
    if path is None:
        return None
    try:
        with path.open("rb") as file:
            content = file.read(MAX_CACHE_BYTES + 1)
    except (OSError, ValueError):
        return None
    if len(content) > MAX_CACHE_BYTES:
        return None
    head, newline, payload = content.partition(b"\n")
    if not newline:
        return None
    try:
        header = json.loads(head)
        if not isinstance(header, dict):
            return None
        expected = {**_header(kind, source, source_bytes), "payload_sha256": digest(payload)}
        if header != expected:
            return None
        return json.loads(payload)
    except (ValueError, RecursionError):
        return None


def write(
    kind: str, source: str, source_bytes: bytes, payload: Any, folder: Path | None = None
) -> None:
    """Keep `payload` as what `source_bytes` validated into; silently skipped if it cannot be."""
    path = cache_file(kind, source, folder)
    if path is None:
        return
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    header = {**_header(kind, source, source_bytes), "payload_sha256": digest(body)}
    content = json.dumps(header, ensure_ascii=True).encode("ascii") + b"\n" + body
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(content)
        os.replace(temporary, path)
    except (OSError, ValueError):
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
