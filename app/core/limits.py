"""The allowed range of every practice setting, shared by the models and the command line.

Kept free of pydantic so that `backside --help` starts fast.
"""

from __future__ import annotations

#: (low, high, whole number?) for every option a user can set, shared by the
#: routine models and the command line so their messages agree.
LIMITS: dict[str, tuple[float, float, bool]] = {
    "sets": (1, 10, True),
    "hold_seconds": (5, 600, False),
    "hold_breaths": (1, 30, True),
    "breath_seconds": (2, 15, False),
    "rest_seconds": (0, 600, False),
    "get_ready_seconds": (0, 60, False),
    "switch_seconds": (0, 30, False),
    "lifts_per_side": (1, 60, True),
}

#: How chimes can be played (`--sound`, the `sound` setting); "off" plays none.
SOUND_MODES = ("auto", "simpleaudio", "miniaudio", "system", "bell", "off")
