"""Asks before a practice is stopped; what was done so far is kept."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class QuitScreen(ModalScreen[bool]):
    """Dismissed with True to stop the practice, False to carry on."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "y,q", "stop", "Stop", id="quit-confirm", tooltip="stop here; what you did is kept"
        ),
        Binding(
            "escape,n",
            "carry_on",
            "Keep going",
            key_display="esc",
            id="quit-cancel",
            tooltip="keep going",
        ),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static("Stop the practice?", id="dialog-title")
            yield Static("What you have done so far is kept.", id="dialog-text")
            with Horizontal(id="dialog-buttons"):
                yield Button("Stop (y)", variant="error", id="stop")
                yield Button("Keep going (esc)", variant="primary", id="carry-on")

    def on_mount(self) -> None:
        self.query_one("#stop", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "stop")

    def action_stop(self) -> None:
        self.dismiss(True)

    def action_carry_on(self) -> None:
        self.dismiss(False)
