"""Find the data shipped with backside, wherever it is installed.

In a wheel, `data/` and `assets/` travel inside the package (see pyproject.toml);
in a source checkout they sit beside it. Neither depends on the working directory.
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path


def _shipped(folder: str) -> Traversable:
    packaged = resources.files("app").joinpath(folder)
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / folder


def data_dir() -> Traversable:
    """The folder holding poses.json and the built-in plans."""
    return _shipped("data")


def sounds_dir() -> Traversable:
    """The folder holding the chime WAV files."""
    return _shipped("assets").joinpath("sounds")


def builtin_library_text() -> str:
    return data_dir().joinpath("poses.json").read_text(encoding="utf-8")
