"""Read a user's file (a pose library, a routine, a sound) safely, or say clearly why not."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from app.core.errors import DataError

#: The largest file backside reads. The built-in library is about 20 KiB.
MAX_FILE_BYTES = 1024 * 1024

_BOM = b"\xef\xbb\xbf"

#: Open without waiting (a FIFO with no writer) and without leaking into child processes.
_NO_WAIT = getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


def read_text_file(path: Path, max_bytes: int = MAX_FILE_BYTES) -> str:
    """The UTF-8 text of a user's file, refusing what `read_file` refuses.

    A leading byte-order mark (as some Windows editors write) is dropped.
    """
    data = read_file(path, max_bytes)
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


def read_file(path: Path, max_bytes: int) -> bytes:
    """The bytes of a user's file, refusing folders and files over `max_bytes`.

    Only regular files are read: a pipe, a device or a socket is refused before
    it is opened, and the open itself never waits (a FIFO with no writer would
    otherwise hold backside forever).
    """
    try:
        info = path.stat()
    except FileNotFoundError:
        raise DataError(f"{path}: no such file") from None
    except OSError as error:
        raise DataError(f"{path}: cannot read: {error.strerror or error}") from None
    _check_kind(path, info.st_mode)
    if info.st_size > max_bytes:
        raise DataError(
            f"{path}: the file is {_size(info.st_size)}; the limit is {_size(max_bytes)}"
        )
    try:
        with open(path, "rb", opener=_open_without_waiting) as file:
            # Swapped for something else since the check? Look again at what was opened.
            _check_kind(path, os.fstat(file.fileno()).st_mode)
            # One byte past the limit: a file that grew since the check is still refused.
            data = file.read(max_bytes + 1)
    except OSError as error:
        raise DataError(f"{path}: cannot read: {error.strerror or error}") from None
    if len(data) > max_bytes:
        raise DataError(f"{path}: the file is over the limit of {_size(max_bytes)}")
    return data


def _open_without_waiting(name: str, flags: int) -> int:
    return os.open(name, flags | _NO_WAIT)


def _check_kind(path: Path, mode: int) -> None:
    if stat.S_ISDIR(mode):
        raise DataError(f"{path}: is a folder; expected a file")
    if not stat.S_ISREG(mode):
        raise DataError(f"{path}: is {_kind(mode)}, not a regular file; save it as a file first")


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "an unusual kind of file"


def _line_and_column(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column of a byte offset; the column counts characters."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    line = data.count(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return line, column


def _size(size: int) -> str:
    if size >= 1024 * 1024 * 1024:
        return f"{size / (1024 * 1024 * 1024):.1f} GiB"
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MiB"
    if size >= 1024:
        return f"{size / 1024:.1f} KiB"
    return f"{size} bytes"
