"""The reminder on the user's own machine: a systemd user timer, or a line for cron.

The units go in the user's systemd folder (`$XDG_CONFIG_HOME/systemd/user`,
else `~/.config/systemd/user`), written atomically; `systemctl --user` loads
and starts them. Where systemctl is missing, or there is no user session (a
container, a server without lingering), nothing is written and the caller
prints the crontab line instead. systemctl is run through `run_briefly`, and
both it and the folder can be given, so that tests never touch the user's own
systemd. When the timer fires, `notify` shows the text as a desktop
notification (`notify-send`), or prints it where there is none.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from app.core.errors import DataError
from app.core.reminder import UNIT_NAME, Reminder, reminder_of_timer, service_unit, timer_unit
from app.store.text_files import read_text_file, write_file_atomically
from app.system.quiet_process import Ran, run_briefly

Runner = Callable[[Sequence[str]], Ran]
"""Runs a command line to its end (`run_briefly`, or a test's fake)."""

#: What `systemctl --user is-system-running` prints when there is a user manager to talk to.
_SESSION_STATES = frozenset({"running", "degraded", "starting", "initializing", "maintenance"})
#: The environment the notification needs to find the user's history and settings.
PASSED_ON = ("BACKSIDE_DATA_DIR", "BACKSIDE_CONFIG_DIR")


def systemd_user_folder(environ: Mapping[str, str] | None = None) -> Path | None:
    """Where the user's own units go; None without a home folder."""
    environ = os.environ if environ is None else environ
    config = environ.get("XDG_CONFIG_HOME", "")
    if config and Path(config).is_absolute():
        return Path(config) / "systemd" / "user"
    home = environ.get("HOME", "")
    if home and Path(home).is_absolute():
        return Path(home) / ".config" / "systemd" / "user"
    return None


def notify_command() -> list[str]:
    """How the timer runs `backside remind --notify`: the installed script, else this Python."""
    script = shutil.which("backside")
    if script is not None:
        return [str(Path(script).resolve()), "remind", "--notify"]
    return [sys.executable, "-m", "app", "remind", "--notify"]


def passed_on(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment the service keeps: the folders given to backside, and where `app`
    is when it is not installed."""
    environ = os.environ if environ is None else environ
    kept = {name: environ[name] for name in PASSED_ON if environ.get(name)}
    if shutil.which("backside") is None:
        kept["PYTHONPATH"] = str(Path(__file__).resolve().parents[2])
    return kept


class UserSystemd:
    """The user's systemd: their units folder and `systemctl --user`."""

    def __init__(
        self,
        folder: Path | None,
        *,
        run: Runner = run_briefly,
        systemctl: str | None = None,
    ) -> None:
        self.folder = folder
        self._run = run
        self.systemctl = systemctl

    @classmethod
    def here(cls) -> UserSystemd:
        return cls(systemd_user_folder(), systemctl=shutil.which("systemctl"))

    @property
    def service_path(self) -> Path | None:
        return None if self.folder is None else self.folder / f"{UNIT_NAME}.service"

    @property
    def timer_path(self) -> Path | None:
        return None if self.folder is None else self.folder / f"{UNIT_NAME}.timer"

    def _systemctl(self, *words: str) -> Ran:
        assert self.systemctl is not None
        return self._run([self.systemctl, "--user", *words])

    def missing(self) -> str | None:
        """Why there is no systemd user session to set a timer in; None when there is one."""
        if self.systemctl is None:
            return "systemctl was not found"
        if self.folder is None:
            return "no home folder for the units"
        ran = self._systemctl("is-system-running")
        state = ran.first_line
        if state not in _SESSION_STATES:
            return f"no systemd user session ({state or f'systemctl status {ran.status}'})"
        return None

    def install(
        self, reminder: Reminder, command: Sequence[str], environment: Mapping[str, str]
    ) -> None:
        """Write both units, reload, and start the timer (now and at every login)."""
        service, timer = self.service_path, self.timer_path
        assert service is not None
        assert timer is not None
        try:
            write_file_atomically(service, service_unit(command, environment))
            write_file_atomically(timer, timer_unit(reminder))
        except OSError as error:
            raise DataError(f"{self.folder}: cannot write the units ({error.strerror})") from None
        self._must("daemon-reload")
        self._must("enable", "--now", f"{UNIT_NAME}.timer")

    def _must(self, *words: str) -> None:
        ran = self._systemctl(*words)
        if not ran.ok:
            said = ran.first_line or f"status {ran.status}"
            raise DataError(f"systemctl --user {' '.join(words)} failed: {said}")

    def installed(self) -> Reminder | None:
        """The reminder the timer in the folder records (None: none, or not ours)."""
        timer = self.timer_path
        if timer is None or not timer.exists():
            return None
        try:
            return reminder_of_timer(read_text_file(timer))
        except DataError:
            return None

    def active(self) -> bool | None:
        """Whether the timer runs (None where systemctl cannot say)."""
        if self.systemctl is None:
            return None
        state = self._systemctl("is-active", f"{UNIT_NAME}.timer").first_line
        return state == "active" if state in ("active", "inactive", "failed") else None

    def remove(self) -> bool:
        """Stop the timer and remove both units; False when there was nothing to remove."""
        paths = [p for p in (self.timer_path, self.service_path) if p is not None and p.exists()]
        if not paths:
            return False
        if self.systemctl is not None:
            # Without a session the timer cannot be running: removing the files is enough.
            self._systemctl("disable", "--now", f"{UNIT_NAME}.timer")
        for path in paths:
            try:
                path.unlink()
            except FileNotFoundError:
                continue
            except OSError as error:
                raise DataError(f"{path}: cannot remove it ({error.strerror})") from None
        if self.systemctl is not None:
            with contextlib.suppress(DataError):
                self._systemctl("daemon-reload")
        return True


def notify(title: str, body: str, *, run: Runner | None = None) -> bool:
    """A desktop notification through `notify-send`; False where none could be shown."""
    program = shutil.which("notify-send")
    if program is None:
        return False
    return (run or run_briefly)([program, "--app-name=backside", title, body]).ok
