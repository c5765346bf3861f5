"""Fakes for the sound tests: a clock the test moves, a backend, a speaker, a process."""

from __future__ import annotations

import array
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import IO

from app.core.steps import Chime
from app.sound.backends import BackendError
from app.sound.chimes import SAMPLE_RATE, Sound


class FakeClock:
    def __init__(self, now: float = 100.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def fake_sounds(ringing: float = 1.0) -> dict[Chime, Sound]:
    """Tiny sounds, one per chime, each with its own constant sample value."""
    return {
        chime: Sound(chime.value, array.array("h", [1000 * (i + 1)] * 441), SAMPLE_RATE, ringing)
        for i, chime in enumerate(Chime)
    }


class FakeBackend:
    """Records what it plays; fails to open, or to play after `plays_before_failing` plays."""

    def __init__(
        self,
        name: str = "fake",
        *,
        clock: FakeClock | None = None,
        open_error: str | None = None,
        plays_before_failing: int | None = None,
        flashes: bool = False,
        holds_stream: bool = False,
    ) -> None:
        self.name = name
        self.flashes = flashes
        self.holds_stream = holds_stream
        """Like miniaudio's: open from `open()` to `close()` (see `stream_open`)."""
        self.stream_open = False
        self.clock = clock
        self.open_error = open_error
        self.plays_before_failing = plays_before_failing
        self.opened = 0
        self.closed = False
        self.stops = 0
        self.plays: list[tuple[str, float]] = []
        self.sounds: list[Sound] = []
        self.playing: str | None = None

    def open(self) -> None:
        self.opened += 1
        if self.open_error:
            raise BackendError(self.open_error)
        self.stream_open = True

    def check(self) -> None:
        return None

    def play(self, sound: Sound) -> None:
        if self.plays_before_failing is not None and len(self.plays) >= self.plays_before_failing:
            raise BackendError("device vanished")
        self.playing = sound.name  # one sound at a time: this replaces the last
        self.plays.append((sound.name, self.clock() if self.clock else 0.0))
        self.sounds.append(sound)

    def stop(self) -> None:
        self.stops += 1
        self.playing = None

    def close(self) -> None:
        self.closed = True
        self.stream_open = False


@dataclass
class FakeUtterance:
    text: str
    finished: bool = False
    stopped: bool = False

    def done(self) -> bool:
        return self.finished or self.stopped

    def stop(self) -> None:
        self.stopped = True


@dataclass
class FakeSpeaker:
    name: str = "fake-speech"
    utterances: list[FakeUtterance] = field(default_factory=list)

    def start(self, text: str) -> FakeUtterance:
        if any(not u.done() for u in self.utterances):
            raise AssertionError("two phrases at once")
        utterance = FakeUtterance(text)
        self.utterances.append(utterance)
        return utterance

    def finish_all(self) -> None:
        for utterance in self.utterances:
            utterance.finished = True


class FakeProcess:
    def __init__(self, argv: Sequence[str], exit_status: int | None = None) -> None:
        self.argv = list(argv)
        self.returncode = exit_status
        self.stdin: IO[bytes] | None = None
        self.terminated = False

    def poll(self) -> int | None:
        return self.returncode

    def terminate(self) -> None:
        self.terminated = True
        self.returncode = -15

    def wait(self, timeout: float | None = None) -> int:
        return self.returncode if self.returncode is not None else 0


class FakeSpawner:
    def __init__(self, exit_status: int | None = None) -> None:
        self.exit_status = exit_status
        self.processes: list[FakeProcess] = []

    def __call__(self, argv: Sequence[str]) -> FakeProcess:
        process = FakeProcess(argv, self.exit_status)
        self.processes.append(process)
        return process

    @property
    def running(self) -> list[FakeProcess]:
        return [p for p in self.processes if p.returncode is None]
