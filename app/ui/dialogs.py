"""The dialogs the app opens over the screen in front: help, quit, About and the history.

Each opens at most once (asking again does nothing, or answers, for quit), and
a running practice waits under help and quit (`PracticeView.paused_under`).
"""

from __future__ import annotations

from textual.app import App

from app.core.models import Library
from app.core.pose_progress import VersionOrder
from app.core.session import PracticeSession
from app.ui.practice_view import PracticeView
from app.ui.screens.practice import PracticeScreen


class Dialogs:
    """Opens the app's dialogs over whatever `app` shows now."""

    def __init__(self, app: App[int], session: PracticeSession, view: PracticeView) -> None:
        self._app = app
        self._session = session
        self._view = view

    def quit(self) -> None:
        """Quitting mid-practice asks first (q, ctrl+q and ctrl+c); elsewhere it quits."""
        from app.ui.screens.quit import QuitScreen

        app = self._app
        if isinstance(app.screen, QuitScreen):
            app.screen.dismiss(True)  # asked twice: that is a yes
        elif self._view.practice_screen() is not None and self._session.running:
            self._view.paused_under(QuitScreen(), stop=True)
        else:
            app.exit(0)

    def help(self) -> None:
        """The keys of the screen in front; a running practice waits under them."""
        from app.ui.screens.help import HelpScreen, help_for

        app = self._app
        screen = app.screen
        if isinstance(screen, HelpScreen):
            return
        keys = help_for(screen, app.BINDINGS, app.get_key_display)
        if isinstance(screen, PracticeScreen):
            self._view.paused_under(HelpScreen(keys))
        else:
            app.push_screen(HelpScreen(keys, getattr(screen, "HELP_TITLE", "Keys")))

    def about(self, library: Library) -> None:
        """Why, when and how to practise (from the start screen's `a`)."""
        from app.core.guidance import guidance_sections
        from app.ui.screens.about import AboutScreen

        if not isinstance(self._app.screen, AboutScreen):
            self._app.push_screen(AboutScreen(guidance_sections(library)))

    def history(self, goal: int, order: VersionOrder | None = None) -> None:
        """The history screen: the last practices, minutes per week, lifts against `goal`."""
        from app.ui.screens.history import HistoryScreen

        if not isinstance(self._app.screen, HistoryScreen):
            note = " · ".join(self._view.status_line.history_reports())
            self._app.push_screen(
                HistoryScreen(self._view.past.practices, goal=goal, note=note, order=order)
            )
