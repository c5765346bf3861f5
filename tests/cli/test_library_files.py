"""A library file that cannot be used: one clear message, exit status 2, no traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from app.cli.main import main
from app.core.errors import DataError
from app.store.library_file import load_library
from app.store.shipped import builtin_library_text
from app.store.text_files import MAX_FILE_BYTES, read_text_file


def _builtin() -> dict[str, object]:
    raw: dict[str, object] = json.loads(builtin_library_text())
    return raw


def _edited(edit: Callable[[dict[str, object]], object]) -> bytes:
    raw = _builtin()
    edit(raw)
    return json.dumps(raw, indent=2).encode()


def _poses(raw: dict[str, object]) -> list[dict[str, object]]:
    poses = raw["poses"]
    assert isinstance(poses, list)
    return poses


def _versions(raw: dict[str, object], pose: int) -> list[dict[str, object]]:
    versions = _poses(raw)[pose]["versions"]
    assert isinstance(versions, list)
    return versions


def _hold(raw: dict[str, object]) -> dict[str, object]:
    guidance = raw["guidance"]
    assert isinstance(guidance, dict)
    hold: dict[str, object] = guidance["hold_seconds"]
    return hold


#: name -> (file content, fragments the message must contain)
BAD_FILES: dict[str, tuple[bytes, list[str]]] = {
    "empty": (b"", ["the file is empty"]),
    "blank": (b"  \n\n", ["the file is empty"]),
    "not-json": (b'{\n  "poses": [,]\n}\n', [":2:13:", "not valid JSON"]),
    "not-utf8": (b'{\n  "name": "caf\xe9"\n}\n', [":2:15:", "not UTF-8", "e9"]),
    "array": (b"[]", ["top level is a list", "expected an object"]),
    "deeply-nested": (b'{"poses": ' + b"[" * 100_000, ["nested too deeply"]),
    "unknown-key": (
        _edited(lambda raw: _poses(raw)[2].update(colour="red")),
        ["poses[2].colour: unknown key"],
    ),
    "duplicate-pose-id": (
        _edited(lambda raw: _poses(raw).append(_poses(raw)[0])),
        ["duplicate id 'locust'"],
    ),
    "duplicate-version-id": (
        _edited(lambda raw: _versions(raw, 1).append(_versions(raw, 1)[0])),
        ["poses[1]", "duplicate version id 'no-hands'"],
    ),
    "hold-zero": (
        _edited(lambda raw: _hold(raw).update(low=0)),
        ["guidance.hold_seconds.low", "should be at least 5, not 0"],
    ),
    "hold-10000": (
        _edited(lambda raw: _hold(raw).update(high=10000)),
        ["guidance.hold_seconds.high", "should be at most 600, not 10000"],
    ),
    "version-without-cues": (
        _edited(lambda raw: _versions(raw, 2)[1].update(cues=[])),
        ["poses[2].versions[1].cues", "at least 1 item"],
    ),
    "version-cues-missing": (
        _edited(lambda raw: _versions(raw, 2)[1].pop("cues")),
        ["poses[2].versions[1].cues: required key is missing"],
    ),
}


@pytest.fixture(params=["validate", "--poses"])
def run_with(request: pytest.FixtureRequest) -> Callable[[Path], int]:
    """Run the CLI on a library file, as `validate FILE` and as `--poses FILE poses`."""

    def run(path: Path) -> int:
        if request.param == "validate":
            return main(["validate", str(path)])
        return main(["--poses", str(path), "poses"])

    return run


def _assert_one_clear_error(
    capsys: pytest.CaptureFixture[str], status: int, path: Path, fragments: list[str]
) -> None:
    out, err = capsys.readouterr()
    assert status == 2
    assert out == ""
    assert err.startswith(f"backside: {path}")
    assert "Traceback" not in err
    for fragment in fragments:
        assert fragment in err


@pytest.mark.parametrize("case", BAD_FILES)
def test_bad_library_file(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    run_with: Callable[[Path], int],
    case: str,
) -> None:
    content, fragments = BAD_FILES[case]
    path = tmp_path / f"{case}.json"
    path.write_bytes(content)
    _assert_one_clear_error(capsys, run_with(path), path, fragments)


def test_missing_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], run_with: Callable[[Path], int]
) -> None:
    path = tmp_path / "nowhere.json"
    _assert_one_clear_error(capsys, run_with(path), path, ["no such file"])


def test_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], run_with: Callable[[Path], int]
) -> None:
    _assert_one_clear_error(capsys, run_with(tmp_path), tmp_path, ["is a folder"])


def test_huge_file_is_refused_without_reading_it(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    run_with: Callable[[Path], int],
) -> None:
    path = tmp_path / "huge.json"
    with path.open("wb") as file:
        file.truncate(10 * 1024 * 1024)  # sparse: 10 MB on paper, nothing written

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was opened")

    monkeypatch.setattr(Path, "open", refuse)
    _assert_one_clear_error(capsys, run_with(path), path, ["10.0 MiB", "the limit is 1.0 MiB"])


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_device_is_refused_before_it_is_read() -> None:
    # A device or pipe has no size to check, and could be read forever.
    with pytest.raises(DataError, match="is a device, not a regular file"):
        read_text_file(Path("/dev/zero"), max_bytes=100)


def test_limit_is_one_mebibyte() -> None:
    assert MAX_FILE_BYTES == 1024 * 1024


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "windows.json"
    path.write_bytes(b"\xef\xbb\xbf" + builtin_library_text().encode())
    assert load_library(path) == load_library(None)


def test_unreadable_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if os.geteuid() == 0:
        pytest.skip("root can read any file")
    path = tmp_path / "secret.json"
    path.write_text("{}")
    path.chmod(0)
    _assert_one_clear_error(capsys, main(["validate", str(path)]), path, ["cannot read"])


def test_built_in_library_loads() -> None:
    library = load_library(None)
    assert [pose.id for pose in library.poses] == [
        "locust",
        "bow",
        "reverse-tabletop",
        "reverse-plank",
    ]


def test_no_traceback_end_to_end(tmp_path: Path) -> None:
    """The one real process: the installed entry point prints the message, not a traceback."""
    path = tmp_path / "broken.json"
    path.write_text('{"poses": ')
    result = subprocess.run(
        [sys.executable, "-m", "app", "validate", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"backside: {path}:1:11: not valid JSON")
    assert "Traceback" not in result.stderr


def test_a_key_given_twice_is_named(tmp_path: Path) -> None:
    library = tmp_path / "twice.json"
    library.write_text('{"poses": [], "poses": []}', encoding="utf-8")
    with pytest.raises(DataError, match="the key 'poses' appears twice"):
        load_library(library)
