"""The history as the app last heard it: every practice so far, once the file has been read."""

from __future__ import annotations

from datetime import datetime

from app.core.practice_log import LoggedPractice
from app.core.progress import overview_line


class HistoryCache:
    """Every practice so far, as the history listener last read it (None until then)."""

    def __init__(self) -> None:
        self.practices: tuple[LoggedPractice, ...] | None = None
        """Every practice so far, oldest first; None until the history file is read."""

    def overview(self) -> str:
        """The start screen's line about the practices so far ("" before they are read)."""
        if self.practices is None:
            return ""
        return overview_line(self.practices, datetime.now().astimezone())
