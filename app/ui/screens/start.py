"""The start screen: the plans with their lengths, the options that matter, Enter starts."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Label, OptionList, Select, Static, Switch
from textual.widgets.option_list import Option

from app.core.choices import Choices
from app.core.errors import DataError
from app.core.models import Library
from app.core.routine import Routine
from app.core.timefmt import clock
from app.core.timeline import build_timeline

PLAN = "plan"
"""The value of every option that leaves the plan's own setting."""

SETS: tuple[tuple[str, str], ...] = (
    (PLAN, "as planned"),
    *((str(n), f"{n} set{'' if n == 1 else 's'}") for n in (1, 2, 3, 4, 5)),
)
HOLDS: tuple[tuple[str, str], ...] = (
    (PLAN, "as planned"),
    *((f"s{n}", f"{n} seconds") for n in (20, 30, 45, 60, 90)),
    *((f"b{n}", f"{n} breaths") for n in (5, 8, 10, 12)),
)
PACES: tuple[tuple[str, str], ...] = (
    (PLAN, "as planned"),
    *((str(n), f"{n} s a breath") for n in (4, 5, 6, 8, 10)),
)
RESTS: tuple[tuple[str, str], ...] = (
    (PLAN, "as planned"),
    *((str(n), f"{n} s rest" if n else "no rest") for n in (0, 15, 30, 45, 60, 90)),
)


def _number(value: object) -> float | None:
    return None if value in (PLAN, Select.BLANK) else float(str(value))


def hold_value(choices: Choices) -> str:
    if choices.hold_seconds is not None:
        return f"s{round(choices.hold_seconds)}"
    if choices.hold_breaths is not None:
        return f"b{choices.hold_breaths}"
    return PLAN


def _option(
    label: str, widget_id: str, options: Sequence[tuple[str, str]], value: str
) -> Iterator[Widget]:
    """A labelled drop-down of one start-screen option."""
    yield Label(label, classes="option-label")
    yield Select(
        [(text, key) for key, text in options], value=value, allow_blank=False, id=widget_id
    )


def _preselect(value: float | None, options: tuple[tuple[str, str], ...]) -> str:
    text = PLAN if value is None else str(round(value))
    return text if text in dict(options) else PLAN


class StartScreen(Screen[None]):
    """Pick a plan (Enter starts it); Tab reaches the options.

    The plans come in with the constructor, loaded once per run; the choice
    goes up as a `Chosen` message.
    """

    @dataclass
    class Chosen(Message):
        """Start this plan with these options."""

        choices: Choices

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "start", "Start", key_display="enter", id="start"),
        Binding("s", "start", "Start", id="start-s"),
        Binding("q", "app.quit", "Quit", id="quit"),
    ]

    def __init__(self, choices: Choices, library: Library, plans: Mapping[str, Routine]) -> None:
        super().__init__()
        self.choices = choices
        self.library = library
        self.plans = plans

    def compose(self) -> ComposeResult:
        choices = self.choices
        yield Static("B A C K S I D E   ·   yoga strength for runners", id="start-title")
        with Horizontal(id="start-body"):
            with Vertical(id="plans-pane"):
                yield Label("Plans  ·  ↑ ↓ and Enter", classes="pane-title")
                yield OptionList(id="plans")
            with Vertical(id="options-pane"):
                yield Label("Options", classes="pane-title")
                hold = hold_value(choices)
                yield from _option("Sets", "sets", SETS, _preselect(choices.sets, SETS))
                yield from _option("Hold", "hold", HOLDS, hold if hold in dict(HOLDS) else PLAN)
                yield from _option(
                    "Breath pace", "pace", PACES, _preselect(choices.breath_seconds, PACES)
                )
                yield from _option(
                    "Rest between sets", "rest", RESTS, _preselect(choices.rest_seconds, RESTS)
                )
                with Horizontal(classes="switch-row"):
                    yield Switch(value=choices.sound, id="sound")
                    yield Label("Sound", classes="switch-label")
                with Horizontal(classes="switch-row"):
                    yield Switch(value=choices.voice, id="voice")
                    yield Label("Voice", classes="switch-label")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        plans = self.query_one("#plans", OptionList)
        plans.add_options(self._plan_options())
        if self.choices.plan_id in self.plans:
            plans.highlighted = plans.get_option_index(self.choices.plan_id)
        else:
            plans.highlighted = 0
        plans.focus()

    def _plan_options(self) -> list[Option | None]:
        library = self.library
        options: list[Option | None] = []
        for plan_id, routine in self.plans.items():
            try:
                total = clock(
                    build_timeline(
                        routine.with_options(self.choices.practice_options()), library
                    ).total
                )
            except (DataError, ValueError):
                total = "?"
            prompt = Text()
            prompt.append(f"{routine.name}", style="bold")
            prompt.append(f"  {total}\n")
            prompt.append(routine.description, style="italic")
            if options:
                options.append(None)  # a separator line between plans
            options.append(Option(prompt, id=plan_id))
        return options

    def _refresh_totals(self) -> None:
        plans = self.query_one("#plans", OptionList)
        highlighted = plans.highlighted
        plans.clear_options()
        plans.add_options(self._plan_options())
        plans.highlighted = highlighted

    # -- choices ------------------------------------------------------------

    @on(OptionList.OptionHighlighted, "#plans")
    def _plan_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id is not None:
            self.choices = replace(self.choices, plan_id=event.option.id)

    @on(OptionList.OptionSelected, "#plans")
    def _plan_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.choices = replace(self.choices, plan_id=event.option.id)
        self.action_start()

    @on(Select.Changed)
    def _option_changed(self, event: Select.Changed) -> None:
        value = event.value
        choices = self.choices
        if event.select.id == "sets":
            sets = _number(value)
            choices = replace(choices, sets=None if sets is None else int(sets))
        elif event.select.id == "hold":
            text = str(value)
            seconds = float(text[1:]) if text.startswith("s") else None
            breaths = int(text[1:]) if text.startswith("b") else None
            choices = replace(choices, hold_seconds=seconds, hold_breaths=breaths)
        elif event.select.id == "pace":
            choices = replace(choices, breath_seconds=_number(value))
        elif event.select.id == "rest":
            choices = replace(choices, rest_seconds=_number(value))
        if choices != self.choices:
            self.choices = choices
            self._refresh_totals()

    @on(Switch.Changed)
    def _switch_changed(self, event: Switch.Changed) -> None:
        if event.switch.id == "sound":
            self.choices = replace(self.choices, sound=event.value)
        elif event.switch.id == "voice":
            self.choices = replace(self.choices, voice=event.value)

    # -- actions ------------------------------------------------------------

    def action_start(self) -> None:
        self.post_message(self.Chosen(self.choices))
