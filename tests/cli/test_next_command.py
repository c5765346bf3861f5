"""`backside next`: the proposal from the history file, in words and in JSON; the rules."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.core import coach
from app.core.practice_log import Feeling, LoggedPractice, PracticeStart
from app.core.timeline import build_timeline
from app.store.history import History
from app.store.library_file import load_library
from app.store.plans import load_builtin_plan
from tests.cli.running import run
from tests.core.test_coach import logged

NOW = datetime.now(UTC).replace(microsecond=0)


def keep(history: History, practice: LoggedPractice) -> None:
    start = PracticeStart(
        **{name: getattr(practice, name) for name in PracticeStart.__dataclass_fields__}
    )
    row = history.start_practice(start)
    for step in practice.steps:
        history.add_step(row, step, active_seconds=practice.active_seconds)
    history.finish_practice(
        row, outcome=practice.outcome, active_seconds=practice.active_seconds, ended_at=NOW
    )
    history.set_feeling(row, practice.feeling, practice.pain_pose)


def practised(plan_id: str, days_ago: float, feeling: Feeling | None = None) -> LoggedPractice:
    library = load_library(None)
    timeline = build_timeline(load_builtin_plan(plan_id, library), library)
    return logged(timeline, NOW - timedelta(days=days_ago), 1, feeling=feeling)


@pytest.fixture
def history() -> History:
    return History.open(Path(os.environ["BACKSIDE_DATA_DIR"]) / "history.sqlite3")


def test_no_history_is_the_plan_as_written(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "next", "strength", "--json")
    assert status == 0
    proposal = json.loads(out)
    assert proposal["plan"] == "strength"
    assert proposal["as_written"] is True
    assert "the first time" in proposal["reason"]
    assert proposal["sets"] == 2


def test_two_that_felt_right_step_up(capsys: pytest.CaptureFixture[str], history: History) -> None:
    keep(history, practised("strength", 4, Feeling.RIGHT))
    keep(history, practised("strength", 1, Feeling.RIGHT))
    history.close()
    status, out, _ = run(capsys, "next", "strength", "--json")
    assert status == 0
    proposal = json.loads(out)
    assert proposal["step"] == "up"
    assert proposal["reason"] == (
        "Strength: 2 sets of 50 s holds, 5 s more than last time: the last two felt right"
    )
    assert {pose["pose"]: pose["hold"] for pose in proposal["poses"]}["locust"] == {"seconds": 50}
    assert proposal["seconds"] > 0
    status, text, _ = run(capsys, "next", "strength")
    assert text.splitlines()[0] == proposal["reason"]


def test_hard_shows_in_the_next_proposal(
    capsys: pytest.CaptureFixture[str], history: History
) -> None:
    keep(history, practised("strength", 4))
    keep(history, practised("strength", 1, Feeling.HARD))
    history.close()
    _, out, _ = run(capsys, "next", "strength", "--json")
    proposal = json.loads(out)
    assert proposal["step"] == "back"
    assert "felt hard" in proposal["reason"]


def test_flow_has_no_progression(capsys: pytest.CaptureFixture[str], history: History) -> None:
    keep(history, practised("flow", 1))
    history.close()
    _, out, _ = run(capsys, "next", "flow", "--json")
    assert json.loads(out)["as_written"] is True
    _, out, _ = run(capsys, "next", "strength", "--json")
    assert json.loads(out)["step"] == "first"  # flow is no evidence for strength


def test_explain_says_every_rule(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "next", "--explain")
    assert status == 0
    assert out.splitlines() == [f"- {line}" for line in coach.explain()]


def test_an_unknown_plan_is_one_line_and_status_2(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "next", "nope")
    assert status == 2
    assert len(err.strip().splitlines()) == 1


def test_the_readme_explains_the_rules() -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    for line in coach.explain():
        assert line in " ".join(readme.split()), line
