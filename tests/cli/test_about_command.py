"""`backside about` and `backside poses ID`: the guidance and every caution, in words."""

from __future__ import annotations

import json

import pytest

from app.cli.main import main
from app.core.guidance import guidance_sections
from app.store.library_file import load_library


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    assert err == ""
    return status, out


def test_about_says_why_when_how_and_after_a_run(capsys: pytest.CaptureFixture[str]) -> None:
    status, out = run_cli(capsys, "about")
    assert status == 0
    for heading in ("Why", "When to practise", "How to practise", "Straight after a run"):
        assert heading in out
    assert "warmed up" in out
    assert "before cooling down" in out
    assert "Jog or walk easily" in out
    assert "sun salutations" in out
    assert "Stretch afterwards" in out
    assert "towel" in out
    assert "30 lifts a side" in out
    assert max(len(line) for line in out.splitlines()) < 80


def test_about_json_carries_the_guidance(capsys: pytest.CaptureFixture[str]) -> None:
    status, out = run_cli(capsys, "about", "--json")
    assert status == 0
    document = json.loads(out)
    library = load_library(None)
    assert [s["key"] for s in document["sections"]] == ["why", "when", "how", "after_run"]
    assert document["when"] == list(library.guidance.when)
    assert document["after_run"] == list(library.guidance.after_run)
    assert document["warm_up"] == "sun-salutation"
    assert document["lift_goal_per_side"] == 30


def test_guidance_sections_come_from_the_library() -> None:
    library = load_library(None)
    sections = {s.key: s for s in guidance_sections(library)}
    assert sections["why"].points == library.guidance.why
    assert sections["after_run"].points == library.guidance.after_run
    assert any("5 to 8 breaths" in point for point in sections["how"].points)


def test_poses_id_shows_every_caution_note_side_and_fallback(
    capsys: pytest.CaptureFixture[str],
) -> None:
    library = load_library(None)
    status, out = run_cli(capsys, "poses", "bow")
    assert status == 0
    flat = " ".join(out.split())
    for caution in library.pose("bow").cautions:
        assert " ".join(caution.split()) in flat
    for version in library.pose("bow").versions:
        for note in version.notes:
            assert note in flat
    assert "do No hands (no-hands) instead" in flat
    status, out = run_cli(capsys, "poses", "reverse-tabletop")
    assert "right leg first" in out
    assert "Raise the right leg toward the ceiling" in out
    status, out = run_cli(capsys, "poses", "locust")
    assert "Or hold each side for a round of breaths" in out
    assert "Raise the left arm and the right leg" in out
