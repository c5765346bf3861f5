"""After a practice: the summary it gets, how it felt, and its FIT file.

The app hands each of these over as its message comes in. The summary is
built from the practice record and what the history says of the plan's last
practice; the feeling goes to the listeners that keep it (the history); a FIT
file is written on a thread of its own, and the screen in front says where.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App

from app.core.listeners import Feels
from app.core.models import Library
from app.core.pose_progress import (
    Comparison,
    VersionOrder,
    compare,
    effort_of_done,
    previous_practice,
)
from app.core.practice_log import Feeling, LoggedPractice
from app.core.progress import goal_reached_line
from app.core.record import PracticeRecord
from app.core.session import PracticeSession
from app.ui.practice_view import PracticeView
from app.ui.reports import UiReports

if TYPE_CHECKING:
    from app.ui.screens.summary import SummaryScreen


class AfterPractice:
    """What follows a practice, for the app: its summary, its feeling, its FIT file."""

    def __init__(
        self,
        app: App[int],
        session: PracticeSession,
        library: Library,
    ) -> None:
        self._app = app
        self._session = session
        self._library = library
        self.view: PracticeView | None = None
        """The practice's view, for the history it has read and its reports (set once made)."""
        self.fit_folder: Path | None = None
        """Where the export key writes FIT files (the fit-folder setting); None: the data
        folder's `fit` folder."""
        self.kept: LoggedPractice | None = None
        """The last practice as the history kept it, once its end is written."""

    def goal(self) -> int:
        """The lifts a side to work up to, as the library says."""
        return self._library.guidance.lift_goal_per_side

    def version_order(self) -> VersionOrder:
        """Each pose's versions as the library lists them: the first is the easiest."""
        return VersionOrder.of(
            (pose.id, [version.id for version in pose.versions]) for pose in self._library.poses
        )

    # -- the summary --------------------------------------------------------------

    def summary(self, record: PracticeRecord) -> SummaryScreen:
        """The summary of `record`: what was done, a goal reached, what improved."""
        from app.ui.screens.summary import SummaryScreen

        poses = {
            entry.step.pose_id: entry.step.title
            for entry in record.steps
            if entry.step.pose_id is not None
        }
        return SummaryScreen(
            record,
            notes=goal_reached_line(record, self.goal()),
            warnings=self.view.status_line.history_reports() if self.view else (),
            progress=self.progress(record),
            poses=tuple(poses.items()),
        )

    def progress(self, record: PracticeRecord) -> Comparison | None:
        """What improved against the last practice of this plan (None before the history
        is read, or when no pose was worked on)."""
        practices = None if self.view is None else self.view.past.practices
        done = [effort for effort in map(effort_of_done, record.steps) if effort is not None]
        if practices is None or not done:
            return None
        now = datetime.now().astimezone()
        previous = previous_practice(practices, record.routine_id, now)
        return compare(done, previous, self.version_order(), record.name)

    def felt(self, feeling: Feeling, pain_pose: str | None) -> None:
        """Kept with the practice by the history; the next proposal reads it."""
        for listener in self._session.listeners:
            if isinstance(listener, Feels):
                listener.feel(feeling, pain_pose)

    # -- FIT files --------------------------------------------------------------

    def export_kept(self) -> None:
        """The summary's export key: the practice just done, once the history has it."""
        if self.kept is None:
            self.show_export("FIT file: the practice is not in the history yet")
        else:
            self.export(self.kept)

    def export(self, practice: LoggedPractice) -> None:
        """Write the practice's FIT file on a thread of its own; the screen says where."""
        folder, create = self.fit_folder, False
        if folder is None:
            from app.system.folders import user_folders

            history = user_folders().history_file
            if history is None:
                self.show_export("FIT file not written: no data folder")
                return
            folder, create = history.parent / "fit", True
        reports = UiReports(self._app)

        def write() -> None:
            from app.store.fit_file import export_line

            reports.exported(export_line(practice, folder, create=create))

        self._app.run_worker(write, thread=True, group="fit-export", exit_on_error=False)

    def show_export(self, line: str) -> None:
        """Where a FIT file went (or why not), on the screen in front if it says such things."""
        show = getattr(self._app.screen, "show_export", None)
        if callable(show):
            show(line)
