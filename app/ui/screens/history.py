"""The history: minutes a week over twelve weeks, lifts against the goal, each pose's
progress (a mark a week), the last practices.

The practices come in with the constructor (the app has them from the history
listener); nothing here reads a file. Escape or `h` goes back.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, ProgressBar, Sparkline, Static

from app.core.pose_progress import NO_WEEK, VersionOrder, pose_weeks
from app.core.practice_log import LoggedPractice
from app.core.progress import (
    CHART_WEEKS,
    lift_counts,
    minutes_per_week,
    streak,
    time_per_pose,
)
from app.core.timefmt import clock
from app.ui.widgets.pose_progress import PoseProgress
from app.ui.widgets.week_bars import WeekBars

#: How many practices the table lists, newest first.
TABLE_ROWS = 10


def _minutes(minutes: float) -> str:
    return "under 1" if 0 < minutes < 1 else str(round(minutes))


class HistoryScreen(Screen[None]):
    """Progress seen, not read: a chart of the weeks, bars toward 30 lifts a side, a table."""

    class Export(Message):
        """Write this practice's FIT file (the app says where it went: `show_export`)."""

        def __init__(self, practice: LoggedPractice) -> None:
            super().__init__()
            self.practice = practice

    HELP_TITLE = "Keys of the history"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,h", "back", "Back", key_display="esc", id="history-back", tooltip="back"),
        Binding(
            "x",
            "export",
            "Export",
            id="history-export",
            tooltip="the highlighted practice (else the last) as a FIT file",
        ),
        Binding("q", "app.quit", "Quit", id="quit", tooltip="quit"),
    ]

    def __init__(
        self,
        practices: Sequence[LoggedPractice] | None,
        *,
        goal: int,
        note: str = "",
        now: datetime | None = None,
        order: VersionOrder | None = None,
    ) -> None:
        super().__init__()
        self.practices = tuple(practices or ())
        self.loaded = practices is not None
        self.goal = goal
        self.note = note
        """What the history said of itself (not being saved...), shown above the rest."""
        self.now = now or datetime.now().astimezone()
        self.order = order or VersionOrder()
        """The library's versions, easiest first: says which version is the hardest reached."""

    def compose(self) -> ComposeResult:
        practices = self.practices
        yield Static("H I S T O R Y", id="history-title")
        yield Static("", id="history-export", markup=False).set_class(True, "-empty")
        with VerticalScroll(id="history-body"):
            if not self.loaded:
                yield Static(self.note or "The history is still being read.", id="history-note")
            else:
                if self.note:  # still true: "History: not being saved (the disk is full)"
                    yield Static(self.note, id="history-warning", markup=False)
                if not practices:
                    yield Static(
                        "No practices yet: each one you do is kept here.", id="history-note"
                    )
                else:
                    yield from self._weeks()
                    yield from self._lifts()
                    yield from self._poses()
                    yield from self._table()
        yield Footer(compact=True)

    def _weeks(self) -> ComposeResult:
        weeks = minutes_per_week(self.practices, self.now, CHART_WEEKS)
        total = sum(minutes for _, minutes in weeks)
        kept = streak(self.practices, self.now)
        tallest = max(minutes for _, minutes in weeks)
        yield Static(
            f"Minutes a week, last {CHART_WEEKS} weeks (the tallest {_minutes(tallest)}):"
            f" {_minutes(total)} in all · {kept.describe()}, longest {kept.longest}",
            classes="history-heading",
        )
        yield WeekBars(weeks, id="weeks-chart")

    def _lifts(self) -> ComposeResult:
        counts = lift_counts(self.practices)
        if not counts:
            return
        latest = counts[-1]
        yield Static(
            f"{latest.title}, {latest.subtitle.lower()}: last time, against {self.goal} a side",
            classes="history-heading",
        )
        for side, done in (("left", latest.left), ("right", latest.right)):
            with Horizontal(classes="lift-row"):
                yield Static(f"{side:>5}  {done:>2} of {self.goal}", classes="lift-label")
                bar = ProgressBar(
                    total=self.goal, show_percentage=False, show_eta=False, id=f"lifts-{side}"
                )
                bar.progress = min(done, self.goal)
                yield bar
        same = [
            c for c in counts if (c.pose_id, c.version_id) == (latest.pose_id, latest.version_id)
        ]
        if len(same) > 1:
            yield Static(
                f"Fewer-side lifts, each practice ({same[0].least} → {same[-1].least})",
                classes="history-heading",
            )
            yield Sparkline([float(c.least) for c in same], id="lifts-trend")

    def _poses(self) -> ComposeResult:
        poses = pose_weeks(self.practices, self.order, self.now, CHART_WEEKS)
        if not poses:
            return
        yield Static(
            f"Each pose: the best so far; the last {CHART_WEEKS} weeks, a mark each"
            f" ({NO_WEEK}: none)",
            classes="history-heading",
        )
        for pose in poses:
            yield PoseProgress(pose, self.order, id=f"pose-{pose.best.pose_id}")

    def _table(self) -> ComposeResult:
        yield Static("Last practices", classes="history-heading")
        table: DataTable[str] = DataTable(id="history-table", cursor_type="row", zebra_stripes=True)
        table.add_columns("When", "Plan", "Active", "Sets", "How it ended")
        for practice in reversed(self.practices[-TABLE_ROWS:]):
            sets = f"{practice.sets_done} of {practice.set_count}" if practice.set_count else ""
            table.add_row(
                practice.started_at.astimezone().strftime("%a %d %b %H:%M"),
                practice.routine_name,
                clock(practice.active_seconds),
                sets,
                practice.outcome.value,
            )
        yield table
        poses = time_per_pose(self.practices)
        if poses:
            yield Static(
                "Time in each pose: "
                + " · ".join(f"{pose.name} {clock(pose.seconds)}" for pose in poses),
                classes="history-heading",
            )

    def action_back(self) -> None:
        self.dismiss(None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return bool(self.practices) if action == "export" else True

    def action_export(self) -> None:
        shown = list(reversed(self.practices[-TABLE_ROWS:]))
        if not shown:
            return
        row = 0
        for table in self.query("#history-table").results(DataTable):
            row = table.cursor_row
        self.post_message(self.Export(shown[min(max(row, 0), len(shown) - 1)]))

    def show_export(self, line: str) -> None:
        """Where the practice's FIT file went, or why it did not."""
        for shown in self.query("#history-export").results(Static):
            shown.update(line)
            shown.set_class(not line, "-empty")
