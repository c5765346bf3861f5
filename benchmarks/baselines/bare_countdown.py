"""The simplest idiomatic Textual countdown: the yardstick backside is measured against.

    python benchmarks/baselines/bare_countdown.py SECONDS

A `Digits` clock counting down from a deadline on the monotonic clock, redrawn
once a second by `set_interval`; `q` quits. Nothing else: no screens, no
sound, no validation. Time left is `deadline - now`, never a count of ticks.
"""

from __future__ import annotations

import sys
import time
from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Digits


def shown(seconds: float) -> str:
    # The interval fires on the second boundaries, a hair either side: round.
    whole = max(0, round(seconds))
    return f"{whole // 60}:{whole % 60:02d}"


class Countdown(App[None]):
    CSS = "Screen { align: center middle; } Digits { width: auto; }"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("q", "quit", "Quit")]

    def __init__(self, seconds: float) -> None:
        super().__init__()
        self.seconds = seconds
        self.deadline = 0.0

    def compose(self) -> ComposeResult:
        yield Digits(shown(self.seconds))

    def on_mount(self) -> None:
        self.deadline = time.monotonic() + self.seconds
        self.set_interval(1.0, self.redraw)

    def redraw(self) -> None:
        left = self.deadline - time.monotonic()
        self.query_one(Digits).update(shown(left))
        if left <= 0:
            self.exit()


if __name__ == "__main__":
    Countdown(float(sys.argv[1]) if len(sys.argv) > 1 else 60.0).run()
