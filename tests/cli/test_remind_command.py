"""`backside remind`: set, show and remove the reminder; no systemd; bad days and times;
the notification's text. systemctl is a fake that records what it was asked, and
the units folder is a temporary one: the user's own systemd is never touched."""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.cli.commands import remind
from app.store import reminder_timer
from app.store.reminder_timer import UserSystemd
from app.system.quiet_process import Ran
from tests.cli.running import run
from tests.cli.test_stats_poses import write
from tests.pose_samples import twelve_weeks


class FakeSystemctl:
    """Answers as a user manager would; `state` is what is-system-running prints."""

    def __init__(self, state: str = "running", failing: str = "") -> None:
        self.state = state
        self.failing = failing
        self.calls: list[list[str]] = []

    def __call__(self, argv: Sequence[str]) -> Ran:
        words = list(argv[2:])
        self.calls.append(words)
        if words == ["is-system-running"]:
            return Ran(0 if self.state == "running" else 1, self.state + "\n")
        if words and words[0] == self.failing:
            return Ran(1, "Failed to connect to bus: No medium found\n")
        if words[:1] == ["is-active"]:
            return Ran(0, "active\n")
        return Ran(0, "")


def args(
    days: str | None = None, time: str | None = None, notify: bool = False
) -> argparse.Namespace:
    return argparse.Namespace(days=days, time=time, notify=notify)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "config" / "systemd" / "user"


def systemd(folder: Path, fake: FakeSystemctl) -> UserSystemd:
    return UserSystemd(folder, run=fake, systemctl="/usr/bin/systemctl")


def test_set_show_and_off(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fake = FakeSystemctl()
    assert remind.main(args("mon,wed,fri", "07:30"), systemd(folder, fake)) == 0
    out = capsys.readouterr().out
    assert out.startswith("Reminder set: Mon, Wed and Fri at 07:30 (a systemd user timer, ")
    timer = (folder / "backside-remind.timer").read_text()
    assert "OnCalendar=Mon,Wed,Fri *-*-* 07:30:00" in timer
    service = (folder / "backside-remind.service").read_text()
    assert "remind --notify" in service
    # The notification finds the same history as the command that set it.
    assert f"Environment=BACKSIDE_DATA_DIR={os.environ['BACKSIDE_DATA_DIR']}\n" in service
    assert fake.calls == [
        ["is-system-running"],
        ["daemon-reload"],
        ["enable", "--now", "backside-remind.timer"],
    ]
    assert sorted(p.name for p in folder.iterdir()) == [
        "backside-remind.service",
        "backside-remind.timer",
    ]  # written whole: no temporary file left behind

    assert remind.main(args(), systemd(folder, fake)) == 0
    out = capsys.readouterr().out
    assert (
        out.splitlines()[0]
        == f"Reminder: Mon, Wed and Fri at 07:30 ({folder / 'backside-remind.timer'})"
    )
    assert "backside remind mon,wed,fri 07:30" in out

    fake.calls.clear()
    assert remind.main(args("off"), systemd(folder, fake)) == 0
    assert capsys.readouterr().out == "Reminder removed.\n"
    assert fake.calls == [["disable", "--now", "backside-remind.timer"], ["daemon-reload"]]
    assert list(folder.iterdir()) == []
    assert remind.main(args("off"), systemd(folder, fake)) == 0
    assert capsys.readouterr().out == "No reminder to remove.\n"
    assert remind.main(args(), systemd(folder, fake)) == 0
    assert capsys.readouterr().out.startswith("No reminder set. Set one with: backside remind ")


def test_setting_again_replaces_it(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fake = FakeSystemctl()
    remind.main(args("mon", "07:30"), systemd(folder, fake))
    remind.main(args("weekdays", "06:45"), systemd(folder, fake))
    assert UserSystemd(folder).installed() == remind.parse_reminder("weekdays", "06:45")


@pytest.mark.parametrize(
    ("fake", "systemctl", "why"),
    [
        (FakeSystemctl(state="offline"), "/usr/bin/systemctl", "no systemd user session (offline)"),
        (
            FakeSystemctl(state=""),
            "/usr/bin/systemctl",
            "no systemd user session (systemctl status 1)",
        ),
        (FakeSystemctl(), None, "systemctl was not found"),
    ],
    ids=["offline", "no-bus", "no-systemctl"],
)
def test_no_systemd_prints_the_crontab_line(
    folder: Path,
    capsys: pytest.CaptureFixture[str],
    fake: FakeSystemctl,
    systemctl: str | None,
    why: str,
) -> None:
    status = remind.main(
        args("mon,wed,fri", "07:30"), UserSystemd(folder, run=fake, systemctl=systemctl)
    )
    assert status == 1
    first, line = capsys.readouterr().out.splitlines()
    assert first == f"No reminder set: {why}. The same reminder for cron (add it with crontab -e):"
    assert line.startswith("30 7 * * 1,3,5 ")
    assert line.endswith(" remind --notify")
    assert not folder.exists()


def test_a_degraded_session_still_takes_the_timer(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fake = FakeSystemctl(state="degraded")  # one failed unit elsewhere: a session all the same
    assert remind.main(args("daily", "21:00"), systemd(folder, fake)) == 0


def test_systemctl_failing_is_one_line(folder: Path) -> None:
    fake = FakeSystemctl(failing="enable")
    with pytest.raises(
        remind.DataError,
        match=r"^systemctl --user enable --now backside-remind.timer failed: Failed to connect",
    ):
        remind.main(args("mon", "07:30"), systemd(folder, fake))


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["remind", "mon,wed,fry", "07:30"], "'mon,wed,fry' is not a list of days"),
        (["remind", "mon", "7.30"], "'7.30' is not a time of day"),
        (["remind", "mon", "25:00"], "'25:00' is not a time of day"),
        (["remind", "mon"], "give a time after the days"),
        (["remind", "off", "07:30"], "takes nothing after it"),
        (["remind", "mon", "07:30", "extra"], "unrecognized arguments"),
    ],
)
def test_bad_days_and_times_exit_2(
    argv: list[str],
    says: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setattr(reminder_timer.shutil, "which", lambda name: None)  # no systemctl at all
    status, out, err = run(capsys, *argv)
    assert status == 2
    assert out == ""
    assert says in err
    assert err.count("\n") <= 2  # the line, and argparse's pointer to --help
    assert not (tmp_path / "config").exists()


def test_units_go_under_xdg_config_home(tmp_path: Path) -> None:
    environ = {"XDG_CONFIG_HOME": str(tmp_path / "cfg"), "HOME": "/nowhere"}
    assert reminder_timer.systemd_user_folder(environ) == tmp_path / "cfg" / "systemd" / "user"
    assert (
        reminder_timer.systemd_user_folder({"HOME": str(tmp_path)})
        == tmp_path / ".config/systemd/user"
    )
    assert reminder_timer.systemd_user_folder({"HOME": "relative"}) is None


# -- what the reminder says when it fires ------------------------------------------------

NOW = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)


def notified(monkeypatch: pytest.MonkeyPatch, now: datetime) -> list[list[str]]:
    sent: list[list[str]] = []

    def fake_run(argv: Sequence[str]) -> Ran:
        sent.append(list(argv))
        return Ran(0, "")

    monkeypatch.setattr(reminder_timer.shutil, "which", lambda name: "/usr/bin/notify-send")
    monkeypatch.setattr(reminder_timer, "run_briefly", fake_run)
    assert remind.send_notification(now) == 0
    return sent


def test_notify_names_the_last_plan_and_the_streak(monkeypatch: pytest.MonkeyPatch) -> None:
    write(twelve_weeks(NOW))
    (argv,) = notified(monkeypatch, NOW)
    assert argv == [
        "/usr/bin/notify-send",
        "--app-name=backside",
        "Time to practise: Strength",
        "Streak 4 weeks, 1 more this week to keep it",
    ]


def test_notify_with_no_history_names_the_default_plan(monkeypatch: pytest.MonkeyPatch) -> None:
    (argv,) = notified(monkeypatch, NOW)
    assert argv[2:] == ["Time to practise: Quick", "No streak yet: 2 more this week to start one"]


def test_notify_with_a_history_dated_in_the_future_and_months_away(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    old = twelve_weeks(NOW - timedelta(weeks=30))
    ahead = list(twelve_weeks(NOW + timedelta(weeks=50)))[-1:]
    write((*old, *ahead))
    (argv,) = notified(monkeypatch, NOW)
    assert argv[2] == "Time to practise: Strength"
    assert argv[3].startswith("No streak yet")


def test_notify_without_a_desktop_prints(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(reminder_timer.shutil, "which", lambda name: None)
    status, out, _err = run(capsys, "remind", "--notify")
    assert status == 0
    assert out == "Time to practise: Quick. No streak yet: 2 more this week to start one\n"


def test_notify_with_an_unreadable_history_still_reminds(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = Path(remind.__file__)  # any file: a data folder that is a file
    monkeypatch.setenv("BACKSIDE_DATA_DIR", str(data))
    monkeypatch.setattr(reminder_timer.shutil, "which", lambda name: None)
    status, out, _ = run(capsys, "remind", "--notify")
    assert status == 0
    assert out.startswith("Time to practise: ")
