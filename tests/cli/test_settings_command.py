"""`backside settings`: every value, where it comes from; set and unset; precedence."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from app.cli.main import build_parser
from app.store.settings import KEY_NAMES
from tests.cli.running import run


def settings_file() -> Path:
    return Path(os.environ["BACKSIDE_CONFIG_DIR"]) / "settings.toml"


def test_it_explains_every_value(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "settings")
    assert status == 0
    assert str(settings_file()) in out
    for name in KEY_NAMES:
        assert f"\n{name} = " in out
    assert out.count("built-in default") == len(KEY_NAMES)
    assert "sets = as the plan says" in out
    assert "Takes a whole number from 1 to 10." in " ".join(out.split())
    assert max(len(line) for line in out.splitlines()[1:]) <= 80  # but the file's path


def test_set_then_unset(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "settings", "set", "hold", "30")[0] == 0
    assert run(capsys, "settings", "set", "voice", "on")[0] == 0
    assert "hold = 30" in settings_file().read_text()
    status, out, _ = run(capsys, "settings", "--json")
    assert status == 0
    values = {row["key"]: row for row in json.loads(out)["settings"]}
    assert values["hold"]["value"] == 30
    assert values["hold"]["source"] == "settings.toml"
    assert values["voice"]["value"] == "on"
    assert values["sets"]["source"] == "built-in default"
    status, out, _ = run(capsys, "settings", "unset", "hold")
    assert status == 0
    assert "hold = as the plan says" in out
    assert "hold" not in settings_file().read_text()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["set", "hodl", "30"], "'hodl' is not a setting; did you mean 'hold'?"),
        (["unset", "colour"], "'colour' is not a setting"),
        (["set", "sets", "two"], "sets: 'two' is not a number; sets takes a whole number"),
        (["set", "sets", "2.5"], "sets: 2.5 is not a whole number; sets takes a whole number"),
        (["set", "volume", "1e9"], "volume: 1e9 is out of range; volume takes a whole number"),
        (["set", "volume", "50.5"], "volume: 50.5 is not a whole number"),
        (["set", "hold", "1e308"], "hold: 1e308 is out of range; hold takes a number from 5"),
        (["set", "hold", "inf"], "hold: inf is out of range"),
        (["set", "hold", "-inf"], "hold: -inf is out of range"),
        (["set", "sets", "-1e3"], "sets: -1e3 is out of range"),
        (["set", "hold", "nan"], "hold: 'nan' is not a number"),
        (["set", "rest", "9" * 131_000], "rest: 9999999999999999999… is out of range"),
        (["set", "theme", "x" * 131_000], "theme: 'xxxxxxxxxxxxxxxxxxx…' is not one of"),
        (["set", "plan", "x" * 131_000], "no plan or routine called 'xxxxxxxxxxxxxxxxxxx…'"),
        (["set", "x" * 131_000, "1"], "'xxxxxxxxxxxxxxxxxxx…' is not a setting"),
        (["set", "sets", "11"], "sets: 11 is out of range; sets takes a whole number from 1 to 10"),
        (["set", "hold", "2"], "hold: 2 is out of range"),
        (["set", "volume", "-1"], "volume: -1 is out of range"),
        (["set", "voice", "maybe"], "voice: 'maybe' is not one of: off, on, cues"),
        (["set", "sound", "loud"], "sound: 'loud' is not one of: auto"),
        (["set", "plan", "evening"], "no plan or routine called 'evening'"),
    ],
)
def test_a_bad_key_or_value_is_one_message_and_status_2(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    status, _out, err = run(capsys, "settings", *argv)
    assert status == 2
    assert message in err
    assert len(err.strip().splitlines()) == 1
    assert len(err) < 400  # a long value is cut, never echoed whole
    assert not settings_file().exists()


def test_a_broken_file_is_shown_and_never_overwritten(capsys: pytest.CaptureFixture[str]) -> None:
    path = settings_file()
    path.parent.mkdir(parents=True)
    path.write_text("sets = 12\n")
    status, out, err = run(capsys, "settings")
    assert status == 2
    assert f"{path}:1:1: sets: 12 is out of range" in err
    assert "sets = as the plan says" in out  # the built-in defaults apply
    status, _, err = run(capsys, "settings", "set", "hold", "30")
    assert status == 2
    assert "fix or remove" in err
    assert path.read_text() == "sets = 12\n"


def test_a_broken_file_never_stops_a_command(capsys: pytest.CaptureFixture[str]) -> None:
    path = settings_file()
    path.parent.mkdir(parents=True)
    path.write_text("hold = [\n")
    status, out, err = run(capsys, "plan", "quick")
    assert status == 0
    from app.core.timefmt import clock
    from app.core.timeline import build_timeline
    from app.store.library_file import load_library
    from app.store.plans import load_builtin_plan

    library = load_library(None)
    total = build_timeline(load_builtin_plan("quick", library), library).total
    assert f"total {clock(total)}" in out  # the plan as built in, no settings
    assert f"{path}:" in err
    assert "Settings ignored, the built-in defaults apply: " in err


def totals(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, object]:
    status, out, _ = run(capsys, "plan", *argv, "--json")
    assert status == 0
    document: dict[str, object] = json.loads(out)
    return document


def hold_targets(document: dict[str, object]) -> set[tuple[str, float]]:
    steps = document["steps"]
    assert isinstance(steps, list)
    return {
        (step["measure"], step["target"])
        for step in steps
        # Alternating lifts are counted their own way (lifts, or breaths a side).
        if step["kind"] == "hold" and step["pose"] and step["version"] != "opposite-lifts"
    }


def test_command_line_then_settings_then_built_in(capsys: pytest.CaptureFixture[str]) -> None:
    assert hold_targets(totals(capsys, "strength")) == {("seconds", 45)}
    run(capsys, "settings", "set", "hold", "30")
    run(capsys, "settings", "set", "sets", "1")
    with_settings = totals(capsys, "strength")
    assert hold_targets(with_settings) == {("seconds", 30)}
    assert {step["sets"] for step in with_settings["steps"] if step["sets"]} == {1}  # type: ignore[union-attr]
    assert hold_targets(totals(capsys, "strength", "--hold", "60")) == {("seconds", 60)}
    # A hold in breaths on the command line replaces the settings' hold in seconds.
    assert hold_targets(totals(capsys, "strength", "--breaths", "8")) == {("breaths", 8)}


def test_run_takes_sound_voice_and_volume_from_the_settings(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from app.cli.commands.run import choices_from
    from app.store.settings import load_settings

    run(capsys, "settings", "set", "sound", "off")
    run(capsys, "settings", "set", "voice", "true")
    run(capsys, "settings", "set", "rest", "15")
    settings = load_settings(settings_file()).settings
    parser = build_parser()
    choices = choices_from(parser.parse_args(["run", "strength"]), settings)
    assert (choices.sound, choices.voice, choices.rest_seconds) == (False, "on", 15)
    choices = choices_from(
        parser.parse_args(["run", "strength", "--sound", "auto", "--no-voice", "--rest", "0"]),
        settings,
    )
    assert (choices.sound, choices.voice, choices.rest_seconds) == (True, "off", 0)
    for argv, level in ((["--voice"], "on"), (["--voice", "cues"], "cues")):
        args = parser.parse_args(["run", "strength", *argv])
        assert choices_from(args, settings).voice == level


def test_validate_knows_a_settings_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "settings.toml"
    path.write_text("sets = 2\nvoice = true\n")
    status, out, _ = run(capsys, "validate", str(path))
    assert status == 0
    assert "ok, settings: sets, voice" in out
    path.write_text("sets = 2\nvoise = true\n")
    status, _, err = run(capsys, "validate", str(path))
    assert status == 2
    assert f"{path}:2:1: 'voise' is not a setting; did you mean 'voice'?" in err


def test_a_hold_in_breaths_replaces_one_in_seconds(capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "settings", "set", "hold", "30")
    status, out, _ = run(capsys, "settings", "set", "breaths", "8")
    assert status == 0
    assert "hold unset: a hold is in seconds or in breaths" in out
    assert "hold" not in settings_file().read_text()
