"""Chimes: the five sounds, the backends that play them, and the player that picks one.

Importing this package loads no audio library and no UI: backends import
simpleaudio or miniaudio only when opened.
"""

from __future__ import annotations

from app.sound.backends import Backend, BackendError, backends_for
from app.sound.chimes import DEFAULT_VOLUME, SAMPLE_RATE, Sound, load_chimes
from app.sound.player import ChimePlayer

__all__ = [
    "DEFAULT_VOLUME",
    "SAMPLE_RATE",
    "Backend",
    "BackendError",
    "ChimePlayer",
    "Sound",
    "backends_for",
    "load_chimes",
]
