"""The notices of a practice: lines that matter, each kept on screen until it can be read.

A notice ("settings.toml ... settings ignored", "Choices not saved: ...",
"History: not being saved (...)") waits its turn in a queue and, once shown,
stays until a step starts at least `NOTICE_SECONDS` after it appeared: someone
face down on a mat looks up now and then, not every second. A notice about the
same thing as an earlier one (the same words before its first colon,
"History: saving again" after "History: not being saved") takes that one's
place, so the news is never stale and never said twice.

`StatusLine` keeps what the status and notice lines say: the reports of the
sound, voice, screen lock and history (each new one a notice too), the app's
notices, and a passing message that goes with its step.

No clock here: the app passes in its own clock's time, so the rules are tested
in fake time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: A notice stays on screen at least this long, and then until the next step starts.
NOTICE_SECONDS = 15.0
#: How the sound and voice join their reports into one line (`Cues.tell`).
PART_SEPARATOR = " · "


def notice_key(text: str) -> str:
    """What a notice is about: the words before its first colon ("History"), or all of it."""
    head, colon, _ = text.partition(":")
    return head.strip() if colon else text.strip()


def parts(line: str) -> dict[str, str]:
    """The reports joined in one status line, by what each is about."""
    return {notice_key(part): part for part in line.split(PART_SEPARATOR) if part.strip()}


@dataclass
class Notice:
    key: str
    text: str
    since: float | None = None
    """When it was first shown (None while it waits behind another)."""


class Notices:
    """A queue of notices: the first is shown, the others wait their turn."""

    def __init__(self, minimum: float = NOTICE_SECONDS) -> None:
        self.minimum = minimum
        self._queue: list[Notice] = []

    def post(self, text: str, now: float) -> None:
        """Add a notice, or put its words in place of an earlier one about the same thing."""
        text = text.strip()
        if not text:
            return
        key = notice_key(text)
        for notice in self._queue:
            if notice.key == key:
                if notice.text != text:
                    notice.text = text
                    if notice.since is not None:
                        notice.since = now  # new words: read them afresh
                return
        self._queue.append(Notice(key, text))
        self._show_first(now)

    def step_started(self, now: float) -> bool:
        """A step began: the notice shown goes if it has been up long enough. True if it went."""
        if not self._queue:
            return False
        first = self._queue[0]
        if first.since is None or now - first.since < self.minimum:
            return False
        self._queue.pop(0)
        self._show_first(now)
        return True

    def _show_first(self, now: float) -> None:
        if self._queue and self._queue[0].since is None:
            self._queue[0].since = now

    @property
    def shown(self) -> str:
        """The notice on screen now ("" when there is none)."""
        return self._queue[0].text if self._queue else ""

    @property
    def waiting(self) -> int:
        """How many notices wait behind the one shown."""
        return max(0, len(self._queue) - 1)

    @property
    def texts(self) -> tuple[str, ...]:
        """Every notice not yet gone, the one shown first."""
        return tuple(notice.text for notice in self._queue)

    @property
    def shown_key(self) -> str | None:
        """What the notice on screen is about ("History"), or None."""
        return self._queue[0].key if self._queue else None

    def line(self) -> str:
        """What the notice line says: the notice shown, first saying how many there are
        when others wait (at the end it could be cut off)."""
        if not self._queue:
            return ""
        count = f"(1 of {len(self._queue)}) " if self.waiting else ""
        return count + short_paths(self.shown)


def short_paths(text: str) -> str:
    """Folders left out of the files named: "settings.toml:1:1: ...", not the whole path,
    so what went wrong fits a narrow screen (the start screen and the commands name them)."""
    return _FOLDERS.sub("", text)


_FOLDERS = re.compile(r"(?<![\w.~])(?:~|\.{1,2})?/(?:[^\s/:]+/)+(?=[^\s/:])")


class StatusLine:
    """What the practice's status and notice lines and the start screen's notice say.

    Three sources: the reports of the sound, voice, screen lock and history (one
    line, each report in it kept until one about the same thing replaces it),
    the app's own notices, and a passing message (mute, a long gap) that goes
    with its step. Each new report is a notice as well, shown until it has been
    read; after that it stays in the status line.
    """

    def __init__(self) -> None:
        self.reports = ""
        """The last line of reports (`report`)."""
        self.notices = Notices()
        """What must be read: the app's notices and each new report."""
        self.message = ""
        """A passing message of the app's own: cleared at the next step."""

    def report(self, text: str, now: float) -> None:
        """The reports' line as it is now: each report new in it is posted as a notice."""
        before = parts(self.reports)
        self.reports = text
        for key, part in parts(text).items():
            if before.get(key) != part:
                self.notices.post(part, now)

    def say(self, text: str) -> None:
        """A passing message, gone at the next step."""
        self.message = text

    def step_started(self, now: float) -> bool:
        """A step began: the passing message goes with it, and a notice read long enough.
        True when the lines changed."""
        gone = self.notices.step_started(now)
        changed = bool(self.message) or gone
        self.message = ""
        return changed

    def passing(self) -> str:
        """The status line: the passing message, then the reports not on the notice line
        (said once, not twice)."""
        shown = self.notices.shown_key
        settled = [part for key, part in parts(self.reports).items() if key != shown]
        return PART_SEPARATOR.join(text for text in (self.message, *settled) if text)

    def start_notice(self) -> str:
        """All the start screen has to say: every notice not yet read, then the other reports."""
        said = self.notices.texts
        reports = [part for part in parts(self.reports).values() if part not in said]
        return PART_SEPARATOR.join([*said, *reports])

    def history_reports(self) -> tuple[str, ...]:
        """What the history said of itself (not being saved, moved aside, saving again):
        still worth saying after the practice, on the summary and the history screen."""
        return tuple(part for key, part in parts(self.reports).items() if key == "History")
