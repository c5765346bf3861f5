"""The history file: its settings, its migrations from every older version, and its faults."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.core.practice_log import Feeling, Outcome
from app.store.history import (
    MIGRATIONS,
    SCHEMA_VERSION,
    History,
    HistoryFileError,
    HistoryUnavailable,
    migrate,
    move_aside,
    schema_version,
)
from tests.store.factory import practise, start, step

NOW = datetime(2026, 11, 30, 18, 0, tzinfo=UTC)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "history.sqlite3"


def test_a_new_file_is_made_with_its_folder(path: Path) -> None:
    history = History.open(path)
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert schema_version(db) == SCHEMA_VERSION
    history.close()


def test_the_connection_has_foreign_keys_and_a_busy_timeout(path: Path) -> None:
    history = History.open(path)
    db = history._db
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
    with pytest.raises(sqlite3.IntegrityError):
        history.add_step(999, step(1, NOW), active_seconds=1)
    history.close()


def test_practices_and_steps_come_back_as_written(path: Path) -> None:
    history = History.open(path)
    first = practise(history, NOW, lifts=(12, 11))
    second = practise(history, NOW + timedelta(days=2), finish=None)
    practices = history.practices()
    history.close()
    assert [p.id for p in practices] == [first, second]
    done, partial = practices
    assert done.outcome is Outcome.COMPLETE
    assert done.active_seconds == 300
    assert done.options == {"plan_id": "quick", "sets": None}
    assert done.library_version == "abc123"
    assert [s.version_id for s in done.steps] == ["arms-by-sides", "opposite-lifts"]
    assert (done.steps[1].lifts_left, done.steps[1].lifts_right) == (12, 11)
    assert done.started_at == NOW
    # Never finished: partial, with the active time of the steps that ended.
    assert partial.outcome is Outcome.PARTIAL
    assert partial.active_seconds == 45


def test_since_keeps_the_later_practices(path: Path) -> None:
    history = History.open(path)
    for day in range(5):
        practise(history, NOW + timedelta(days=day))
    later = history.practices(since=NOW + timedelta(days=3))
    history.close()
    assert [p.started_at for p in later] == [NOW + timedelta(days=3), NOW + timedelta(days=4)]
    assert all(len(p.steps) == 1 for p in later)


def test_a_finished_practice_is_never_written_as_partial(path: Path) -> None:
    history = History.open(path)
    practice = history.start_practice(start(NOW))
    with pytest.raises(ValueError, match="complete or stopped"):
        history.finish_practice(practice, outcome=Outcome.PARTIAL, active_seconds=1, ended_at=NOW)
    history.close()


# -- migrations ---------------------------------------------------------------


def _file_at_version(path: Path, version: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, isolation_level=None)
    migrate(db, path, to=version)
    if version >= 1:  # every version from the first has practices and steps
        db.execute(
            "INSERT INTO practice (id, started_at, routine_id, routine_name)"
            " VALUES (1, '2026-01-05T08:00:00.000+00:00', 'quick', 'Quick')"
        )
        db.execute(
            "INSERT INTO step (practice_id, step_index, ended_at, section, title, measure,"
            " ending, active_seconds) VALUES (1, 2, '2026-01-05T08:01:00.000+00:00',"
            " 'strength', 'Locust', 'seconds', 'completed', 45)"
        )
    db.close()


@pytest.mark.parametrize("version", range(SCHEMA_VERSION))
def test_every_older_version_is_brought_up_to_date(path: Path, version: int) -> None:
    _file_at_version(path, version)
    history = History.open(path)
    practices = history.practices()
    history.practices()
    practise(history, NOW)  # and the current schema takes new practices
    history.close()
    assert schema_version(sqlite3.connect(path)) == SCHEMA_VERSION
    if version >= 1:
        assert practices[0].routine_id == "quick"
        assert practices[0].steps[0].active_seconds == 45
    else:
        assert practices == []


def test_migrations_are_numbered_by_their_place() -> None:
    assert SCHEMA_VERSION == len(MIGRATIONS) >= 1


def test_a_failed_migration_leaves_the_file_at_its_version(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _file_at_version(path, SCHEMA_VERSION)
    # A migration whose second statement fails must not leave its first behind.
    broken = (*MIGRATIONS, "CREATE TABLE extra (x); CREATE TABLE practice (y)")
    monkeypatch.setattr("app.store.history.MIGRATIONS", broken)
    db = sqlite3.connect(path, isolation_level=None)
    with pytest.raises(sqlite3.OperationalError, match="already exists"):
        migrate(db, path, to=SCHEMA_VERSION + 1)
    assert schema_version(db) == SCHEMA_VERSION
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
    assert "extra" not in tables
    db.close()


# -- files that cannot be used ---------------------------------------------------------


def test_a_file_that_is_not_a_database(path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.write_text("these are my notes, not a database\n" * 100)
    with pytest.raises(HistoryFileError, match="not a readable history"):
        History.open(path)


def test_a_truncated_file(path: Path) -> None:
    history = History.open(path)
    for day in range(40):
        practise(history, NOW + timedelta(days=day), lifts=(10, 10))
    history._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    history.close()
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(HistoryFileError):
        History.open(path)  # the quick check at open finds the missing pages


def test_a_file_from_a_newer_backside(path: Path) -> None:
    History.open(path).close()
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.commit()
    db.close()
    with pytest.raises(HistoryFileError, match="newer backside"):
        History.open(path)


def test_moving_aside_keeps_the_old_file_under_a_dated_name(path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.write_text("junk")
    path.with_name(path.name + "-wal").write_text("log")
    moved = move_aside(path, datetime(2026, 12, 1, 21, 5, 9))
    assert moved.name == "history.unreadable-2026-12-01-210509.sqlite3"
    assert moved.read_text() == "junk"
    assert moved.with_name(moved.name + "-wal").read_text() == "log"
    assert not path.exists()
    path.write_text("junk again")
    again = move_aside(path, datetime(2026, 12, 1, 21, 5, 9))
    assert again != moved
    assert again.exists()


def test_a_data_folder_that_cannot_be_made(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    with pytest.raises(HistoryUnavailable):
        History.open(blocker / "data" / "history.sqlite3")


def test_reading_without_creating(path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        History.open(path, create=False)
    assert not path.parent.exists()


# -- two practices at once ----------------------------------------------------------------

WRITER = textwrap.dedent(
    """
    import sqlite3
    import sys
    from datetime import UTC, datetime
    from pathlib import Path
    from app.store.history import History
    from tests.store.factory import start, step

    history = History.open(Path(sys.argv[1]))
    now = datetime.now(UTC)

    def patiently(write):
        # As the history's writer does: a write that found the file busy past the
        # busy timeout (a starved machine) is tried again, never given up.
        for _ in range(20):
            try:
                return write()
            except sqlite3.OperationalError as error:
                if "locked" not in str(error):
                    raise
                print("locked", file=sys.stderr)
        raise SystemExit("still locked after 20 tries")

    practice = patiently(lambda: history.start_practice(start(now)))
    for index in range(int(sys.argv[2])):
        patiently(lambda: history.add_step(practice, step(index, now), active_seconds=index))
    history.close()
    """
)


def test_two_practices_at_once_both_write(path: Path) -> None:
    History.open(path).close()
    root = Path(__file__).resolve().parents[2]
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), "150"],
            cwd=root,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    errors = [writer.communicate(timeout=120)[1] for writer in writers]
    assert all(writer.returncode == 0 for writer in writers), errors
    history = History.open(path)
    practices = history.practices()
    history.close()
    assert [len(p.steps) for p in practices] == [150, 150, 150]


# -- how a practice felt ------------------------------------------------------


def test_a_feeling_is_kept_with_its_practice_and_may_never_be_given(path: Path) -> None:
    history = History.open(path)
    first = practise(history, NOW)
    second = practise(history, NOW + timedelta(days=1))
    history.set_feeling(second, Feeling.PAIN, "bow")
    history.set_feeling(first, Feeling.HARD, "bow")  # a pose with no pain is not kept
    third = practise(history, NOW + timedelta(days=2))
    practices = history.practices()
    history.close()
    assert [(p.id, p.feeling, p.pain_pose) for p in practices] == [
        (first, Feeling.HARD, None),
        (second, Feeling.PAIN, "bow"),
        (third, None, None),
    ]


def test_a_history_of_the_previous_version_reads_with_no_feeling(path: Path) -> None:
    _file_at_version(path, 2)
    history = History.open(path)
    (old,) = history.practices()
    history.set_feeling(old.id, Feeling.RIGHT)
    (again,) = history.practices()
    history.close()
    assert old.feeling is None
    assert again.feeling is Feeling.RIGHT


def test_a_feeling_that_is_not_one_reads_as_none(path: Path) -> None:
    history = History.open(path)
    practice = practise(history, NOW)
    history.close()
    db = sqlite3.connect(path)
    db.execute("UPDATE practice SET feeling = 'meh', pain_pose = 'bow' WHERE id = ?", (practice,))
    db.commit()
    db.close()
    history = History.open(path)
    (read,) = history.practices()
    history.close()
    assert (read.feeling, read.pain_pose) == (None, None)


def test_two_terminals_finishing_at_once_keep_both_feelings(path: Path) -> None:
    one, two = History.open(path), History.open(path)
    first, second = practise(one, NOW), practise(two, NOW)
    two.set_feeling(second, Feeling.EASY)
    one.set_feeling(first, Feeling.HARD)
    practices = one.practices()
    one.close()
    two.close()
    assert {p.id: p.feeling for p in practices} == {first: Feeling.HARD, second: Feeling.EASY}
