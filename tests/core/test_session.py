"""The practice session in fake time: its listeners, its record, and when the next pulse is due."""

from __future__ import annotations

import pytest

from app.core.engine import EngineState, Operation
from app.core.events import Event, Paused, SessionFinished, StepEnded, StepStarted
from app.core.listeners import Begins, EventListener, Mutable, Voiced
from app.core.options import PracticeOptions
from app.core.session import PACER_FRAME_SECONDS, WAKE_MARGIN_SECONDS, PracticeSession
from app.core.steps import Timeline

from .factory import FakeClock, small_practice


class Listener(EventListener, Mutable, Voiced, Begins):
    """Hears everything, as the sound and the history do."""

    def __init__(self) -> None:
        self.events: list[Event] = []
        self.begun: list[str] = []
        self.muted: bool | None = None
        self.voice: str | None = None
        self.due: list[float | None] = []

    def handle(self, event: Event) -> None:
        self.events.append(event)

    def begin(self, timeline: Timeline, choices: PracticeOptions) -> None:
        self.begun.append(timeline.routine_id)

    def set_muted(self, muted: bool) -> None:
        self.muted = muted

    def set_voice(self, level: str) -> None:
        self.voice = level

    def expect_sound(self, in_seconds: float | None) -> None:
        self.due.append(in_seconds)


class Broken:
    def handle(self, event: Event) -> None:
        raise RuntimeError("no speaker")


class Silenced:
    def handle(self, event: Event) -> None:
        pass

    def why_silent(self) -> str:
        return "No sound to turn on"


def run(session: PracticeSession, clock: FakeClock, seconds: float) -> None:
    """Let `seconds` pass in quarter seconds, pulsing after each (as the app's timer does)."""
    for _ in range(round(seconds / 0.25)):
        clock.advance(0.25)
        session.pulse()
    clock.advance(seconds - round(seconds / 0.25) * 0.25)
    session.pulse()


def test_a_practice_begins_for_every_listener_and_its_events_reach_them_and_the_record() -> None:
    clock, listener = FakeClock(), Listener()
    session = PracticeSession(clock, [listener])
    events = session.start(small_practice(), PracticeOptions())
    assert listener.begun == [small_practice().routine_id]
    assert isinstance(events[0], StepStarted)
    assert listener.events == events
    run(session, clock, 5 + 12 + 0.1)
    assert session.record is not None
    assert [done.step.index for done in session.record.done] == [1]
    ended = [event.step.index for event in listener.events if isinstance(event, StepEnded)]
    assert ended == [0, 1]
    assert session.pulse() == []  # no time passed: nothing new


def test_a_finished_practice_is_pulsed_no_more() -> None:
    clock = FakeClock()
    session = PracticeSession(clock)
    session.start(small_practice(), PracticeOptions())
    session.operate(Operation.QUIT)
    assert not session.running
    assert session.record is not None
    assert session.record.finished is not None
    clock.advance(100)
    assert session.pulse() == []
    assert session.quit() == []
    assert session.next_pulse_in() is None


def test_quitting_a_running_practice_records_it_as_stopped() -> None:
    session = PracticeSession(FakeClock())
    session.start(small_practice(), PracticeOptions())
    events = session.quit()
    assert isinstance(events[-1], SessionFinished)
    assert events[-1].quit
    assert session.engine is not None
    assert session.engine.state is EngineState.FINISHED


def test_the_next_pulse_is_due_at_the_next_displayed_second() -> None:
    clock = FakeClock()
    session = PracticeSession(clock)
    assert session.next_pulse_in() is None  # no practice yet
    session.start(small_practice(), PracticeOptions())
    clock.advance(2.3)
    session.pulse()
    assert session.next_pulse_in() == pytest.approx(0.7 + WAKE_MARGIN_SECONDS)
    clock.advance(0.69)
    assert session.next_pulse_in() == pytest.approx(0.01 + WAKE_MARGIN_SECONDS)


def test_a_paused_practice_is_never_due() -> None:
    clock = FakeClock()
    session = PracticeSession(clock)
    session.start(small_practice(), PracticeOptions())
    assert session.ticking
    events = session.operate(Operation.PAUSE)
    assert any(isinstance(event, Paused) for event in events)
    assert not session.ticking
    assert session.running
    assert session.next_pulse_in() is None


def test_the_breath_pacer_is_due_on_its_frames() -> None:
    clock = FakeClock()
    session = PracticeSession(clock)
    session.start(small_practice(), PracticeOptions())
    run(session, clock, 5 + 12 + 3 + 0.1)  # 0.1 s into the breath hold
    assert session.engine is not None
    assert session.engine.step.paced
    expected = PACER_FRAME_SECONDS - 0.1 + WAKE_MARGIN_SECONDS
    assert session.next_pulse_in() == pytest.approx(expected)


def test_a_listener_that_fails_is_dropped_and_said_once() -> None:
    troubles: list[str] = []
    listener = Listener()
    session = PracticeSession(FakeClock(), [Broken(), listener], on_trouble=troubles.append)
    session.start(small_practice(), PracticeOptions())
    session.operate(Operation.NEXT)
    assert troubles == ["Broken stopped: no speaker"]
    assert session.listeners == [listener]
    assert listener.events  # the others hear on


def test_the_sound_and_voice_reach_every_listener_that_can_follow_them() -> None:
    listener = Listener()
    session = PracticeSession(FakeClock(), muted=True, voice="off")
    session.add_listener(listener)
    assert (listener.muted, listener.voice) == (True, "off")
    assert session.toggle_mute() == "Sound on"
    assert session.toggle_voice() == "Voice on"
    assert (listener.muted, listener.voice) == (False, "on")
    assert session.toggle_mute() == "Sound off"
    session.set_sound(voice="off")
    assert (listener.muted, listener.voice) == (True, "off")


def test_v_turns_the_voice_back_on_at_its_level() -> None:
    listener = Listener()
    session = PracticeSession(FakeClock(), [listener], voice="cues")
    assert session.toggle_voice() == "Voice off"
    assert listener.voice == "off"
    assert session.toggle_voice() == "Voice cues"
    assert listener.voice == "cues"


class Speechless:
    def handle(self, event: Event) -> None:
        return None

    def why_speechless(self) -> str:
        return "No speech program: apt-get install espeak-ng"


def test_no_speech_program_keeps_the_voice_off_and_says_what_to_install() -> None:
    listener = Listener()
    session = PracticeSession(FakeClock(), [Speechless(), listener])
    assert session.toggle_voice() == "No speech program: apt-get install espeak-ng"
    assert session.voice == "off"
    assert listener.voice is None  # not told anything new


def test_the_listeners_hear_when_the_next_sound_is_due() -> None:
    clock = FakeClock()
    listener = Listener()
    session = PracticeSession(clock, [listener])
    session.tell_next_sound()
    assert listener.due == [None]  # no practice: nothing is due
    session.start(small_practice(), PracticeOptions())
    first = session.engine.step if session.engine is not None else None
    assert first is not None
    due = listener.due[-1]
    assert due is not None
    assert 0 < due <= first.duration  # a chime of the step, or its end
    session.operate(Operation.PAUSE)
    assert listener.due[-1] is None  # paused: nothing is due


def test_nothing_to_unmute_stays_muted_and_says_why() -> None:
    listener = Listener()
    session = PracticeSession(FakeClock(), [Silenced(), listener], muted=True)
    assert session.toggle_mute() == "No sound to turn on"
    assert session.muted
    assert listener.muted is None  # not told anything new
