"""The start screen: the plans and the user's routines, their lengths, the options; Enter starts.

Everything shown follows the options: each length, and the facts under the
highlighted plan (sets, hold, rest), so no line says "five minutes" beside a
plan the options have made twenty. The list and the options come in with the
constructor; the choice goes up as a `Chosen` message.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import PurePath
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Label, OptionList, Select, Static, Switch
from textual.widgets.option_list import Option

from app.core.catalog import ListedPlan, routine_facts
from app.core.choices import Choices
from app.core.errors import DataError
from app.core.models import Library
from app.core.timefmt import clock
from app.core.timeline import build_timeline
from app.ui.widgets.footer import KeyFooter

PLAN = "plan"
"""The value of every option that leaves the plan's own setting."""

Options = tuple[tuple[str, str], ...]

SETS: Options = (
    (PLAN, "as planned"),
    *((str(n), f"{n} set{'' if n == 1 else 's'}") for n in (1, 2, 3, 4, 5)),
)
HOLDS: Options = (
    (PLAN, "as planned"),
    *((f"s{n}", f"{n} seconds") for n in (20, 30, 45, 60, 90)),
    *((f"b{n}", f"{n} breaths") for n in (5, 8, 10, 12)),
)
PACES: Options = (
    (PLAN, "as planned"),
    *((str(n), f"{n} s a breath") for n in (4, 5, 6, 8, 10)),
)
RESTS: Options = (
    (PLAN, "as planned"),
    *((str(n), f"{n} s" if n else "no rest") for n in (0, 15, 30, 45, 60, 90)),
)
GET_READY: Options = (
    (PLAN, "as planned"),
    *((str(n), f"{n} s" if n else "none") for n in (0, 5, 10, 15, 20)),
)

#: The keys of this screen, for its help dialog (`?`).
TITLE = "B A C K S I D E   ·   yoga strength for runners"
#: What the header says about starting; the footer's Enter says "Start" too.
HOW_TO_START = "↑ ↓ choose · Enter starts"


def _number(value: object) -> float | None:
    return None if value in (PLAN, Select.BLANK) else float(str(value))


def _seconds(value: float) -> str:
    return f"{value:g}"


def hold_value(choices: Choices) -> str:
    if choices.hold_seconds is not None:
        return f"s{_seconds(choices.hold_seconds)}"
    if choices.hold_breaths is not None:
        return f"b{choices.hold_breaths}"
    return PLAN


def _with(options: Options, value: str, text: str) -> Options:
    """`options`, plus `value` when it is not one of them (a hold of 5 s from the command line)."""
    if value in dict(options):
        return options
    return (*options, (value, text))


def _option(label: str, widget_id: str, options: Options, value: str) -> Iterator[Widget]:
    """A start-screen option on one row: its name, then its drop-down."""
    with Horizontal(classes="option-row"):
        yield Label(label, classes="option-label")
        yield Select(
            [(text, key) for key, text in options], value=value, allow_blank=False, id=widget_id
        )


def _switch(label: str, widget_id: str, value: bool) -> Iterator[Widget]:
    """A switch that says its state in words, not only in colour."""
    with Horizontal(classes="switch-row"):
        yield Label(label, classes="option-label")
        yield Switch(value=value, id=widget_id)
        yield Label(_on_off(value), id=f"{widget_id}-state", classes="switch-state")


def _short(where: str) -> str:
    """A routine's file as its folder and name: routines/evening.toml."""
    path = PurePath(where)
    return f"{path.parent.name}/{path.name}"


def _on_off(value: bool) -> str:
    return "on" if value else "off"


def option_values(choices: Choices) -> dict[str, tuple[Options, str]]:
    """Each drop-down's options and its value, for exactly these choices."""
    hold = hold_value(choices)
    hold_text = (
        f"{_seconds(choices.hold_seconds)} seconds"
        if choices.hold_seconds is not None
        else f"{choices.hold_breaths} breaths"
    )

    def plain(value: float | None, options: Options, text: str) -> tuple[Options, str]:
        if value is None:
            return options, PLAN
        key = _seconds(value)
        return _with(options, key, text.format(key)), key

    return {
        "sets": plain(choices.sets, SETS, "{} sets"),
        "hold": (_with(HOLDS, hold, hold_text), hold),
        "pace": plain(choices.breath_seconds, PACES, "{} s a breath"),
        "rest": plain(choices.rest_seconds, RESTS, "{} s"),
        "get-ready": plain(choices.get_ready_seconds, GET_READY, "{} s"),
    }


class PlanList(OptionList):
    """The plans, one a line; Enter starts the highlighted one (and says so in the footer).

    `s` starts too, as it does from the options, where the footer shows it.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter", "select", "Start", key_display="enter", id="start-enter", tooltip="start it"
        ),
        Binding("s", "select", "Start", show=False, id="start-list-s", tooltip="start it"),
    ]


class StartScreen(Screen[None]):
    """Pick a plan (Enter starts it); Tab reaches the options.

    The plans come in with the constructor; the choice goes up as a `Chosen` message.
    """

    @dataclass
    class Chosen(Message):
        """Start this plan with these options."""

        choices: Choices

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "start", "Start", id="start-s", tooltip="start it"),
        Binding(
            "o",
            "toggle_options",
            "Options",
            id="options",
            tooltip="narrow windows: the options, or the plans again",
        ),
        Binding(
            "h",
            "app.history",
            "History",
            id="history",
            tooltip="your history: the weeks, the lifts, the last practices",
        ),
        Binding(
            "a",
            "app.about",
            "About",
            id="about",
            tooltip="about these poses: why, when and how to practise them",
        ),
        Binding("q", "app.quit", "Quit", id="quit", tooltip="quit"),
    ]
    """`o` is there only below 70 columns, where the options have a view of their own.
    Every key is in the footer, which takes two rows when the window is narrow."""

    HELP_TITLE = "Keys of the start screen"
    WIDGET_KEYS: ClassVar[tuple[tuple[str, str], ...]] = (
        ("↑ ↓", "choose a plan or routine"),
        ("tab", "to the options (sets, hold, pace, rest, sound)"),
        ("enter", "on an option: open its list"),
        ("space", "on a switch: turn it on or off"),
    )
    """The keys of Textual's own list, select and switch here, for the help (`?`)."""

    def __init__(
        self,
        choices: Choices,
        library: Library,
        plans: Sequence[ListedPlan],
        notice: str | None = None,
        *,
        history_line: str = "",
    ) -> None:
        super().__init__()
        self.choices = choices
        self.library = library
        self.plans = list(plans)
        self.notice = notice
        self._notice_line = Static(notice or "", id="start-notice", markup=False)
        """What must be read before a practice (a settings file that was ignored)."""
        self._notice_line.display = bool(notice)
        self._history_line = Static(history_line, id="history-line", markup=False)
        """The streak and the last practice, in one line (filled in once the history is read)."""
        self._history_line.display = bool(history_line)

    def compose(self) -> ComposeResult:
        choices = self.choices
        yield Static(TITLE, id="start-title")
        yield self._history_line
        yield self._notice_line
        with Horizontal(id="start-body"):
            with Vertical(id="plans-pane"):
                yield Label(f"Plans  ·  {HOW_TO_START}", classes="pane-title", id="plans-title")
                yield PlanList(id="plans")
                yield Static("", id="more-below")
                yield Static("", id="plan-detail")
            with Vertical(id="options-pane"):
                yield Label("Options  ·  Tab", classes="pane-title")
                values = option_values(choices)
                for label, widget_id in (
                    ("Sets", "sets"),
                    ("Hold", "hold"),
                    ("Breath", "pace"),
                    ("Rest", "rest"),
                    ("Get ready", "get-ready"),
                ):
                    options, value = values[widget_id]
                    yield from _option(label, widget_id, options, value)
                yield from _switch("Sound", "sound", choices.sound)
                yield from _switch("Voice", "voice", choices.voice)
        yield KeyFooter(compact=True)  # two rows when its keys do not fit

    def on_mount(self) -> None:
        plans = self.query_one("#plans", PlanList)
        plans.add_options(self._plan_options())
        ids = [plan.id for plan in self.plans]
        plans.highlighted = ids.index(self.choices.plan_id) if self.choices.plan_id in ids else 0
        plans.focus()
        self._show_detail()
        self.watch(plans, "scroll_y", self._show_more_below, init=False)
        self.call_after_refresh(self._show_more_below)

    def show_notice(self, text: str) -> None:
        """The notices as they are now (one more may arrive while this screen is shown)."""
        if text != self.notice:
            self.notice = text
            self._notice_line.update(text)
            self._notice_line.display = bool(text)

    def show_history_line(self, text: str) -> None:
        self._history_line.update(text)
        self._history_line.display = bool(text)

    # -- the list -------------------------------------------------------------

    def _length(self, plan: ListedPlan) -> str:
        if plan.routine is None:
            return ""
        try:
            routine = plan.routine.with_options(self.choices.practice_options())
            return clock(build_timeline(routine, self.library).total)
        except (DataError, ValueError):
            return "?"

    def _plan_options(self) -> list[Option]:
        options = []
        seen: set[str] = set()
        for index, plan in enumerate(self.plans):
            # Option ids are the plans' ids; two broken files may share one.
            option_id = plan.id if plan.id not in seen else f"{plan.id}~{index}"
            seen.add(plan.id)
            row = Table.grid(expand=True, padding=(0, 1))
            row.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
            row.add_column(no_wrap=True)
            row.add_column(justify="right", no_wrap=True, min_width=7)
            if plan.routine is None:
                name = Text(plan.id, style="bold")
                name.append(f"  ✗ {plan.error}", style="italic")
                mark = "yours" if plan.mine else ""
                row.add_row(name, Text(mark, style="italic"), Text("broken"))
            else:
                row.add_row(
                    Text(plan.name, style="bold"),
                    Text("yours" if plan.mine else "", style="italic"),
                    Text(self._length(plan)),
                )
            options.append(Option(row, id=option_id))
        return options

    def _refresh_lengths(self) -> None:
        plans = self.query_one("#plans", PlanList)
        highlighted = plans.highlighted
        plans.clear_options()
        plans.add_options(self._plan_options())
        plans.highlighted = highlighted
        self._show_detail()

    def highlighted_plan(self) -> ListedPlan | None:
        index = self.query_one("#plans", PlanList).highlighted
        return self.plans[index] if index is not None and index < len(self.plans) else None

    def _show_detail(self) -> None:
        plan = self.highlighted_plan()
        detail = Text()
        if plan is not None and plan.routine is None:
            detail.append(f"✗ {plan.error}\n", style="bold")
            detail.append(_fix(plan))
        elif plan is not None and plan.routine is not None:
            routine = plan.routine.with_options(self.choices.practice_options())
            if routine.description:
                detail.append(f"{routine.description}\n", style="italic")
            detail.append(routine_facts(routine, self.library))
            if plan.mine:
                detail.append(f"\nyours: {_short(plan.where)}", style="dim")
        self.query_one("#plan-detail", Static).update(detail)

    def _show_more_below(self) -> None:
        """Say how many plans are out of sight below, so a long list is never cut silently."""
        plans = self.query_one("#plans", PlanList)
        seen = plans.scrollable_content_region.height
        hidden = max(0, plans.virtual_size.height - round(plans.scroll_y) - seen)
        hint = self.query_one("#more-below", Static)
        hint.update(f"↓ {int(hidden)} more below" if hidden > 0 else "")
        hint.display = hidden > 0

    # -- choices ------------------------------------------------------------

    @on(OptionList.OptionHighlighted, "#plans")
    def _plan_highlighted(self) -> None:
        plan = self.highlighted_plan()
        if plan is not None:
            self.choices = replace(self.choices, plan_id=plan.id)
        self._show_detail()
        self.call_after_refresh(self._show_more_below)

    @on(OptionList.OptionSelected, "#plans")
    def _plan_selected(self) -> None:
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
        elif event.select.id == "get-ready":
            choices = replace(choices, get_ready_seconds=_number(value))
        if choices != self.choices:
            self.choices = choices
            self._refresh_lengths()

    @on(Switch.Changed)
    def _switch_changed(self, event: Switch.Changed) -> None:
        if event.switch.id == "sound":
            self.choices = replace(self.choices, sound=event.value)
        elif event.switch.id == "voice":
            self.choices = replace(self.choices, voice=event.value)
        if event.switch.id:
            self.query_one(f"#{event.switch.id}-state", Label).update(_on_off(event.value))

    # -- actions ------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "toggle_options":
            return self.has_class("-narrow")
        return True

    def on_resize(self) -> None:
        self.refresh_bindings()
        title = self.query_one("#start-title", Static)
        title.update(TITLE if self.size.width >= len(TITLE) + 4 else TITLE.partition("   ·")[0])

    def action_toggle_options(self) -> None:
        """Narrow screens: show the options in place of the plans, or the plans again."""
        showing = not self.has_class("-options")
        self.set_class(showing, "-options")
        if showing:
            self.query_one("#sets", Select).focus()
        else:
            self.query_one("#plans", PlanList).focus()

    def action_start(self) -> None:
        plan = self.highlighted_plan()
        if plan is None:
            return
        if plan.routine is None:
            self.notify(
                f"{plan.id} {'has a mistake' if plan.mine else 'cannot start'}: {plan.error}."
                f" {_fix(plan)}",
                title="Cannot start",
                severity="error",
            )
            return
        self.post_message(self.Chosen(replace(self.choices, plan_id=plan.id)))


def _fix(plan: ListedPlan) -> str:
    """How to mend a plan that cannot be practised: edit a routine, or choose another library."""
    if plan.mine:
        return f"Fix it with: backside edit {plan.id}  ({_short(plan.where)})"
    return "A built-in plan: start backside with a pose library that has its poses"
