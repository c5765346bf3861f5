"""Every plan backside can practise: the built-in plans and the user's routines.

The built-in plans are the TOML files shipped in `data/plans/`; the user's
routines are those in `routines/` of the config folder. Both are found, read and
listed here, and parsed and checked by one parser (`app.core.plans`): load one
by id or by path, or list them all, the built-in plans first.

Each of the user's files is loaded on its own, so a mistake in one is that
routine's error (listed with it, never hiding the others) and not the end of
the list. Looking never creates the folder; `write_new_routine` does, when it writes.

A file validated once is kept in the cache folder (`app.store.validated_cache`)
and read back from there, without pydantic, while it is unchanged; the checks
against the library still run at every load.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from app.core.errors import DataError, did_you_mean, known_list
from app.core.models import ID_PATTERN, Library
from app.core.plans import ListedPlan, checked_routine, parse_routine, routine_id_for
from app.core.routine import Routine, routine_data, routine_from_data
from app.store import validated_cache
from app.store.shipped import data_dir
from app.store.text_files import read_text_file, shown_value, write_file_atomically
from app.system.folders import user_folders

#: The order `backside plans` and the start screen list them in: shortest first.
BUILTIN_ORDER = ("quick", "strength", "full", "flow", "after-run")

#: Routine files are small; anything larger is not one.
MAX_ROUTINE_BYTES = 256 * 1024

#: The longest id (see `app.core.models.Id`).
MAX_ID_LENGTH = 40

#: How many files of the folder are read at most: a routines folder holds a handful.
MAX_ROUTINES = 200


@dataclass(frozen=True, slots=True)
class UserRoutine:
    """One file of the routines folder: its routine, or why it cannot be practised."""

    path: Path
    id: str
    """The routine's id, or (when it is broken) the one its file name gives."""
    routine: Routine | None = None
    error: str | None = None
    """The whole message; `problem` is its first line without the file name."""

    @property
    def problem(self) -> str:
        """One line for a list: what is wrong, without the file's path."""
        if self.error is None:
            return ""
        lines = self.error.splitlines()
        first = lines[0]
        if re.search(r": \d+ problems?$", first) and len(lines) > 1:
            first = lines[1].strip()  # "file: 2 problems", then one problem a line
        first = first.removeprefix(str(self.path)).lstrip(":")
        place = re.match(r"(\d+):(\d+): ", first)
        if place:
            first = f"line {place[1]}, column {place[2]}: {first[place.end() :]}"
        return first.strip(" :")


# -- the built-in plans ------------------------------------------------------------


def builtin_plan_ids() -> tuple[str, ...]:
    """The shipped plans' ids, in `BUILTIN_ORDER`, then any others by name."""
    shipped = {
        entry.name.removesuffix(".toml")
        for entry in data_dir().joinpath("plans").iterdir()
        if entry.name.endswith(".toml")
    }
    ordered = [plan for plan in BUILTIN_ORDER if plan in shipped]
    return (*ordered, *sorted(shipped - set(ordered)))


def load_builtin_plan(plan_id: str, library: Library) -> Routine:
    known = builtin_plan_ids()
    if plan_id not in known:
        hint = did_you_mean(plan_id, known)
        raise DataError(
            f"no plan called {shown_value(plan_id)!r}{hint} (the plans: {known_list(known)})"
        )
    source = f"plans/{plan_id}.toml"
    text = data_dir().joinpath("plans", f"{plan_id}.toml").read_text(encoding="utf-8")
    return checked_routine(cached_routine(text, source, plan_id), library, source)


def _builtin(plan_id: str, library: Library) -> ListedPlan:
    """A built-in plan, or why it cannot be practised with this library (it lacks a pose)."""
    try:
        return ListedPlan(id=plan_id, routine=load_builtin_plan(plan_id, library))
    except DataError as error:
        problem = str(error).splitlines()[0].removeprefix(f"plans/{plan_id}.toml: ")
        return ListedPlan(id=plan_id, routine=None, error=problem)


def _builtins(library: Library) -> list[ListedPlan]:
    return [_builtin(plan_id, library) for plan_id in builtin_plan_ids()]


# -- the user's routines -----------------------------------------------------------


def routines_folder() -> Path | None:
    return user_folders().routines


def load_routine_file(path: Path, library: Library, *, cached: bool = True) -> Routine:
    """A routine file anywhere: the same format as the plans, with defaults for all but poses.

    Without `cached` the file is validated in full, whatever the cache holds.
    """
    source = str(path)
    text = read_text_file(path, MAX_ROUTINE_BYTES)
    if cached:
        routine = cached_routine(text, source, path.stem, path=path)
    else:
        routine = parse_routine(text, source, path.stem)
    return checked_routine(routine, library, source)


def cached_routine(text: str, source: str, stem: str, *, path: Path | None = None) -> Routine:
    """The routine `text` validates into: from the cache while it matches, else validated.

    Only the validation of the file is cached: `checked_routine` runs at every
    load, so a changed library is never judged by an old answer. A built-in
    plan (no `path`) is kept by its name, a user's file by its absolute path.
    """
    if path is None:
        kind, key = "plan", f"{source}\0{stem}"
    else:
        kind, key = "routine", f"{_absolute(path)}\0{stem}"
    content = text.encode("utf-8", "surrogatepass")
    payload = validated_cache.read(kind, key, content)
    if payload is not None:
        try:
            return routine_from_data(payload)
        except (KeyError, TypeError, ValueError, AttributeError, RecursionError):
            pass  # the digests matched but the shape did not: validate again
    routine = parse_routine(text, source, stem)
    validated_cache.write(kind, key, content, routine_data(routine))
    return routine


def _absolute(path: Path) -> str:
    try:
        return str(path.absolute())
    except OSError:
        return str(path)


def load_user_routines(library: Library, folder: Path | None = None) -> tuple[UserRoutine, ...]:
    """Every `*.toml` in the routines folder, by file name; none when there is no folder."""
    return _user_routines(library, folder, None)


def _user_routines(
    library: Library, folder: Path | None, builtins: list[ListedPlan] | None
) -> tuple[UserRoutine, ...]:
    paths, _ = _routine_files(folder)
    if not paths:
        return ()
    if builtins is None:
        builtins = _builtins(library)
    ids: dict[str, Path | None] = dict.fromkeys(plan.id for plan in builtins)
    names: dict[str, Path | None] = {
        plan.routine.name.casefold(): None
        for plan in builtins
        if plan.routine is not None  # not a plan whose pose this library lacks
    }
    found: list[UserRoutine] = []
    for path in paths:
        found.append(_load_one(path, library, ids, names))
    return tuple(found)


def _routine_files(folder: Path | None = None) -> tuple[list[Path], list[Path]]:
    """The routine files read (the first `MAX_ROUTINES` by name), and those left unread."""
    folder = routines_folder() if folder is None else folder
    if folder is None or not folder.is_dir():
        return [], []
    try:
        paths = sorted((p for p in folder.iterdir() if p.suffix == ".toml"), key=lambda p: p.stem)
    except OSError:
        return [], []
    return paths[:MAX_ROUTINES], paths[MAX_ROUTINES:]


def unread_routines_notice(folder: Path | None = None) -> str | None:
    """One line when the folder holds more routine files than are read, else None."""
    _, unread = _routine_files(folder)
    if not unread:
        return None
    return (
        f"{len(unread):,} more routine files not read (at most {MAX_ROUTINES} are, by name:"
        f" the first not read is {unread[0].name})"
    )


def not_read(name: str, folder: Path | None = None) -> DataError | None:
    """Why the routine `name` is not there when its file is, past the limit; else None."""
    _, unread = _routine_files(folder)
    for path in unread:
        if name in (path.stem, routine_id_for(path.stem)):
            return DataError(
                f"{path}: not read: the folder holds over {MAX_ROUTINES} routine files and"
                f" only the first {MAX_ROUTINES} by name are read; move some out"
            )
    return None


def _load_one(
    path: Path, library: Library, ids: dict[str, Path | None], names: dict[str, Path | None]
) -> UserRoutine:
    fallback_id = routine_id_for(path.stem)
    try:
        routine = load_routine_file(path, library)
    except DataError as error:
        return UserRoutine(path=path, id=fallback_id, error=str(error))
    for taken, key, what in ((ids, routine.id, "id"), (names, routine.name.casefold(), "name")):
        if key in taken:
            other = taken[key]
            owner = "a built-in plan" if other is None else other.name
            shown = routine.id if what == "id" else routine.name
            return UserRoutine(
                path=path,
                id=routine.id,
                error=f"{path}: the {what} {shown!r} is taken by {owner}; choose another {what}",
            )
    ids[routine.id] = path
    names[routine.name.casefold()] = path
    return UserRoutine(path=path, id=routine.id, routine=routine)


def find_user_routine(name: str, library: Library) -> UserRoutine:
    """The user's routine whose id or file name is `name`, or a `DataError` listing them."""
    mine = load_user_routines(library)
    for routine in mine:
        if name in (routine.id, routine.path.stem):
            return routine
    unread = not_read(name)
    if unread is not None:
        raise unread
    known = known_list(r.id for r in mine) if mine else "none yet (backside new NAME writes one)"
    raise DataError(
        f"no routine called {shown_value(name)!r} in {routines_folder()} (yours: {known})"
    )


def routine_path(name: str) -> Path:
    """Where the routine `name` is written: routines/NAME.toml in the config folder."""
    if len(name) > MAX_ID_LENGTH or not re.match(ID_PATTERN, name):
        raise DataError(
            f"{shown_value(name)!r} cannot name a routine: use lower-case words joined by"
            f" hyphens, at most {MAX_ID_LENGTH} letters, such as {routine_id_for(name)!r}"
        )
    folder = routines_folder()
    if folder is None:
        raise DataError("no config folder found (no home folder?); set BACKSIDE_CONFIG_DIR")
    return folder / f"{name}.toml"


def write_new_routine(path: Path, text: str) -> None:
    """Create `path` (and its folder) with `text`, whole or not at all; never overwrite one."""
    try:
        write_file_atomically(path, text, replace=False)
    except FileExistsError:
        raise DataError(
            f"{path} already exists; change it with: backside edit {path.stem}"
        ) from None


# -- every plan: one by name, or the list ------------------------------------------


def load_plan(name_or_path: str, library: Library) -> Routine:
    """A built-in plan or one of the user's routines by id, or a routine file by path."""
    if name_or_path.endswith(".toml") or "/" in name_or_path:
        return load_routine_file(Path(name_or_path), library)
    if name_or_path in builtin_plan_ids():
        return load_builtin_plan(name_or_path, library)
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


def all_plan_ids(library: Library) -> list[str]:
    """The built-in plans' ids, then the user's routines' ids."""
    return [*builtin_plan_ids(), *(mine.id for mine in load_user_routines(library))]


def load_catalog(library: Library) -> list[ListedPlan]:
    """The built-in plans, then the user's routines; those that cannot be practised (a
    routine with a mistake, a plan whose pose the library lacks) with their error."""
    listed = _builtins(library)
    for mine in _user_routines(library, None, listed):
        listed.append(
            ListedPlan(
                id=mine.id,
                routine=mine.routine,
                mine=True,
                where=str(mine.path),
                error=mine.problem,
            )
        )
    return listed
