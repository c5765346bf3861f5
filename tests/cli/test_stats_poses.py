"""`backside stats` pose by pose: bests and twelve weeks of marks, in text and JSON; odd files."""

from __future__ import annotations

import json
import os
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.cli.commands import stats
from app.cli.commands.stats import render
from app.core.practice_log import LoggedPractice, PracticeStart
from app.store.history import History, migrate
from tests.cli.running import run
from tests.pose_samples import ORDER, bow, practice, twelve_weeks

#: A Wednesday at noon: the fake "now" of the text checks.
NOW = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)


def history_file() -> Path:
    return Path(os.environ["BACKSIDE_DATA_DIR"]) / "history.sqlite3"


def write(practices: tuple[LoggedPractice, ...]) -> None:
    history = History.open(history_file())
    try:
        for done in practices:
            number = history.start_practice(
                PracticeStart(
                    started_at=done.started_at,
                    routine_id=done.routine_id,
                    routine_name=done.routine_name,
                    options=done.options,
                    planned_seconds=done.planned_seconds,
                    set_count=done.set_count,
                    library_version=done.library_version,
                    app_version=done.app_version,
                )
            )
            for step in done.steps:
                history.add_step(number, step, active_seconds=step.active_seconds)
            history.finish_practice(
                number,
                outcome=done.outcome,
                active_seconds=done.active_seconds,
                ended_at=done.started_at,
            )
    finally:
        history.close()


def test_twelve_weeks_as_text() -> None:
    text = render(list(twelve_weeks(NOW)), NOW, ORDER)
    section = text[text.index("Each pose") :].splitlines()
    assert section[1:] == [
        "  Locust",
        "    lifts a side    25 · 25  ▂▃▃▄▄▅·▅▆▇▇█  (the weaker side)",
        "    most sets        1",
        "    hardest        Opposite arm and leg lifts (4 of 4)",
        "  Bow",
        "    longest hold    30 s     ██████·█████",
        "    most sets        3",
        "    hardest        Full bow (2 of 2)",
        "  Reverse Plank",
        "    longest hold    75 s     ▂▃▃▄▄▅·▆▆▇▇█",
        "    most sets        1",
        "    hardest        Classic (1 of 3)",
    ]
    assert max(len(line) for line in text.splitlines()) <= 80


@pytest.fixture
def fake_now(monkeypatch: pytest.MonkeyPatch) -> datetime:
    monkeypatch.setattr(stats, "local_now", lambda: NOW.astimezone())
    return NOW


def test_twelve_weeks_as_json(fake_now: datetime, capsys: pytest.CaptureFixture[str]) -> None:
    write(twelve_weeks(fake_now))
    status, out, _ = run(capsys, "stats", "--json")
    assert status == 0
    poses = {pose["pose_id"]: pose for pose in json.loads(out)["poses"]}
    assert list(poses) == ["locust", "bow", "reverse-plank"]
    bow_ = poses["bow"]
    assert bow_["best"]["most_sets"] == 3
    assert bow_["best"]["hardest_version"] == {
        "version_id": "full-bow",
        "name": "Full bow",
        "place": "2 of 2",
    }
    assert len(bow_["weeks"]) == 12
    assert bow_["weeks"][6]["best"] is None  # the week away
    assert bow_["weeks"][4]["best"]["hardest_version"]["version_id"] == "no-hands"
    plank = [
        w["best"]["longest_hold_seconds"] for w in poses["reverse-plank"]["weeks"] if w["best"]
    ]
    assert plank == sorted(plank)
    assert plank[-1] == 75
    lifts = poses["locust"]["best"]["lifts_per_side"]
    assert lifts == {"left": 25, "right": 25}
    text = run(capsys, "stats")[1]
    assert "    hardest        Full bow (2 of 2)" in text


def test_no_history(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "stats", "--json")
    assert status == 0
    assert json.loads(out)["poses"] == []


def test_gaps_of_months_and_a_practice_in_the_future(
    fake_now: datetime, capsys: pytest.CaptureFixture[str]
) -> None:
    now = fake_now
    old = now - timedelta(weeks=40)
    ahead = now + timedelta(days=300)
    write(
        (
            practice(1, old, (bow(old, "full-bow", 40, 1, 1),)),
            practice(2, ahead, (bow(ahead, "no-hands", 50, 1, 1),)),
        )
    )
    status, out, err = run(capsys, "stats", "--json")
    assert status == 0
    assert err == ""
    (bow_,) = json.loads(out)["poses"]
    assert [week["best"] for week in bow_["weeks"]] == [None] * 12
    assert bow_["best"]["longest_hold_seconds"] == 50
    text = run(capsys, "stats")[1]
    assert "    longest hold    50 s     ············" in text


def test_a_history_written_by_the_first_version(capsys: pytest.CaptureFixture[str]) -> None:
    """A version-1 file, from before the library named this version: read, brought up to
    date, and its unknown version shown without a place."""
    path = history_file()
    path.parent.mkdir(parents=True)
    db = sqlite3.connect(path, isolation_level=None)
    migrate(db, path, to=1)
    at = datetime.now(UTC).isoformat()
    db.execute(
        "INSERT INTO practice (id, started_at, routine_id, routine_name, outcome, active_seconds)"
        " VALUES (1, ?, 'strength', 'Strength', 'complete', 300)",
        (at,),
    )
    db.execute(
        "INSERT INTO step (practice_id, step_index, ended_at, section, title, subtitle, pose_id,"
        " version_id, measure, ending, active_seconds)"
        " VALUES (1, 3, ?, 'strength', 'Bow', 'Old bow', 'bow', 'old-bow', 'seconds',"
        " 'completed', 42.5)",
        (at,),
    )
    db.close()
    status, out, err = run(capsys, "stats", "--json")
    assert status == 0, err
    (bow_,) = json.loads(out)["poses"]
    assert bow_["best"]["hardest_version"] == {
        "version_id": "old-bow",
        "name": "Old bow",
        "place": None,
    }
    assert bow_["best"]["longest_hold_seconds"] == 42.5
    assert "    hardest        Old bow\n" in run(capsys, "stats")[1]


def test_a_library_given_with_poses_orders_the_versions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    now = datetime.now(UTC)
    write((practice(1, now, (bow(now, "no-hands", 30, 1, 1), bow(now, "full-bow", 30, 2, 2))),))
    library = tmp_path / "poses.json"
    library.write_text(
        json.dumps({"poses": [{"id": "bow", "versions": [{"id": "full-bow"}, {"id": "no-hands"}]}]})
    )
    out = run(capsys, "--poses", str(library), "stats", "--json")[1]
    assert json.loads(out)["poses"][0]["best"]["hardest_version"]["version_id"] == "no-hands"
    library.write_text("{not json")
    status, _, err = run(capsys, "--poses", str(library), "stats")
    assert status == 2
    assert err.count("\n") == 1
    assert "not valid JSON" in err
