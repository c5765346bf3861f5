"""Engine events to chimes, speech and the awake lock, with fakes throughout."""

from __future__ import annotations

from app.core.events import (
    ChimeDue,
    Event,
    Paused,
    Resumed,
    SecondChanged,
    SessionFinished,
    SetFinished,
    StepStarted,
    Suspended,
)
from app.core.steps import Chime, Section, Step, StepKind
from app.sound.backends import BellBackend
from app.sound.cues import Cues
from app.sound.player import ChimePlayer
from app.sound.voice import SETTLE_SECONDS, Voice
from app.system.awake import Inhibitor
from tests.sound.fakes import FakeBackend, FakeClock, FakeSpawner, FakeSpeaker, fake_sounds


def step(
    index: int,
    kind: StepKind,
    title: str,
    speech: str = "",
    set_number: int | None = None,
    set_count: int | None = None,
) -> Step:
    return Step(
        index=index,
        kind=kind,
        section=Section.STRENGTH,
        start=float(index * 10),
        duration=10.0,
        title=title,
        speech=speech,
        set_number=set_number,
        set_count=set_count,
    )


class Rig:
    def __init__(self, backends: list[FakeBackend | BellBackend] | None = None) -> None:
        self.clock = FakeClock()
        self.backend = FakeBackend(clock=self.clock)
        self.speaker = FakeSpeaker()
        self.spawner = FakeSpawner()
        self.statuses: list[str] = []
        self.flashes: list[Chime] = []
        self.player = ChimePlayer(
            backends or [self.backend],
            fake_sounds(ringing=0.5),
            on_flash=self.flashes.append,
            clock=self.clock,
            threaded=False,
        )
        self.voice = Voice(
            self.speaker, quiet_at=self.player.quiet_at, clock=self.clock, threaded=False
        )
        self.awake = Inhibitor([["inhibit"]], spawn=self.spawner, clock=self.clock)
        self.cues = Cues(self.player, self.voice, self.awake, on_status=self.statuses.append)
        self.player._on_status = self.cues.tell
        self.voice._on_status = self.cues.tell

    def feed(self, events: list[Event], seconds: float = 1.0) -> None:
        """Hand over `events`, let the voice start what it may (the chimes ring 0.5 s),
        then let `seconds` pass in all."""
        self.cues.handle_all(events)
        first = min(seconds, 0.6)
        self.clock.advance(first)
        self.voice.pump()
        self.speaker.finish_all()
        self.voice.pump()
        self.clock.advance(seconds - first)

    @property
    def chimes(self) -> list[str]:
        return [name for name, _ in self.backend.plays]

    @property
    def said(self) -> list[str]:
        return self.voice.spoken


def test_a_practice_sounds_right() -> None:
    rig = Rig()
    rig.cues.start()
    get_ready = step(0, StepKind.GET_READY, "Locust", "Locust, airplane arms, 45 seconds", 1, 2)
    hold = step(1, StepKind.HOLD, "Locust", "", 1, 2)
    switch = step(2, StepKind.SWITCH_SIDES, "Switch sides", "Switch sides", 1, 2)
    rest = step(3, StepKind.REST, "Rest", "Rest, 30 seconds. Next: Bow")
    last = step(
        4, StepKind.GET_READY, "Locust", "Last set. Locust, airplane arms, 45 seconds", 2, 2
    )
    done = step(5, StepKind.DONE, "Practice complete", "Practice complete. Well done.")
    rig.feed([StepStarted(get_ready)], 5)
    rig.feed([SecondChanged(0, 3), ChimeDue(0, Chime.COUNTDOWN, 3)])
    rig.feed([SecondChanged(0, 2), ChimeDue(0, Chime.COUNTDOWN, 2)])
    rig.feed([SecondChanged(0, 1), ChimeDue(0, Chime.COUNTDOWN, 1)])
    rig.feed([StepStarted(hold), ChimeDue(1, Chime.HOLD_START)], 10)
    rig.feed([StepStarted(switch), ChimeDue(2, Chime.SWITCH_SIDES)], 10)
    rig.feed([SetFinished(1, 2), StepStarted(rest), ChimeDue(3, Chime.SET_FINISHED)], 30)
    rig.feed([StepStarted(last)], 10)
    rig.feed(
        [
            StepStarted(done),
            ChimeDue(5, Chime.SESSION_FINISHED),
            SessionFinished(300, 5, 0, quit=False),
        ],
        5,
    )
    assert rig.chimes == [
        "countdown",
        "countdown",
        "countdown",
        "hold-start",
        "switch-sides",
        "set-finished",
        "session-finished",
    ]
    assert rig.said == [
        "Locust, airplane arms, 45 seconds",
        "Switch sides",
        "Rest, 30 seconds. Next: Bow",
        "Last set. Locust, airplane arms, 45 seconds",
        "Practice complete. Well done.",
    ]
    assert not rig.awake.held
    assert rig.statuses == []


def test_speech_waits_for_the_chime_of_the_same_tick() -> None:
    rig = Rig()
    switch = step(2, StepKind.SWITCH_SIDES, "Switch sides", "Switch sides")
    rig.cues.handle(StepStarted(switch))
    rig.cues.handle(ChimeDue(2, Chime.SWITCH_SIDES))
    rig.clock.advance(SETTLE_SECONDS)
    rig.voice.pump()
    assert rig.said == []  # the chime still rings (0.5 s)
    rig.clock.advance(0.5)
    rig.voice.pump()
    assert rig.said == ["Switch sides"]


def test_a_chime_hushes_speech() -> None:
    rig = Rig()
    rig.cues.handle(StepStarted(step(0, StepKind.REST, "Rest", "Rest, 30 seconds. Next: Bow")))
    rig.clock.advance(1)
    rig.voice.pump()
    rig.cues.handle(ChimeDue(0, Chime.COUNTDOWN, 3))
    assert rig.speaker.utterances[0].stopped
    assert rig.chimes == ["countdown"]


def test_nothing_is_said_after_a_quit() -> None:
    rig = Rig()
    rig.cues.start()
    rig.feed([SessionFinished(10, 1, 0, quit=True)])
    assert rig.said == []
    assert not rig.awake.held


def test_pause_resume_and_suspend_drive_the_lock() -> None:
    rig = Rig()
    rig.cues.start()
    assert rig.awake.held
    rig.cues.handle(Paused())
    rig.clock.advance(600)
    rig.cues.handle(SecondChanged(0, 5))  # any event polls the inhibitor
    assert not rig.awake.held
    rig.cues.handle(Resumed())
    assert rig.awake.held
    rig.cues.handle(Suspended(gap_seconds=900))
    assert not rig.awake.held


def test_mute_and_voice_keys() -> None:
    rig = Rig()
    assert rig.cues.toggle_mute() is True
    assert rig.cues.muted
    rig.cues.handle(ChimeDue(0, Chime.HOLD_START))
    assert rig.chimes == []
    assert rig.cues.toggle_voice() is False
    rig.feed([StepStarted(step(0, StepKind.REST, "Rest", "Rest"))])
    assert rig.said == []
    assert rig.cues.toggle_voice() is True
    assert rig.cues.toggle_mute() is False


def test_no_device_still_gives_a_bell_and_flash_and_one_status_line() -> None:
    rings: list[int] = []
    rig = Rig(
        [
            FakeBackend("simpleaudio", open_error="not installed"),
            FakeBackend("miniaudio", open_error="no sound device"),
            BellBackend(lambda: rings.append(1)),
        ]
    )
    rig.player._on_status = rig.cues.tell
    rig.cues.start()
    for chime in [Chime.COUNTDOWN, Chime.HOLD_START, Chime.SESSION_FINISHED]:
        rig.feed([ChimeDue(0, chime)], 3)
    rig.feed([SessionFinished(10, 1, 0, quit=False)])
    assert len(rings) == 3
    assert rig.flashes == [Chime.COUNTDOWN, Chime.HOLD_START, Chime.SESSION_FINISHED]
    assert rig.statuses == ["Sound: no device; bell and flash instead"]
    assert rig.cues.status == rig.statuses[0]


def test_close_lets_everything_go() -> None:
    rig = Rig()
    rig.cues.start()
    rig.cues.close()
    rig.cues.close()
    assert not rig.awake.held
    assert rig.backend.closed


def test_from_options_builds_the_real_parts(monkeypatch: object) -> None:
    cues = Cues.from_options(sound="off", voice="off", allow_sleep=True)
    try:
        assert cues.player is not None
        assert cues.player.backend is None
        assert cues.voice is not None
        assert not cues.voice.enabled
        assert cues.awake is not None
        assert not cues.awake.enabled
        cues.start()
        cues.handle(ChimeDue(0, Chime.HOLD_START))
    finally:
        cues.close()


def test_the_app_protocol_set_muted_set_voice_and_lazy_start() -> None:
    rig = Rig()
    rig.cues.set_muted(True)
    rig.cues.handle(ChimeDue(0, Chime.HOLD_START))
    assert rig.chimes == []
    assert rig.awake.held  # the first event started the practice
    rig.cues.set_muted(False)
    rig.cues.set_voice("off")
    rig.feed([ChimeDue(0, Chime.HOLD_START), StepStarted(step(0, StepKind.REST, "Rest", "Rest"))])
    assert rig.chimes == ["hold-start"]
    assert rig.said == []
    rig.cues.set_voice("on")
    done = step(1, StepKind.DONE, "Practice complete", "Practice complete. Well done.")
    rig.feed([StepStarted(done), SessionFinished(10, 1, 0, quit=False)])
    assert rig.said == ["Practice complete. Well done."]
    assert not rig.awake.held


def test_the_status_line_keeps_one_message_from_each_part() -> None:
    lines: list[str] = []
    cues = Cues(on_status=lines.append)
    cues.tell("Sound: no device; bell and flash instead")
    cues.tell("Screen: no way to keep it awake here")
    cues.tell("Screen: no way to keep it awake here")
    cues.tell("Sound: miniaudio")
    assert lines == [
        "Sound: no device; bell and flash instead",
        "Sound: no device; bell and flash instead · Screen: no way to keep it awake here",
        "Sound: miniaudio · Screen: no way to keep it awake here",
    ]
    assert cues.status == lines[-1]
