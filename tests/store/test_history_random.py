"""Random damage to a history's rows: the read commands never fail, the writer still writes.

Like the random routines and libraries of `tests/core/test_random_input.py`, but
for what another program (or a hand with `sqlite3`) can leave in a history file
that is itself sound: dates that are not dates, numbers that are text, nan,
huge numbers, blobs, NULLs where SQLite lets them in. `backside history`,
`--json`, `--csv` and `stats` exit 0 with at most one line on stderr (naming
what was left out), and a practice run on such a file is written whole.
"""

from __future__ import annotations

import contextlib
import io
import os
import sqlite3
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.cli.main import main
from app.core.practice_log import Outcome
from app.store.history import History
from app.store.history_log import HistoryLog
from tests.store.factory import practise
from tests.store.test_history_log import Run, practices

SETTINGS = settings(
    max_examples=100,
    deadline=None,
    derandomize=True,  # the same cases on every run
    suppress_health_check=[HealthCheck.too_slow],
)

PRACTICE_COLUMNS = [
    "started_at", "ended_at", "routine_id", "routine_name", "options", "planned_seconds",
    "set_count", "library_version", "app_version", "outcome", "active_seconds",
]  # fmt: skip
STEP_COLUMNS = [
    "step_index", "ended_at", "section", "title", "subtitle", "pose_id", "version_id",
    "item_id", "side", "set_number", "set_count", "measure", "target", "planned_seconds",
    "ending", "active_seconds", "breaths", "lifts_left", "lifts_right", "pauses",
]  # fmt: skip

dates = st.one_of(
    st.datetimes(timezones=st.sampled_from([UTC, None])).map(lambda d: d.isoformat()),
    st.sampled_from(
        ["garbage", "2026-13-45", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00",
         "2026-12-01", "", "2026-12-01T07:00:00.000+00:00"]
    ),
)  # fmt: skip
values: st.SearchStrategy[Any] = st.one_of(
    st.none(),
    st.text(max_size=12),
    dates,
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=True, allow_infinity=True),
    st.binary(max_size=8),
    st.sampled_from(["abc", "1e999", "nan", "complete", "stopped", "{}", "[1]", '{"a": 1}']),
)
damages = st.lists(
    st.one_of(
        st.tuples(st.just("practice"), st.sampled_from(PRACTICE_COLUMNS), values),
        st.tuples(st.just("step"), st.sampled_from(STEP_COLUMNS), values),
    ),
    min_size=1,
    max_size=4,
)


@contextlib.contextmanager
def damaged_history(changes: list[tuple[str, str, Any]]) -> Iterator[Path]:
    """A history of three practices, then `changes` made to rows of the first two."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "history.sqlite3"
        history = History.open(path)
        now = datetime.now(UTC)
        for days in (3, 2, 1):
            practise(history, now - timedelta(days=days), lifts=(10, 10))
        for number, (table, column, value) in enumerate(changes):
            with contextlib.suppress(sqlite3.IntegrityError):  # NOT NULL, CHECK: not possible
                history._db.execute(
                    f"UPDATE {table} SET {column} = ? WHERE id = ?", (value, number % 2 + 1)
                )
        history.close()
        yield path


def command(path: Path, *argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    before = os.environ.get("BACKSIDE_DATA_DIR")
    os.environ["BACKSIDE_DATA_DIR"] = str(path.parent)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = main(list(argv))
    finally:
        if before is None:
            del os.environ["BACKSIDE_DATA_DIR"]
        else:
            os.environ["BACKSIDE_DATA_DIR"] = before
    return status, out.getvalue(), err.getvalue()


@SETTINGS
@given(damages)
def test_the_read_commands_never_fail_on_bad_rows(changes: list[tuple[str, str, Any]]) -> None:
    with damaged_history(changes) as path:
        for argv in (["history"], ["history", "--json"], ["history", "--csv"], ["stats"]):
            status, out, err = command(path, *argv)
            assert status == 0, err
            assert out
            assert "Traceback" not in err
            assert len(err.splitlines()) <= 1
            assert err == "" or "left out" in err
        # The third practice was left alone: always there, with both its steps.
        import json

        records = json.loads(command(path, "history", "--json")[1])
        assert records[-1]["practice_id"] == 3
        assert len(records[-1]["steps"]) == 2


@settings(SETTINGS, max_examples=40)
@given(damages)
def test_a_practice_is_written_whole_beside_bad_rows(changes: list[tuple[str, str, Any]]) -> None:
    with damaged_history(changes) as path:
        said: list[str] = []
        log = HistoryLog(path, on_status=said.append)
        run = Run(log)
        run.run(run.timeline.total + 1)
        assert log.flush()
        assert log.close()
        assert said == []
        written = [p for p in practices(path) if p.routine_id == "lifts"]
        assert len(written) == 1
        assert written[0].outcome is Outcome.COMPLETE
        assert len(written[0].steps) == 2
