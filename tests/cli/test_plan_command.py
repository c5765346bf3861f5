"""`backside plans` and `backside plan`: output, JSON, and clear errors for bad options."""

from __future__ import annotations

import json

import pytest

from app.cli.main import main


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        status = main(list(argv))
    except SystemExit as exit_:  # argparse's usage errors
        status = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return status, out, err


def test_plans_lists_every_plan_with_its_duration(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run_cli(capsys, "plans")
    assert status == 0
    for plan in ("quick", "strength", "full", "flow", "after-run"):
        assert plan in out
    assert "14:01" in out  # strength


def test_plans_json(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run_cli(capsys, "plans", "--json")
    assert status == 0
    plans = {plan["id"]: plan for plan in json.loads(out)}
    assert plans["strength"]["total_seconds"] == 841
    assert plans["strength"]["sets"] == 2
    assert all(plan["description"] for plan in plans.values())


def test_plan_strength_json_shows_sides_rotation_and_chimes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = run_cli(capsys, "plan", "strength", "--json")
    assert status == 0
    document = json.loads(out)
    steps = document["steps"]
    holds = [s for s in steps if s["kind"] == "hold"]
    assert {s["side"] for s in holds} == {None, "left", "right"}
    locust = [s["version"] for s in holds if s["pose"] == "locust"]
    assert len(set(locust)) == 4  # every version, spread over the two sets
    first = holds[0]
    assert [c["chime"] for c in first["chimes"]] == [
        "hold-start",
        "countdown",
        "countdown",
        "countdown",
    ]
    assert [c["at"] for c in first["chimes"]] == [
        first["start"],
        first["start"] + 42,
        first["start"] + 43,
        first["start"] + 44,
    ]
    kinds = {s["kind"] for s in steps}
    assert kinds == {"get-ready", "hold", "switch-sides", "rest", "done"}
    assert document["total_seconds"] == steps[-1]["start"]


def test_plan_table(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run_cli(capsys, "plan", "quick", "--sets", "2", "--hold", "30")
    assert status == 0
    assert "switch-sides" in out
    assert "total " in out.splitlines()[-1]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--sets", "0"], "--sets takes a whole number from 1 to 10"),
        (["--sets", "2.5"], "--sets takes a whole number from 1 to 10"),
        (["--hold", "-5"], "--hold takes a number from 5 to 600"),
        (["--hold", "abc"], "'abc' is not a number"),
        (["--breaths", "31"], "--breaths takes a whole number from 1 to 30"),
        (["--breath-seconds", "1"], "--breath-seconds takes a number from 2 to 15"),
        (["--hold", "30", "--breaths", "5"], "not allowed with argument"),
    ],
)
def test_bad_options_give_one_clear_message_and_status_2(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    status, out, err = run_cli(capsys, "plan", "strength", *argv)
    assert status == 2
    assert message in err
    assert "Traceback" not in err
    assert out == ""


def test_unknown_plan_names_the_known_plans(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run_cli(capsys, "plan", "marathon")
    assert status == 2
    assert "no plan called 'marathon'" in err
    assert "quick, strength, full, flow, after-run" in err


def _steps(capsys: pytest.CaptureFixture[str], *argv: str) -> list[float]:
    code, out, _ = run_cli(capsys, "plan", *argv, "--json")
    assert code == 0
    return [step["duration"] for step in json.loads(out)["steps"]]


def test_a_plans_start_screen_choices_sit_between_the_command_line_and_the_settings(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from app.system.folders import user_folders

    folders = user_folders()
    assert folders.choices_file is not None
    assert folders.settings_file is not None
    with_20 = _steps(capsys, "strength", "--hold", "20")
    with_30 = _steps(capsys, "full", "--hold", "30")
    with_45 = _steps(capsys, "strength", "--hold", "45")
    folders.settings_file.parent.mkdir(parents=True)
    folders.settings_file.write_text("hold = 30\n")
    folders.choices_file.parent.mkdir(parents=True)
    folders.choices_file.write_text('{"last": "strength", "plans": {"strength": {"hold": 20}}}')
    assert _steps(capsys, "strength") == with_20
    assert _steps(capsys, "strength", "--hold", "45") == with_45
    assert _steps(capsys, "full") == with_30  # the settings: a default for every plan
