"""ChimePlayer with fake backends: order, replacement, mute, volume, fallback, status line."""

from __future__ import annotations

import threading

import pytest

from app.core.steps import Chime
from app.sound.backends import BellBackend, backends_for
from app.sound.chimes import Sound
from app.sound.player import PROTECT_SECONDS, ChimePlayer
from tests.sound.fakes import FakeBackend, FakeClock, fake_sounds


def make_player(
    *backends: FakeBackend | BellBackend, clock: FakeClock | None = None, **kwargs: object
) -> tuple[ChimePlayer, list[str], list[Chime]]:
    statuses: list[str] = []
    flashes: list[Chime] = []
    player = ChimePlayer(
        list(backends),
        fake_sounds(),
        on_status=statuses.append,
        on_flash=flashes.append,
        clock=clock or FakeClock(),
        threaded=False,
        **kwargs,  # type: ignore[arg-type]
    )
    return player, statuses, flashes


def test_each_chime_plays_its_own_sound_in_order() -> None:
    clock = FakeClock()
    backend = FakeBackend(clock=clock)
    player, statuses, flashes = make_player(backend, clock=clock)
    player.start()
    for chime in Chime:
        player.play(chime)
        clock.advance(2.0)
    assert [name for name, _ in backend.plays] == [chime.value for chime in Chime]
    assert [p.chime for p in player.played] == list(Chime)
    assert statuses == []
    assert flashes == []


def test_ticks_then_hold_start_never_overlap() -> None:
    clock = FakeClock()
    backend = FakeBackend(clock=clock)
    player, _, _ = make_player(backend, clock=clock)
    for _ in range(3):
        player.play(Chime.COUNTDOWN)
        clock.advance(1.0)
    player.play(Chime.HOLD_START)
    # One sound at a time: the hold's start replaced the last tick.
    assert [name for name, _ in backend.plays] == ["countdown"] * 3 + ["hold-start"]
    assert backend.playing == "hold-start"


def test_a_new_chime_replaces_a_ringing_one_of_lower_priority() -> None:
    clock = FakeClock()
    backend = FakeBackend(clock=clock)
    player, _, _ = make_player(backend, clock=clock)
    player.play(Chime.COUNTDOWN)
    clock.advance(0.1)
    player.play(Chime.SESSION_FINISHED)
    assert backend.playing == "session-finished"
    assert player.dropped == []


def test_a_lesser_chime_does_not_cut_a_fresh_important_one() -> None:
    clock = FakeClock()
    backend = FakeBackend(clock=clock)
    player, _, _ = make_player(backend, clock=clock)
    player.play(Chime.SET_FINISHED)
    clock.advance(0.2)
    player.play(Chime.COUNTDOWN)
    assert backend.playing == "set-finished"
    assert player.dropped == [Chime.COUNTDOWN]
    clock.advance(PROTECT_SECONDS)
    player.play(Chime.COUNTDOWN)  # the bell's tail may be cut now
    assert backend.playing == "countdown"


def test_mute_stops_and_silences_until_unmuted() -> None:
    clock = FakeClock()
    backend = FakeBackend(clock=clock)
    player, _, _ = make_player(backend, clock=clock)
    player.play(Chime.HOLD_START)
    assert player.toggle_mute() is True
    assert backend.playing is None
    clock.advance(2)
    player.play(Chime.SWITCH_SIDES)
    assert [name for name, _ in backend.plays] == ["hold-start"]
    assert player.toggle_mute() is False
    player.play(Chime.SWITCH_SIDES)
    assert [name for name, _ in backend.plays] == ["hold-start", "switch-sides"]


@pytest.mark.parametrize(("volume", "gain"), [(100, 1.0), (50, 0.25), (0, 0.0)])
def test_volume_scales_the_samples(volume: float, gain: float) -> None:
    backend = FakeBackend()
    player, _, _ = make_player(backend, volume=volume)
    player.play(Chime.HOLD_START)
    original = fake_sounds()[Chime.HOLD_START].samples
    played: Sound = backend.sounds[-1]
    assert list(played.samples) == [round(x * gain) for x in original]


def test_set_volume_applies_to_the_next_chime() -> None:
    clock = FakeClock()
    backend = FakeBackend(clock=clock)
    player, _, _ = make_player(backend, clock=clock)
    player.set_volume(50)
    player.play(Chime.HOLD_START)
    assert backend.sounds[-1].samples[0] == fake_sounds()[Chime.HOLD_START].samples[0] // 4


def test_missing_backends_are_skipped_quietly_at_start() -> None:
    missing = FakeBackend("simpleaudio", open_error="not installed")
    working = FakeBackend("miniaudio")
    player, statuses, _ = make_player(missing, working)
    player.start()
    player.play(Chime.HOLD_START)
    assert player.backend == "miniaudio"
    assert working.plays
    assert not missing.plays
    assert statuses == []


def test_a_backend_failing_mid_practice_falls_back_and_says_so_once() -> None:
    clock = FakeClock()
    first = FakeBackend("miniaudio", clock=clock, plays_before_failing=2)
    second = FakeBackend("system", clock=clock)
    player, statuses, _ = make_player(first, second, clock=clock)
    player.start()
    for chime in [Chime.HOLD_START, Chime.COUNTDOWN, Chime.SWITCH_SIDES, Chime.SET_FINISHED]:
        player.play(chime)
        clock.advance(2)
    assert [name for name, _ in first.plays] == ["hold-start", "countdown"]
    # The chime that found the device gone is not lost: the next backend plays it.
    assert [name for name, _ in second.plays] == ["switch-sides", "set-finished"]
    assert statuses == ["Sound: miniaudio: device vanished; using system"]
    assert player.status == statuses[0]
    assert player.backend == "system"


def test_no_backend_at_all_uses_the_bell_and_flash() -> None:
    rings: list[int] = []
    backends = [
        FakeBackend("simpleaudio", open_error="not installed"),
        FakeBackend("miniaudio", open_error="no sound device"),
        FakeBackend("system", open_error="no player found"),
        BellBackend(lambda: rings.append(1)),
    ]
    player, statuses, flashes = make_player(*backends)  # type: ignore[arg-type]
    player.start()
    player.play(Chime.HOLD_START)
    player.play(Chime.SESSION_FINISHED)
    assert player.backend == "bell"
    assert len(rings) == 2
    assert flashes == [Chime.HOLD_START, Chime.SESSION_FINISHED]
    assert statuses == ["Sound: no device; bell and flash instead"]


def test_a_forced_backend_that_fails_says_why() -> None:
    player, statuses, flashes = make_player(
        FakeBackend("miniaudio", open_error="no sound device"), BellBackend(lambda: None)
    )
    player.play(Chime.HOLD_START)
    assert statuses == ["Sound: miniaudio: no sound device; bell and flash instead"]
    assert flashes == [Chime.HOLD_START]


def test_sound_off_plays_nothing() -> None:
    player = ChimePlayer(backends_for("off"), fake_sounds(), threaded=False)
    player.start()
    player.play(Chime.HOLD_START)
    assert player.played == []
    assert player.backend is None


def test_quiet_at_covers_the_ringing_chime() -> None:
    clock = FakeClock()
    player, _, _ = make_player(FakeBackend(clock=clock), clock=clock)
    player.play(Chime.HOLD_START)
    assert player.quiet_at() == pytest.approx(clock.now + 1.0)


def test_close_closes_every_backend() -> None:
    first, second = FakeBackend("a"), FakeBackend("b")
    player, _, _ = make_player(first, second)
    player.start()
    player.close()
    assert first.closed
    assert second.closed


class BlockingBackend(FakeBackend):
    def __init__(self) -> None:
        super().__init__("slow")
        self.release = threading.Event()
        self.entered = threading.Event()

    def play(self, sound: Sound) -> None:
        self.entered.set()
        self.release.wait(timeout=5)
        super().play(sound)


def test_play_returns_at_once_even_when_the_backend_is_slow() -> None:
    backend = BlockingBackend()
    player = ChimePlayer([backend], fake_sounds())
    player.start()
    player.play(Chime.HOLD_START)
    player.play(Chime.SWITCH_SIDES)
    # Both calls are back while the backend has not finished the first: they
    # did not wait for it (had they, each would have waited out its timeout and
    # both would be in `plays`). No stopwatch, so no busy machine can fail this.
    assert backend.plays == []
    assert backend.entered.wait(timeout=5)
    backend.release.set()
    player.close()
    assert [name for name, _ in backend.plays] == ["hold-start", "switch-sides"]


def test_an_idle_stream_sleeps_and_wakes_ahead_of_the_next_sound() -> None:
    from app.sound.player import IDLE_SECONDS, WAKE_AHEAD_SECONDS

    clock = FakeClock()
    backend = FakeBackend(clock=clock, holds_stream=True)
    player = ChimePlayer([backend], fake_sounds(0.5), clock=clock, threaded=False)
    player.start()  # the start screen opens it, so the first chime is sure
    assert backend.stream_open
    player.expect(None)  # nothing is due on the start screen
    clock.advance(IDLE_SECONDS - 0.1)
    player.tend()
    assert backend.stream_open
    clock.advance(0.2)
    assert player.tend() is None  # asleep, and nothing to wake for
    assert not backend.stream_open
    clock.advance(10)
    assert not backend.stream_open  # still closed 10 s on
    # A practice says a chime is due in 20 s: the stream opens 1.5 s ahead of it.
    player.expect(20)
    wait = player.tend()
    assert wait == pytest.approx(20 - WAKE_AHEAD_SECONDS)
    clock.advance(20 - WAKE_AHEAD_SECONDS - 0.01)
    player.tend()
    assert not backend.stream_open
    clock.advance(0.02)
    player.tend()
    assert backend.stream_open
    clock.advance(WAKE_AHEAD_SECONDS)
    player.play(Chime.HOLD_START)
    assert [name for name, _ in backend.plays] == ["hold-start"]
    assert [what for what, _ in player.sleeps] == ["sleep", "wake"]


def test_a_stream_is_kept_open_when_a_sound_is_due_soon() -> None:
    clock = FakeClock()
    backend = FakeBackend(clock=clock, holds_stream=True)
    player = ChimePlayer([backend], fake_sounds(0.5), clock=clock, threaded=False)
    player.play(Chime.COUNTDOWN)
    player.expect(6.0)
    clock.advance(5.5)
    player.tend()
    assert backend.stream_open  # the next tick is half a second away


def test_a_backend_with_no_stream_of_its_own_is_left_alone() -> None:
    clock = FakeClock()
    backend = FakeBackend(clock=clock)  # simpleaudio, aplay: a stream per sound
    player = ChimePlayer([backend], fake_sounds(0.5), clock=clock, threaded=False)
    player.start()
    clock.advance(60)
    assert player.tend() is None
    assert player.sleeps == []
