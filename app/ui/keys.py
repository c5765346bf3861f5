"""The keys that work on every screen of the app (each screen adds its own)."""

from __future__ import annotations

from textual.binding import Binding, BindingType

APP_KEYS: list[BindingType] = [
    Binding(
        "question_mark",
        "help",
        "Help",
        key_display="?",
        id="help",
        tooltip="this help (a practice waits while it is open)",
    ),
    Binding(
        "ctrl+c",
        "quit",
        "Quit",
        key_display="ctrl+c",
        show=False,
        priority=True,
        id="interrupt",
        tooltip="quit, as q does",
    ),
    Binding(
        "ctrl+z",
        "suspend_process",
        "Suspend",
        key_display="ctrl+z",
        show=False,
        id="suspend",
        tooltip="to the background, paused (fg: back)",
    ),
]
"""Help is everywhere; each screen adds its own keys. Ctrl+C asks, as `q` does;
Ctrl+Z puts backside in the background (the practice pauses until `fg`)."""
