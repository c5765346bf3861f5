"""The practice history file: SQLite through the standard library, in the user's data folder.

One row per practice, written when it starts, and one row per piece of work,
written as that step ends, each in its own transaction: whatever stops backside
(a key, a signal, `kill -9`, a power cut), every step that had ended is on disk.
A practice whose end was never written reads as "partial".

The file uses a write-ahead log (readers never block the writer, two practices
at once both get written), a busy timeout, and foreign keys. Its schema version
is `PRAGMA user_version`; `MIGRATIONS` bring an older file up to date, in order.
A file that is not a database, is damaged (a table missing), or was written by
a newer backside is a `HistoryFileError`: the practice moves it aside
(`move_aside`) and starts a fresh one; the read-only commands report it. A row
that cannot be read (a date that is not a date, a number that is not a number)
is skipped, and named through `practices(on_bad_row=...)`; it never stops the
rest of the file being read or written.

The read-only commands open with `reading=True`: they change nothing in the
file's settings and wait only `READ_BUSY_TIMEOUT_MS` for a file another program
has locked (in WAL mode readers are never blocked; a file another program put
back in rollback mode, or holds in exclusive mode, can block them).
"""

from __future__ import annotations

import json
import math
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from app.core.errors import DataError
from app.core.practice_log import Feeling, LoggedPractice, LoggedStep, Outcome, PracticeStart

#: How long a writer waits for another backside that is writing the same file.
BUSY_TIMEOUT_MS = 5000
#: How long `backside history` and `stats` wait for a file another program has locked.
READ_BUSY_TIMEOUT_MS = 250

#: Each entry brings the file from version n to n + 1; never edit one once released.
MIGRATIONS: tuple[str, ...] = (
    # 1: practices and their steps.
    """
    CREATE TABLE practice (
        id INTEGER PRIMARY KEY,
        started_at TEXT NOT NULL,
        ended_at TEXT,
        routine_id TEXT NOT NULL,
        routine_name TEXT NOT NULL,
        options TEXT NOT NULL DEFAULT '{}',
        planned_seconds REAL NOT NULL DEFAULT 0,
        set_count INTEGER,
        library_version TEXT NOT NULL DEFAULT '',
        app_version TEXT NOT NULL DEFAULT '',
        outcome TEXT CHECK (outcome IN ('complete', 'stopped')),
        active_seconds REAL NOT NULL DEFAULT 0
    );
    CREATE TABLE step (
        id INTEGER PRIMARY KEY,
        practice_id INTEGER NOT NULL REFERENCES practice (id) ON DELETE CASCADE,
        step_index INTEGER NOT NULL,
        ended_at TEXT NOT NULL,
        section TEXT NOT NULL,
        title TEXT NOT NULL,
        subtitle TEXT NOT NULL DEFAULT '',
        pose_id TEXT,
        version_id TEXT,
        item_id TEXT,
        side TEXT,
        set_number INTEGER,
        set_count INTEGER,
        measure TEXT NOT NULL,
        target INTEGER NOT NULL DEFAULT 0,
        planned_seconds REAL NOT NULL DEFAULT 0,
        ending TEXT NOT NULL,
        active_seconds REAL NOT NULL,
        breaths INTEGER,
        lifts_left INTEGER,
        lifts_right INTEGER,
        pauses INTEGER NOT NULL DEFAULT 0
    );
    """,
    # 2: indexes for the commands' queries (by date, by practice, by pose).
    """
    CREATE INDEX practice_started ON practice (started_at);
    CREATE INDEX step_practice ON step (practice_id);
    CREATE INDEX step_pose ON step (pose_id, version_id);
    """,
    # 3: how a practice felt (asked once on the summary; may never be answered). No CHECK:
    # a word this version does not know reads as no answer, never as a damaged file.
    """
    ALTER TABLE practice ADD COLUMN feeling TEXT;
    ALTER TABLE practice ADD COLUMN pain_pose TEXT;
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)

#: SQLite's result codes for a file that is not (or no longer) a database.
_SQLITE_CORRUPT = 11
_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6
_SQLITE_NOTADB = 26


class HistoryFileError(DataError):
    """The history file cannot be used as it is (not a database, damaged, too new)."""


class HistoryUnavailable(DataError):
    """The history cannot be written at all: no data folder, read-only, disk full."""


class HistoryBusy(HistoryUnavailable):
    """Another program holds the file's lock (longer than we wait)."""


class BadRow(ValueError):
    """A row whose values backside cannot have written: skipped, and named."""


#: The columns each table must have: a file without them is damaged, not merely old.
_COLUMNS = {
    "practice": {
        "id", "started_at", "ended_at", "routine_id", "routine_name", "options",
        "planned_seconds", "set_count", "library_version", "app_version", "outcome",
        "active_seconds", "feeling", "pain_pose",
    },
    "step": {
        "id", "practice_id", "step_index", "ended_at", "section", "title", "subtitle",
        "pose_id", "version_id", "item_id", "side", "set_number", "set_count", "measure",
        "target", "planned_seconds", "ending", "active_seconds", "breaths", "lifts_left",
        "lifts_right", "pauses",
    },
}  # fmt: skip


def _timestamp(moment: datetime) -> str:
    """Stored in UTC, so that text order is time order; shown in local time."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


#: The years a stored time may fall in: any moment backside could have written,
#: with room for the date arithmetic of `stats` on either side.
_YEARS = range(1900, 9000)
#: The most seconds a stored duration may have (about thirty years).
_MOST_SECONDS = 1e9


def _moment(value: object, name: str) -> datetime:
    """A stored time, in UTC (a time stored without its offset is taken as UTC)."""
    try:
        if not isinstance(value, str):
            raise TypeError
        moment = datetime.fromisoformat(value)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        moment = moment.astimezone(UTC)
        if moment.year not in _YEARS:
            raise ValueError
        moment.astimezone()  # shown in local time: it must have one
    except (TypeError, ValueError, OverflowError):
        raise BadRow(f"{name} {_shown(value)} is not a time") from None
    return moment


def _seconds(value: object, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise BadRow(f"{name} {_shown(value)} is not a number")
    seconds = float(value)
    if not math.isfinite(seconds) or not 0 <= seconds <= _MOST_SECONDS:
        raise BadRow(f"{name} {_shown(value)} is not a number of seconds")
    return seconds


_T = TypeVar("_T")


def _typed(value: object, kind: type[_T], name: str, *, optional: bool = False) -> _T:
    if value is None and optional:
        return value  # type: ignore[return-value]
    if not isinstance(value, kind) or isinstance(value, bool):
        raise BadRow(f"{name} {_shown(value)} is not {'text' if kind is str else 'a whole number'}")
    return value


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def is_damaged(error: sqlite3.DatabaseError) -> bool:
    """True when SQLite says the file is not a database or is corrupt (not merely busy)."""
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (_SQLITE_CORRUPT, _SQLITE_NOTADB)
    return not isinstance(error, sqlite3.OperationalError)


def is_busy(error: sqlite3.Error) -> bool:
    """True when another connection holds the lock (SQLITE_BUSY or SQLITE_LOCKED)."""
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (_SQLITE_BUSY, _SQLITE_LOCKED)
    return "locked" in str(error)


def describe(error: BaseException) -> str:
    """A short reason for the status line: 'disk full', 'read-only', the OS's words."""
    if isinstance(error, sqlite3.Error):
        text = str(error)
        if "full" in text:
            return "the disk is full"
        if "readonly" in text or "read-only" in text:
            return "the data folder is read-only"
        if is_busy(error):
            return "another program is holding the file"
        return text
    if isinstance(error, PermissionError):
        return "the data folder is read-only"
    if isinstance(error, OSError):
        return error.strerror or str(error)
    return str(error)


class History:
    """An open history file. Use it from one thread only (the connection is that thread's)."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._db = connection
        self.path = path

    # -- opening ------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path, *, create: bool = True, reading: bool = False) -> History:
        """Open (and create, or bring up to date) the history at `path`.

        `reading` is for the commands that only read: the file must exist, its
        settings are left as they are, and a lock held by another program is
        waited for only briefly. Raises `HistoryFileError` for a file that
        cannot be used as it is, `HistoryBusy` when another program holds it,
        and `HistoryUnavailable` when no file can be written there.
        """
        create = create and not reading
        busy_ms = READ_BUSY_TIMEOUT_MS if reading else BUSY_TIMEOUT_MS
        if create:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.touch(exist_ok=True)  # says "read-only" where SQLite says "unable to open"
            except OSError as error:
                raise HistoryUnavailable(f"{path.parent}: {describe(error)}") from None
        elif not path.exists():
            raise FileNotFoundError(path)
        try:
            connection = sqlite3.connect(
                path, timeout=busy_ms / 1000, isolation_level=None, check_same_thread=False
            )
        except sqlite3.Error as error:
            raise HistoryUnavailable(f"{path}: {describe(error)}") from None
        history = cls(connection, path)
        try:
            history._prepare(busy_ms, reading=reading)
        except sqlite3.DatabaseError as error:
            connection.close()
            if is_damaged(error):
                raise HistoryFileError(f"{path} is not a readable history ({error})") from None
            if is_busy(error):
                raise HistoryBusy(f"{path}: {describe(error)}") from None
            raise HistoryUnavailable(f"{path}: {describe(error)}") from None
        except HistoryFileError:
            connection.close()
            raise
        return history

    def _prepare(self, busy_ms: int, *, reading: bool) -> None:
        db = self._db
        db.execute(f"PRAGMA busy_timeout = {busy_ms}")
        db.execute("PRAGMA foreign_keys = ON")
        if not reading:
            db.execute("PRAGMA journal_mode = WAL")
            # In WAL mode FULL syncs the log at every commit: a step is on disk before
            # the next one starts, even through a power cut.
            db.execute("PRAGMA synchronous = FULL")
        check = db.execute("PRAGMA quick_check").fetchone()
        if check is None or check[0] != "ok":
            raise HistoryFileError(f"{self.path} is damaged ({check[0] if check else 'empty'})")
        if reading and schema_version(db) == 0 and not _tables(db):
            return  # an empty file (made, never written): nothing to read, nothing to change
        migrate(db, self.path)
        tables = _tables(db)
        for table, columns in _COLUMNS.items():
            missing = columns - tables.get(table, set())
            if missing:
                what = (
                    f"no {table} table" if table not in tables else f"{table} lacks {min(missing)}"
                )
                raise HistoryFileError(f"{self.path} is damaged ({what})")

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        # IMMEDIATE takes the write lock at once, so a second writer waits for
        # the busy timeout instead of failing with "database is locked".
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            _roll_back(self._db)
            raise
        self._db.execute("COMMIT")

    # -- writing ------------------------------------------------------------------

    def start_practice(self, start: PracticeStart) -> int:
        with self._transaction() as db:
            cursor = db.execute(
                "INSERT INTO practice (started_at, routine_id, routine_name, options,"
                " planned_seconds, set_count, library_version, app_version)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    _timestamp(start.started_at),
                    start.routine_id,
                    start.routine_name,
                    json.dumps(start.options, sort_keys=True),
                    start.planned_seconds,
                    start.set_count,
                    start.library_version,
                    start.app_version,
                ),
            )
            practice_id = cursor.lastrowid
        assert practice_id is not None
        return practice_id

    def add_step(self, practice_id: int, step: LoggedStep, *, active_seconds: float) -> None:
        """One step as it ended, and the practice's active time so far, in one transaction."""
        with self._transaction() as db:
            db.execute(
                "INSERT INTO step (practice_id, step_index, ended_at, section, title, subtitle,"
                " pose_id, version_id, item_id, side, set_number, set_count, measure, target,"
                " planned_seconds, ending, active_seconds, breaths, lifts_left, lifts_right,"
                " pauses) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    practice_id,
                    step.index,
                    _timestamp(step.ended_at),
                    step.section,
                    step.title,
                    step.subtitle,
                    step.pose_id,
                    step.version_id,
                    step.item_id,
                    step.side,
                    step.set_number,
                    step.set_count,
                    step.measure,
                    step.target,
                    step.planned_seconds,
                    step.ending,
                    step.active_seconds,
                    step.breaths,
                    step.lifts_left,
                    step.lifts_right,
                    step.pauses,
                ),
            )
            db.execute(
                "UPDATE practice SET active_seconds = ? WHERE id = ?",
                (round(active_seconds, 3), practice_id),
            )

    def finish_practice(
        self, practice_id: int, *, outcome: Outcome, active_seconds: float, ended_at: datetime
    ) -> None:
        if outcome is Outcome.PARTIAL:
            raise ValueError("a practice that reports its end is complete or stopped early")
        with self._transaction() as db:
            db.execute(
                "UPDATE practice SET outcome = ?, active_seconds = ?, ended_at = ? WHERE id = ?",
                (
                    "complete" if outcome is Outcome.COMPLETE else "stopped",
                    round(active_seconds, 3),
                    _timestamp(ended_at),
                    practice_id,
                ),
            )

    def set_feeling(
        self, practice_id: int, feeling: Feeling | None, pain_pose: str | None = None
    ) -> None:
        """How the practice felt (None: the answer taken back); the pose that hurt, with pain."""
        with self._transaction() as db:
            db.execute(
                "UPDATE practice SET feeling = ?, pain_pose = ? WHERE id = ?",
                (
                    None if feeling is None else feeling.value,
                    pain_pose if feeling is Feeling.PAIN else None,
                    practice_id,
                ),
            )

    # -- reading ------------------------------------------------------------------

    def practices(
        self,
        *,
        since: datetime | None = None,
        on_bad_row: Callable[[str], None] | None = None,
    ) -> list[LoggedPractice]:
        """Every practice (from `since` on), oldest first, each with its steps in order.

        A row that cannot be read is left out (a practice with its steps), and
        `on_bad_row` is told which and why: "practice 3: started_at 'x' is not a time".
        """
        if not _tables(self._db):
            return []  # an empty file that was never written
        where = ""
        parameters: tuple[str, ...] = ()
        if since is not None:
            where, parameters = " WHERE started_at >= ?", (_timestamp(since),)
        rows = self._db.execute(
            "SELECT id, started_at, routine_id, routine_name, options, planned_seconds,"
            " set_count, library_version, app_version, outcome, active_seconds, ended_at,"
            f" feeling, pain_pose FROM practice{where} ORDER BY started_at, id",
            parameters,
        ).fetchall()

        def bad(what: str, error: BadRow) -> None:
            if on_bad_row is not None:
                on_bad_row(f"{what}: {error}")

        steps: dict[int, list[LoggedStep]] = {row[0]: [] for row in rows}
        if rows:
            for step_row in self._db.execute(
                "SELECT practice_id, step_index, ended_at, section, title, subtitle, pose_id,"
                " version_id, item_id, side, set_number, set_count, measure, target,"
                " planned_seconds, ending, active_seconds, breaths, lifts_left, lifts_right,"
                " pauses, id FROM step WHERE practice_id IN"
                f" (SELECT id FROM practice{where}) ORDER BY id",
                parameters,
            ):
                bucket = steps.get(step_row[0])
                if bucket is not None:
                    try:
                        bucket.append(_step(step_row[1:-1]))
                    except BadRow as error:
                        bad(f"step {step_row[-1]} of practice {step_row[0]}", error)
        found = []
        for row in rows:
            try:
                found.append(_practice(row, steps[row[0]]))
            except BadRow as error:
                bad(f"practice {row[0]}", error)
        found.sort(key=lambda practice: (practice.started_at, practice.id))
        return found


def _tables(db: sqlite3.Connection) -> dict[str, set[str]]:
    """The tables backside uses that the file has, with their columns."""
    found: dict[str, set[str]] = {}
    for table in _COLUMNS:
        columns = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
        if columns:
            found[table] = columns
    return found


def _step(row: tuple[Any, ...]) -> LoggedStep:
    """A step row (the columns in the order of LoggedStep's fields); `BadRow` if unreadable."""
    if len(row) != 20:
        raise BadRow("not a step")
    return LoggedStep(
        index=_typed(row[0], int, "step_index"),
        ended_at=_moment(row[1], "ended_at"),
        section=_typed(row[2], str, "section"),
        title=_typed(row[3], str, "title"),
        subtitle=_typed(row[4], str, "subtitle"),
        pose_id=_typed(row[5], str, "pose_id", optional=True),
        version_id=_typed(row[6], str, "version_id", optional=True),
        item_id=_typed(row[7], str, "item_id", optional=True),
        side=_typed(row[8], str, "side", optional=True),
        set_number=_typed(row[9], int, "set_number", optional=True),
        set_count=_typed(row[10], int, "set_count", optional=True),
        measure=_typed(row[11], str, "measure"),
        target=_typed(row[12], int, "target"),
        planned_seconds=_seconds(row[13], "planned_seconds"),
        ending=_typed(row[14], str, "ending"),
        active_seconds=_seconds(row[15], "active_seconds"),
        breaths=_typed(row[16], int, "breaths", optional=True),
        lifts_left=_typed(row[17], int, "lifts_left", optional=True),
        lifts_right=_typed(row[18], int, "lifts_right", optional=True),
        pauses=_typed(row[19], int, "pauses"),
    )


_OUTCOMES = {"complete": Outcome.COMPLETE, "stopped": Outcome.STOPPED}
_FEELINGS = {feeling.value: feeling for feeling in Feeling}


def _practice(row: tuple[Any, ...], steps: Iterable[LoggedStep]) -> LoggedPractice:
    """A practice row with its steps; `BadRow` if it cannot be read."""
    practice_id, started_at, routine_id, name, options, planned, set_count, *rest = row
    library_version, app_version, outcome, active, ended_at, feeling, pain_pose = rest
    try:
        parsed = json.loads(options) if isinstance(options, str) else {}
    except (ValueError, RecursionError):
        parsed = {}
    return LoggedPractice(
        id=practice_id,
        started_at=_moment(started_at, "started_at"),
        routine_id=_typed(routine_id, str, "routine_id"),
        routine_name=_typed(name, str, "routine_name"),
        options=parsed if isinstance(parsed, dict) else {},
        planned_seconds=_seconds(planned, "planned_seconds"),
        set_count=_typed(set_count, int, "set_count", optional=True),
        library_version=_typed(library_version, str, "library_version"),
        app_version=_typed(app_version, str, "app_version"),
        outcome=_OUTCOMES.get(outcome, Outcome.PARTIAL)
        if isinstance(outcome, str)
        else (Outcome.PARTIAL),
        active_seconds=_seconds(active, "active_seconds"),
        steps=tuple(steps),
        ended_at=None if ended_at is None else _moment(ended_at, "ended_at"),
        feeling=_FEELINGS.get(feeling) if isinstance(feeling, str) else None,
        pain_pose=pain_pose if isinstance(pain_pose, str) and feeling == "pain" else None,
    )


def schema_version(db: sqlite3.Connection) -> int:
    row = db.execute("PRAGMA user_version").fetchone()
    return int(row[0]) if row else 0


def migrate(db: sqlite3.Connection, path: Path, *, to: int = SCHEMA_VERSION) -> None:
    """Bring the file up to version `to`, one migration per transaction."""
    version = schema_version(db)
    if version > SCHEMA_VERSION:
        raise HistoryFileError(
            f"{path} was written by a newer backside (history version {version};"
            f" this one knows up to {SCHEMA_VERSION})"
        )
    for number in range(version, to):
        db.execute("BEGIN IMMEDIATE")
        try:
            # Re-read under the write lock: another backside may have just migrated it.
            if schema_version(db) > number:
                db.execute("ROLLBACK")
                continue
            for statement in _statements(MIGRATIONS[number]):
                db.execute(statement)
            db.execute(f"PRAGMA user_version = {number + 1}")
        except BaseException:
            _roll_back(db)
            raise
        db.execute("COMMIT")


def _roll_back(db: sqlite3.Connection) -> None:
    # SQLite has already rolled back after some errors (a full disk): do not hide them.
    if db.in_transaction:
        db.execute("ROLLBACK")


def _statements(script: str) -> list[str]:
    # executescript() would commit the open transaction; run one statement at a time.
    return [part.strip() for part in script.split(";") if part.strip()]


def move_aside(path: Path, now: datetime) -> Path:
    """Rename an unusable history (and its log files) to a dated name beside it."""
    stamp = now.strftime("%Y-%m-%d-%H%M%S")
    target = path.with_name(f"{path.stem}.unreadable-{stamp}{path.suffix}")
    number = 1
    while target.exists():
        number += 1
        target = path.with_name(f"{path.stem}.unreadable-{stamp}-{number}{path.suffix}")
    path.rename(target)
    for extra in ("-wal", "-shm"):
        companion = path.with_name(path.name + extra)
        if companion.exists():
            companion.rename(target.with_name(target.name + extra))
    return target
