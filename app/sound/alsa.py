"""Keep libasound's own messages off the terminal.

ALSA prints lines such as "ALSA lib confmisc.c:855:(parse_card) cannot find card
'0'" straight to stderr, which would garble the practice screen. libasound lets
a program replace its error handler (`snd_lib_error_set_handler`); we install
one that drops everything. simpleaudio links libasound and miniaudio loads it
with dlopen: both get the same library, so one handler covers both. System
players run as child processes with their stderr sent to /dev/null instead.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
import threading
from collections.abc import Iterator

# void handler(const char *file, int line, const char *function, int err, const char *fmt, ...)
# The variadic tail is never read, so a fixed signature is safe to install.
_HANDLER_TYPE = ctypes.CFUNCTYPE(
    None, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p
)


def _ignore(
    file: bytes | None, line: int, function: bytes | None, err: int, fmt: bytes | None
) -> None:
    return None


_handler = _HANDLER_TYPE(_ignore)  # kept alive for as long as libasound may call it
_lock = threading.Lock()
_silenced = False


def _candidates() -> Iterator[str | None]:
    yield "libasound.so.2"
    yield ctypes.util.find_library("asound")  # slower: may run ldconfig


def silence_alsa_errors() -> bool:
    """Install the silent handler once; True if libasound was found and took it."""
    global _silenced
    with _lock:
        if _silenced:
            return True
        if not sys.platform.startswith("linux"):
            return False
        library = None
        for name in _candidates():
            if name:
                try:
                    library = ctypes.CDLL(name)
                    break
                except OSError:
                    continue
        if library is None or not hasattr(library, "snd_lib_error_set_handler"):
            return False
        set_handler = library.snd_lib_error_set_handler
        set_handler.argtypes = [_HANDLER_TYPE]
        set_handler.restype = ctypes.c_int
        _silenced = bool(set_handler(_handler) == 0)
        return _silenced
