"""`backside history`: one line per practice; `--json` and `--csv` hold every step.

The export's columns are documented in the README ("Your history"); keep the
two in step. Reads the history file, never creates it, and imports neither
Textual nor pydantic.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TextIO

from app.core.errors import DataError
from app.core.practice_log import LoggedPractice, LoggedStep
from app.core.timefmt import clock

#: The CSV's columns: the practice's, then the step's (one row per step).
PRACTICE_COLUMNS = (
    "practice_id",
    "started_at",
    "plan_id",
    "plan",
    "outcome",
    "practice_active_seconds",
    "planned_seconds",
    "sets",
    "library_version",
    "feeling",
    "pain_pose",
)
STEP_COLUMNS = (
    "step_index",
    "ended_at",
    "section",
    "title",
    "version",
    "pose_id",
    "version_id",
    "item_id",
    "side",
    "set_number",
    "measure",
    "target",
    "planned_step_seconds",
    "ending",
    "active_seconds",
    "breaths",
    "lifts_left",
    "lifts_right",
    "pauses",
)


def since_date(text: str) -> date:
    """argparse type for --since: a date as YYYY-MM-DD."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date; --since takes a date as YYYY-MM-DD"
        ) from None


def positive(text: str) -> int:
    """argparse type for --limit: a whole number of practices, 1 or more."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: --limit takes a whole number, 1 or more")
    return value


def history_path() -> Path:
    from app.system.folders import user_folders

    path = user_folders().history_file
    if path is None:
        raise DataError(
            "no data folder found for the history: give one with --data-dir DIR"
            " or BACKSIDE_DATA_DIR"
        )
    return path


def read_practices(since: date | None = None) -> tuple[Path, list[LoggedPractice]]:
    """Every practice in the history file (none when there is no file yet).

    A row that cannot be read is left out, and one line on stderr says how many
    and why. A data folder that is a file, a damaged file, or a file another
    program holds is a `DataError` (one line, exit status 2), said at once.
    """
    import sqlite3

    from app.store.history import History, HistoryBusy

    path = history_path()
    _check_folder(path.parent)
    if not path.exists():
        return path, []
    skipped: list[str] = []
    try:
        history = History.open(path, reading=True)
        try:
            practices = history.practices(since=_day_start(since), on_bad_row=skipped.append)
        finally:
            history.close()
    except HistoryBusy:
        raise DataError(
            f"{path}: another program is holding the history file; try again when it is done"
        ) from None
    except sqlite3.Error as error:
        if "locked" in str(error) or "busy" in str(error):
            raise DataError(
                f"{path}: another program is holding the history file; try again when it is done"
            ) from None
        raise DataError(f"{path}: cannot read the history ({error})") from None
    except OSError as error:
        raise DataError(f"{path}: cannot read the history ({error.strerror or error})") from None
    if skipped:
        rows = f"{len(skipped)} unreadable row{'' if len(skipped) == 1 else 's'}"
        print(f"backside: {path}: left out {rows} ({skipped[0]})", file=sys.stderr)
    return path, practices


def _check_folder(folder: Path) -> None:
    """The data folder, or the nearest of its parents that exists, must be a folder."""
    for place in (folder, *folder.parents):
        try:
            if place.is_dir():
                return
            if place.exists() or place.is_symlink():
                raise DataError(
                    f"{place} is not a folder: the history is kept in {folder}"
                    " (give another with --data-dir DIR or BACKSIDE_DATA_DIR)"
                )
        except OSError as error:
            raise DataError(f"{place}: {error.strerror or error}") from None


def _day_start(day: date | None) -> datetime | None:
    """The start of `day` in local time; None (everything) for a day before any time kept."""
    if day is None:
        return None
    try:
        return datetime(day.year, day.month, day.day).astimezone().astimezone(UTC)
    except (OverflowError, ValueError, OSError):
        # Only the first and last days a date can name are this far out.
        if day.year <= 1:
            return None
        return datetime.max.replace(tzinfo=UTC)


def _local(moment: datetime) -> str:
    return moment.astimezone().isoformat(timespec="seconds")


def _sets(practice: LoggedPractice) -> str:
    return f"{practice.sets_done} of {practice.set_count}" if practice.set_count else ""


def step_record(step: LoggedStep) -> dict[str, object]:
    return {
        "step_index": step.index,
        "ended_at": _local(step.ended_at),
        "section": step.section,
        "title": step.title,
        "version": step.subtitle,
        "pose_id": step.pose_id,
        "version_id": step.version_id,
        "item_id": step.item_id,
        "side": step.side,
        "set_number": step.set_number,
        "measure": step.measure,
        "target": step.target,
        "planned_step_seconds": step.planned_seconds,
        "ending": step.ending,
        "active_seconds": step.active_seconds,
        "breaths": step.breaths,
        "lifts_left": step.lifts_left,
        "lifts_right": step.lifts_right,
        "pauses": step.pauses,
    }


def practice_record(practice: LoggedPractice) -> dict[str, object]:
    return {
        "practice_id": practice.id,
        "started_at": _local(practice.started_at),
        "plan_id": practice.routine_id,
        "plan": practice.routine_name,
        "outcome": practice.outcome.value,
        "practice_active_seconds": practice.active_seconds,
        "planned_seconds": practice.planned_seconds,
        "sets": _sets(practice),
        "library_version": practice.library_version,
        "feeling": None if practice.feeling is None else practice.feeling.value,
        "pain_pose": practice.pain_pose,
    }


def write_text(practices: list[LoggedPractice], out: TextIO) -> None:
    rows = [
        (
            p.started_at.astimezone().strftime("%Y-%m-%d %H:%M"),
            p.routine_name,
            clock(p.active_seconds),
            _sets(p),
            p.outcome.value,
        )
        for p in practices
    ]
    heading = ("when", "plan", "active", "sets", "how it ended")
    widths = [max(len(row[n]) for row in [heading, *rows]) for n in range(len(heading))]
    for row in [heading, *rows]:
        cells = [row[0].ljust(widths[0]), row[1].ljust(widths[1]), row[2].rjust(widths[2])]
        cells += [row[3].ljust(widths[3]), row[4]]
        print("  ".join(cells).rstrip(), file=out)
    total = sum(p.active_seconds for p in practices)
    print(
        f"\n{len(practices)} practice{'' if len(practices) == 1 else 's'},"
        f" {clock(total)} of active practice",
        file=out,
    )


def write_json(practices: list[LoggedPractice], out: TextIO) -> None:
    records = [
        {
            **practice_record(p),
            "options": p.options,
            "app_version": p.app_version,
            "steps": [step_record(s) for s in p.steps],
        }
        for p in practices
    ]
    json.dump(records, out, indent=2, ensure_ascii=False)
    out.write("\n")


def write_csv(practices: list[LoggedPractice], out: TextIO) -> None:
    writer = csv.DictWriter(out, fieldnames=[*PRACTICE_COLUMNS, *STEP_COLUMNS], lineterminator="\n")
    writer.writeheader()
    for practice in practices:
        head = practice_record(practice)
        if not practice.steps:  # a practice stopped before any work ended still has its row
            writer.writerow(head)
        for step in practice.steps:
            writer.writerow({**head, **step_record(step)})


def main(args: argparse.Namespace) -> int:
    path, practices = read_practices(args.since)
    if args.limit is not None:
        practices = practices[-args.limit :]
    out = sys.stdout
    if args.json:
        write_json(practices, out)
    elif args.csv:
        write_csv(practices, out)
    elif not practices:
        where = "since then" if args.since else "yet"
        print(f"No practices {where} (history: {path})")
    else:
        write_text(practices, out)
    return 0
