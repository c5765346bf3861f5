"""`backside history` and `backside stats`: what was done, read back; exports; bad files."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.cli.commands.history import PRACTICE_COLUMNS, STEP_COLUMNS
from app.cli.main import main
from app.store.history import SCHEMA_VERSION, History
from tests.cli.running import run
from tests.store.factory import practise, start

NOW = datetime.now(UTC).replace(microsecond=0)


def data_folder() -> Path:
    return Path(os.environ["BACKSIDE_DATA_DIR"])


@pytest.fixture
def history() -> Iterator[History]:
    opened = History.open(data_folder() / "history.sqlite3")
    yield opened
    opened.close()


def test_no_history_yet(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "history")
    assert status == 0
    assert out.startswith("No practices yet (history: ")
    assert not data_folder().exists()  # reading never creates the folder
    assert run(capsys, "history", "--json")[1] == "[]\n"
    assert run(capsys, "stats")[1].startswith("No practices yet")


def test_one_line_per_practice(history: History, capsys: pytest.CaptureFixture[str]) -> None:
    practise(history, NOW - timedelta(days=3), minutes=9.5)
    practise(history, NOW - timedelta(days=2), finish="stopped", minutes=3)
    practise(history, NOW - timedelta(days=1), finish=None)
    status, out, _ = run(capsys, "history")
    assert status == 0
    lines = out.splitlines()
    assert lines[0].split() == ["when", "plan", "active", "sets", "how", "it", "ended"]
    assert lines[1].endswith("complete")
    assert "9:30" in lines[1]
    assert "1 of 1" in lines[1]
    assert lines[2].endswith("stopped early")
    assert lines[3].endswith("partial")
    assert lines[-1] == "3 practices, 13:15 of active practice"


def test_since_and_limit(history: History, capsys: pytest.CaptureFixture[str]) -> None:
    for days in (10, 5, 1):
        practise(history, NOW - timedelta(days=days))
    since = (NOW - timedelta(days=6)).astimezone().date().isoformat()
    records = json.loads(run(capsys, "history", "--since", since, "--json")[1])
    assert len(records) == 2
    records = json.loads(run(capsys, "history", "--limit", "1", "--json")[1])
    assert len(records) == 1
    assert records[0]["started_at"] == (NOW - timedelta(days=1)).astimezone().isoformat()


def test_json_holds_every_step(history: History, capsys: pytest.CaptureFixture[str]) -> None:
    practise(history, NOW, lifts=(12, 11))
    (record,) = json.loads(run(capsys, "history", "--json")[1])
    assert record["plan_id"] == "quick"
    assert record["outcome"] == "complete"
    assert record["options"] == {"plan_id": "quick", "sets": None}
    assert [s["version_id"] for s in record["steps"]] == ["arms-by-sides", "opposite-lifts"]
    assert record["steps"][1]["lifts_left"] == 12
    assert set(record) >= set(PRACTICE_COLUMNS)
    assert set(record["steps"][0]) == set(STEP_COLUMNS)


def test_csv_one_row_per_step(history: History, capsys: pytest.CaptureFixture[str]) -> None:
    practise(history, NOW, lifts=(12, 11))
    history.start_practice(start(NOW))  # killed before any work ended: one row, no step
    out = run(capsys, "history", "--csv")[1]
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == [*PRACTICE_COLUMNS, *STEP_COLUMNS]
    assert [(r["practice_id"], r["title"]) for r in rows] == [
        ("1", "Locust"),
        ("1", "Locust"),
        ("2", ""),
    ]
    assert rows[1]["lifts_right"] == "11"
    assert rows[2]["outcome"] == "partial"


def test_stats(history: History, capsys: pytest.CaptureFixture[str]) -> None:
    monday = NOW.astimezone() - timedelta(days=NOW.astimezone().weekday())
    for weeks in (1, 2):
        for day in (0, 2):
            practise(history, monday - timedelta(weeks=weeks, days=-day), lifts=(10 + weeks, 9))
    practise(history, NOW, lifts=(13, 13))
    status, out, _ = run(capsys, "stats", "--json")
    assert status == 0
    stats = json.loads(out)
    assert stats["practices"] == {"this_week": 1, "total": 5}
    assert stats["minutes"]["total"] == 25
    assert stats["streak"]["current_weeks"] == 2
    assert stats["streak"]["longest_weeks"] == 2
    assert "at least 2 practices" in stats["streak"]["rule"]
    assert stats["time_per_pose"][0]["pose_id"] == "locust"
    weeks = [row["left"] for row in stats["lifts_by_week"]]
    assert weeks == [12, 11, 13]
    text = run(capsys, "stats")[1]
    assert "Streak      2 weeks, longest 2 weeks" in text
    assert "Time in each pose" in text
    assert "13 · 13" in text


def test_stats_help_states_the_streak_rule(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["stats", "--help"])
    assert "at least 2 practices" in " ".join(capsys.readouterr().out.split())


def test_data_dir_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    other = tmp_path / "elsewhere"
    opened = History.open(other / "history.sqlite3")
    practise(opened, NOW)
    opened.close()
    records = json.loads(run(capsys, "--data-dir", str(other), "history", "--json")[1])
    assert len(records) == 1


@pytest.mark.parametrize("damage", ["not a database", "newer schema"])
def test_a_bad_history_file_is_one_message_and_status_2(
    capsys: pytest.CaptureFixture[str], damage: str
) -> None:
    path = data_folder() / "history.sqlite3"
    if damage == "not a database":
        path.parent.mkdir(parents=True)
        path.write_text("not a database at all\n" * 200)
    else:
        History.open(path).close()
        db = sqlite3.connect(path)
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
        db.commit()
        db.close()
    status, _, err = run(capsys, "history")
    assert status == 2
    assert str(path) in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err
    assert path.exists()  # a command that only reads moves nothing aside


def test_bad_options_are_status_2(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["history", "--since", "yesterday"], ["history", "--limit", "0"]):
        with pytest.raises(SystemExit) as exit_:
            main(argv)
        assert exit_.value.code == 2
    assert "--limit" in capsys.readouterr().err


# -- rows and folders a user (or another program) left in a bad state ----------------------

BAD_ROWS = [
    "UPDATE practice SET started_at = 'garbage' WHERE id = 1",
    "UPDATE practice SET planned_seconds = 'abc' WHERE id = 1",
    "UPDATE practice SET active_seconds = 1e999 WHERE id = 1",
    "UPDATE step SET ended_at = '2026-13-45' WHERE id = 1",
    "UPDATE step SET lifts_left = 'many' WHERE id = 1",
]
READ_COMMANDS = [["history"], ["history", "--json"], ["history", "--csv"], ["stats"]]


@pytest.mark.parametrize("damage", BAD_ROWS)
@pytest.mark.parametrize("command", READ_COMMANDS, ids=" ".join)
def test_a_bad_row_is_left_out_and_said_in_one_line(
    history: History, capsys: pytest.CaptureFixture[str], damage: str, command: list[str]
) -> None:
    practise(history, NOW - timedelta(days=2), lifts=(10, 10))
    practise(history, NOW - timedelta(days=1), lifts=(11, 11))
    history._db.execute(damage)
    status, out, err = run(capsys, *command)
    assert status == 0
    (line,) = err.splitlines()
    assert line.startswith(f"backside: {data_folder() / 'history.sqlite3'}: left out 1 unreadable")
    if command == ["history", "--json"]:
        records = json.loads(out)
        steps = [len(r["steps"]) for r in records]
        assert steps == ([1, 2] if "step" in damage else [2])
    elif command == ["history"]:
        assert out.splitlines()[-1].startswith("2 practices" if "step" in damage else "1 practice,")


def test_a_missing_table_is_one_message_and_status_2(
    history: History, capsys: pytest.CaptureFixture[str]
) -> None:
    practise(history, NOW)
    history._db.execute("DROP TABLE step")
    for command in READ_COMMANDS:
        status, _, err = run(capsys, *command)
        assert status == 2
        assert err == f"backside: {data_folder() / 'history.sqlite3'} is damaged (no step table)\n"


@pytest.mark.parametrize("day", ["0001-01-01", "0001-01-02", "9999-12-31"])
def test_since_the_first_or_last_day_a_date_can_name(
    history: History, capsys: pytest.CaptureFixture[str], day: str
) -> None:
    practise(history, NOW)
    status, out, _ = run(capsys, "history", "--since", day, "--json")
    assert status == 0
    assert len(json.loads(out)) == (0 if day.startswith("9999") else 1)


@pytest.mark.parametrize("which", ["data folder", "a folder above it", "home"])
def test_a_data_folder_that_is_a_file(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    which: str,
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder\n")
    if which == "home":
        monkeypatch.delenv("BACKSIDE_DATA_DIR")
        monkeypatch.delenv("XDG_DATA_HOME", raising=False)
        monkeypatch.setenv("HOME", str(blocker))
    else:
        folder = blocker if which == "data folder" else blocker / "backside"
        monkeypatch.setenv("BACKSIDE_DATA_DIR", str(folder))
    for command in (["history"], ["stats"], ["history", "--json"]):
        status, out, err = run(capsys, *command)
        assert status == 2
        assert out == ""
        assert err.startswith(f"backside: {blocker} is not a folder")
        assert len(err.splitlines()) == 1


def test_a_file_another_program_holds_is_said_at_once(
    history: History, capsys: pytest.CaptureFixture[str]
) -> None:
    """Readers never wait in WAL mode; a file in rollback mode, locked, can block them."""
    import time

    practise(history, NOW)
    history.close()
    path = data_folder() / "history.sqlite3"
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("PRAGMA journal_mode = DELETE")
    other.execute("BEGIN EXCLUSIVE")
    try:
        started = time.monotonic()
        status, _, err = run(capsys, "history")
        took = time.monotonic() - started
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert status == 2
    assert "another program is holding the history file" in err
    assert took < 2.5  # not the writer's 5 s busy timeout
