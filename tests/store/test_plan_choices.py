"""choices.json: each plan's start-screen choices and the last plan, apart from the settings."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from app.core.options import PracticeOptions
from app.core.plan_choices import PlanChoices
from app.store.plan_choices import load_plan_choices, save_plan_choices, text_of
from app.ui.launch import Remembered

BASE = PracticeOptions(plan_id="quick", rest_seconds=15)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "choices.json"


def test_no_file_is_no_plans_choices(path: Path) -> None:
    loaded = load_plan_choices(path, BASE)
    assert loaded.choices == PlanChoices(base=BASE)
    assert loaded.notice is None
    assert loaded.choices.opening == BASE


def test_only_what_changed_is_written_and_read_back(path: Path) -> None:
    loaded = load_plan_choices(path, BASE)
    chosen = PlanChoices(base=BASE).keep(
        PracticeOptions(plan_id="strength", hold_seconds=20.0, rest_seconds=None, voice="cues")
    )
    save_plan_choices(loaded, chosen)
    assert '"hold": 20,' in path.read_text()  # as a person writes it
    assert json.loads(path.read_text()) == {
        "last": "strength",
        "plans": {"strength": {"hold": 20, "breaths": None, "rest": None, "voice": "cues"}},
    }
    again = load_plan_choices(path, BASE)
    assert again.notice is None
    assert again.choices.opening == PracticeOptions(
        plan_id="strength", hold_seconds=20, rest_seconds=None, voice="cues"
    )
    assert again.choices.for_plan("flow") == PracticeOptions(plan_id="flow", rest_seconds=15)


def test_a_symlinked_file_is_written_through_and_keeps_its_mode(path: Path, tmp_path: Path) -> None:
    target = tmp_path / "dotfiles" / "choices.json"
    target.parent.mkdir()
    target.write_text('{"last": "quick", "plans": {}}\n')
    target.chmod(0o600)
    path.parent.mkdir()
    path.symlink_to(target)
    loaded = load_plan_choices(path, BASE)
    save_plan_choices(loaded, loaded.choices.keep(replace(BASE, plan_id="flow", sets=2)))
    assert path.is_symlink()
    assert json.loads(target.read_text())["plans"] == {"flow": {"sets": 2}}
    assert target.stat().st_mode & 0o777 == 0o600


def test_a_broken_file_is_said_and_replaced_at_the_next_start(path: Path) -> None:
    path.parent.mkdir()
    path.write_text("{not json")
    loaded = load_plan_choices(path, BASE)
    assert loaded.choices == PlanChoices(base=BASE)
    assert loaded.notice is not None
    assert loaded.notice.startswith("Start-screen choices left out: ")
    assert "not JSON" in loaded.notice
    save_plan_choices(loaded, loaded.choices.keep(replace(BASE, plan_id="flow")))
    assert json.loads(path.read_text()) == {"last": "flow", "plans": {}}


def test_a_value_backside_does_not_take_leaves_out_that_plan_only(path: Path) -> None:
    path.parent.mkdir()
    plans = {"strength": {"hold": 2}, "flow": {"sets": 2}, "full": {"speed": 3}}
    path.write_text(json.dumps({"last": "flow", "plans": plans}))
    loaded = load_plan_choices(path, BASE)
    assert dict(loaded.choices.plans) == {"flow": {"sets": 2}}
    assert len(loaded.problems) == 2
    assert "strength" in loaded.problems[0]
    assert "full: 'speed' is not an option of the start screen" in loaded.problems[1]
    assert loaded.notice is not None
    assert "(and 1 more)" in loaded.notice


def test_unchanged_choices_write_nothing(path: Path) -> None:
    loaded = load_plan_choices(path, BASE)
    kept = save_plan_choices(loaded, loaded.choices)
    assert not path.exists()
    assert kept.choices == loaded.choices


def test_a_read_only_file_is_said_once_and_left_alone(path: Path) -> None:
    path.parent.mkdir()
    text = text_of(PlanChoices(base=BASE, last="quick"))
    path.write_text(text)
    path.chmod(0o444)
    remember = Remembered(load_plan_choices(path, BASE))
    notice = remember(PlanChoices(base=BASE).keep(PracticeOptions(plan_id="flow", sets=3)))
    assert notice is not None
    assert notice.startswith("Choices not saved: ")
    assert "read-only" in notice
    assert "\n" not in notice
    assert path.read_text() == text
