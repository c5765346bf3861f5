"""The one place that finds the user's folders: settings and routines, history, sounds, cache.

- config (`settings.toml`, `routines/`, `sounds/`): `$BACKSIDE_CONFIG_DIR`, else the
  platform's config folder (`$XDG_CONFIG_HOME/backside`, `~/.config/backside`);
- data (the practice history, each plan's start-screen choices): `$BACKSIDE_DATA_DIR`,
  else the platform's data folder (`$XDG_DATA_HOME/backside`, `~/.local/share/backside`);
- sounds (the user's own chimes): `$BACKSIDE_SOUNDS`, else `sounds/` in the config folder;
- cache (what can be rebuilt: validated libraries): `$BACKSIDE_CACHE_DIR`, else the
  platform's cache folder (`$XDG_CACHE_HOME/backside`, `~/.cache/backside`).

Looking a folder up never creates it: whatever writes there creates it first.
A folder that cannot be found (no home folder, as in some containers) is None,
and backside practises without it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "backside"


@dataclass(frozen=True, slots=True)
class Folders:
    """Where backside keeps the user's files; None where no folder can be found."""

    config: Path | None
    data: Path | None
    sounds: Path | None
    cache: Path | None = None
    """Only for what can be rebuilt: losing it costs a validation, nothing more."""

    @property
    def settings_file(self) -> Path | None:
        return None if self.config is None else self.config / "settings.toml"

    @property
    def routines(self) -> Path | None:
        return None if self.config is None else self.config / "routines"

    @property
    def history_file(self) -> Path | None:
        return None if self.data is None else self.data / "history.sqlite3"

    @property
    def choices_file(self) -> Path | None:
        """Each plan's start-screen choices and the last plan picked: state, kept with
        the history, not configuration."""
        return None if self.data is None else self.data / "choices.json"

    @property
    def missing(self) -> tuple[str, ...]:
        """The folders that could not be found, by name, for a one-line message."""
        return tuple(
            name
            for name, folder in (("config", self.config), ("data", self.data))
            if folder is None
        )


def user_folders() -> Folders:
    """The user's folders, from the environment as it is now."""
    config = _override("BACKSIDE_CONFIG_DIR") or _platform("config")
    data = _override("BACKSIDE_DATA_DIR") or _platform("data")
    sounds = _override("BACKSIDE_SOUNDS") or (None if config is None else config / "sounds")
    cache = _override("BACKSIDE_CACHE_DIR") or _platform("cache")
    return Folders(config=config, data=data, sounds=sounds, cache=cache)


def _override(name: str) -> Path | None:
    value = os.environ.get(name, "")
    if not value:
        return None
    path = Path(value).expanduser()
    if path.is_absolute():
        return path
    try:
        return Path.cwd() / path
    except OSError:  # the working folder was deleted: a relative path means nothing
        return None


def _platform(kind: str) -> Path | None:
    """platformdirs' folder, or None where it could only make a relative guess.

    With no home folder, `~` stays unexpanded and platformdirs answers with a
    path relative to wherever the user happens to be: never write there.
    """
    import platformdirs

    try:
        if kind == "config":
            found = platformdirs.user_config_dir(APP_NAME, appauthor=False)
        elif kind == "cache":
            found = platformdirs.user_cache_dir(APP_NAME, appauthor=False)
        else:
            found = platformdirs.user_data_dir(APP_NAME, appauthor=False)
    except (RuntimeError, KeyError, OSError):
        return None
    path = Path(found)
    return path if path.is_absolute() else None
