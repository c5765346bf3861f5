"""Movements you can hear, in fake time: a real engine, the real cue layer, fake sound and speech.

A practice of one sun salutation round and three alternating lifts a side runs
on a fake clock in 50 ms pulses, as the app's pulse would drive it. The movement
cue must mark every lift and every movement (the round's first one is marked by
its bell), the voice must say what the level asks for, in order, one phrase at a
time and never over a sound, and a phrase too late for its moment is dropped.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.core.cue_pace import cue_at, cue_seconds, walked_cues
from app.core.engine import Engine
from app.core.events import CueReached, RepCounted, StepStarted
from app.core.steps import Chime, Timeline
from app.core.timeline import build_timeline
from app.sound.cues import Cues
from app.sound.player import ChimePlayer
from app.sound.voice import Voice
from app.store.library_file import load_library
from app.store.plans import load_routine_file
from tests.sound.fakes import FakeBackend, FakeClock, fake_sounds

ROUTINE = """
id = "moving"
name = "Moving"
description = "One salutation round, then alternating lifts."
[timing]
get_ready_seconds = 4
breath_seconds = 6
[[warm_up]]
kind = "flow"
sequence = "sun-salutation"
rounds = 1
[[blocks]]
pose = "locust"
versions = ["opposite-lifts"]
hold = { breaths = 1, lifts_per_side = 3 }
"""

PULSE = 0.05
SPEAKING = 0.8
"""How long the fake speech program takes over each phrase."""


@dataclass
class TimedUtterance:
    text: str
    ends: float
    clock: FakeClock
    stopped: bool = False

    def done(self) -> bool:
        return self.stopped or self.clock() >= self.ends

    def stop(self) -> None:
        self.stopped = True


class TimedSpeaker:
    """Takes `SPEAKING` seconds a phrase; records when each began, and refuses an overlap."""

    name = "fake-speech"

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.utterances: list[TimedUtterance] = []

    def start(self, text: str) -> TimedUtterance:
        assert all(u.done() for u in self.utterances), f"{text!r} over another phrase"
        utterance = TimedUtterance(text, self.clock() + SPEAKING, self.clock)
        self.utterances.append(utterance)
        return utterance


@pytest.fixture(scope="module")
def timeline(tmp_path_factory: pytest.TempPathFactory) -> Timeline:
    path: Path = tmp_path_factory.mktemp("routine") / "moving.toml"
    path.write_text(ROUTINE, encoding="utf-8")
    library = load_library(None)
    return build_timeline(load_routine_file(path, library), library)


@dataclass
class Run:
    backend: FakeBackend
    voice: Voice
    speaker: TimedSpeaker
    events: list[tuple[float, object]]
    start: float


def practise(timeline: Timeline, level: str, *, sound: bool = True) -> Run:
    clock = FakeClock()
    backend = FakeBackend(clock=clock)
    player = ChimePlayer([backend] if sound else [], fake_sounds(0.3), clock=clock, threaded=False)
    speaker = TimedSpeaker(clock)
    voice = Voice(
        speaker, enabled=level != "off", quiet_at=player.quiet_at, clock=clock, threaded=False
    )
    cues = Cues(player, voice)
    cues.set_voice(level)
    engine = Engine(timeline, clock)
    seen: list[tuple[float, object]] = []
    start = clock()
    events = engine.start()
    while True:
        seen += [(clock() - start, event) for event in events]
        cues.handle_all(events)
        voice.pump()
        if engine.state.value == "finished":
            break
        clock.advance(PULSE)
        voice.pump()
        events = engine.tick()
    for _ in range(100):  # let the last phrases be said
        clock.advance(PULSE)
        voice.pump()
    return Run(backend, voice, speaker, seen, start)


def marks(timeline: Timeline) -> list[float]:
    """When a movement cue is planned: each lift and each movement but those a chime marks."""
    planned: list[float] = []
    for step in timeline.steps:
        chimed = any(p.offset_in(step.duration) == 0 for p in step.chimes)
        if step.is_movement:
            moments = [step.start]
        elif step.counts_lifts:
            count = step.movements_done(step.duration, ran_out=True)
            moments = [step.start + n * step.breath_seconds for n in range(count)]
        else:
            continue
        planned += moments[1:] if chimed else moments
    return planned


def test_the_movement_cue_marks_every_lift_and_movement_on_time(timeline: Timeline) -> None:
    run = practise(timeline, "off")
    heard = [at - run.start for name, at in run.backend.plays if name == Chime.MOVEMENT.value]
    planned = marks(timeline)
    movements = [s for s in timeline.steps if s.is_movement]
    lifts = [s for s in timeline.steps if s.counts_lifts]
    assert movements
    assert lifts
    assert len(planned) == len(movements) - 1 + 2 * 3 - 1  # round's bell, lift's bell
    assert len(heard) == len(planned)
    for at, due in zip(heard, planned, strict=True):
        assert due - 1e-6 <= at < due + PULSE + 1e-6, (at, due)
    # Never in place of a chime: every chime of the timeline still sounds.
    chimes = [name for name, _ in run.backend.plays if name != Chime.MOVEMENT.value]
    assert len(chimes) == sum(len(step.chimes) for step in timeline.steps)


def test_no_movement_cue_with_the_sound_off(timeline: Timeline) -> None:
    run = practise(timeline, "off", sound=False)
    assert run.backend.plays == []


def _said(run: Run) -> list[str]:
    return [u.text for u in run.speaker.utterances]


def test_voice_on_says_the_steps_each_movement_and_each_side_in_order(timeline: Timeline) -> None:
    run = practise(timeline, "on")
    said = _said(run)
    movements = [f"{s.phase}, {s.title.lower()}" for s in timeline.steps if s.is_movement]
    sides = [e.side.value for _, e in run.events if isinstance(e, RepCounted)]
    assert sides == ["left", "right"] * 3
    assert [p for p in said if p in movements] == movements  # every movement, in order
    assert "inhale, upward salute" in said
    assert [p for p in said if p in ("left", "right")] == sides
    titles = [e.step.speech for _, e in run.events if isinstance(e, StepStarted) and e.step.speech]
    assert [p for p in said if p in titles] == titles
    assert not any(isinstance(e, CueReached) and e.text in said for _, e in run.events)
    _no_overlap_and_never_over_a_sound(run)


def test_voice_cues_also_says_each_cue_as_the_marker_reaches_it(timeline: Timeline) -> None:
    run = practise(timeline, "cues")
    reached = [(at, e) for at, e in run.events if isinstance(e, CueReached)]
    assert reached
    said = _said(run)
    spoken_cues = [p for p in said if any(p == e.text for _, e in reached)]
    # Each spoken while the ▶ was still on it, or dropped: never late.
    assert spoken_cues
    assert set(run.voice.dropped) | set(spoken_cues) >= {e.text for _, e in reached}
    for utterance in run.speaker.utterances:
        moments = [at for at, e in reached if e.text == utterance.text]
        if moments:
            began = utterance.ends - SPEAKING - run.start
            assert any(at <= began <= at + 6.0 for at in moments), utterance.text
    _no_overlap_and_never_over_a_sound(run)


def _no_overlap_and_never_over_a_sound(run: Run) -> None:
    spans = [(u.ends - SPEAKING, u.ends) for u in run.speaker.utterances if not u.stopped]
    for (_, end), (begin, _) in itertools.pairwise(spans):
        assert begin >= end - 1e-9
    for name, at in run.backend.plays:
        ringing = (at, at + 0.3)
        for begin, _end in spans:
            assert not ringing[0] < begin < ringing[1], f"a phrase began over {name}"


def test_a_phrase_that_would_be_late_is_dropped() -> None:
    clock = FakeClock()
    speaker = TimedSpeaker(clock)
    voice = Voice(speaker, clock=clock, threaded=False)
    voice.say("Locust, opposite arm and leg, three lifts each side")
    voice.say("left", within=0.5)
    voice.say("right", within=2.0)
    for _ in range(40):
        clock.advance(PULSE)
        voice.pump()
    assert _texts(speaker) == ["Locust, opposite arm and leg, three lifts each side", "right"]
    assert voice.dropped == ["left"]


def _texts(speaker: TimedSpeaker) -> list[str]:
    return [u.text for u in speaker.utterances]


def test_the_marker_and_the_voice_share_one_pace(timeline: Timeline) -> None:
    step = next(s for s in timeline.steps if s.is_get_ready and walked_cues(s))
    pace = cue_seconds(step)
    assert cue_at(step, 0) == 0
    assert cue_at(step, pace - 0.01) == 0
    assert cue_at(step, pace) == 1 % len(walked_cues(step))
