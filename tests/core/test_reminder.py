"""The reminder's days and time, and the text of its units, crontab line and notification.

The units are checked twice: by `systemd-analyze verify` where systemd's tools
are installed (it reads the files as systemd would, in a throw-away runtime
folder, never the user's own manager), and always against their grammar here.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from app.core.errors import DataError
from app.core.reminder import (
    Reminder,
    crontab_line,
    notification,
    parse_reminder,
    reminder_of_timer,
    service_unit,
    systemd_quoted,
    timer_unit,
)

COMMAND = ["/opt/run time/bin/backside", "remind", "--notify"]
ENVIRONMENT = {"BACKSIDE_DATA_DIR": "/home/runner/my data/100%", "PYTHONPATH": "/src"}


@pytest.mark.parametrize(
    ("days", "time", "expected"),
    [
        ("mon,wed,fri", "07:30", Reminder((0, 2, 4), 7, 30)),
        ("Fri,mon,Monday", "7:05", Reminder((0, 4), 7, 5)),
        ("daily", "23:59", Reminder(tuple(range(7)), 23, 59)),
        ("weekdays", "00:00", Reminder((0, 1, 2, 3, 4), 0, 0)),
        ("weekends", "18:00", Reminder((5, 6), 18, 0)),
    ],
)
def test_days_and_times(days: str, time: str, expected: Reminder) -> None:
    assert parse_reminder(days, time) == expected


@pytest.mark.parametrize(
    ("days", "time", "says"),
    [
        ("mon,wed,fry", "07:30", "not a list of days"),
        ("", "07:30", "not a list of days"),
        ("mon,,fri", "07:30", "not a list of days"),
        ("mo", "07:30", "not a list of days"),
        ("mon", "24:00", "not a time of day"),
        ("mon", "7:5", "not a time of day"),
        ("mon", "07:30pm", "not a time of day"),
        ("mon", "-1:30", "not a time of day"),
        ("mon", "０7:30", "not a time of day"),
        ("mon", "0٧:30", "not a time of day"),
    ],
)
def test_bad_days_and_times_are_one_line(days: str, time: str, says: str) -> None:
    with pytest.raises(DataError, match=says) as raised:
        parse_reminder(days, time)
    assert "\n" not in str(raised.value)


def test_described_and_scheduled() -> None:
    reminder = parse_reminder("mon,wed,fri", "07:30")
    assert reminder.describe() == "Mon, Wed and Fri at 07:30"
    assert reminder.on_calendar() == "Mon,Wed,Fri *-*-* 07:30:00"
    assert reminder.cron_schedule() == "30 7 * * 1,3,5"
    assert parse_reminder("sun", "06:00").cron_schedule() == "0 6 * * 0"
    assert parse_reminder("daily", "06:00").cron_schedule() == "0 6 * * *"
    assert parse_reminder("daily", "06:00").describe() == "every day at 06:00"
    assert parse_reminder("weekdays", "06:00").days_text == "weekdays"


def test_the_timer_records_the_reminder_as_typed() -> None:
    reminder = parse_reminder("tue,thu", "18:15")
    assert reminder_of_timer(timer_unit(reminder)) == reminder
    assert reminder_of_timer("[Timer]\nOnCalendar=daily\n") is None
    assert reminder_of_timer("# backside remind mon,fry 07:30\n") is None


def test_crontab_line_quotes_and_escapes() -> None:
    line = crontab_line(parse_reminder("mon,wed,fri", "07:30"), COMMAND, ENVIRONMENT)
    schedule, _, command = line.partition(" * * 1,3,5 ")
    assert schedule == "30 7"
    # cron hands the rest to the shell, after turning each \% back into %.
    assert shlex.split(command.replace("\\%", "%")) == [
        "BACKSIDE_DATA_DIR=/home/runner/my data/100%",
        "PYTHONPATH=/src",
        *COMMAND,
    ]
    assert re.search(r"(?<!\\)%", command) is None


def test_notification_names_the_practice_and_the_streak() -> None:
    assert notification("Strength", "streak 3 weeks, 1 more this week to keep it") == (
        "Time to practise: Strength",
        "Streak 3 weeks, 1 more this week to keep it",
    )


# -- the units' grammar ---------------------------------------------------------------

#: The keys each section may hold, as systemd documents them (systemd.unit, .service, .timer).
KEYS = {
    "Unit": {"Description"},
    "Service": {"Type", "ExecStart", "Environment"},
    "Timer": {"OnCalendar", "AccuracySec", "Unit"},
    "Install": {"WantedBy"},
}


def parse_unit(text: str) -> dict[str, dict[str, list[str]]]:
    sections: dict[str, dict[str, list[str]]] = {}
    current = None
    for line in text.splitlines():
        if not line.strip() or line.startswith(("#", ";")):
            continue
        header = re.fullmatch(r"\[([A-Za-z]+)\]", line)
        if header:
            current = sections.setdefault(header[1], {})
            continue
        key, sep, value = line.partition("=")
        assert sep, f"not a Key=Value line: {line!r}"
        assert current is not None, f"a key before any section: {line!r}"
        assert re.fullmatch(r"[A-Za-z]+", key), line
        current.setdefault(key, []).append(value)
    return sections


def systemd_words(value: str) -> list[str]:
    """A command line as systemd splits it (double quotes, backslash escapes, %% and $$)."""
    words = shlex.split(value, posix=True)
    return [word.replace("%%", "%").replace("$$", "$") for word in words]


def test_the_units_follow_their_grammar() -> None:
    service = parse_unit(service_unit(COMMAND, ENVIRONMENT))
    timer = parse_unit(timer_unit(parse_reminder("mon,wed,fri", "07:30")))
    for unit in (service, timer):
        for section, keys in unit.items():
            assert set(keys) <= KEYS[section], section
    assert service["Service"]["Type"] == ["oneshot"]
    (exec_start,) = service["Service"]["ExecStart"]
    assert systemd_words(exec_start) == COMMAND
    assert [systemd_words(e)[0] for e in service["Service"]["Environment"]] == [
        "BACKSIDE_DATA_DIR=/home/runner/my data/100%",
        "PYTHONPATH=/src",
    ]
    assert timer["Timer"]["Unit"] == ["backside-remind.service"]
    assert timer["Install"]["WantedBy"] == ["timers.target"]
    (calendar,) = timer["Timer"]["OnCalendar"]
    assert re.fullmatch(
        r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun)(,(Mon|Tue|Wed|Thu|Fri|Sat|Sun))* \*-\*-\* \d\d:\d\d:00",
        calendar,
    )


def test_quoting_for_systemd() -> None:
    assert systemd_quoted("plain") == "plain"
    assert systemd_quoted("a b") == '"a b"'
    assert systemd_quoted('say "hi"\\') == '"say \\"hi\\"\\\\"'
    assert systemd_quoted("50%$") == "50%%$$"


# -- systemd's own reading --------------------------------------------------------------


def verify(folder: Path, timer: str, service: str) -> subprocess.CompletedProcess[str]:
    (folder / "backside-remind.timer").write_text(timer)
    (folder / "backside-remind.service").write_text(service)
    runtime = folder / "runtime"
    runtime.mkdir(mode=0o700, exist_ok=True)
    environ = {
        **os.environ,
        "XDG_RUNTIME_DIR": str(runtime),
        "HOME": str(folder),
        "XDG_CONFIG_HOME": str(folder / "config"),
        "SYSTEMD_LOG_COLOR": "0",
    }
    return subprocess.run(
        [
            "systemd-analyze",
            "verify",
            str(folder / "backside-remind.timer"),
            str(folder / "backside-remind.service"),
        ],
        capture_output=True,
        text=True,
        env=environ,
        timeout=60,
        check=False,
    )


@pytest.mark.skipif(
    shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed"
)
def test_systemd_analyze_verifies_the_units(tmp_path: Path) -> None:
    program = tmp_path / "bin" / "backside"
    program.parent.mkdir()
    program.write_text("#!/bin/sh\n")
    program.chmod(0o755)
    command = [str(program), "remind", "--notify"]
    for days in ("mon,wed,fri", "daily", "weekdays", "sun"):
        done = verify(
            tmp_path, timer_unit(parse_reminder(days, "07:30")), service_unit(command, ENVIRONMENT)
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout + done.stderr == ""  # not even a warning
    # The check has teeth: a calendar systemd cannot read is refused.
    broken = timer_unit(parse_reminder("mon", "07:30")).replace("Mon *", "Mun *")
    done = verify(tmp_path, broken, service_unit(command))
    assert done.returncode != 0
    assert "calendar" in done.stderr
