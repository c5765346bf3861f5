"""`backside sounds`: which sound backends work here, and (`--play`) hear each chime.

Checking the speakers before lying down on the mat. Imports no UI.
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import TextIO

from app.core.options import SOUND_MODES
from app.core.steps import Chime
from app.sound.backends import Backend, BackendError, BellBackend, backends_for
from app.sound.chimes import (
    DEFAULT_VOLUME,
    FILES,
    SoundFileError,
    check_own_sound,
    load_chimes,
    own_sound_file,
)
from app.sound.player import ChimePlayer
from app.store.text_files import shown_value
from app.system.folders import user_folders

LABELS = {
    Chime.HOLD_START: "hold start",
    Chime.COUNTDOWN: "countdown tick (3, 2, 1)",
    Chime.SWITCH_SIDES: "switch sides",
    Chime.SET_FINISHED: "set finished / rest",
    Chime.SESSION_FINISHED: "session finished",
    Chime.MOVEMENT: "movement (each lift, each salutation movement)",
}


def _describe(backend: Backend) -> tuple[bool, str]:
    """Open `backend` to see whether it works here, then close it again."""
    try:
        backend.open()
        backend.check()
    except BackendError as error:
        return False, str(error)
    except Exception as error:  # a broken library is a finding, not a crash
        return False, f"{type(error).__name__}: {error}"
    else:
        detail = "works"
        command = getattr(backend, "command", None)
        if command:
            detail = f"works ({command[0]})"
        return True, detail
    finally:
        backend.close()


def list_backends(out: TextIO | None = None) -> str | None:
    """Print each backend `auto` would try and what it found; return the one auto picks."""
    stream = out if out is not None else sys.stdout
    print("Sound backends, in the order --sound auto tries them:", file=stream)
    picked: str | None = None
    for backend in backends_for("auto", ring=lambda: None):
        if isinstance(backend, BellBackend):
            ok, detail = True, "always there (plus a flash of the screen)"
        else:
            ok, detail = _describe(backend)
        mark = "yes" if ok else "no "
        print(f"  {mark}  {backend.name:<12} {detail}", file=stream)
        if ok and picked is None:
            picked = backend.name
    print(f"auto picks: {picked}", file=stream)
    folder = user_folders().sounds
    if folder is None:
        print("your own sounds: no home folder found; set BACKSIDE_SOUNDS", file=stream)
        return picked
    print(
        f"your own sounds: {folder}/<name>.wav for " + ", ".join(chime.value for chime in Chime),
        file=stream,
    )
    found = False
    for chime in Chime:
        name = FILES[chime]
        try:
            path = own_sound_file(chime, folder)
            if path is None:
                continue
            found = True
            check_own_sound(path)  # the header only: decoding five files took seconds
        except SoundFileError as error:
            found = True
            reason = str(error).removeprefix(f"{name}: ")
            print(f"  no   {name}: unusable, the built-in chime plays: {reason}", file=stream)
        else:
            print(f"  yes  {name}: found", file=stream)
    if not found:
        print("  (none found)", file=stream)
    return picked


def play_all(mode: str, volume: float = DEFAULT_VOLUME) -> int:
    sounds = load_chimes(
        100,
        user_folders().sounds,
        on_problem=lambda problem: print(
            f"Sound file: {problem}; the built-in chime instead", file=sys.stderr
        ),
    )
    player = ChimePlayer(
        backends_for(mode),
        sounds,
        volume=volume,
        on_status=lambda line: print(line, file=sys.stderr),
        announce_start=True,
    )
    player.start()
    try:
        for chime in Chime:
            print(f"playing: {LABELS[chime]}", flush=True)
            player.play(chime)
            # A command, not the core: it waits for each chime to be heard.
            time.sleep(sounds[chime].duration + 0.5)  # noqa: TID251
    finally:
        player.close()
    return 0


def main(args: argparse.Namespace) -> int:
    mode = getattr(args, "sound", None) or "auto"
    if mode not in SOUND_MODES:
        print(f"backside: unknown sound mode {shown_value(mode)!r}", file=sys.stderr)
        return 2
    if not getattr(args, "play", False):
        list_backends()
        return 0
    if mode == "off":
        print("sound is off: nothing to play")
        return 0
    return play_all(mode)
