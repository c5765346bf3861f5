"""`backside new`: a routine written whole or not at all, that passes `validate` as written."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from app.cli.commands.new import template, toml_string
from app.core.errors import DataError
from app.core.library import parse_library
from app.core.plans import routine_from_text
from app.store import text_files
from app.store.shipped import builtin_library_text
from tests.cli.running import run


def routines() -> Path:
    return Path(os.environ["BACKSIDE_CONFIG_DIR"]) / "routines"


def library_with_names(first: str, last: str) -> str:
    raw = json.loads(builtin_library_text())
    raw["poses"][0]["name"] = first
    raw["poses"][-1]["name"] = last
    return json.dumps(raw)


def test_a_failed_write_leaves_nothing(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk: no empty routine is left behind to say "already exists" next time."""

    def full(handle: int, data: bytes) -> None:
        os.write(handle, bytes(data)[:10])
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as patched:
        patched.setattr(text_files, "write_all", full)
        status, out, err = run(capsys, "new", "evening")
    assert status == 2
    assert out == ""
    path = routines() / "evening.toml"
    assert err == f"backside: {path}: cannot write: No space left on device\n"
    assert list(routines().iterdir()) == []
    assert run(capsys, "new", "evening")[0] == 0  # and the next try works


def test_new_never_replaces_a_routine_written_meanwhile(tmp_path: Path) -> None:
    """The name is taken only if it is free when the written file gets it."""
    path = tmp_path / "evening.toml"
    path.write_text("mine\n")
    with pytest.raises(FileExistsError):
        text_files.write_file_atomically(path, "new\n", replace=False)
    assert path.read_text() == "mine\n"
    assert [p.name for p in tmp_path.iterdir()] == ["evening.toml"]


def test_a_routines_file_where_the_folder_should_be(capsys: pytest.CaptureFixture[str]) -> None:
    routines().parent.mkdir(parents=True)
    routines().write_text("not a folder\n")
    status, _, err = run(capsys, "new", "evening")
    assert status == 2
    assert err == f"backside: {routines()}: is a file, not a folder; move it away, then try again\n"


def test_a_long_name_is_cut_in_the_message(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "new", "X" * 131_000)
    assert status == 2
    assert err.startswith("backside: 'XXXXXXXXXXXXXXXXXXX…' cannot name a routine")
    assert len(err) < 300


@pytest.mark.parametrize(
    ("first", "last"),
    [
        ('The "Superman"', "Back\\slash"),
        ("L" * 60, "P" * 60),  # a description over 120 characters
        ('"', "\\"),
    ],
)
def test_new_quotes_what_the_library_says(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, first: str, last: str
) -> None:
    library = tmp_path / "poses.json"
    library.write_text(library_with_names(first, last), encoding="utf-8")
    assert run(capsys, "validate", str(library))[0] == 0
    assert run(capsys, "--poses", str(library), "new", "odd")[0] == 0
    written = str(routines() / "odd.toml")
    status, out, err = run(capsys, "--poses", str(library), "validate", written)
    assert (status, err) == (0, "")
    assert f"{written}: ok," in out


#: Names as a library may have them: any text, with quotes and backslashes more often.
#: (Control characters, which a library may not hold, are left out: most would be filtered.)
NAMES = st.text(
    st.one_of(st.sampled_from('"\\'), st.characters(exclude_categories=("Cc", "Cs"))),
    min_size=1,
    max_size=60,
)


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(first=NAMES, last=NAMES)
def test_any_library_that_passes_validate_makes_a_routine_that_does(first: str, last: str) -> None:
    try:
        library = parse_library(library_with_names(first, last), "poses.json")
    except DataError:
        assume(False)
        return
    text = template("odd", library)
    routine = routine_from_text(text, "odd.toml", library, "odd")
    assert len(routine.description) <= 120
    text.encode("utf-8")  # nothing that cannot be written


def test_a_toml_string_reads_back_as_it_was() -> None:
    import tomllib

    for text in ('a "b" \\c', "tab\there", "\x7f", "é 🧘"):
        assert tomllib.loads(f"x = {toml_string(text)}")["x"] == text
    half = chr(0xD800)  # from a JSON library's "\\ud800": not writable as UTF-8
    assert tomllib.loads(f"x = {toml_string(half)}")["x"] == "\ufffd"
