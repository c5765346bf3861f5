"""Spoken cues with a fake speaker and clock: queued, one at a time, never over a chime."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from app.sound.voice import SETTLE_SECONDS, ProgramSpeaker, Pyttsx3Speaker, Voice, find_speaker
from tests.sound.fakes import FakeClock, FakeSpeaker


def make_voice(
    quiet_at: float = 0.0,
) -> tuple[Voice, FakeSpeaker, FakeClock, list[str], list[float]]:
    clock = FakeClock()
    speaker = FakeSpeaker()
    statuses: list[str] = []
    quiet = [quiet_at]
    voice = Voice(
        speaker,
        quiet_at=lambda: quiet[0],
        clock=clock,
        on_status=statuses.append,
        threaded=False,
    )
    return voice, speaker, clock, statuses, quiet


def test_phrases_are_queued_and_never_spoken_at_once() -> None:
    voice, speaker, clock, _, _ = make_voice()
    voice.say("Locust, airplane arms, 45 seconds")
    voice.say("Switch sides")
    clock.advance(SETTLE_SECONDS)
    voice.pump()
    voice.pump()
    assert [u.text for u in speaker.utterances] == ["Locust, airplane arms, 45 seconds"]
    speaker.finish_all()
    voice.pump()
    assert [u.text for u in speaker.utterances][-1] == "Switch sides"
    assert voice.spoken == ["Locust, airplane arms, 45 seconds", "Switch sides"]


def test_a_phrase_waits_for_the_chimes_to_fall_quiet() -> None:
    voice, speaker, clock, _, quiet = make_voice()
    quiet[0] = clock.now + 1.5
    voice.say("Rest, 30 seconds. Next: Bow")
    clock.advance(1.0)
    voice.pump()
    assert speaker.utterances == []
    clock.advance(0.6)
    voice.pump()
    assert [u.text for u in speaker.utterances] == ["Rest, 30 seconds. Next: Bow"]


def test_a_phrase_waits_a_moment_for_a_chime_of_the_same_tick() -> None:
    voice, speaker, clock, _, _ = make_voice()
    voice.say("Switch sides")
    voice.pump()
    assert speaker.utterances == []
    clock.advance(SETTLE_SECONDS)
    voice.pump()
    assert len(speaker.utterances) == 1


def test_hush_stops_the_phrase_for_a_chime() -> None:
    voice, speaker, clock, _, _ = make_voice()
    voice.say("Practice complete")
    clock.advance(1)
    voice.pump()
    voice.hush()
    assert speaker.utterances[0].stopped


def test_no_speech_program_is_said_once_and_nothing_breaks() -> None:
    statuses: list[str] = []
    voice = Voice(None, on_status=statuses.append, threaded=False)
    voice.say("Locust")
    voice.say("Switch sides")
    voice.pump()
    assert statuses == ["Voice: no speech program found (install espeak-ng or speech-dispatcher)"]


def test_voice_off_says_nothing_and_toggles() -> None:
    voice, speaker, clock, _, _ = make_voice()
    voice.set_enabled(False)
    voice.say("Locust")
    clock.advance(1)
    voice.pump()
    assert speaker.utterances == []
    assert voice.toggle() is True


def test_turning_voice_on_without_a_program_stays_off_and_says_why() -> None:
    statuses: list[str] = []
    voice = Voice(None, enabled=False, on_status=statuses.append, threaded=False)
    assert voice.toggle() is False
    assert voice.toggle() is False
    assert len(statuses) == 1


def test_find_speaker_prefers_the_listed_order() -> None:
    found = find_speaker(which=lambda name: f"/usr/bin/{name}" if name != "spd-say" else None)
    assert isinstance(found, ProgramSpeaker)
    assert found.argv == ["/usr/bin/espeak-ng"]
    spd = find_speaker(which=lambda name: f"/usr/bin/{name}")
    assert isinstance(spd, ProgramSpeaker)
    assert spd.argv == ["/usr/bin/spd-say", "--wait"]
    assert isinstance(find_speaker(which=lambda _: None, has_module=lambda _: True), Pyttsx3Speaker)
    assert find_speaker(which=lambda _: None, has_module=lambda _: False) is None


@pytest.mark.skipif(sys.platform == "win32", reason="uses sh")
def test_a_speech_program_writes_nothing_to_the_terminal(capfd: pytest.CaptureFixture[str]) -> None:
    speaker = ProgramSpeaker(["sh", "-c", 'echo "$0"; echo oops >&2'])
    utterance = speaker.start("hello")
    for _ in range(200):
        if utterance.done():
            break
        import time

        time.sleep(0.01)
    assert utterance.done()
    out, err = capfd.readouterr()
    assert out == ""
    assert err == ""


@pytest.mark.skipif(sys.platform == "win32", reason="uses sh")
def test_a_speech_program_that_ignores_sigterm_is_killed(tmp_path: Path) -> None:
    """A stuck `spd-say`: hushed for a chime, it still ends, killed after the grace."""
    import signal
    import time

    ready = tmp_path / "ready"
    speaker = ProgramSpeaker(["sh", "-c", f"trap '' TERM; touch '{ready}'; exec sleep 60"])
    utterance = speaker.start("hello")
    deadline = time.monotonic() + 10
    while not ready.exists():
        assert time.monotonic() < deadline, "the program never started"
        time.sleep(0.01)
    started = time.monotonic()
    utterance.stop()
    assert time.monotonic() - started < 0.2  # a chime is due: stop() never waits
    deadline = time.monotonic() + 10
    while not utterance.done():
        assert time.monotonic() < deadline, "the speech program outlived stop()"
        time.sleep(0.02)
    assert utterance._process.returncode == -signal.SIGKILL  # type: ignore[attr-defined]


def test_threaded_voice_speaks_in_the_background() -> None:
    import time

    speaker = FakeSpeaker()
    voice = Voice(speaker)
    voice.say("Locust")
    deadline = time.monotonic() + 20  # a bound only a hang reaches
    while not speaker.utterances and time.monotonic() < deadline:
        time.sleep(0.01)
    voice.close()
    assert [u.text for u in speaker.utterances] == ["Locust"]
