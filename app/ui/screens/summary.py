"""After the last step, or a stop: what was done, the active time, and what was skipped."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static

from app.core.pose_progress import Comparison
from app.core.record import DoneStep, PracticeRecord, summary_lines
from app.core.timefmt import clock


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


class SummaryScreen(Screen[None]):
    """Enter goes to the plans of the start screen (an `Again` message); h shows the history;
    x exports the practice as a FIT file (an `Export` message); q quits."""

    class Again(Message):
        """Back to the start screen, for another practice."""

    class Export(Message):
        """Write this practice's FIT file (the app says where it went: `show_export`)."""

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
    ]

    def __init__(
        self,
        record: PracticeRecord,
        notes: Sequence[str] = (),
        warnings: Sequence[str] = (),
        progress: Comparison | None = None,
    ) -> None:
        super().__init__()
        self.record = record
        self.progress = progress
        """What improved against the last practice of the same plan (None: history not read)."""
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
            yield Static("Done", classes="summary-heading")
            yield Static(lines_table(done) if done else "nothing yet", id="summary-done")
            if skipped:
                yield Static("Skipped", classes="summary-heading")
                yield Static(lines_table(skipped), id="summary-skipped")
        yield Footer(compact=True)

    def action_again(self) -> None:
        self.post_message(self.Again())

    def action_export(self) -> None:
        self.post_message(self.Export())

    def show_export(self, line: str) -> None:
        """Where the practice's FIT file went, or why it did not."""
        shown = self.query_one("#summary-export", Static)
        shown.update(line)
        shown.set_class(not line, "-empty")
