"""The keys of the screen below, in a dialog opened with `?`, made from that screen's bindings.

Each binding says what it does once, in its `tooltip` (which the footer shows
on hover too); the help lists every binding of the screen, of its own widgets
and of the app that has one, in their order, keys with the same words on one
line ("→  or  n"). Keys that belong to Textual's own widgets (the arrows of a
list, space on a switch) have no binding of ours: a screen names them in
`WIDGET_KEYS`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import ClassVar

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

#: What the help says between the keys of one line.
OR = "  or  "

KeyLines = tuple[tuple[str, str], ...]


def binding_keys(binding: Binding, display: Callable[[Binding], str]) -> list[str]:
    """The keys of a binding as the help shows them: its `key_display` for the first one."""
    keys = [key.strip() for key in binding.key.split(",") if key.strip()]
    shown = [display(Binding(key, binding.action)) for key in keys]
    if binding.key_display and shown:
        shown[0] = binding.key_display
    return shown


def key_lines(bindings: Iterable[BindingType], display: Callable[[Binding], str]) -> KeyLines:
    """One line per thing a key does: the keys of every binding with that tooltip, then it."""
    lines: dict[str, list[str]] = {}
    for binding in bindings:
        if not isinstance(binding, Binding) or not binding.tooltip:
            continue
        keys = lines.setdefault(binding.tooltip, [])
        keys.extend(key for key in binding_keys(binding, display) if key not in keys)
    return tuple((OR.join(keys), what) for what, keys in lines.items())


def screen_bindings(screen: Screen[object]) -> list[BindingType]:
    """The bindings of the widgets on a screen that are ours (not Textual's own), then its own.

    In the order Textual tries them: a focused widget's keys come before its screen's.
    """
    found: list[BindingType] = []
    seen: set[type] = set()
    for widget in screen.query("*"):
        kind = type(widget)
        if kind in seen or not kind.__module__.startswith("app."):
            continue
        seen.add(kind)
        found.extend(kind.BINDINGS)
    return [*found, *type(screen).BINDINGS]


def help_for(
    screen: Screen[object], app_bindings: Iterable[BindingType], display: Callable[[Binding], str]
) -> KeyLines:
    """The help of `screen`: its widget keys, then its bindings and the app's."""
    widget_keys: KeyLines = getattr(screen, "WIDGET_KEYS", ())
    return widget_keys + key_lines([*screen_bindings(screen), *app_bindings], display)


class HelpScreen(ModalScreen[None]):
    """The keys; any of esc, ? or q closes it."""

    def __init__(self, keys: KeyLines, title: str = "Keys") -> None:
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
