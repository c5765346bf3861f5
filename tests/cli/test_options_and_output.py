"""Option values as typed, output that cannot be written, and a practice with no terminal."""

from __future__ import annotations

import errno
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli.main import _Parser, build_parser, main, require_terminal
from app.core.errors import DataError
from app.store.shipped import builtin_library_text

ROOT = Path(__file__).resolve().parents[2]

NUMERIC_OPTIONS = ["--sets", "--hold", "--breaths", "--breath-seconds", "--rest", "--get-ready"]


def _backside(
    *arguments: str, env: dict[str, str] | None = None, **options: object
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *arguments],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        text=True,
        timeout=60,
        check=False,
        **options,  # type: ignore[call-overload]
    )


def _usage_error(capsys: pytest.CaptureFixture[str], arguments: list[str]) -> str:
    with pytest.raises(SystemExit) as exit_:
        main(arguments)
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return err


@pytest.mark.parametrize("option", [*NUMERIC_OPTIONS, "--volume"])
@pytest.mark.parametrize("value", ["-inf", "-1e3", "-nan", "-.5"])
def test_a_negative_number_is_a_value(
    capsys: pytest.CaptureFixture[str], option: str, value: str
) -> None:
    command = "run" if option == "--volume" else "plan"
    err = _usage_error(capsys, [command, "quick", option, value])
    assert "expected one argument" not in err
    assert f"argument {option}: " in err
    assert "out of range" in err or "is not a" in err


def test_the_value_is_said_as_typed(capsys: pytest.CaptureFixture[str]) -> None:
    err = _usage_error(capsys, ["plan", "quick", "--hold", "600.0001"])
    assert "--hold: 600.0001 is out of range; --hold takes a number from 5 to 600" in err
    err = _usage_error(capsys, ["plan", "quick", "--hold", "nan"])
    assert "--hold: 'nan' is not a number" in err
    err = _usage_error(capsys, ["plan", "quick", "--sets", "9" * 5000])
    assert "'9999999999999999999…' is not a whole number" in err
    assert len(err) < 200


def test_an_option_value_that_looks_like_an_option_stays_an_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    err = _usage_error(capsys, ["plan", "quick", "--hold", "--sets"])
    assert "expected one argument" in err


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_disk_is_one_line() -> None:
    with open("/dev/full", "w") as full:
        result = _backside("plans", stdout=full, stderr=subprocess.PIPE)
    assert result.returncode == 2
    assert result.stderr == "backside: cannot write the output: No space left on device\n"


def test_a_closed_pipe_is_quiet() -> None:
    reader, writer = os.pipe()
    os.close(reader)  # like `| head -1` once it has its line: nobody reads any more
    try:
        result = _backside("plan", "full", stdout=writer, stderr=subprocess.PIPE)
    finally:
        os.close(writer)
    assert result.returncode == 0
    assert result.stderr == ""


def test_a_closed_pipe_after_the_first_line_is_quiet() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "app", "plan", "full"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    assert process.stderr is not None
    first = process.stdout.readline()
    process.stdout.close()
    err = process.stderr.read()
    assert process.wait(timeout=60) == 0
    assert first.startswith("Full (full)")
    assert err == ""


def test_an_ascii_terminal_shows_what_it_can(tmp_path: Path) -> None:
    raw = json.loads(builtin_library_text())
    raw["poses"][0]["name"] = "Śalabhāsana"
    library = tmp_path / "library.json"
    library.write_text(json.dumps(raw), encoding="utf-8")
    env = {"PYTHONIOENCODING": "ascii"}
    result = _backside("--poses", str(library), "poses", env=env, capture_output=True)
    assert result.returncode == 0, result.stderr
    assert "?alabh?sana" in result.stdout
    result = _backside("validate", str(tmp_path / "café.json"), env=env, capture_output=True)
    assert result.returncode == 2
    assert result.stderr == f"backside: {tmp_path}/caf?.json: no such file\n"


# -- a practice needs a terminal ------------------------------------------------


def test_run_without_a_terminal_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    # Under pytest, stdin is not a terminal.
    assert main(["run", "quick", "--no-sound"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("backside: a practice needs a terminal: the input")
    assert "backside plan," in err
    assert "backside run" not in err


def test_run_with_no_terminal_at_all_exits_at_once() -> None:
    result = _backside("run", "quick", "--no-sound", stdin=subprocess.DEVNULL, capture_output=True)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("backside: a practice needs a terminal")
    assert "\x1b" not in result.stderr
    assert result.stderr.count("\n") == 1


def test_the_bare_command_without_a_terminal_says_so() -> None:
    result = _backside(stdin=subprocess.DEVNULL, capture_output=True)
    assert result.returncode == 2
    assert result.stderr.startswith("backside: a practice needs a terminal")


def test_a_bad_plan_is_still_named_first(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "no-such-plan"]) == 2
    assert "no plan called 'no-such-plan'" in capsys.readouterr().err


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs pseudo-terminals")
def test_stderr_to_a_file_is_no_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    leader, follower = os.openpty()
    try:
        with (
            open(follower, closefd=False) as terminal_in,
            open(follower, "w", closefd=False) as terminal_out,
            open(tmp_path / "errors.log", "w") as log,
        ):
            monkeypatch.setattr(sys, "stdin", terminal_in)
            monkeypatch.setattr(sys, "stdout", terminal_out)
            monkeypatch.setattr(sys, "stderr", terminal_out)
            require_terminal()  # all three a terminal: fine
            monkeypatch.setattr(sys, "stderr", log)
            with pytest.raises(DataError, match="the error output is not one"):
                require_terminal()
    finally:
        os.close(leader)
        os.close(follower)


def test_the_commands_named_exist() -> None:
    with pytest.raises(DataError) as error:
        require_terminal()
    named = [
        name.removeprefix("backside ")
        for name in str(error.value).split("these commands work: ")[1].split(", ")
    ]
    parser = build_parser()
    assert isinstance(parser, _Parser)
    assert set(named) == set(parser.command_names()) - {"run"}
    assert {"plan", "plans", "poses", "validate"} <= set(named)


class _Full(io.StringIO):
    """An output on a full disk: every write fails."""

    def write(self, text: str) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")


def _in_process(
    monkeypatch: pytest.MonkeyPatch, arguments: list[str], *, stdout: object, stderr: object
) -> int:
    monkeypatch.setattr(sys, "stdout", stdout)
    monkeypatch.setattr(sys, "stderr", stderr)
    try:
        return main(arguments)
    except SystemExit as exit_:
        return int(exit_.code or 0)


@pytest.mark.parametrize(
    "arguments", [["--help"], ["--version"], ["plans", "--help"], ["plans"], ["poses"]]
)
def test_output_that_cannot_be_written_is_one_line_and_status_2(
    monkeypatch: pytest.MonkeyPatch, arguments: list[str]
) -> None:
    err = io.StringIO()
    assert _in_process(monkeypatch, arguments, stdout=_Full(), stderr=err) == 2
    assert err.getvalue() == "backside: cannot write the output: No space left on device\n"


def test_a_closed_output_is_said(monkeypatch: pytest.MonkeyPatch) -> None:
    err = io.StringIO()
    assert _in_process(monkeypatch, ["plans"], stdout=None, stderr=err) == 2
    assert err.getvalue() == "backside: cannot write the output: the output is closed\n"


@pytest.mark.parametrize(
    ("arguments", "status"),
    [
        (["validate", "no-such-file.json"], 2),  # its one line cannot be said: still 2
        (["--bogus"], 2),
        (["poses", "no-such-pose"], 2),
        (["validate", str(ROOT / "data" / "plans" / "quick.toml")], 0),
    ],
)
def test_an_unwritable_stderr_keeps_the_status(
    monkeypatch: pytest.MonkeyPatch, arguments: list[str], status: int
) -> None:
    assert _in_process(monkeypatch, arguments, stdout=io.StringIO(), stderr=_Full()) == status


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_help_to_a_full_disk_is_one_line() -> None:
    with open("/dev/full", "w") as full:
        result = _backside("--help", stdout=full, stderr=subprocess.PIPE)
    assert result.returncode == 2
    assert result.stderr == "backside: cannot write the output: No space left on device\n"


def test_a_closed_stdout_is_said() -> None:
    """`backside history >&-`: Python starts with no stdout at all."""
    closed = subprocess.run(
        [sys.executable, "-m", "app", "plans"],
        cwd=ROOT,
        stderr=subprocess.PIPE,
        text=True,
        timeout=60,
        check=False,
        preexec_fn=lambda: os.close(1),
    )
    assert closed.returncode == 2
    assert closed.stderr == "backside: cannot write the output: the output is closed\n"


def test_an_empty_data_folder_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    err = _usage_error(capsys, ["--data-dir", "", "history"])
    assert err.startswith("backside: argument --data-dir: an empty name; give a file or folder\n")


def test_a_long_value_is_cut_in_every_message(capsys: pytest.CaptureFixture[str]) -> None:
    long = "x" * 131_000
    for arguments in ([long], ["history", "--since", long], ["run", "quick", "--sound", long]):
        err = _usage_error(capsys, arguments)
        assert len(err) < 600, arguments[:-1]
    for arguments in (["poses", long], ["validate", long], ["sounds", "--sound", long]):
        status = main(arguments)
        err = capsys.readouterr().err
        assert status == 2
        assert "Traceback" not in err
        assert len(err) < 600, arguments[:-1]


@pytest.mark.parametrize(
    ("argv", "voice"),
    [
        (["run", "--voice", "flow"], "on"),
        (["run", "flow", "--voice"], "on"),
        (["run", "--voice", "cues", "flow"], "cues"),
        (["run", "flow", "--voice", "off"], "off"),
        (["run", "--no-voice", "flow"], "off"),
    ],
)
def test_a_bare_voice_before_the_plan_is_on_and_the_plan_is_the_plan(
    argv: list[str], voice: str
) -> None:
    from app.cli.options import bare_levels_joined

    args = build_parser(argv).parse_args(bare_levels_joined(argv))
    assert args.plan == "flow"
    assert args.voice == voice
