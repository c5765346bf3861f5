"""Read a user's file (a pose library, a routine, a sound) safely, or say clearly why not;
write one (settings, a new routine) whole or not at all."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
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
        size, limit = sizes(info.st_size, max_bytes)
        raise DataError(f"{path}: the file is {size}; the limit is {limit}")
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


def sizes(size: int, limit: int) -> tuple[str, str]:
    """A size and its limit in words, exact in bytes when rounding would make them look equal."""
    shown, most = _size(size), _size(limit)
    if shown == most and size != limit:
        return f"{size:,} bytes", f"{limit:,} bytes"
    return shown, most


def shown_value(text: str, limit: int = 20) -> str:
    """A value the user typed, cut to `limit` characters for a message: '9999…'."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def write_file_atomically(path: Path, text: str, *, replace: bool = True) -> None:
    """Write `text` to `path` whole, or leave everything as it was.

    The text goes to a temporary file in the same folder, which is then renamed
    over `path` (`replace`) or linked to it only if `path` does not exist yet (a
    new routine never overwrites one). A symlink is written through to its
    target, and an existing file keeps its mode; a read-only one is refused.
    Any failure (a full disk) removes the temporary file: nothing is left.
    """
    try:
        target = path.resolve() if path.is_symlink() else path
        folder = target.parent
        folder_is_a_file = folder.exists() and not folder.is_dir()
    except OSError as error:  # a name too long
        raise DataError(f"{path}: cannot write: {error.strerror or error}") from None
    except RuntimeError:  # Python 3.11 on a loop of symlinks
        raise DataError(f"{path}: cannot write: a loop of symbolic links") from None
    if folder_is_a_file:
        raise DataError(f"{folder}: is a file, not a folder; move it away, then try again")
    mode = _mode_for(target, replace=replace)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{target.stem}-", suffix=".tmp")
    except OSError as error:
        raise DataError(f"{path}: cannot write: {error.strerror or error}") from None
    try:
        try:
            with os.fdopen(handle, "wb") as file:
                write_all(file.fileno(), text.encode("utf-8"))
                os.fchmod(file.fileno(), mode)
                os.fsync(file.fileno())
            if replace:
                os.replace(temporary, target)
            else:
                _link_new(temporary, target)
        finally:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
    except FileExistsError:
        raise  # the caller says what to do about it
    except OSError as error:
        raise DataError(f"{path}: cannot write: {error.strerror or error}") from None


def write_all(handle: int, data: bytes) -> None:
    """Write all of `data` to the open file `handle` (a short write goes on)."""
    view = memoryview(data)
    while view:
        view = view[os.write(handle, view) :]


def _link_new(temporary: str, target: Path) -> None:
    """Give the written file its name, unless the name is taken."""
    try:
        os.link(temporary, target)
    except OSError as error:
        if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
            raise
        # No hard links here (some network or FAT file systems): a rename, checked first.
        if target.exists() or target.is_symlink():
            raise FileExistsError(errno.EEXIST, "File exists", str(target)) from None
        os.rename(temporary, target)


def _mode_for(target: Path, *, replace: bool) -> int:
    """The mode the written file gets: the existing file's, else the usual one."""
    try:
        info = target.stat()
    except FileNotFoundError:
        return 0o666 & ~_umask()
    except OSError as error:
        raise DataError(f"{target}: cannot write: {error.strerror or error}") from None
    if replace and not stat.S_ISREG(info.st_mode):
        _check_kind(target, info.st_mode)
    mode = stat.S_IMODE(info.st_mode)
    if replace and (not mode & 0o222 or not os.access(target, os.W_OK)):
        raise DataError(f"{target}: the file is read-only; it was left as it is")
    return mode


def _umask() -> int:
    """The process's umask, read without changing it (`os.umask` would, for every thread)."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    return 0o022


def _size(size: int) -> str:
    if size >= 1024 * 1024 * 1024:
        return f"{size / (1024 * 1024 * 1024):.1f} GiB"
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MiB"
    if size >= 1024:
        return f"{size / 1024:.1f} KiB"
    return f"{size} bytes"
