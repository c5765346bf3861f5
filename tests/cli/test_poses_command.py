"""`backside poses`: the table, one pose whole, and the JSON forms."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.store.library_file import load_library
from tests.cli.running import run


def test_table_lists_every_pose_and_version_within_80_columns(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, err = run(capsys, "poses")
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 80
    for pose in load_library(None).poses:
        assert any(line.startswith(pose.id) for line in lines)
        for version in pose.versions:
            assert any(line.strip().startswith(version.id) for line in lines)
    assert "4 poses, 11 versions" in out


def test_one_pose_whole(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "poses", "bow")
    assert (status, err) == (0, "")
    bow = load_library(None).pose("bow")
    assert max(len(line) for line in out.splitlines()) <= 80
    for text in (*bow.other_names, *bow.cues, *bow.cautions[:1]):
        assert text in out
    for muscle in bow.benefits:
        assert muscle.value in out
    for version in bow.versions:
        assert version.name in out
        for cue in version.cues:
            assert cue in out
        for row in version.figure:
            assert row.rstrip() in out


def test_unknown_pose_lists_the_known_ones(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "poses", "cobra")
    assert status == 2
    assert out == ""
    assert err.startswith("backside: no pose 'cobra'")
    for pose_id in ("locust", "bow", "reverse-tabletop", "reverse-plank"):
        assert pose_id in err


def _check_pose_json(pose: dict[str, object]) -> None:
    assert isinstance(pose["id"], str)
    assert isinstance(pose["name"], str)
    versions = pose["versions"]
    assert isinstance(versions, list)
    assert versions
    for version in versions:
        assert {"id", "name", "sides", "cues"} <= version.keys()
        assert version["sides"] in {"none", "switch", "alternate"}
        assert version["cues"]


def test_json_lists_every_pose(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "poses", "--json")
    assert status == 0
    poses = json.loads(out)
    assert [pose["id"] for pose in poses] == ["locust", "bow", "reverse-tabletop", "reverse-plank"]
    for pose in poses:
        _check_pose_json(pose)
    assert sum(len(pose["versions"]) for pose in poses) == 11


def test_json_of_one_pose_is_a_list_of_one(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "poses", "locust", "--json")
    assert status == 0
    (pose,) = json.loads(out)
    _check_pose_json(pose)
    opposite = next(v for v in pose["versions"] if v["id"] == "opposite-lifts")
    assert opposite["sides"] == "alternate"


def test_other_library(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    raw = json.loads((Path(__file__).parents[2] / "data" / "poses.json").read_text())
    raw["poses"] = raw["poses"][:1]
    path = tmp_path / "mine.json"
    path.write_text(json.dumps(raw))
    status, out, _ = run(capsys, "--poses", str(path), "poses", "--json")
    assert status == 0
    assert [pose["id"] for pose in json.loads(out)] == ["locust"]
