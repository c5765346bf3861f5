"""`backside remind`: a reminder to practise, on the user's own machine.

`backside remind mon,wed,fri 07:30` sets it (a systemd user timer); `backside
remind` shows it; `backside remind off` removes it. Where there is no systemd
user session it says so and prints the crontab line that does the same. The
timer runs `backside remind --notify`, which works out the text when it fires:
the next practice (the last plan practised, else the default plan) and the
streak, sent as a desktop notification, or printed where there is none.
Imports neither Textual nor pydantic, except `--notify`, for the default plan.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from datetime import datetime

from app.core.errors import DataError
from app.core.practice_log import LoggedPractice
from app.core.reminder import crontab_line, notification, parse_reminder
from app.store.reminder_timer import UserSystemd, notify, notify_command, passed_on

USAGE_EXAMPLE = "backside remind mon,wed,fri 07:30"


def main(args: argparse.Namespace, systemd: UserSystemd | None = None) -> int:
    if args.notify:
        if args.days is not None:
            raise DataError("--notify takes no days or time (the timer runs it as it is)")
        return send_notification()
    systemd = systemd or UserSystemd.here()
    if args.days is None:
        return show(systemd)
    if args.days.strip().lower() == "off":
        if args.time is not None:
            raise DataError("`backside remind off` takes nothing after it")
        return off(systemd)
    if args.time is None:
        raise DataError(f"give a time after the days, as HH:MM: {USAGE_EXAMPLE}")
    return set_reminder(systemd, args.days, args.time)


def set_reminder(systemd: UserSystemd, days: str, time: str) -> int:
    reminder = parse_reminder(days, time)
    command = notify_command()
    missing = systemd.missing()
    if missing is not None:
        print(f"No reminder set: {missing}. The same reminder for cron (add it with crontab -e):")
        print(crontab_line(reminder, command, passed_on()))
        return 1
    systemd.install(reminder, command, passed_on())
    print(f"Reminder set: {reminder.describe()} (a systemd user timer, {systemd.timer_path})")
    print("See it with: backside remind · remove it with: backside remind off")
    return 0


def show(systemd: UserSystemd) -> int:
    reminder = systemd.installed()
    if reminder is None:
        print(f"No reminder set. Set one with: {USAGE_EXAMPLE}")
        return 0
    active = systemd.active()
    state = {True: "", False: ", but its timer is not running", None: ""}[active]
    print(f"Reminder: {reminder.describe()}{state} ({systemd.timer_path})")
    print(f"Change it with: backside remind {reminder.days_text} {reminder.time}")
    print("Remove it with: backside remind off")
    return 0


def off(systemd: UserSystemd) -> int:
    if systemd.remove():
        print("Reminder removed.")
    else:
        print("No reminder to remove.")
    return 0


def send_notification(now: datetime | None = None) -> int:
    title, body = reminder_text(now or datetime.now().astimezone())
    if not notify(title, body):
        print(f"{title}. {body}")
    return 0


def reminder_text(now: datetime) -> tuple[str, str]:
    """(title, body): the next practice and the streak, from the history as it is now.

    A history that cannot be read still gives a reminder (without its numbers).
    """
    from app.cli.commands.history import read_practices
    from app.core.progress import streak

    try:
        _, practices = read_practices()
    except DataError:
        practices = []
    return notification(next_plan_name(practices), streak(practices, now).describe())


def next_plan_name(practices: Sequence[LoggedPractice]) -> str:
    """The last plan practised, else the default plan (settings, else built in)."""
    if practices:
        return max(practices, key=lambda p: (p.started_at, p.id)).routine_name
    try:
        from app.core.plans import name_for
        from app.store.settings import load_settings
        from app.system.folders import user_folders

        return name_for(load_settings(user_folders().settings_file).settings.plan)
    except (DataError, OSError):
        return "your practice"
