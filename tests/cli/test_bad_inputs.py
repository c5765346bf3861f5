"""Bad routines and libraries that crashed, hung or misled: now one clear line each."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli.main import main
from app.core import library_schema
from app.core.errors import DataError, known_list
from app.store.library_file import load_library
from app.store.plans import load_routine_file
from app.store.shipped import builtin_library_text

ROUTINE = """\
id = "mine"
name = "Mine"
description = "Locust only."
hold = { seconds = 30 }
[[blocks]]
pose = "locust"
"""


def _check(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, text: str) -> str:
    """`validate` a file of `text`: exit status 2 and one message, returned."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    status = main(["validate", str(path)])
    out, err = capsys.readouterr()
    assert status == 2, out
    assert out == ""
    assert err.startswith(f"backside: {path}")
    assert "Traceback" not in err
    return err


def _library(edit: str, value: object) -> str:
    raw = json.loads(builtin_library_text())
    target = raw
    *path, last = edit.split(".")
    for part in path:
        target = target[int(part)] if part.isdigit() else target[part]
    target[int(last) if last.isdigit() else last] = value
    return json.dumps(raw)


# -- tracebacks ---------------------------------------------------------------


@pytest.mark.parametrize(
    "nesting",
    ["x = " + "[" * 5000 + "]" * 5000, "x = " + "{ y = " * 5000 + "1" + " }" * 5000],
    ids=["arrays", "inline-tables"],
)
def test_a_deeply_nested_routine(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], nesting: str
) -> None:
    err = _check(tmp_path, capsys, "deep.toml", ROUTINE + nesting + "\n")
    assert "nested too deeply to be read" in err


def test_a_deeply_nested_routine_in_plan_and_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "deep.toml"
    path.write_text("x = " + "[" * 5000 + "]" * 5000 + "\n")
    for command in ("plan", "run"):
        assert main([command, str(path)]) == 2
        assert "nested too deeply" in capsys.readouterr().err


def test_a_number_of_5000_digits_in_a_routine(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = ROUTINE.replace("seconds = 30", "breaths = " + "9" * 5000)
    err = _check(tmp_path, capsys, "huge.toml", text)
    assert ":4:20: a number of 5,000 digits is too long to read" in err


def test_a_number_of_5000_digits_in_a_library(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = builtin_library_text().replace(
        '"lift_goal_per_side": 30', '"lift_goal_per_side": ' + "9" * 5000
    )
    assert "9" * 5000 in text
    err = _check(tmp_path, capsys, "huge.json", text)
    assert "a number of 5,000 digits is too long to read" in err
    path = tmp_path / "huge.json"
    assert main(["--poses", str(path), "poses"]) == 2
    assert "too long to read" in capsys.readouterr().err


# -- hangs: only regular files, and never a blocking open ----------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
@pytest.mark.parametrize("name", ["fifo.json", "fifo.toml"])
def test_a_fifo_is_refused_without_waiting(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    path = tmp_path / name
    os.mkfifo(path)
    # In a child with a deadline: before the fix, opening the FIFO waited for a writer forever.
    result = subprocess.run(
        [sys.executable, "-m", "app", "validate", str(path)],
        capture_output=True,
        text=True,
        timeout=120,  # only a hang reaches it, even on a starved machine
        check=False,
    )
    assert result.returncode == 2
    assert (
        result.stderr
        == f"backside: {path}: is a pipe, not a regular file; save it as a file first\n"
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_swapped_in_after_the_check_never_blocks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import stat as stat_module

    from app.store import text_files

    path = tmp_path / "swapped.json"
    os.mkfifo(path)
    real_check = text_files._check_kind
    calls: list[int] = []

    def first_check_passes(where: Path, mode: int) -> None:
        calls.append(mode)
        if len(calls) > 1:  # the second look, at what was opened, must still catch it
            real_check(where, mode)

    monkeypatch.setattr(text_files, "_check_kind", first_check_passes)
    with pytest.raises(DataError, match="is a pipe"):
        text_files.read_text_file(path)
    assert stat_module.S_ISFIFO(calls[-1])


# -- what reaches the terminal --------------------------------------------------


@pytest.mark.parametrize(
    ("character", "named"),
    [("\\u001b[31m", "U+001B (ESC)"), ("\\u0007", "U+0007 (BEL)"), ("\\u0000", "U+0000 (NUL)")],
)
def test_control_characters_in_a_routine(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], character: str, named: str
) -> None:
    text = ROUTINE.replace('name = "Mine"', f'name = "Mine{character}"')
    err = _check(tmp_path, capsys, "esc.toml", text)
    assert f"name: the control character {named} is not allowed in text" in err
    assert not set("\x1b\x07\x00") & set(err)


def test_the_right_to_left_override_in_a_routine(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = ROUTINE.replace('"Locust only."', '"Locust \u202eonly."')
    err = _check(tmp_path, capsys, "rtl.toml", text)
    assert "description: the control character U+202E (right-to-left override)" in err
    assert "\u202e" not in err


@pytest.mark.parametrize(
    ("where", "path"),
    [
        ("poses.0.name", "poses[0].name"),
        ("poses.1.versions.0.cues.0", "poses[1].versions[0].cues[0]"),
        ("poses.2.cautions.0", "poses[2].cautions[0]"),
        ("poses.0.versions.0.figure.0", "poses[0].versions[0].figure[0]"),
        ("guidance.when.0", "guidance.when[0]"),
        ("sequences.0.movements.0.cue", "sequences[0].movements[0].cue"),
        ("stretches.0.name", "stretches[0].name"),
    ],
)
def test_control_characters_in_every_text_of_a_library(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], where: str, path: str
) -> None:
    err = _check(tmp_path, capsys, "esc.json", _library(where, "Lift \x1b[2J the chest"))
    assert f"{path}: the control character U+001B (ESC) is not allowed in text" in err
    assert "\x1b" not in err


def test_a_control_character_in_a_key_or_a_file_name_is_shown_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = json.loads(builtin_library_text())
    raw["poses"][0]["\x1b[31mcolour"] = "red"
    err = _check(tmp_path, capsys, "key.json", json.dumps(raw))
    assert "poses[0].'\\x1b[31mcolour': unknown key" in err
    path = tmp_path / "bell\x07.toml"
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert "\x07" not in err
    assert "bell\\x07.toml: no such file" in err


# -- clearer messages -------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after", "message"),
    [
        ("seconds = 30", "seconds = nan", "hold.seconds: nan is not a number"),
        ("seconds = 30", "seconds = inf", "hold.seconds: inf is not a number"),
        ("seconds = 30", "seconds = true", "hold.seconds: true is not a number of seconds"),
        ("seconds = 30", "breaths = 5.5", "hold.breaths: 5.5 is not a whole number of breaths"),
        ("seconds = 30", "breaths = '5'", "hold.breaths: '5' is not a whole number of breaths"),
        ("seconds = 30", "seconds = 3", "hold.seconds: should be at least 5, not 3"),
        ("hold = { seconds = 30 }", "hold = 30", "hold: expected an object, not 30"),
        ('pose = "locust"', "pose = 5", "blocks[0].pose: expected text, not 5"),
        ('pose = "locust"', "pose = 'Locust'", "blocks[0].pose: 'Locust' is not an id"),
        ('"Mine"', "1979-05-27", "name: expected text, not the date 1979-05-27"),
        ("seconds = 30", "seconds = 07:30:00", "hold.seconds: the time 07:30:00 is not a number"),
    ],
)
def test_messages_in_the_users_words(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], before: str, after: str, message: str
) -> None:
    err = _check(tmp_path, capsys, "words.toml", ROUTINE.replace(before, after))
    assert f"1 problem\n  {message}" in err


def test_one_bad_block_is_one_problem(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = ROUTINE.split("[[blocks]]")[0] + "blocks = [1]\n"
    err = _check(tmp_path, capsys, "block.toml", text)
    assert err.endswith(": 1 problem\n  blocks[0]: expected an object, not 1\n")
    err = _check(tmp_path, capsys, "block.toml", ROUTINE + "colour = 'red'\n")
    assert "1 problem" in err
    assert "at least 1 item" not in err


def test_a_warm_up_problem_names_the_keys_as_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = ROUTINE + "[[warm_up]]\nkind = 'flow'\nsequence = 'sun-salutation'\nrounds = 99\n"
    err = _check(tmp_path, capsys, "warm.toml", text)
    assert "  warm_up[0].rounds: should be at most 10, not 99" in err  # not warm_up[0].flow
    err = _check(tmp_path, capsys, "warm.toml", ROUTINE + "[[warm_up]]\nkind = 'dance'\n")
    assert "warm_up[0].kind: expected 'settle' or 'flow', not 'dance'" in err
    err = _check(tmp_path, capsys, "warm.toml", ROUTINE + "[[warm_up]]\nkind = 3\n")
    assert "warm_up[0].kind: expected 'settle' or 'flow', not 3" in err
    err = _check(tmp_path, capsys, "warm.toml", ROUTINE + "[[warm_up]]\nrounds = 3\n")
    assert "warm_up[0].kind: required key is missing" in err


@pytest.mark.parametrize(
    ("value", "words"),
    [("null", "null"), ("true", "true"), ("12", "12"), ('"poses"', "'poses'"), ("[]", "a list")],
)
def test_the_top_level_of_a_library_in_the_users_words(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], value: str, words: str
) -> None:
    err = _check(tmp_path, capsys, "top.json", value)
    assert f"the top level is {words}; expected an object with 'poses'" in err
    assert "NoneType" not in err


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("setz = 3\n" + ROUTINE, "'setz' is not a key of a routine; did you mean 'sets'?"),
        (ROUTINE.replace("seconds", "secnds"), "  hold.secnds: unknown key; did you mean seconds?"),
        (ROUTINE + "version = ['x']\n", "  blocks[0].version: unknown key; did you mean versions?"),
        ("zzzz = 1\n" + ROUTINE, "'zzzz' is not a key of a routine\n"),
        (ROUTINE + "seconds = 30\n", "  blocks[0].seconds: unknown key\n"),
        (ROUTINE.replace('"locust"', '"lokust"'), "no pose 'lokust'; did you mean locust?"),
    ],
)
def test_unknown_names_suggest_the_nearest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, message: str
) -> None:
    assert message in _check(tmp_path, capsys, "typo.toml", text)


def test_an_unknown_key_in_a_library_suggests_the_nearest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = json.loads(builtin_library_text())
    raw["poses"][1]["versions"][0]["sidez"] = "none"
    err = _check(tmp_path, capsys, "typo.json", json.dumps(raw))
    assert "poses[1].versions[0].sidez: unknown key; did you mean sides?" in err


def test_lifts_per_side_on_versions_that_do_not_alternate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = ROUTINE.replace('pose = "locust"', 'pose = "bow"').replace(
        "seconds = 30", "seconds = 30, lifts_per_side = 8"
    )
    err = _check(tmp_path, capsys, "lifts.toml", text)
    assert "hold.lifts_per_side: none of the routine's versions alternate sides" in err
    assert "lifts per side are for versions such as locust opposite-lifts" in err
    text = ROUTINE + "versions = ['arms-by-sides']\nhold = { breaths = 5, lifts_per_side = 8 }\n"
    err = _check(tmp_path, capsys, "lifts.toml", text)
    assert "blocks[0].hold.lifts_per_side: locust (arms-by-sides) has no sides that alt" in err


def test_lifts_per_side_where_a_version_alternates(tmp_path: Path) -> None:
    path = tmp_path / "lifts.toml"
    path.write_text(ROUTINE.replace("seconds = 30", "seconds = 30, lifts_per_side = 8"))
    assert load_routine_file(path, load_library(None)).hold.lifts_per_side == 8


def test_long_lists_of_known_ids_are_cut_after_a_dozen(tmp_path: Path) -> None:
    assert known_list(f"id{n}" for n in range(9000)) == (
        "id0, id1, id2, id3, id4, id5, id6, id7, id8, id9, id10, id11 … and 8,988 more"
    )
    assert known_list(["a", "b"]) == "a, b"
    raw = json.loads(builtin_library_text())
    stretch = raw["stretches"][0]
    raw["stretches"] = [{**stretch, "id": f"stretch-{n}"} for n in range(50)]
    library = library_schema.Library.model_validate(raw).light()
    path = tmp_path / "many.toml"
    path.write_text(
        ROUTINE + "[[cool_down]]\nkind = 'stretch'\nseconds = 30\nstretches = ['splits']\n"
    )
    with pytest.raises(DataError) as error:
        load_routine_file(path, library)
    assert str(error.value).endswith("stretch-11 … and 38 more)")


def test_a_routine_of_over_three_hours_is_refused_with_its_length(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = ROUTINE.replace("seconds = 30", "seconds = 600").replace(
        'description = "Locust only."', 'description = "Locust only."\nsets = 10'
    )
    text += "".join(f"[[blocks]]\npose = '{pose}'\n" for pose in ("bow", "locust") * 2)
    err = _check(tmp_path, capsys, "long.toml", text)
    assert "the practice would last 8:32:50" in err
    assert "up to 3:00:00" in err
    assert main(["plan", str(tmp_path / "long.toml")]) == 2
    assert main(["plan", "full", "--sets", "10", "--hold", "600"]) == 2
    assert "full: the practice would last" in capsys.readouterr().err


def test_a_routine_of_hundreds_of_blocks_is_refused_at_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = ROUTINE + "[[blocks]]\npose = 'bow'\n" * 500
    err = _check(tmp_path, capsys, "many.toml", text)
    assert "blocks: takes at most 40 items, not 501" in err


def test_a_list_of_400000_broken_items_is_refused_at_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Described item by item, this took a minute; refused by its length, a moment.
    text = '{"poses": [' + ",".join(["1"] * 400_000) + "]}"
    err = _check(tmp_path, capsys, "many.json", text)
    assert err.endswith("many.json: poses: a list of 400,000 items; at most 1,000\n")


def test_an_object_of_thousands_of_keys_is_refused_at_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = ROUTINE.replace("seconds = 30", ", ".join(f"k{n} = 1" for n in range(5000)))
    err = _check(tmp_path, capsys, "keys.toml", text)
    assert err.endswith("keys.toml: hold: an object of 5,000 keys; at most 1,000\n")


def test_many_problems_are_counted_and_cut(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = json.loads(builtin_library_text())
    raw["stretches"] = [1] * 900
    err = _check(tmp_path, capsys, "many.json", json.dumps(raw))
    assert "900 problems" in err
    assert err.endswith("  … and 890 more\n")


def test_an_unknown_plan_suggests_the_nearest(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan", "quik"]) == 2
    assert capsys.readouterr().err == (
        "backside: no plan called 'quik'; did you mean quick? "
        "(the plans: quick, strength, full, flow, after-run)\n"
    )
