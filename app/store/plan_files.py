"""Read routines from disk: the built-in plans in `data/plans/`, or a user's TOML file."""

from __future__ import annotations

from pathlib import Path

from app.core.errors import DataError, did_you_mean, known_list
from app.core.models import Library
from app.core.plans import check_routine, parse_routine
from app.core.routine import Routine
from app.core.routine_file import check_routine_file, parse_routine_file
from app.store.shipped import data_dir
from app.store.text_files import read_text_file, shown_value

#: The order `backside plans` and the start screen list them in: shortest first.
BUILTIN_ORDER = ("quick", "strength", "full", "flow", "after-run")

#: Routine files are small; anything larger is not one.
MAX_ROUTINE_BYTES = 256 * 1024


def builtin_plan_ids() -> tuple[str, ...]:
    shipped = {
        entry.name.removesuffix(".toml")
        for entry in data_dir().joinpath("plans").iterdir()
        if entry.name.endswith(".toml")
    }
    ordered = [plan for plan in BUILTIN_ORDER if plan in shipped]
    return (*ordered, *sorted(shipped - set(ordered)))


def load_builtin_plan(plan_id: str, library: Library) -> Routine:
    if plan_id not in builtin_plan_ids():
        known = builtin_plan_ids()
        hint = did_you_mean(plan_id, known)
        raise DataError(
            f"no plan called {shown_value(plan_id)!r}{hint} (the plans: {known_list(known)})"
        )
    source = f"plans/{plan_id}.toml"
    text = data_dir().joinpath("plans", f"{plan_id}.toml").read_text(encoding="utf-8")
    routine = parse_routine(text, source)
    check_routine(routine, library, source)
    return routine


def load_routine_file(path: Path, library: Library) -> Routine:
    """A routine file anywhere: the same format as the plans, with defaults for all but poses."""
    source = str(path)
    text = read_text_file(path, MAX_ROUTINE_BYTES)
    routine = parse_routine_file(text, source, path.stem)
    check_routine_file(routine, library, source)
    return routine


def load_plan(name_or_path: str, library: Library) -> Routine:
    """A built-in plan or one of the user's routines by id, or a routine file by path."""
    if name_or_path.endswith(".toml") or "/" in name_or_path:
        return load_routine_file(Path(name_or_path), library)
    if name_or_path in builtin_plan_ids():
        return load_builtin_plan(name_or_path, library)
    from app.store.routines import load_user_routines, not_read  # they list the built-in plans

    mine = load_user_routines(library)
    for routine in mine:
        if routine.id == name_or_path:
            if routine.routine is None:
                raise DataError(routine.error or f"{routine.path}: cannot be practised")
            return routine.routine
    unread = not_read(name_or_path)
    if unread is not None:
        raise unread
    known = [*builtin_plan_ids(), *(r.id for r in mine)]
    hint = did_you_mean(name_or_path, known)
    raise DataError(
        f"no plan called {shown_value(name_or_path)!r}{hint} (the plans: {known_list(known)})"
    )
