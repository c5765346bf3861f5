"""`backside export --fit`: the files, their names and paths, and every bad input in one line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from garmin_fit_sdk import Decoder, Stream

from tests.cli.running import run
from tests.fit_samples import SAMPLES


@pytest.fixture
def history(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = tmp_path / "data"
    monkeypatch.setenv("BACKSIDE_DATA_DIR", str(data))
    monkeypatch.setenv("BACKSIDE_CONFIG_DIR", str(tmp_path / "config"))
    path = data / "history.sqlite3"
    SAMPLES["stopped early"](path)
    SAMPLES["paused"](path)
    return path


def test_the_last_practice(
    history: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    result_status, result_out, result_err = run(capsys, "export", "--last", "--fit", "-o", str(out))
    assert result_status == 0, result_err
    (written,) = [Path(line) for line in result_out.splitlines()]
    assert written.parent == out
    assert written.name.endswith("-strength.fit")
    assert Decoder(Stream.from_file(str(written))).check_integrity()
    # Never written over without --force.
    again_status, again_out, again_err = run(capsys, "export", "--last", "--fit", "-o", str(out))
    assert again_status == 0
    assert again_out == ""
    assert "there already" in again_err
    _forced_status, forced_out, _forced_err = run(
        capsys, "export", "--last", "--fit", "-o", str(out), "--force"
    )
    assert forced_out.strip() == str(written)


def test_by_id_and_all(history: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result_status, result_out, result_err = run(capsys, "export", "1", "--fit", "-o", str(tmp_path))
    assert result_status == 0, result_err
    assert len(result_out.splitlines()) == 1
    both_status, both_out, both_err = run(
        capsys, "export", "--all", "--fit", "-o", str(tmp_path / "x")
    )
    assert both_status == 2
    (tmp_path / "x").mkdir()
    both_status, both_out, both_err = run(
        capsys, "export", "--since", "2026-12-01", "--fit", "-o", str(tmp_path / "x")
    )
    assert both_status == 0, both_err
    assert len(both_out.splitlines()) == 2


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["export", "9", "--fit"], "no practice 9 in the history"),
        (["export", "abc", "--fit"], "is not a practice id"),
        (["export", "--since", "yesterday", "--fit"], "is not a date"),
        (["export", "--last", "--fit", "-o", "missing"], "no such folder"),
        (["export", "--last", "--fit", "-o", "a-file"], "is not a folder"),
        (["export", "--last"], "--fit"),
        (["export", "--fit"], "say which practices"),
    ],
)
def test_bad_input_is_one_line_and_status_2(
    history: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    said: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a-file").write_text("")
    result_status, result_out, result_err = run(capsys, *argv)
    assert result_status == 2
    assert said in result_err
    assert result_out == ""


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes anywhere")
def test_a_folder_that_cannot_be_written(
    history: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "locked"
    folder.mkdir(mode=0o500)
    result_status, _result_out, result_err = run(
        capsys, "export", "--last", "--fit", "-o", str(folder)
    )
    assert result_status == 2
    assert "cannot write there" in result_err
