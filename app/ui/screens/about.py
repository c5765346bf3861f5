"""About these poses: why, when and how to practise them, and what to do after a run.

Opened with `a` from the start screen. The words come in with the constructor
(`app.core.guidance`, the same as `backside about`); esc, a or q closes it.
"""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from app.core.guidance import GuidanceSection


def section_text(section: GuidanceSection) -> Table:
    """A section's points, one to a line, each wrapped under its own bullet."""
    table = Table.grid(padding=(0, 1))
    table.add_column(style="bold", width=1)
    table.add_column()
    for point in section.points:
        table.add_row("•", point)
    return table


class AboutScreen(Screen[None]):
    """The practice guidance, a heading per section, scrolled with the arrow keys."""

    HELP_TITLE = "Keys of About these poses"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,a,q", "close", "Back", key_display="esc", id="about-close", tooltip="back"),
    ]

    def __init__(self, sections: tuple[GuidanceSection, ...]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        yield Static("A B O U T   T H E S E   P O S E S", id="about-title")
        with VerticalScroll(id="about"):
            for section in self.sections:
                yield Static(section.title, classes="about-heading")
                yield Static(section_text(section), classes="about-points", id=section.key)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#about", VerticalScroll).focus()

    def action_close(self) -> None:
        self.dismiss(None)
