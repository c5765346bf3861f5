"""The user's folders: environment overrides first, then the platform's folders."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.system.folders import user_folders


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "BACKSIDE_CONFIG_DIR",
        "BACKSIDE_DATA_DIR",
        "BACKSIDE_SOUNDS",
        "BACKSIDE_CACHE_DIR",
        "XDG_CONFIG_HOME",
        "XDG_DATA_HOME",
        "XDG_CACHE_HOME",
    ):
        monkeypatch.delenv(name, raising=False)


def test_the_overrides_win(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("BACKSIDE_CONFIG_DIR", str(tmp_path / "conf"))
    monkeypatch.setenv("BACKSIDE_DATA_DIR", str(tmp_path / "data"))
    folders = user_folders()
    assert folders.config == tmp_path / "conf"
    assert folders.data == tmp_path / "data"
    assert folders.sounds == tmp_path / "conf" / "sounds"
    assert folders.settings_file == tmp_path / "conf" / "settings.toml"
    assert folders.routines == tmp_path / "conf" / "routines"
    assert folders.history_file == tmp_path / "data" / "history.sqlite3"
    monkeypatch.setenv("BACKSIDE_SOUNDS", str(tmp_path / "chimes"))
    assert user_folders().sounds == tmp_path / "chimes"
    monkeypatch.setenv("BACKSIDE_CACHE_DIR", str(tmp_path / "cache"))
    assert user_folders().cache == tmp_path / "cache"


def test_xdg_folders(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xc"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xd"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xk"))
    folders = user_folders()
    assert folders.config == tmp_path / "xc" / "backside"
    assert folders.data == tmp_path / "xd" / "backside"
    assert folders.cache == tmp_path / "xk" / "backside"


def test_home_folders(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    folders = user_folders()
    assert folders.config == tmp_path / ".config" / "backside"
    assert folders.data == tmp_path / ".local" / "share" / "backside"
    assert folders.cache == tmp_path / ".cache" / "backside"
    assert folders.missing == ()


def test_a_relative_override_is_taken_from_here(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BACKSIDE_DATA_DIR", "mine")
    assert user_folders().data == tmp_path / "mine"


def test_no_home_folder_gives_none_never_a_relative_guess(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("HOME", raising=False)
    monkeypatch.setattr("os.path.expanduser", lambda path: path)  # no passwd entry either
    folders = user_folders()
    assert folders.config is None
    assert folders.data is None
    assert folders.sounds is None
    assert folders.history_file is None
    assert folders.missing == ("config", "data")


def test_looking_up_creates_nothing(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    user_folders()
    assert list(tmp_path.iterdir()) == []


def test_a_relative_override_in_a_deleted_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    monkeypatch.setenv("BACKSIDE_DATA_DIR", "relative/data")
    data = user_folders().data  # before: FileNotFoundError from Path.cwd()
    assert data is None or (data.is_absolute() and "relative" not in data.parts)
