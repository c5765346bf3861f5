"""settings.toml: read strictly (every problem, with line and column), written atomically."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.errors import DataError
from app.core.options import PracticeOptions
from app.store.settings import (
    DEFAULTS,
    KEY_NAMES,
    THEMES,
    SettingsFile,
    change,
    load_settings,
)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "config" / "settings.toml"


def written(path: Path, text: str | bytes) -> SettingsFile:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return load_settings(path)


def test_no_file_is_the_built_in_defaults(path: Path) -> None:
    loaded = load_settings(path)
    assert loaded.settings == DEFAULTS
    assert not loaded.broken
    assert loaded.notice is None
    assert not path.parent.exists()  # looking never creates the folder
    assert all(loaded.source(name) == "built-in default" for name in KEY_NAMES)


def test_no_config_folder_at_all() -> None:
    loaded = load_settings(None)
    assert loaded.settings == DEFAULTS
    with pytest.raises(DataError, match="BACKSIDE_CONFIG_DIR"):
        change(loaded, {"sets": 2})


def test_a_good_file(path: Path) -> None:
    loaded = written(path, 'sets = 2\nhold = 30\nget-ready = 7\nvoice = true\ntheme = "nord"\n')
    assert not loaded.broken
    settings = loaded.settings
    assert (settings.sets, settings.hold, settings.get_ready, settings.voice) == (2, 30, 7, "on")
    assert loaded.source("sets") == "settings.toml"
    assert loaded.source("rest") == "built-in default"
    choices = settings.choices()
    assert choices == PracticeOptions(
        plan_id="quick", sets=2, hold_seconds=30, get_ready_seconds=7, sound=True, voice="on"
    )


def test_writing_keeps_only_the_changed_keys_and_the_users_lines(path: Path) -> None:
    loaded = written(path, "# my defaults\nsets = 2   # two is enough\n\nrest = 15\n")
    loaded = change(loaded, {"hold": 60, "rest": None})
    text = path.read_text(encoding="utf-8")
    assert "# my defaults" in text
    assert "sets = 2   # two is enough" in text  # a line it did not change, as it was
    assert "rest" not in text
    assert "hold = 60" in text
    assert loaded.settings.hold == 60
    assert load_settings(path).settings == loaded.settings
    assert [p.name for p in path.parent.iterdir()] == ["settings.toml"]  # no temporary left


def test_a_changed_line_keeps_its_comment(path: Path) -> None:
    loaded = written(
        path,
        'sets = 2   # two is enough\ntheme = "nord"  # "dark" # at night\nhold = 30\t# mine\n',
    )
    change(loaded, {"sets": 3, "theme": "dracula", "hold": 45})
    assert path.read_text(encoding="utf-8") == (
        'sets = 3   # two is enough\ntheme = "dracula"  # "dark" # at night\nhold = 45\t# mine\n'
    )


def test_a_symlinked_file_is_written_through_to_its_target(path: Path, tmp_path: Path) -> None:
    """Dotfiles kept by stow or chezmoi: the link stays a link, the target gets the change."""
    target = tmp_path / "dotfiles" / "settings.toml"
    target.parent.mkdir()
    target.write_text("# kept in git\nsets = 2\n")
    target.chmod(0o644)
    path.parent.mkdir(parents=True)
    path.symlink_to(target)
    change(load_settings(path), {"sets": 3})
    assert path.is_symlink()
    assert target.read_text() == "# kept in git\nsets = 3\n"
    assert target.stat().st_mode & 0o777 == 0o644
    assert sorted(p.name for p in target.parent.iterdir()) == ["settings.toml"]


def test_the_files_mode_is_kept(path: Path) -> None:
    loaded = written(path, "sets = 2\n")
    path.chmod(0o640)
    change(loaded, {"sets": 3})
    assert path.stat().st_mode & 0o777 == 0o640


def test_a_new_file_gets_the_usual_mode(path: Path) -> None:
    import os

    umask = os.umask(0o022)
    try:
        change(load_settings(path), {"sets": 3})
    finally:
        os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o644


def test_a_read_only_file_is_refused_and_left_alone(path: Path) -> None:
    loaded = written(path, "sets = 2\n")
    path.chmod(0o444)
    with pytest.raises(DataError, match=r"settings\.toml: the file is read-only; it was left as"):
        change(loaded, {"sets": 3})
    assert path.read_text() == "sets = 2\n"
    assert path.stat().st_mode & 0o777 == 0o444


def test_the_first_write_creates_the_folder_and_a_short_file(path: Path) -> None:
    change(load_settings(path), {"voice": True})
    lines = [line for line in path.read_text().splitlines() if not line.startswith("#")]
    assert lines == ['voice = "on"']  # true, from before the voice had levels, is on


def test_a_default_value_unsets_its_key(path: Path) -> None:
    loaded = change(load_settings(path), {"voice": True, "volume": 60})
    loaded = change(loaded, {"voice": False})
    assert "voice" not in path.read_text()
    assert loaded.given == {"volume"}


def test_a_hold_is_in_seconds_or_in_breaths(path: Path) -> None:
    loaded = change(load_settings(path), {"hold": 45})
    loaded = change(loaded, {"breaths": 8})
    assert (loaded.settings.hold, loaded.settings.breaths) == (None, 8)
    broken = written(path, "hold = 45\nbreaths = 8\n")
    assert broken.broken
    assert "seconds or in breaths" in broken.problems[0]


def test_writing_is_atomic(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A failure while writing leaves the old file whole and no temporary behind."""
    loaded = written(path, "sets = 2\n")

    def fail(source: str, target: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("app.store.text_files.os.replace", fail)
    with pytest.raises(DataError, match="No space left"):
        change(loaded, {"sets": 3})
    assert path.read_text() == "sets = 2\n"
    assert [p.name for p in path.parent.iterdir()] == ["settings.toml"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sets = \n", [":1:8: not valid TOML"]),
        ("sets = 2\nhold = [30\n", [":2:", "not valid TOML"]),
        ("hodl = 30\n", [":1:1:", "'hodl' is not a setting; did you mean 'hold'?"]),
        ("breath_seconds = 5\n", ["did you mean 'breath-seconds'?"]),
        ("\n\nsets = 12\n", [":3:1:", "sets: 12 is out of range", "from 1 to 10"]),
        ("hold = 2\n", ["hold: 2 is out of range", "from 5 to 600"]),
        ('sets = "two"\n', ['sets: "two" is the wrong type', "a whole number"]),
        ("voice = 1\n", ["voice: 1 is the wrong type; voice takes one of off, on, cues"]),
        ("volume = 101\n", ["volume: 101 is out of range"]),
        ('sound = "loud"\n', ["sound: 'loud' is not one of: auto"]),
        ('theme = "nrod"\n', ["did you mean 'nord'?"]),
        ("[sound]\nvolume = 3\n", [":1:1: sound: a table is the wrong type"]),
    ],
)
def test_a_broken_file_is_ignored_with_a_reason(path: Path, text: str, expected: list[str]) -> None:
    loaded = written(path, text)
    assert loaded.broken
    assert loaded.settings == DEFAULTS  # the built-in defaults apply
    notice = loaded.notice
    assert notice is not None
    assert "\n" not in notice
    assert notice.startswith("Settings ignored, the built-in defaults apply: ")
    assert f": {path}:" in notice
    for fragment in expected:
        assert fragment in notice


def test_every_problem_of_a_file_is_collected(path: Path) -> None:
    loaded = written(path, "sets = 0\nvoice = 'yes'\nhodl = 1\n")
    assert len(loaded.problems) == 3
    assert [problem.split(":")[1] for problem in loaded.problems] == ["1", "2", "3"]
    assert "(and 2 more: backside settings)" in (loaded.notice or "")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"sets = 2\nname = 'caf\xe9'\n", "not UTF-8"),
        (b"# " + b"x" * 70_000 + b"\n", "the limit is"),
    ],
)
def test_a_file_that_is_not_text_is_ignored(path: Path, content: bytes, expected: str) -> None:
    loaded = written(path, content)
    assert loaded.broken
    assert expected in (loaded.notice or "")


def test_a_folder_where_the_file_should_be(path: Path) -> None:
    path.mkdir(parents=True)
    loaded = load_settings(path)
    assert "is a folder" in (loaded.notice or "")


def test_a_broken_file_is_never_overwritten(path: Path) -> None:
    loaded = written(path, "sets = \n")
    with pytest.raises(DataError, match="fix or remove"):
        change(loaded, {"sets": 2})
    assert path.read_text() == "sets = \n"


def test_the_theme_names_are_textuals() -> None:
    from textual.theme import BUILTIN_THEMES

    assert set(THEMES) == set(BUILTIN_THEMES)
