"""Fixtures for the sound tests: the ALSA file-plugin capture (see alsa_capture.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.sound.alsa_capture import AlsaCapture, unavailable_reason


@pytest.fixture
def alsa_capture(tmp_path: Path) -> Iterator[AlsaCapture]:
    """An ALSA default device that records, with a real-time clock, what is played to it.

    Pass `alsa_capture.env` to the child process that plays; once it has
    finished, `check_heard(alsa_capture.capture, ...)` or read
    `alsa_capture.capture.onset(after, before)`.
    """
    reason = unavailable_reason()
    if reason:
        pytest.skip(reason)
    with AlsaCapture(tmp_path) as capture:
        yield capture
