"""The start screen: the plans and the user's routines, their lengths, the options; Enter starts.

Everything shown follows the options: each length, and the facts under the
highlighted plan (sets, hold, rest), so no line says "five minutes" beside a
plan the options have made twenty. The options belong to the highlighted plan:
moving to another plan shows that plan's own (`PlanChoices.for_plan`), and a
change is kept for that plan only. The list and the options come in with the
constructor; the choice goes up as a `Chosen` message. The option rows are made
from the table of options (`app.core.options`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import PurePath
from typing import Any, ClassVar

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

from app.core.coach import Proposal
from app.core.errors import DataError
from app.core.models import Library
from app.core.options import Option as OptionEntry
from app.core.options import PracticeOptions, table
from app.core.plan_choices import PlanChoices
from app.core.plans import ListedPlan, routine_facts
from app.core.routine import Routine
from app.core.timefmt import clock
from app.core.timeline import build_timeline
from app.ui.widgets.footer import KeyFooter

Pick = tuple[str, float | str | None]
"""A drop-down's value: an option's field and its value, None for the plan's own."""
Offered = tuple[tuple[Pick, str], ...]
"""A drop-down's values and what each says."""


@dataclass(frozen=True)
class Row:
    """An option's row on the start screen, made from the table of options.

    Options sharing a label share a row, their values excluding each other (a
    hold in seconds or in breaths). A switch shows one option that is on or off.
    """

    label: str
    options: tuple[OptionEntry, ...]

    @property
    def widget_id(self) -> str:
        return self.options[0].name

    @property
    def switch(self) -> bool:
        return self.options[0].switch

    def offered(self) -> Offered:
        """ "As planned", then each option's values, as they read; an option with
        levels (the voice), its words."""
        first = self.options[0]
        if first.bare:
            return tuple(((first.field, word), word) for word in first.words)
        values: list[tuple[Pick, str]] = [((first.field, None), "as planned")]
        for entry in self.options:
            values += [((entry.field, _typed(entry, n)), entry.say(n)) for n in entry.offered]
        return tuple(values)

    def value(self, choices: PracticeOptions) -> tuple[Offered, Pick]:
        """The drop-down's values and the one `choices` picks (added when not offered:
        a hold of 5 s from the command line)."""
        offered = self.offered()
        if self.options[0].bare:
            return offered, (self.options[0].field, getattr(choices, self.options[0].field))
        for entry in self.options:
            number = getattr(choices, entry.field, None)
            if number is not None:
                pick: Pick = (entry.field, _typed(entry, number))
                if pick not in dict(offered):
                    offered = (*offered, (pick, entry.say(number)))
                return offered, pick
        return offered, (self.options[0].field, None)

    def chosen(self, pick: Pick) -> dict[str, Any]:
        """The fields a value of this row sets: its own, and None for the others."""
        field, number = pick
        return {entry.field: number if entry.field == field else None for entry in self.options}


def rows() -> list[Row]:
    """The rows of the options pane, in the table's order."""
    made: list[Row] = []
    for entry in table():
        if not entry.label:
            continue
        if made and made[-1].label == entry.label:
            made[-1] = Row(entry.label, (*made[-1].options, entry))
        else:
            made.append(Row(entry.label, (entry,)))
    return made


def _typed(entry: OptionEntry, number: float) -> float:
    return int(number) if entry.whole else float(number)


#: The keys of this screen, for its help dialog (`?`).
TITLE = "B A C K S I D E   ·   yoga strength for runners"
#: What the header says about starting; the footer's Enter says "Start" too.
HOW_TO_START = "↑ ↓ choose · Enter starts"


def _option(label: str, widget_id: str, options: Offered, value: Pick) -> Iterator[Widget]:
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

        choices: PracticeOptions
        plan_choices: PlanChoices | None = None
        """Every plan's choices as left on the screen, the started one's included."""

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
        choices: PracticeOptions,
        library: Library,
        plans: Sequence[ListedPlan],
        notice: str | None = None,
        *,
        history_line: str = "",
        propose: Callable[[Routine], Proposal] | None = None,
        plan_choices: PlanChoices | None = None,
    ) -> None:
        super().__init__()
        self._propose = propose
        """The next practice of a plan, from the history (None: every plan as written)."""
        self.choices = choices
        """The highlighted plan's choices, as shown."""
        self.plan_choices = plan_choices or PlanChoices(base=choices)
        """Every plan's choices: what each other plan shows and runs."""
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
                yield Static("", id="next-line", markup=False)
                yield Static("", id="plan-detail")
            with Vertical(id="options-pane"):
                yield Label("Options  ·  Tab", classes="pane-title")
                for row in rows():
                    if row.switch:
                        on = bool(getattr(choices, row.options[0].field, False))
                        yield from _switch(row.label, row.widget_id, on)
                    else:
                        offered, value = row.value(choices)
                        yield from _option(row.label, row.widget_id, offered, value)
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
        """The history as read now: its line, and each plan's next practice again."""
        self._history_line.update(text)
        self._history_line.display = bool(text)
        if self.is_mounted:
            self._refresh_lengths()

    def proposal(self, plan: ListedPlan) -> Proposal | None:
        """The next practice of `plan` (None: no history yet, or a plan that cannot start)."""
        if plan.routine is None or self._propose is None:
            return None
        try:
            return self._propose(plan.routine)
        except (DataError, ValueError):  # a proposal never stops a practice
            return None

    def choices_for(self, plan: ListedPlan) -> PracticeOptions:
        """The options `plan` runs with: those shown when it is highlighted, else its own."""
        if plan.id == self.choices.plan_id:
            return self.choices
        return self.plan_choices.for_plan(plan.id)

    def practised(self, plan: ListedPlan) -> Routine | None:
        """The routine Enter would start: the proposal, then the plan's options over it."""
        if plan.routine is None:
            return None
        proposal = self.proposal(plan)
        routine = plan.routine if proposal is None else proposal.apply(plan.routine)
        return routine.with_options(self.choices_for(plan))

    # -- the list -------------------------------------------------------------

    def _length(self, plan: ListedPlan) -> str:
        if plan.routine is None:
            return ""
        try:
            routine = self.practised(plan) or plan.routine
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
            routine = self.practised(plan) or plan.routine
            if routine.description:
                detail.append(f"{routine.description}\n", style="italic")
            detail.append(routine_facts(routine, self.library))
            if plan.mine:
                detail.append(f"\nyours: {_short(plan.where)}", style="dim")
        self.query_one("#plan-detail", Static).update(detail)
        proposal = self.proposal(plan) if plan is not None else None
        line = self.query_one("#next-line", Static)
        line.update(f"Next: {proposal.reason}" if proposal is not None else "")
        line.display = proposal is not None

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
        if plan is not None and plan.id != self.choices.plan_id:
            self.choices = self.plan_choices.for_plan(plan.id)
            self._show_choices()
        self._show_detail()
        self.call_after_refresh(self._show_more_below)

    @on(OptionList.OptionSelected, "#plans")
    def _plan_selected(self) -> None:
        self.action_start()

    @on(Select.Changed)
    def _option_changed(self, event: Select.Changed) -> None:
        row = next((row for row in rows() if row.widget_id == event.select.id), None)
        if row is None or not isinstance(event.value, tuple) or event.value != event.select.value:
            return  # not an option, or a value since replaced by another plan's
        choices = replace(self.choices, **row.chosen(event.value))
        if choices != self.choices:
            self.choices = choices
            self.plan_choices = self.plan_choices.keep(choices, picked=False)
            self._refresh_lengths()

    @on(Switch.Changed)
    def _switch_changed(self, event: Switch.Changed) -> None:
        row = next((row for row in rows() if row.widget_id == event.switch.id), None)
        if row is None or event.value != event.switch.value:
            return  # not an option, or a value since replaced by another plan's
        on: dict[str, Any] = {row.options[0].field: event.value}
        self.choices = replace(self.choices, **on)
        self.plan_choices = self.plan_choices.keep(self.choices, picked=False)
        self.query_one(f"#{row.widget_id}-state", Label).update(_on_off(event.value))

    def _show_choices(self) -> None:
        """The option rows as `self.choices` says (another plan was highlighted)."""
        with self.prevent(Select.Changed, Switch.Changed):
            for row in rows():
                if row.switch:
                    on = bool(getattr(self.choices, row.options[0].field, False))
                    self.query_one(f"#{row.widget_id}", Switch).value = on
                    self.query_one(f"#{row.widget_id}-state", Label).update(_on_off(on))
                    continue
                offered, value = row.value(self.choices)
                select: Select[Pick] = self.query_one(f"#{row.widget_id}", Select)
                if select.value == value:
                    continue
                # A value not offered (a hold of 5 s from the command line) is added to its list.
                select.set_options([(text, key) for key, text in offered])
                select.value = value

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
            self.query(Select).first().focus()
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
        choices = replace(self.choices, plan_id=plan.id)
        self.post_message(self.Chosen(choices, self.plan_choices.keep(choices, picked=False)))


def _fix(plan: ListedPlan) -> str:
    """How to mend a plan that cannot be practised: edit a routine, or choose another library."""
    if plan.mine:
        return f"Fix it with: backside edit {plan.id}  ({_short(plan.where)})"
    return "A built-in plan: start backside with a pose library that has its poses"
