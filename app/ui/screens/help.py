"""The keys of the screen below, in a dialog opened with `?` (the practice's by default)."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

#: What each key does, in the words of the help screen.
KEYS: tuple[tuple[str, str], ...] = (
    ("space", "pause / resume"),
    ("→  or  n", "next step"),
    ("←  or  p", "previous step"),
    ("r", "restart this step"),
    ("+  or  =", "add time: 5 s, a breath, or a lift each side"),
    ("−  or  _", "remove time (never below a second)"),
    ("e", "the other version instead, for this set (Full bow: no hands)"),
    ("m", "mute or unmute the chimes"),
    ("v", "voice on or off"),
    ("q", "quit (asks first; what you did is kept)"),
    ("?", "this help (the practice waits while it is open)"),
    ("esc", "close a dialog"),
)


class HelpScreen(ModalScreen[None]):
    """The keys; any of esc, ? or q closes it."""

    def __init__(self, keys: tuple[tuple[str, str], ...] = KEYS, title: str = "Keys") -> None:
        super().__init__()
        self.keys = keys
        self.title_text = title

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "close", "Close", key_display="esc", id="help-close"),
    ]

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", justify="right")
        table.add_column()
        for key, what in self.keys:
            table.add_row(key, what)
        with Vertical(id="dialog"):
            yield Static(self.title_text, id="dialog-title")
            yield Static(table, id="help-keys")
            yield Static(
                "Clicking the keys in the footer works too. Esc closes this.", id="dialog-text"
            )

    def action_close(self) -> None:
        self.dismiss(None)
