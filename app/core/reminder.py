"""A reminder to practise: the days and time, and the text of what carries it out.

`backside remind mon,wed,fri 07:30` becomes a systemd user timer (and, where
there is no systemd user session, the equivalent crontab line); when it fires,
`backside remind --notify` says the next practice and the streak. This module
checks the days and the time (one clear line for a bad value) and writes the
units' text, the crontab line and the notification. No I/O here.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from app.core.errors import DataError

#: The days as typed, Monday first (Monday is 0, as `date.weekday()` counts).
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_FULL_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
#: Words that stand for several days.
DAY_WORDS: Mapping[str, tuple[int, ...]] = {
    "daily": tuple(range(7)),
    "weekdays": tuple(range(5)),
    "weekends": (5, 6),
}
#: The units' name, in the user's systemd folder.
UNIT_NAME = "backside-remind"
#: The line in the timer that records the reminder as typed.
_MARK = "# backside remind "

_TIME = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)", re.ASCII)


@dataclass(frozen=True, slots=True)
class Reminder:
    days: tuple[int, ...]
    """Monday is 0; in order, each once."""
    hour: int
    minute: int

    @property
    def time(self) -> str:
        return f"{self.hour:02d}:{self.minute:02d}"

    @property
    def days_text(self) -> str:
        """What to type: 'mon,wed,fri', or 'daily' / 'weekdays' / 'weekends'."""
        for word, days in DAY_WORDS.items():
            if self.days == days:
                return word
        return ",".join(DAY_NAMES[day] for day in self.days)

    def describe(self) -> str:
        """'Mon, Wed and Fri at 07:30', 'every day at 07:30'."""
        if self.days == DAY_WORDS["daily"]:
            when = "every day"
        elif self.days == DAY_WORDS["weekdays"]:
            when = "on weekdays"
        else:
            names = [DAY_NAMES[day].capitalize() for day in self.days]
            when = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        return f"{when} at {self.time}"

    def on_calendar(self) -> str:
        """systemd's calendar spec: 'Mon,Wed,Fri *-*-* 07:30:00'."""
        days = ",".join(DAY_NAMES[day].capitalize() for day in self.days)
        return f"{days} *-*-* {self.time}:00"

    def cron_schedule(self) -> str:
        """cron's five fields: '30 7 * * 1,3,5' (cron counts Sunday as 0)."""
        days = "*" if len(self.days) == 7 else ",".join(str((day + 1) % 7) for day in self.days)
        return f"{self.minute} {self.hour} * * {days}"


def parse_days(text: str) -> tuple[int, ...]:
    """'mon,wed,fri', 'daily', 'weekdays' or 'weekends'; a bad value is a `DataError`."""
    words = text.strip().lower()
    if words in DAY_WORDS:
        return DAY_WORDS[words]
    days: set[int] = set()
    for word in words.split(","):
        word = word.strip()
        if word not in DAY_NAMES and word not in _FULL_NAMES:
            raise DataError(
                f"{text!r} is not a list of days: give them as mon,wed,fri"
                " (mon tue wed thu fri sat sun), or daily, weekdays or weekends"
            )
        days.add(DAY_NAMES.index(word[:3]))
    return tuple(sorted(days))


def parse_time(text: str) -> tuple[int, int]:
    """'07:30' (24-hour, HH:MM); a bad value is a `DataError`."""
    found = _TIME.fullmatch(text.strip())
    if found is None:
        raise DataError(f"{text!r} is not a time of day: give it as HH:MM, 24-hour (07:30, 18:05)")
    return int(found[1]), int(found[2])


def parse_reminder(days: str, time: str) -> Reminder:
    hour, minute = parse_time(time)
    return Reminder(parse_days(days), hour, minute)


# -- what carries it out -----------------------------------------------------------------


def systemd_quoted(argument: str) -> str:
    """One word of a systemd command line or assignment: quoted, `%` and `$` escaped."""
    text = argument.replace("%", "%%").replace("$", "$$")
    if text and not re.search(r"[\s\"'\\;]", text):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def service_unit(command: Sequence[str], environment: Mapping[str, str] | None = None) -> str:
    """The service the timer starts: `command` (backside remind --notify), once."""
    lines = [
        "[Unit]",
        "Description=backside: say the next practice and the streak",
        "",
        "[Service]",
        "Type=oneshot",
    ]
    for name, value in sorted((environment or {}).items()):
        lines.append(f"Environment={systemd_quoted(f'{name}={value}')}")
    lines.append("ExecStart=" + " ".join(systemd_quoted(word) for word in command))
    return "\n".join(lines) + "\n"


def timer_unit(reminder: Reminder) -> str:
    """The timer: the days and the time, as the user's clock tells them."""
    return (
        f"{_MARK}{reminder.days_text} {reminder.time}\n"
        "[Unit]\n"
        f"Description=backside: a reminder to practise, {reminder.describe()}\n"
        "\n"
        "[Timer]\n"
        f"OnCalendar={reminder.on_calendar()}\n"
        "AccuracySec=1min\n"
        f"Unit={UNIT_NAME}.service\n"
        "\n"
        "[Install]\n"
        "WantedBy=timers.target\n"
    )


def reminder_of_timer(text: str) -> Reminder | None:
    """The reminder a timer written by `timer_unit` records; None for any other text."""
    for line in text.splitlines():
        if line.startswith(_MARK):
            days, _, time = line[len(_MARK) :].strip().partition(" ")
            try:
                return parse_reminder(days, time)
            except DataError:
                return None
    return None


def crontab_line(
    reminder: Reminder, command: Sequence[str], environment: Mapping[str, str] | None = None
) -> str:
    """The same reminder for cron (`crontab -e`): '30 7 * * 1,3,5 backside remind --notify'."""
    assignments = [
        f"{name}={shlex.quote(value)}" for name, value in sorted((environment or {}).items())
    ]
    words = " ".join([*assignments, *(shlex.quote(word) for word in command)])
    escaped = words.replace("%", "\\%")  # cron ends the command at a bare %
    return f"{reminder.cron_schedule()} {escaped}"


def notification(plan_name: str, streak_text: str) -> tuple[str, str]:
    """(title, body) of the reminder: the next practice, and the streak."""
    return f"Time to practise: {plan_name}", streak_text[:1].upper() + streak_text[1:]
