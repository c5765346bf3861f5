"""After the last step, or a stop: what was done, the active time, and what was skipped.

It asks once how the practice felt, one key each (easy, right, hard, pain); pain
then asks which pose. The answer goes up as a `Felt` message, to be kept with the
practice and read by the next proposal; it can be skipped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from app.core.pose_progress import Comparison
from app.core.practice_log import Feeling
from app.core.record import DoneStep, PracticeRecord, summary_lines
from app.core.timefmt import clock
from app.ui.widgets.footer import KeyFooter

#: The summary's question, and what each answer says once given.
QUESTION = "How did it feel?  1 easy · 2 right · 3 hard · 4 pain  (or skip it)"
ANSWERED = {
    Feeling.EASY: "Felt easy: kept with the practice, next time steps up sooner.",
    Feeling.RIGHT: "Felt right: kept with the practice.",
    Feeling.HARD: "Felt hard: kept with the practice, next time steps back.",
    Feeling.PAIN: "Pain in {pose}: kept; next time its easier version, or it is left out.",
}


def lines_table(entries: list[DoneStep]) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold")
    table.add_column()
    table.add_column()
    table.add_column()
    for line in summary_lines(entries):
        sets = ""
        if line.sets and line.set_count:
            numbers = ", ".join(str(n) for n in line.sets)
            sets = f"set {numbers} of {line.set_count}"
        sides = " & ".join(side.value for side in line.sides)
        table.add_row(
            line.title, line.detail, " · ".join(p for p in (sets, sides) if p), line.amount
        )
    return table


class PainPose(ModalScreen[str | None]):
    """Which pose hurt: the practice's poses, Enter picks one, Escape says none."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss_none", "Cancel", id="pain-cancel", tooltip="not a pose: skip"),
    ]
    HELP_TITLE = "Which pose hurt"

    def __init__(self, poses: Sequence[tuple[str, str]]) -> None:
        super().__init__()
        self.poses = tuple(poses)

    def compose(self) -> ComposeResult:
        yield Static("Which pose hurt?  ↑ ↓ · Enter", id="pain-title")
        yield OptionList(*(Option(name, id=pose) for pose, name in self.poses), id="pain-poses")
        yield Footer(compact=True)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_dismiss_none(self) -> None:
        self.dismiss(None)


class SummaryScreen(Screen[None]):
    """Enter goes to the plans of the start screen (an `Again` message); h shows the history;
    x exports the practice as a FIT file (an `Export` message); q quits; 1 to 4 say how it
    felt (a `Felt` message). The footer takes two rows when its keys do not fit."""

    class Again(Message):
        """Back to the start screen, for another practice."""

    class Export(Message):
        """Write this practice's FIT file (the app says where it went: `show_export`)."""

    @dataclass
    class Felt(Message):
        """How the practice felt, and the pose that hurt (with pain)."""

        feeling: Feeling
        pain_pose: str | None = None

    HELP_TITLE = "Keys of the summary"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "again",
            "Plans",
            key_display="enter",
            id="again",
            tooltip="back to the plans, to practise again",
        ),
        Binding(
            "h",
            "app.history",
            "History",
            id="history",
            tooltip="your history: the weeks, the lifts, the last practices",
        ),
        Binding(
            "x",
            "export",
            "Export",
            id="export",
            tooltip="this practice as a FIT file, for Garmin Connect, Strava or intervals.icu",
        ),
        Binding("q", "app.quit", "Quit", id="quit", tooltip="quit"),
        Binding(
            "1", "felt('easy')", "Easy", id="felt-easy", tooltip="it felt easy: step up sooner"
        ),
        Binding("2", "felt('right')", "Right", id="felt-right", tooltip="it felt right"),
        Binding(
            "3", "felt('hard')", "Hard", id="felt-hard", tooltip="it felt hard: a step back next"
        ),
        Binding(
            "4",
            "felt('pain')",
            "Pain",
            id="felt-pain",
            tooltip="a pose hurt: say which; next time its easier version, or none",
        ),
    ]
    """The feeling keys are shown until one is pressed: the question is asked once."""

    def __init__(
        self,
        record: PracticeRecord,
        notes: Sequence[str] = (),
        warnings: Sequence[str] = (),
        progress: Comparison | None = None,
        *,
        poses: Sequence[tuple[str, str]] = (),
    ) -> None:
        super().__init__()
        self.record = record
        self.progress = progress
        """What improved against the last practice of the same plan (None: history not read)."""
        self.poses = tuple(poses)
        """(pose id, name) of the strength poses practised: what pain can be in."""
        self.feeling: Feeling | None = None
        """The answer, once given."""
        self.notes = tuple(notes)
        """Lines of progress to celebrate (a goal reached), shown under the time."""
        self.warnings = tuple(warnings)
        """Notices still true after the practice ("History: not being saved"), under the time."""

    def compose(self) -> ComposeResult:
        record = self.record
        done, skipped = record.done, record.skipped
        with VerticalScroll(id="summary"):
            title = "S T O P P E D   E A R L Y" if record.quit else "W E L L   D O N E"
            yield Static(title, id="summary-title", classes="-stopped" if record.quit else "")
            yield Static(
                f"{record.name}: {clock(record.active_seconds)} of active practice, "
                f"{len(done)} step{'' if len(done) == 1 else 's'} done"
                + (" (stopped early; what was done is kept)" if record.quit else ""),
                id="summary-time",
            )
            for warning in self.warnings:
                yield Static(warning, classes="summary-warning", markup=False)
            for note in self.notes:
                yield Static(note, classes="summary-note")
            if self.progress is not None:
                yield Static(self.progress.heading, classes="summary-heading", markup=False)
                for line in self.progress.lines:
                    yield Static(line, classes="summary-progress", markup=False)
            yield Static("", id="summary-export", markup=False).set_class(True, "-empty")
            question = Static(QUESTION, id="summary-feeling", markup=False)
            question.display = bool(done)  # asked of a practice with something done
            yield question
            yield Static("Done", classes="summary-heading")
            yield Static(lines_table(done) if done else "nothing yet", id="summary-done")
            if skipped:
                yield Static("Skipped", classes="summary-heading")
                yield Static(lines_table(skipped), id="summary-skipped")
        yield KeyFooter(compact=True)

    def action_again(self) -> None:
        self.post_message(self.Again())

    def action_export(self) -> None:
        self.post_message(self.Export())

    def show_export(self, line: str) -> None:
        """Where the practice's FIT file went, or why it did not."""
        shown = self.query_one("#summary-export", Static)
        shown.update(line)
        shown.set_class(not line, "-empty")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "felt":
            return self.feeling is None and bool(self.record.done)
        return True

    def action_felt(self, word: str) -> None:
        feeling = Feeling(word)
        if feeling is not Feeling.PAIN:
            self._answer(feeling, None)
        elif len(self.poses) == 1:
            self._answer(feeling, self.poses[0][0])
        else:
            self.app.push_screen(
                PainPose(self.poses),
                lambda pose: self._answer(feeling, pose),
            )

    def _answer(self, feeling: Feeling, pose: str | None) -> None:
        names = dict(self.poses)
        self.feeling = feeling
        said = ANSWERED[feeling].format(pose=names.get(pose or "", "a pose"))
        self.query_one("#summary-feeling", Static).update(said)
        self.refresh_bindings()
        self.post_message(self.Felt(feeling, pose))
