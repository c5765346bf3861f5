"""Read a user's text file (a pose library, a routine) safely, or say clearly why not."""

from __future__ import annotations

import stat
from pathlib import Path

from app.core.errors import DataError

#: The largest file backside reads. The built-in library is about 20 KiB.
MAX_FILE_BYTES = 1024 * 1024

_BOM = b"\xef\xbb\xbf"


def read_text_file(path: Path, max_bytes: int = MAX_FILE_BYTES) -> str:
    """The UTF-8 text of a user's file, refusing folders and files over `max_bytes`.

    A leading byte-order mark (as some Windows editors write) is dropped.
    """
    try:
        info = path.stat()
    except FileNotFoundError:
        raise DataError(f"{path}: no such file") from None
    except OSError as error:
        raise DataError(f"{path}: cannot read: {error.strerror or error}") from None
    if stat.S_ISDIR(info.st_mode):
        raise DataError(f"{path}: is a folder; expected a file")
    if stat.S_ISREG(info.st_mode) and info.st_size > max_bytes:
        raise DataError(
            f"{path}: the file is {_size(info.st_size)}; the limit is {_size(max_bytes)}"
        )
    try:
        with path.open("rb") as file:
            # Read one byte past the limit: a pipe or device has no size to check first.
            data = file.read(max_bytes + 1)
    except OSError as error:
        raise DataError(f"{path}: cannot read: {error.strerror or error}") from None
    if len(data) > max_bytes:
        raise DataError(f"{path}: the file is over the limit of {_size(max_bytes)}")
    if data.startswith(_BOM):
        data = data[len(_BOM) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = _line_and_column(data, error.start)
        bad = data[error.start : error.end].hex(" ")
        raise DataError(
            f"{path}:{line}:{column}: not UTF-8 text (byte {bad}); save the file as UTF-8"
        ) from None


def _line_and_column(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column of a byte offset; the column counts characters."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    line = data.count(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return line, column


def _size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MiB"
    if size >= 1024:
        return f"{size / 1024:.1f} KiB"
    return f"{size} bytes"
