"""FIT activity files, read back by two decoders: fit-tool, which writes them, and
Garmin's own FIT SDK, which shares no code with it.

Each practice is kept the way a practice is kept (tests/fit_samples.py): a whole
`strength` and `after-run`, one stopped early with q, one killed (no end
written) and one with pauses.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fit_tool.data_message import DataMessage
from fit_tool.exceptions import FitError
from fit_tool.fit_file import FitFile
from fit_tool.profile.profile_type import EventType, FileType, PoseExerciseName, Sport, SubSport
from garmin_fit_sdk import Decoder, Profile, Stream

from app.core.fit_activity import EXERCISES, activity
from app.core.practice_log import LoggedPractice, Outcome
from app.store.fit_file import encode, write_fit
from app.store.library_file import load_library
from tests.fit_samples import SAMPLES

#: What each of our poses is called in the FIT profile, written out here by hand.
POSE_NAMES = {
    "locust": "locust",
    "bow": "bow",
    "reverse-tabletop": "table_top",
    "reverse-plank": "upward_facing_plank",
    "sun-salutation.down-dog": "downward_facing_dog",
    "sun-salutation.mountain": "mountain",
    "childs-pose": "childs",
    "supine-hamstring": "reclined_hand_to_foot",
}


@dataclass(frozen=True)
class Decoded:
    """What one decoder read: the messages in order, and the fields of each."""

    names: list[str]
    messages: list[tuple[str, dict[str, Any]]]

    def of(self, name: str) -> list[dict[str, Any]]:
        return [fields for found, fields in self.messages if found == name]


#: fit-tool gives a field's number; the profile's enum gives its name, as Garmin's SDK does.
_ENUMS: dict[str, Any] = {
    "event_type": EventType,
    "type": FileType,
    "sport": Sport,
    "sub_sport": SubSport,
}


def with_fit_tool(data: bytes) -> Decoded:
    fit = FitFile.from_bytes(data, check_crc=True)
    messages = []
    for record in fit.records:
        message = record.message
        if not isinstance(message, DataMessage):
            continue
        fields = {f.name: f.get_value() for f in message.fields if f.is_valid()}
        for name, enum in _ENUMS.items():
            if name in fields and message.name != "activity":
                fields[name] = enum(fields[name]).name.lower()
        if message.name == "set" and "category_subtype" in fields:
            fields["pose"] = PoseExerciseName(fields["category_subtype"]).name.lower()
        messages.append((message.name, fields))
    return Decoded([name for name, _ in messages], messages)


def with_garmin_sdk(data: bytes) -> Decoded:
    assert Decoder(Stream.from_byte_array(bytearray(data))).check_integrity()
    order: list[tuple[str, dict[str, Any]]] = []
    names = Profile["types"]["mesg_num"]

    def listen(number: int, fields: dict[str, Any]) -> None:
        order.append((names.get(number, str(number)), dict(fields)))

    _, errors = Decoder(Stream.from_byte_array(bytearray(data))).read(
        enable_crc_check=True, mesg_listener=listen
    )
    assert errors == []
    for name, fields in order:
        if name == "set" and "category_subtype" in fields:
            fields["pose"] = Profile["types"]["pose_exercise_name"][fields["category_subtype"]]
    return Decoded([name for name, _ in order], order)


DECODERS: dict[str, Callable[[bytes], Decoded]] = {
    "fit-tool": with_fit_tool,
    "garmin-fit-sdk": with_garmin_sdk,
}


@pytest.fixture(scope="module", params=list(SAMPLES))
def kept(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Any:
    folder = tmp_path_factory.mktemp("history")
    practice = SAMPLES[request.param](folder / "history.sqlite3")
    return request.param, practice, write_fit(practice, folder)


def _key(step: Any) -> str:
    return step.pose_id or step.item_id


@pytest.mark.parametrize("decoder", list(DECODERS))
def test_each_practice_reads_back(kept: Any, decoder: str) -> None:
    sample, practice, path = kept
    assert practice.active_seconds > 0
    decoded = DECODERS[decoder](path.read_bytes())
    laid_out = activity(practice)

    # The order: file id, device, timer start; sets (a pause's stop and start before
    # a paused step); timer stop, lap, session, activity.
    names = decoded.names
    assert names[:3] == ["file_id", "device_info", "event"]
    assert names[-4:] == ["event", "lap", "session", "activity"]
    assert set(names[3:-4]) <= {"set", "event"}
    events = decoded.of("event")
    kinds = [str(e["event_type"]).lower().removeprefix("eventtype.") for e in events]
    assert kinds == ["start", *["stop_all", "start"] * len(laid_out.pauses), "stop_all"]

    (file_id,) = decoded.of("file_id")
    assert file_id["type"] == "activity"
    (device,) = decoded.of("device_info")
    assert device["product_name"] == "backside"

    # Sport and sub-sport.
    for message in (*decoded.of("session"), *decoded.of("lap")):
        assert (message["sport"], message["sub_sport"]) == ("training", "yoga")

    # One set per step the history kept, each named from the profile.
    sets = decoded.of("set")
    assert len(sets) == len(practice.steps)
    for found, step in zip(sets, practice.steps, strict=True):
        assert found["duration"] == pytest.approx(step.active_seconds, abs=0.001)
        if _key(step) in POSE_NAMES:
            assert found["pose"] == POSE_NAMES[_key(step)], step.title
        if step.lifts_left is not None:
            assert found["repetitions"] == step.lifts_left + (step.lifts_right or 0)
    if sample in ("strength", "paused"):
        poses = {POSE_NAMES[s.pose_id] for s in practice.steps}
        assert (
            {s["pose"] for s in sets}
            == poses
            == {
                "locust",
                "bow",
                "table_top",
                "upward_facing_plank",
            }
        )

    # Timer time: the history's active seconds, to the second; elapsed adds the pauses.
    (session,) = decoded.of("session")
    assert round(session["total_timer_time"]) == round(practice.active_seconds)
    assert decoded.of("lap")[0]["total_timer_time"] == session["total_timer_time"]
    assert decoded.of("activity")[0]["total_timer_time"] == session["total_timer_time"]
    paused = sum((b - a).total_seconds() for a, b in laid_out.pauses)
    assert session["total_elapsed_time"] >= session["total_timer_time"] + paused - 1


def test_the_samples_are_what_they_say(tmp_path: Path) -> None:
    stopped = SAMPLES["stopped early"](tmp_path / "a.sqlite3")
    assert stopped.outcome is Outcome.STOPPED
    assert len(stopped.steps) == 5
    killed = SAMPLES["killed"](tmp_path / "b.sqlite3")
    assert killed.outcome is Outcome.PARTIAL
    assert killed.ended_at is None
    assert [s.section for s in killed.steps][-1] == "warm-up"
    paused = SAMPLES["paused"](tmp_path / "c.sqlite3")
    assert [s.pauses for s in paused.steps][:6] == [0, 2, 0, 0, 0, 1]
    assert paused.ended_at is not None
    wall = (paused.ended_at - paused.started_at).total_seconds()
    assert wall == pytest.approx(paused.active_seconds + 125, abs=1)


def test_pauses_are_left_out_of_the_sets(tmp_path: Path) -> None:
    practice = SAMPLES["paused"](tmp_path / "history.sqlite3")
    laid_out = activity(practice)
    assert len(laid_out.pauses) == 2
    total = sum((b - a).total_seconds() for a, b in laid_out.pauses)
    assert total == pytest.approx(125, abs=1)
    for stopped, started in laid_out.pauses:
        assert any(s.start == started for s in laid_out.sets)
        assert stopped < started
    # No set overlaps a pause, or the next set.
    for before, after in zip(laid_out.sets, laid_out.sets[1:], strict=False):
        assert before.end <= after.start


@pytest.mark.parametrize("decoder", list(DECODERS))
def test_a_damaged_file_fails_its_check(tmp_path: Path, decoder: str) -> None:
    data = bytearray(encode(SAMPLES["stopped early"](tmp_path / "history.sqlite3")))
    data[40] ^= 0xFF
    with pytest.raises((FitError, AssertionError, ValueError)):
        DECODERS[decoder](bytes(data))


def test_every_name_of_the_table_is_in_both_profiles() -> None:
    garmin = set(Profile["types"]["pose_exercise_name"].values())
    for category, name in EXERCISES.values():
        assert category in Profile["types"]["exercise_category"].values()
        if name is not None:
            assert name in garmin
            assert PoseExerciseName[name.upper()].name.lower() == name


def test_every_pose_movement_and_stretch_of_the_library_is_in_the_table() -> None:
    """A new pose, movement or stretch is named, or said to have no name, in `EXERCISES`."""
    library = load_library(None)
    ids = [pose.id for pose in library.poses]
    ids += [f"{seq.id}.{move.id}" for seq in library.sequences for move in seq.movements]
    ids += [stretch.id for stretch in library.stretches]
    ids += [item.id for item in library.activities]
    assert sorted(ids) == sorted(EXERCISES)


def test_a_practice_with_no_end_ends_at_its_last_step(tmp_path: Path) -> None:
    practice: LoggedPractice = SAMPLES["killed"](tmp_path / "history.sqlite3")
    laid_out = activity(practice)
    assert laid_out.end == practice.steps[-1].ended_at
    assert laid_out.timer_seconds == practice.active_seconds


def test_the_fit_folder_gets_each_finished_practice(tmp_path: Path) -> None:
    """The history listener hands each practice on once its end is written (the fit-folder)."""
    from app.store.fit_file import export_line
    from tests.fit_samples import Practice

    folder = tmp_path / "sync"
    folder.mkdir()
    lines: list[str] = []
    practice = Practice(tmp_path / "history.sqlite3", "strength")
    practice.log._on_finished = lambda kept: lines.append(export_line(kept, folder))
    practice.run_to_hold(3)
    kept = practice.quit()
    (written,) = folder.iterdir()
    assert lines == [f"FIT file: {written}"]
    decoded = with_garmin_sdk(written.read_bytes())
    assert round(decoded.of("session")[0]["total_timer_time"]) == round(kept.active_seconds)


def test_a_fit_folder_that_cannot_be_written_is_one_line(tmp_path: Path) -> None:
    from app.store.fit_file import export_line

    practice = SAMPLES["stopped early"](tmp_path / "history.sqlite3")
    assert export_line(practice, tmp_path / "gone") == (
        f"FIT file not written: {tmp_path / 'gone'}: no such folder"
    )
    (tmp_path / "file").write_text("")
    assert "not a folder" in export_line(practice, tmp_path / "file")
    assert export_line(practice, tmp_path / "made", create=True).startswith("FIT file: ")
