"""The user's own routines: `new`, `edit`, `plans`, and every mistake one clear message."""

from __future__ import annotations

import json
import os
import stat
import sys
from pathlib import Path

import pytest

from app.core import routine_schema
from app.core.routine import Hold
from app.store import text_files
from app.store.library_file import load_library
from app.store.plans import load_catalog, load_user_routines
from tests.cli.running import run


def routines() -> Path:
    return Path(os.environ["BACKSIDE_CONFIG_DIR"]) / "routines"


def routine(name: str, text: str | bytes) -> Path:
    folder = routines()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.toml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_new_writes_a_routine_that_works_as_written(capsys: pytest.CaptureFixture[str]) -> None:
    assert not routines().exists()  # nothing is created until something is written
    status, out, _ = run(capsys, "new", "evening")
    assert status == 0
    path = routines() / "evening.toml"
    assert out.splitlines()[0] == str(path)
    assert run(capsys, "validate", str(path))[0] == 0
    status, out, _ = run(capsys, "plans")
    assert "evening" in out
    assert "yours" in out


def test_the_new_routine_explains_every_key_and_lists_the_ids(
    capsys: pytest.CaptureFixture[str],
) -> None:
    run(capsys, "new", "evening")
    text = (routines() / "evening.toml").read_text()
    for model in (
        routine_schema.Routine,
        routine_schema.Timing,
        routine_schema.PoseBlock,
        routine_schema.Hold,
    ):
        for key in model.model_fields:
            assert key in text, f"{model.__name__}.{key} is not explained"
    library = load_library(None)
    for pose in library.poses:
        assert f'"{pose.id}"' in text
        for version in pose.versions:
            assert version.id in text
    for item in (*library.sequences, *library.stretches, *library.activities):
        assert item.id in text


def test_new_without_a_name_never_overwrites(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "new")[0] == 0
    assert run(capsys, "new")[0] == 0
    assert sorted(p.name for p in routines().iterdir()) == ["my-routine-2.toml", "my-routine.toml"]
    status, _, err = run(capsys, "new", "my-routine")
    assert status == 2
    assert "already exists; change it with: backside edit my-routine" in err


def test_new_with_a_name_that_is_not_an_id(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "new", "Evening Run")
    assert status == 2
    assert "such as 'evening-run'" in err


def test_a_list_of_poses_is_a_routine(capsys: pytest.CaptureFixture[str]) -> None:
    routine("after-long-run", 'poses = ["locust", "reverse-plank"]\n')
    (mine,) = load_user_routines(load_library(None))
    assert mine.routine is not None
    assert mine.routine.id == "after-long-run"
    assert mine.routine.name == "After long run"
    assert mine.routine.sets == 1
    assert mine.routine.hold == Hold(seconds=45)
    status, out, _ = run(capsys, "plan", "after-long-run")
    assert status == 0
    assert "Locust" in out
    assert "Reverse Plank" in out


def test_plans_json_says_whose(capsys: pytest.CaptureFixture[str]) -> None:
    routine("evening", 'poses = ["locust"]\n')
    routine("broken", "hodl = 3\n")
    status, out, _ = run(capsys, "plans", "--json")
    assert status == 0
    rows = {row["id"]: row for row in json.loads(out)}
    assert rows["quick"]["whose"] == "built-in"
    assert rows["evening"]["whose"] == "yours"
    assert rows["evening"]["file"] == str(routines() / "evening.toml")
    assert "did you mean 'hold'" in rows["broken"]["error"]


def test_one_broken_routine_never_hides_the_others(capsys: pytest.CaptureFixture[str]) -> None:
    routine("a-broken", "[[blocks]]\npose = 'cobra'\n")
    routine("b-good", 'poses = ["bow"]\n')
    listed = {plan.id: plan for plan in load_catalog(load_library(None))}
    assert listed["a-broken"].routine is None
    assert "no pose 'cobra'" in listed["a-broken"].error
    assert "\n" not in listed["a-broken"].error
    assert listed["b-good"].routine is not None
    status, _, err = run(capsys, "run", "a-broken")
    assert status == 2
    assert "no pose 'cobra'" in err


BAD_ROUTINES: dict[str, tuple[str | bytes, list[str]]] = {
    "toml-syntax": ("sets = 2\nposes = [locust]\n", [":2:10: not valid TOML"]),
    "unknown-key": (
        'poses = ["bow"]\nhodl = 30\n',
        ["'hodl' is not a key", "did you mean 'hold'?"],
    ),
    "unknown-pose": ('poses = ["cobra"]\n', ["no pose 'cobra'", "known: locust, bow"]),
    "unknown-version": (
        "[[blocks]]\npose = 'bow'\nversions = ['flying']\n",
        ["no version of bow called 'flying'", "no-hands, full-bow"],
    ),
    "hold-out-of-range": ('poses = ["bow"]\nhold = { seconds = 1000 }\n', ["hold.seconds"]),
    "sides-on-a-pose-without": (
        "[[blocks]]\npose = 'bow'\nhold = { breaths = 5, lifts_per_side = 4 }\n",
        ["blocks[0].hold.lifts_per_side", "bow (no-hands, full-bow) has no sides that alternate"],
    ),
    "empty": ("", ["the file is empty", 'poses = ["locust", "reverse-plank"]']),
    "only-comments": ("# nothing yet\n", ["no poses to practise"]),
    "no-poses": ("sets = 2\nposes = []\n", ["no poses to practise"]),
    "not-utf8": (b'name = "caf\xe9"\nposes = ["bow"]\n', [":1:12:", "not UTF-8"]),
    "huge": ("# " + "x" * 300_000 + "\n", ["the limit is 256.0 KiB"]),
}


@pytest.mark.parametrize("name", list(BAD_ROUTINES))
def test_a_bad_routine_is_one_message_and_status_2(
    capsys: pytest.CaptureFixture[str], name: str
) -> None:
    text, fragments = BAD_ROUTINES[name]
    path = routine(name, text)
    for argv in (["validate", str(path)], ["run", name], ["plan", name]):
        status, _, err = run(capsys, *argv)
        assert status == 2, argv
        assert err.startswith(f"backside: {path}")
        for fragment in fragments:
            assert fragment in err, (argv, err)
    (listed,) = [plan for plan in load_catalog(load_library(None)) if plan.mine]
    assert listed.routine is None
    assert listed.error
    assert "\n" not in listed.error


def test_a_folder_named_like_a_routine(capsys: pytest.CaptureFixture[str]) -> None:
    (routines() / "odd.toml").mkdir(parents=True)
    (listed,) = load_user_routines(load_library(None))
    assert "is a folder" in (listed.error or "")
    status, _, err = run(capsys, "run", "odd")
    assert status == 2
    assert "is a folder; expected a file" in err


def test_an_unreadable_routine(capsys: pytest.CaptureFixture[str]) -> None:
    path = routine("locked", 'poses = ["bow"]\n')
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):  # root reads anything: make the read fail instead

            def refuse(file: object, *args: object, **kwargs: object) -> object:
                if Path(str(file)) == path:
                    raise PermissionError(13, "Permission denied")
                return open(file, *args, **kwargs)  # type: ignore[call-overload]

            with pytest.MonkeyPatch.context() as patch:
                # The one place backside opens a user's file for reading.
                patch.setattr(text_files, "open", refuse, raising=False)
                status, _, err = run(capsys, "run", "locked")
        else:
            status, _, err = run(capsys, "run", "locked")
    finally:
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)
    assert status == 2
    assert f"{path}: cannot read: Permission denied" in err


def test_two_routines_with_the_same_name_or_id(capsys: pytest.CaptureFixture[str]) -> None:
    routine("evening", 'name = "Evening"\nposes = ["bow"]\n')
    routine("evening-two", 'name = "evening"\nposes = ["bow"]\n')
    routine("mine", 'id = "evening"\nname = "Mine"\nposes = ["bow"]\n')
    routine("strong", 'id = "strength"\nname = "Strong"\nposes = ["bow"]\n')
    listed = {Path(plan.where).stem: plan for plan in load_catalog(load_library(None)) if plan.mine}
    assert listed["evening"].routine is not None
    assert "the name 'evening' is taken by evening.toml" in listed["evening-two"].error
    assert "the id 'evening' is taken by evening.toml" in listed["mine"].error
    assert "the id 'strength' is taken by a built-in plan" in listed["strong"].error
    status, _, _err = run(capsys, "validate", str(routines() / "strong.toml"))
    assert status == 0  # on its own the file is fine; beside the others it is not


def write_editor(tmp_path: Path, content: str) -> str:
    """An editor that replaces the file with `content` (as a user typing would)."""
    script = tmp_path / "editor.py"
    script.write_text(
        f"import sys\nopen(sys.argv[1], 'w', encoding='utf-8').write({content!r})\n",
        encoding="utf-8",
    )
    return f"{sys.executable} {script}"


def test_edit_opens_the_editor_and_checks_the_routine(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(capsys, "new", "evening")
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", write_editor(tmp_path, 'poses = ["locust"]\nsets = 3\n'))
    status, out, _ = run(capsys, "edit", "evening")
    assert status == 0
    assert "ok, routine 'evening', 3 sets" in out
    monkeypatch.setenv("VISUAL", write_editor(tmp_path, 'poses = ["locus"]\n'))
    status, _, err = run(capsys, "edit", "evening")
    assert status == 2
    assert "no pose 'locus'" in err


def test_edit_a_routine_that_does_not_exist(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "edit", "nope")
    assert status == 2
    assert "no routine called 'nope'" in err
    assert "backside new NAME" in err


def test_edit_without_an_editor(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    run(capsys, "new", "evening")
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.setattr("app.cli.commands.edit.shutil.which", lambda name: None)
    status, _, err = run(capsys, "edit", "evening")
    assert status == 2
    assert "set $EDITOR" in err


def test_built_in_plans_use_the_same_format_and_say_no_numbers() -> None:
    """Descriptions never promise a length or a count: the options change those."""
    import re

    from app.store.plans import builtin_plan_ids, load_builtin_plan

    library = load_library(None)
    number_words = r"\b(one|two|three|four|five|six|ten|minutes?|seconds?|\d+)\b"
    for plan_id in builtin_plan_ids():
        plan = load_builtin_plan(plan_id, library)
        assert plan.description
        found = re.findall(number_words, plan.description.lower())
        assert found in ([], ["one"], ["four"]), (plan_id, found)


def test_an_editor_command_that_cannot_be_read(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    run(capsys, "new", "evening")
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", 'vim "')
    status, _, err = run(capsys, "edit", "evening")
    assert status == 2
    assert err == (
        "backside: $EDITOR is 'vim \"', which cannot be read as a command: no closing quotation\n"
    )


class _EndOfInput:
    """A terminal where the user pressed Ctrl+D."""

    def isatty(self) -> bool:
        return True

    def readline(self) -> str:
        return ""


def test_ctrl_d_at_open_it_again_is_no(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(capsys, "new", "evening")
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", write_editor(tmp_path, 'poses = ["locus"]\n'))
    monkeypatch.setattr(sys, "stdin", _EndOfInput())
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    status, _, err = run(capsys, "edit", "evening")
    assert status == 2
    assert "no pose 'locus'" in err


def test_a_long_routine_name_is_cut(capsys: pytest.CaptureFixture[str]) -> None:
    for command in ("edit", "plan", "run"):
        status, _, err = run(capsys, command, "x" * 131_000)
        assert status == 2, command
        assert "'xxxxxxxxxxxxxxxxxxx…'" in err, command
        assert len(err) < 400, command


def test_past_the_limit_of_routine_files_it_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    from app.store.plans import MAX_ROUTINES, unread_routines_notice

    for number in range(MAX_ROUTINES + 5):
        routine(f"r{number:03}", 'poses = ["locust"]\n')
    status, out, err = run(capsys, "plans")
    assert status == 0
    assert "r199" in out
    assert "r200" not in out
    assert err == (
        "backside: 5 more routine files not read (at most 200 are, by name: the first not"
        " read is r200.toml)\n"
    )
    assert unread_routines_notice() == err.removeprefix("backside: ").strip()
    for command in ("plan", "edit"):
        status, _, err = run(capsys, command, "r203")
        assert status == 2
        assert err == (
            f"backside: {routines() / 'r203.toml'}: not read: the folder holds over 200 routine"
            " files and only the first 200 by name are read; move some out\n"
        )
