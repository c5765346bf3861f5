"""Read a pose library from disk, or the built-in one, into a validated `Library`.

This is the shell side of `app.core.library`: `app.store.text_files` reads the file
(missing, a folder, too large, not UTF-8) and the core parses and validates it.
Every failure is a `DataError` whose message names the file, and where it can,
the line and column.

A library validated once is kept in the cache folder (`app.store.validated_cache`)
and, while its file has not changed, read back from there without pydantic: the
practice starts without importing it. `backside validate` always validates in full.
"""

from __future__ import annotations

from pathlib import Path

from app.core.models import Library, library_data, library_from_data
from app.store import validated_cache
from app.store.shipped import builtin_library_text
from app.store.text_files import read_text_file

#: How messages name the library shipped with backside.
BUILTIN_SOURCE = "built-in poses.json"

#: The kind of entry a library is in the cache.
CACHE_KIND = "library"


def load_library(path: Path | None, *, cached: bool = True) -> Library:
    """The library in `path`, or the built-in one when `path` is None.

    With `cached`, a library whose file is byte for byte the one validated last
    time comes from the cache; otherwise (and whenever the cache does not match)
    it is validated in full, and the cache is rewritten.
    """
    if path is None:
        text, source, key = builtin_library_text(), BUILTIN_SOURCE, BUILTIN_SOURCE
    else:
        text, source = read_text_file(path), str(path)
        key = _cache_key(path)
    if not cached:
        return _validated(text, source)
    content = text.encode("utf-8", "surrogatepass")
    library = _from_cache(key, content)
    if library is None:
        library = _validated(text, source)
        validated_cache.write(CACHE_KIND, key, content, library_data(library))
    return library


def _validated(text: str, source: str) -> Library:
    from app.core.library import parse_library  # pydantic: only when the cache cannot answer

    return parse_library(text, source)


def _from_cache(key: str, content: bytes) -> Library | None:
    payload = validated_cache.read(CACHE_KIND, key, content)
    if payload is None:
        return None
    try:
        return library_from_data(payload)
    except (KeyError, TypeError, ValueError, AttributeError, RecursionError):
        return None  # the digests matched but the shape did not: rebuild it


def _cache_key(path: Path) -> str:
    """The file by its absolute path, so one relative name in two folders is two entries."""
    try:
        return str(path.absolute())
    except OSError:
        return str(path)
