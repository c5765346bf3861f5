"""The app as the launch code makes it: the shipped library and the plans on disk.

`BacksideApp` is handed its library and its list of plans (it never reads the
store itself); the UI tests make it here with the ones `backside` would use.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from app.core.models import Library
from app.core.plans import ListedPlan
from app.ui.app import BacksideApp


@cache
def shipped_library() -> Library:
    from app.store.library_file import load_library

    return load_library(None)


def stored_catalog() -> list[ListedPlan]:
    """The built-in plans and the user's routines, as the start screen lists them."""
    from app.store.plans import load_catalog

    return load_catalog(shipped_library())


def backside_app(*args: Any, **kwargs: Any) -> BacksideApp:
    """A `BacksideApp` given what the launch code gives it, unless the test says otherwise."""
    kwargs.setdefault("library", shipped_library())
    kwargs.setdefault("catalog", stored_catalog)
    return BacksideApp(*args, **kwargs)
