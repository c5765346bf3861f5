"""Run the app for real: the sleep-aware clock, the chimes, voice and awake lock, the history,
a clean exit on SIGTERM, SIGHUP, SIGINT and the other ending signals, and a terminal driver
that stands up to signals from outside, wired in."""

from __future__ import annotations

import contextlib
import gc
import sys
from typing import TYPE_CHECKING

from app.core.errors import DataError
from app.core.models import Library
from app.core.options import PracticeOptions
from app.core.plans import ListedPlan
from app.core.practice_log import LoggedPractice
from app.core.steps import Timeline
from app.ui.app import BacksideApp
from app.ui.reports import UiReports

if TYPE_CHECKING:
    from app.core.plan_choices import PlanChoices
    from app.store.plan_choices import ChoicesFile
    from app.store.settings import SettingsFile


class Remembered:
    """Each plan's choices, written to `choices.json` at each start from the start screen.

    `settings.toml` is never written here: it changes only with `backside settings set`.
    """

    def __init__(self, loaded: ChoicesFile) -> None:
        self.loaded = loaded

    def __call__(self, choices: PlanChoices) -> str | None:
        """Keep `choices` for the next launch; a message when that was not possible."""
        from app.store.plan_choices import save_plan_choices

        try:
            self.loaded = save_plan_choices(self.loaded, choices)
        except DataError as error:
            return f"Choices not saved: {error}"
        return None


def run_app(
    timeline: Timeline | None,
    *,
    choices: PracticeOptions | None = None,
    library: Library | None = None,
    settings: SettingsFile | None = None,
    plan_choices: ChoicesFile | None = None,
    sound: str = "auto",
    volume: float | None = None,
    allow_sleep: bool = False,
) -> int:
    """Run the start screen (no timeline) or a practice; returns the exit status."""
    from app.sound.cues import Cues
    from app.store.history_log import EXIT_WAIT, HistoryLog
    from app.system.clock import practice_clock
    from app.system.folders import user_folders
    from app.system.quiet_process import stop_all
    from app.system.signals import ExitSignals

    # The chimes are fed from Python threads (the player's worker, miniaudio's
    # callback). Python hands its lock between threads every 5 ms by default;
    # while Textual draws a new screen that can hold a chime back by tens of
    # milliseconds. A shorter interval keeps the sound's threads on time.
    sys.setswitchinterval(0.001)
    from app.store.library_file import load_library
    from app.store.plans import load_catalog, unread_routines_notice

    shown_library = library or load_library(None)

    def catalog() -> list[ListedPlan]:
        return load_catalog(shown_library)

    signals = ExitSignals()
    notices = (
        settings and settings.notice,
        plan_choices and plan_choices.notice,
        unread_routines_notice(),
    )
    app = BacksideApp(
        timeline,
        choices=choices,
        library=shown_library,
        clock=practice_clock(),
        catalog=catalog,
        plan_choices=None if plan_choices is None else plan_choices.choices,
        remember=None if plan_choices is None else Remembered(plan_choices),
        notice=" · ".join(n for n in notices if n) or None,
        theme=None if settings is None else settings.settings.theme,
        signals=signals,
    )
    use_steady_driver(app)
    chosen = choices or PracticeOptions()

    # The sound, voice and history threads reach the app only as messages.
    reports = UiReports(app)
    cues = Cues.from_options(
        sound=sound,
        volume=volume,
        voice=chosen.voice,
        allow_sleep=allow_sleep,
        on_status=reports.status,
        on_flash=reports.flash,
        ring=reports.ring,
    )
    app.session.add_listener(cues)

    fit_folder = None if settings is None else settings.settings.fit_folder
    app.after.fit_folder = fit_folder

    def finished(practice: LoggedPractice) -> None:
        """On the history's thread, once a practice's end is written: its FIT file, if wanted."""
        line = ""
        if fit_folder is not None:
            from app.store.fit_file import export_line

            line = export_line(practice, fit_folder)
        reports.kept(practice, line)

    # History problems share the sound's status line ("History: not being saved (...)").
    history = HistoryLog(
        user_folders().history_file,
        library=shown_library,
        on_status=cues.tell,
        on_notice=cues.tell,
        on_loaded=reports.loaded,
        on_finished=finished,
    )
    app.session.add_listener(history)
    cues.prepare()  # open the sound device while Textual starts up
    history.open()  # and the history file, on its own thread
    signals.install()
    app.after_first_frame.append(settle_memory)
    try:
        status = app.run()
    finally:
        # The terminal is back: on a signal, the watchdog now waits for the history alone.
        signals.screen_restored(EXIT_WAIT + 0.5)
        history.close()  # first: the end of the practice goes to disk before anything else
        cues.close()
        stop_all()  # any helper still running (a phrase cut short) ends now, not after us
        signals.uninstall()
    if history.notice:  # after the screen is gone, so it stays in the terminal
        with contextlib.suppress(OSError):
            print(f"backside: {history.notice.removeprefix('History: ')}", file=sys.stderr)
    if signals.status is not None:
        return signals.status
    return status if status is not None else 0


def use_steady_driver(app: BacksideApp) -> None:
    """Textual's own terminal driver on Linux and macOS, made steady under signals."""
    from textual.drivers.linux_driver import LinuxDriver

    if app.driver_class is LinuxDriver:
        from app.ui.terminal_driver import SteadyDriver

        app.driver_class = SteadyDriver


def settle_memory() -> None:
    """Collect garbage again from here on, but never rescan what start-up made.

    `backside` starts with collection off (app/cli/main.py): start-up makes
    many objects and frees few. Frozen, they are never scanned again, so a
    full collection during a long hold takes a fraction of a millisecond, not
    tens of them, and cannot make a second late.
    """
    gc.freeze()
    gc.enable()
