"""Write a practice as a FIT activity file, with fit-tool (BSD-3-Clause).

The layout is `app.core.fit_activity`'s; this module only encodes it, in the
order Garmin's activity files use: file id, the device and software that wrote
it, the timer's start, one set per step (a timer stop and start before a step
that was paused), the timer's stop, one lap, one session (sport `training`,
sub-sport `yoga`) and the activity.

fit-tool is imported only here, and only when a file is written: neither
`--help` nor a practice loads it. Without it, `FitUnavailable` says in one line
how to add it.

A file is written to a hidden temporary name beside its target and renamed into
place, so a folder that a sync tool or an uploader watches never sees half a
file; an existing file is kept unless `force` is given.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

from app import __version__
from app.core.errors import DataError
from app.core.fit_activity import SPORT, SUB_SPORT, Activity, activity, file_name
from app.core.practice_log import LoggedPractice

#: The FIT serial number of backside's files ("backside" in a 32-bit word, more or less).
SERIAL_NUMBER = 0xBAC51DE
#: FIT's epoch, 1989-12-31 00:00 UTC, in seconds since 1970.
FIT_EPOCH = 631065600
#: The product name a FIT reader shows for the device that wrote the file.
PRODUCT_NAME = "backside"


class FitUnavailable(DataError):
    """The FIT library is not installed."""


class FitFileExists(DataError):
    """A file of that name is there already (and `force` was not given)."""


def _millis(moment: datetime) -> int:
    """fit-tool takes times as milliseconds since 1970; the file keeps whole seconds."""
    return round(moment.timestamp()) * 1000


def _software_version(version: str) -> float:
    """The app version "0.1.0" as FIT's software version: its major and minor numbers, 0.1."""
    parts = [part if part.isdigit() else "0" for part in version.split(".")[:2]]
    return min(float(".".join(parts + ["0"] * (2 - len(parts)))), 655.35)


def encode(practice: LoggedPractice) -> bytes:
    """The practice as the bytes of a FIT activity file."""
    try:
        from fit_tool.fit_file_builder import FitFileBuilder
    except ImportError:
        raise FitUnavailable(
            "writing FIT files needs fit-tool: pip install 'fit-tool==0.9.16'"
        ) from None
    laid_out = activity(practice)
    builder = FitFileBuilder(auto_define=True, min_string_size=16)
    for message in _messages(laid_out):
        builder.add(message)
    data: bytes = builder.build().to_bytes()
    return data


def _messages(laid_out: Activity) -> list[Any]:
    from fit_tool.profile.messages.activity_message import ActivityMessage
    from fit_tool.profile.messages.device_info_message import DeviceInfoMessage
    from fit_tool.profile.messages.event_message import EventMessage
    from fit_tool.profile.messages.file_id_message import FileIdMessage
    from fit_tool.profile.messages.lap_message import LapMessage
    from fit_tool.profile.messages.session_message import SessionMessage
    from fit_tool.profile.messages.set_message import SetMessage
    from fit_tool.profile.profile_type import (
        Activity as ActivityType,
    )
    from fit_tool.profile.profile_type import (
        Event,
        EventType,
        ExerciseCategory,
        FileType,
        LapTrigger,
        Manufacturer,
        PoseExerciseName,
        SessionTrigger,
        SetType,
        Sport,
        SubSport,
    )

    start, end = _millis(laid_out.start), _millis(laid_out.end)
    elapsed = max(laid_out.elapsed_seconds, laid_out.timer_seconds)
    timer = laid_out.timer_seconds
    software = _software_version(laid_out.app_version or __version__)
    messages: list[Any] = []

    file_id = FileIdMessage(local_id=0)
    file_id.type = FileType.ACTIVITY
    file_id.manufacturer = Manufacturer.DEVELOPMENT.value
    file_id.product = 0
    file_id.serial_number = SERIAL_NUMBER
    file_id.time_created = start
    file_id.product_name = PRODUCT_NAME
    messages.append(file_id)

    device = DeviceInfoMessage(local_id=1)
    device.timestamp = start
    device.device_index = 0  # the creator: the device that recorded the activity
    device.manufacturer = Manufacturer.DEVELOPMENT.value
    device.product = 0
    device.serial_number = SERIAL_NUMBER
    device.software_version = software
    device.product_name = PRODUCT_NAME
    messages.append(device)

    def timer_event(at: int, kind: Any) -> Any:
        event = EventMessage(local_id=2)
        event.timestamp = at
        event.event = Event.TIMER
        event.event_type = kind
        event.event_group = 0
        return event

    messages.append(timer_event(start, EventType.START))
    pauses = list(laid_out.pauses)
    for index, step in enumerate(laid_out.sets):
        while pauses and pauses[0][1] <= step.start:
            stopped, started = pauses.pop(0)
            messages.append(timer_event(_millis(stopped), EventType.STOP_ALL))
            messages.append(timer_event(_millis(started), EventType.START))
        work = SetMessage(local_id=3)
        work.timestamp = _millis(step.end)
        work.start_time = _millis(step.start)
        work.duration = step.seconds
        work.set_type = SetType.ACTIVE.value
        work.category = [ExerciseCategory[step.category.upper()].value]
        if step.name is not None:
            work.category_subtype = [PoseExerciseName[step.name.upper()].value]
        if step.repetitions is not None:
            work.repetitions = step.repetitions
        work.message_index = index
        messages.append(work)
    for stopped, started in pauses:
        messages.append(timer_event(_millis(stopped), EventType.STOP_ALL))
        messages.append(timer_event(_millis(started), EventType.START))
    messages.append(timer_event(end, EventType.STOP_ALL))

    lap = LapMessage(local_id=4)
    lap.message_index = 0
    lap.timestamp = end
    lap.start_time = start
    lap.event = Event.LAP
    lap.event_type = EventType.STOP
    lap.lap_trigger = LapTrigger.SESSION_END
    lap.total_elapsed_time = elapsed
    lap.total_timer_time = timer
    lap.sport = Sport[SPORT.upper()]
    lap.sub_sport = SubSport[SUB_SPORT.upper()]
    messages.append(lap)

    session = SessionMessage(local_id=5)
    session.message_index = 0
    session.timestamp = end
    session.start_time = start
    session.event = Event.SESSION
    session.event_type = EventType.STOP
    session.trigger = SessionTrigger.ACTIVITY_END
    session.sport = Sport[SPORT.upper()]
    session.sub_sport = SubSport[SUB_SPORT.upper()]
    session.total_elapsed_time = elapsed
    session.total_timer_time = timer
    session.first_lap_index = 0
    session.num_laps = 1
    messages.append(session)

    done = ActivityMessage(local_id=6)
    done.timestamp = end
    done.total_timer_time = timer
    done.num_sessions = 1
    done.type = ActivityType.MANUAL
    done.event = Event.ACTIVITY
    done.event_type = EventType.STOP
    # A local time is seconds since FIT's epoch (1989-12-31), as the wall clock said it.
    offset = laid_out.end.astimezone().utcoffset()
    local = end // 1000 - FIT_EPOCH + (round(offset.total_seconds()) if offset else 0)
    done.local_timestamp = local
    messages.append(done)
    return messages


def write_fit(practice: LoggedPractice, folder: Path, *, force: bool = False) -> Path:
    """Write the practice's FIT file into `folder` and return its path.

    `FitFileExists` when the file is there and `force` is not given; an
    `OSError` when the folder cannot be written.
    """
    data = encode(practice)
    target = folder / file_name(practice)
    if not force and (target.exists() or target.is_symlink()):
        raise FitFileExists(f"{target} is there already (--force writes over it)")
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o644)
        if force:
            os.replace(temporary, target)
        else:
            _place_new(Path(temporary), target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return target


def _place_new(temporary: Path, target: Path) -> None:
    """Rename into place without writing over a file that came meanwhile."""
    try:
        os.link(temporary, target)
    except FileExistsError:
        raise FitFileExists(f"{target} is there already (--force writes over it)") from None
    except OSError:  # a file system without hard links (FAT on a card or a stick)
        if target.exists():
            raise FitFileExists(f"{target} is there already (--force writes over it)") from None
        os.replace(temporary, target)
        return
    os.unlink(temporary)


def export_line(practice: LoggedPractice, folder: Path, *, create: bool = False) -> str:
    """Write the practice's FIT file into `folder` and say so in one line; never raises.

    For the screens and the fit-folder setting: "FIT file: PATH", or why not.
    `create` makes the folder first (the default folder in the data folder); a
    folder the user named is not made, so a sync folder not mounted is said so.
    """
    if practice.active_seconds <= 0:
        return "FIT file: none, the practice has no active time"
    try:
        if create:
            folder.mkdir(parents=True, exist_ok=True)
        elif not folder.is_dir():
            what = "not a folder" if folder.exists() else "no such folder"
            return f"FIT file not written: {folder}: {what}"
        return f"FIT file: {write_fit(practice, folder)}"
    except FitFileExists:
        return f"FIT file: {folder / file_name(practice)} (there already)"
    except DataError as error:
        return f"FIT file not written: {error}"
    except OSError as error:
        return f"FIT file not written: {folder}: {error.strerror or error}"
    except Exception as error:  # a library's fault must not reach a practice's thread
        return f"FIT file not written: {error}"
