"""The cache of validated libraries and routines is used only when it provably matches.

A library or routine validated once comes back from the cache folder while its
file is unchanged, without pydantic. A changed file is validated again; a
missing, truncated, corrupt, foreign or tampered cache is ignored and rebuilt.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import app.core.library
from app.core import library_schema
from app.core.errors import DataError
from app.core.models import Library, library_data
from app.core.routine import Hold, Routine
from app.store import validated_cache
from app.store.history_log import library_version
from app.store.library_file import BUILTIN_SOURCE, CACHE_KIND, load_library
from app.store.plans import load_builtin_plan, load_routine_file
from app.store.shipped import builtin_library_text

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def validations(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The sources validated in full (with pydantic) from now on."""
    seen: list[str] = []
    parse = app.core.library.parse_library

    def counting(text: str, source: str) -> Library:
        seen.append(source)
        return parse(text, source)

    monkeypatch.setattr(app.core.library, "parse_library", counting)
    return seen


def _entry(source: str = BUILTIN_SOURCE) -> Path:
    path = validated_cache.cache_file(CACHE_KIND, source)
    assert path is not None
    return path


def test_an_unchanged_library_is_validated_once(validations: list[str]) -> None:
    first = load_library(None)
    assert validations == [BUILTIN_SOURCE]
    assert _entry().is_file()
    again = load_library(None)
    assert validations == [BUILTIN_SOURCE]
    assert again == first
    fresh = library_schema.Library.model_validate_json(builtin_library_text()).light()
    assert again == fresh


def test_validate_ignores_the_cache(validations: list[str]) -> None:
    load_library(None)
    load_library(None, cached=False)
    assert validations == [BUILTIN_SOURCE, BUILTIN_SOURCE]


def test_a_changed_file_is_validated_again(tmp_path: Path, validations: list[str]) -> None:
    path = tmp_path / "poses.json"
    text = builtin_library_text()
    path.write_text(text)
    assert load_library(path).pose("locust").name == "Locust"
    path.write_text(text.replace('"name": "Locust"', '"name": "Grasshopper"', 1))
    assert load_library(path).pose("locust").name == "Grasshopper"
    assert validations == [str(path), str(path)]
    path.write_text(text.replace('"name": "Locust"', '"name": ""', 1))
    with pytest.raises(DataError) as cached_run:
        load_library(path)
    with pytest.raises(DataError) as full_run:
        load_library(path, cached=False)
    assert str(cached_run.value) == str(full_run.value)
    assert "poses[0].name" in str(cached_run.value)


def _header_and_payload() -> tuple[dict[str, object], bytes]:
    head, _, payload = _entry().read_bytes().partition(b"\n")
    return json.loads(head), payload


def _rewrite(header: dict[str, object], payload: bytes) -> None:
    _entry().write_bytes(json.dumps(header).encode() + b"\n" + payload)


def _truncated() -> None:
    content = _entry().read_bytes()
    _entry().write_bytes(content[: len(content) // 2])


def _header_only() -> None:
    _entry().write_bytes(_entry().read_bytes().partition(b"\n")[0])


def _garbage() -> None:
    _entry().write_bytes(b"\x00\xff not a cache \n {{{")


def _empty() -> None:
    _entry().write_bytes(b"")


def _foreign_version() -> None:
    header, payload = _header_and_payload()
    _rewrite({**header, "backside": "0.0.1"}, payload)


def _foreign_format() -> None:
    header, payload = _header_and_payload()
    _rewrite({**header, "format": validated_cache.FORMAT + 1}, payload)


def _another_source() -> None:
    header, payload = _header_and_payload()
    _rewrite({**header, "source_sha256": validated_cache.digest(b"{}")}, payload)


def _tampered_payload() -> None:
    """The source's digest still matches; the data does not match its own digest."""
    header, payload = _header_and_payload()
    _rewrite(header, payload.replace(b'"Locust"', b'"Tampered"', 1))


def _tampered_with_its_digest() -> None:
    """Data rewritten with a matching digest, in a shape that is not a library."""
    header, payload = _header_and_payload()
    data = json.loads(payload)
    data["poses"][0]["versions"] = [{"id": "x"}]
    body = json.dumps(data).encode()
    _rewrite({**header, "payload_sha256": validated_cache.digest(body)}, body)


def _a_folder_in_its_place() -> None:
    _entry().unlink()
    _entry().mkdir()


BREAKAGES: dict[str, Callable[[], None]] = {
    "missing": lambda: _entry().unlink(),
    "truncated": _truncated,
    "header only": _header_only,
    "garbage": _garbage,
    "empty": _empty,
    "another backside version": _foreign_version,
    "another cache format": _foreign_format,
    "another source's digest": _another_source,
    "tampered data": _tampered_payload,
    "tampered data with its digest redone": _tampered_with_its_digest,
}


@pytest.mark.parametrize("breakage", BREAKAGES.values(), ids=BREAKAGES.keys())
def test_a_broken_cache_is_ignored_and_rebuilt(
    breakage: Callable[[], None], validations: list[str]
) -> None:
    good = load_library(None)
    breakage()
    assert load_library(None) == good
    assert validations == [BUILTIN_SOURCE, BUILTIN_SOURCE]
    assert load_library(None) == good  # rebuilt: the next start trusts it again
    assert validations == [BUILTIN_SOURCE, BUILTIN_SOURCE]


def test_a_cache_that_cannot_be_written_is_no_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, validations: list[str]
) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    monkeypatch.setenv("BACKSIDE_CACHE_DIR", str(blocked / "cache"))
    assert load_library(None) == load_library(None)
    assert validations == [BUILTIN_SOURCE, BUILTIN_SOURCE]
    monkeypatch.setenv("BACKSIDE_CACHE_DIR", str(tmp_path / "cache"))
    good = load_library(None)
    _a_folder_in_its_place()
    assert load_library(None) == good


def test_the_light_library_digests_as_the_validated_one_did() -> None:
    """The history names a library by this digest; it must not change with the types."""
    validated = library_schema.Library.model_validate_json(builtin_library_text())
    expected = validated.model_dump_json(by_alias=True)
    light = validated.light()
    assert json.dumps(library_data(light), ensure_ascii=False, separators=(",", ":")) == expected
    assert library_version(light) == library_version(load_library(None))


def _modules_after_loading(environment: dict[str, str]) -> set[str]:
    probe = (
        "import sys, json\n"
        "from app.store.library_file import load_library\n"
        "load_library(None)\n"
        "print(json.dumps(sorted({m.partition('.')[0] for m in sys.modules})))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=environment,
        timeout=60,
        check=True,
    )
    return set(json.loads(done.stdout.splitlines()[-1]))


def test_a_cached_library_loads_without_pydantic(tmp_path: Path) -> None:
    environment = {**os.environ, "BACKSIDE_CACHE_DIR": str(tmp_path / "cache")}
    assert "pydantic" in _modules_after_loading(environment)  # the first time: validated
    assert "pydantic" not in _modules_after_loading(environment)


@pytest.fixture
def routine_validations(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The routine files validated in full (with pydantic) from now on."""
    import app.store.plans

    seen: list[str] = []
    parse = app.store.plans.parse_routine

    def counting(text: str, source: str, stem: str | None = None) -> Routine:
        seen.append(source)
        return parse(text, source, stem)

    monkeypatch.setattr(app.store.plans, "parse_routine", counting)
    return seen


ROUTINE_TEXT = 'poses = ["locust", "bow"]\nhold = { seconds = 30 }\n'


def test_a_plan_is_validated_once_and_checked_every_time(routine_validations: list[str]) -> None:
    library = load_library(None)
    first = load_builtin_plan("strength", library)
    again = load_builtin_plan("strength", library)
    assert again == first
    assert routine_validations == ["plans/strength.toml"]
    data = library_data(library)
    data["poses"] = [pose for pose in data["poses"] if pose["id"] != "locust"]
    without_locust = library_schema.Library.model_validate(data).light()
    with pytest.raises(DataError, match="no pose 'locust'"):
        load_builtin_plan("strength", without_locust)


def test_a_changed_routine_is_validated_again(
    tmp_path: Path, routine_validations: list[str]
) -> None:
    library = load_library(None)
    path = tmp_path / "evening.toml"
    path.write_text(ROUTINE_TEXT)
    assert load_routine_file(path, library).hold == Hold(seconds=30)
    assert load_routine_file(path, library).hold == Hold(seconds=30)
    assert routine_validations == [str(path)]
    path.write_text(ROUTINE_TEXT.replace("30", "40"))
    assert load_routine_file(path, library).hold == Hold(seconds=40)
    assert routine_validations == [str(path), str(path)]
    path.write_text(ROUTINE_TEXT.replace("30", "4000"))
    with pytest.raises(DataError) as cached_run:
        load_routine_file(path, library)
    with pytest.raises(DataError) as full_run:
        load_routine_file(path, library, cached=False)
    assert str(cached_run.value) == str(full_run.value)


@pytest.mark.parametrize("change", [b'"bow"', b'"sets":1', b"\n"], ids=["data", "shape", "cut"])
def test_a_tampered_routine_cache_is_rebuilt(
    change: bytes, tmp_path: Path, routine_validations: list[str]
) -> None:
    library = load_library(None)
    path = tmp_path / "evening.toml"
    path.write_text(ROUTINE_TEXT)
    good = load_routine_file(path, library)
    entry = validated_cache.cache_file("routine", f"{path.absolute()}\0evening")
    assert entry is not None
    head, _, payload = entry.read_bytes().partition(b"\n")
    if change == b"\n":
        entry.write_bytes(head)
    else:
        replacement = b'"locust"' if change == b'"bow"' else b'"sets":"1"'
        changed = payload.replace(change, replacement, 1)
        header = json.loads(head)
        if change == b'"sets":1':  # its digest redone: caught by the shape
            header["payload_sha256"] = validated_cache.digest(changed)
        entry.write_bytes(json.dumps(header).encode() + b"\n" + changed)
    assert load_routine_file(path, library) == good
    assert routine_validations == [str(path), str(path)]


def test_settings_are_validated_once_and_again_when_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import app.store.settings_schema
    from app.store.settings import load_settings

    path = tmp_path / "settings.toml"
    text = 'hold = 50\nsound = "off"\n'
    path.write_text(text)
    first = load_settings(path)
    entry = validated_cache.cache_file("settings", str(path.absolute()))
    assert entry is not None
    assert entry.is_file()
    with monkeypatch.context() as patch:  # a cached read never reaches the schema
        patch.delattr(app.store.settings_schema, "validate")
        again = load_settings(path)
    assert (again.settings, again.given) == (first.settings, first.given)
    assert again.settings.hold == 50
    path.write_text('hold = 5000\nsound = "off"\n')
    assert load_settings(path).problems == (
        f"{path}:1:1: hold: 5000 is out of range; hold takes a number from 5 to 600",
    )
    path.write_text(text)  # as cached: the cache answers again
    assert load_settings(path).settings == first.settings
    head, _, payload = entry.read_bytes().partition(b"\n")
    header = json.loads(head)
    changed = payload.replace(b'"off"', b'"loud"')  # not a sound mode, its digest redone
    header["payload_sha256"] = validated_cache.digest(changed)
    entry.write_bytes(json.dumps(header).encode() + b"\n" + changed)
    assert load_settings(path).settings.sound == "off"


def test_a_cached_start_reaches_textual_without_pydantic(tmp_path: Path) -> None:
    """Everything `backside run` does before its first frame, from a warm cache."""
    config = tmp_path / "config"
    config.mkdir()
    (config / "settings.toml").write_text("hold = 50\n")
    environment = {
        **os.environ,
        "BACKSIDE_CACHE_DIR": str(tmp_path / "cache"),
        "BACKSIDE_CONFIG_DIR": str(config),
    }
    probe = (
        "import json, sys\n"
        "from app.cli.main import main\n"
        "status = main(['run', 'strength', '--sound', 'off'])\n"
        "print(json.dumps([status, sorted({m.partition('.')[0] for m in sys.modules})]))\n"
    )

    def start() -> tuple[int, set[str]]:
        done = subprocess.run(
            [sys.executable, "-c", probe],
            capture_output=True,
            text=True,
            cwd=REPO,
            env=environment,
            stdin=subprocess.DEVNULL,
            timeout=60,
            check=True,
        )
        status, modules = json.loads(done.stdout.splitlines()[-1])
        assert "a practice needs a terminal" in done.stderr  # stopped where Textual would start
        return status, set(modules)

    status, cold = start()
    assert status == 2
    assert "pydantic" in cold
    status, warm = start()
    assert status == 2
    assert "pydantic" not in warm
    assert "textual" not in warm
