"""The backends without a sound card: fakes for devices and processes."""

from __future__ import annotations

import array
import importlib
from typing import Any

import pytest

from app.sound import backends as backends_module
from app.sound.backends import (
    BackendError,
    BellBackend,
    MiniaudioBackend,
    SimpleaudioBackend,
    SystemBackend,
    backends_for,
)
from app.sound.chimes import SAMPLE_RATE, Sound
from tests.sound.fakes import FakeSpawner


def sound(value: int = 1000, count: int = 441, name: str = "hold-start") -> Sound:
    return Sound(name, array.array("h", [value] * count), SAMPLE_RATE, 0.01)


@pytest.mark.parametrize(
    ("mode", "names"),
    [
        ("auto", ["simpleaudio", "miniaudio", "system", "bell"]),
        ("simpleaudio", ["simpleaudio", "bell"]),
        ("miniaudio", ["miniaudio", "bell"]),
        ("system", ["system", "bell"]),
        ("bell", ["bell"]),
        ("off", []),
    ],
)
def test_modes(mode: str, names: list[str]) -> None:
    assert [backend.name for backend in backends_for(mode)] == names


def test_unknown_mode() -> None:
    with pytest.raises(ValueError, match="unknown sound mode"):
        backends_for("loud")


def test_a_library_that_does_not_import_is_a_backend_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = importlib.import_module

    def failing(name: str, package: str | None = None) -> Any:
        if name in ("simpleaudio", "miniaudio"):
            raise ImportError(f"No module named {name!r}")
        return real(name, package)

    monkeypatch.setattr(backends_module.importlib, "import_module", failing)
    for backend in (SimpleaudioBackend(), MiniaudioBackend()):
        with pytest.raises(BackendError, match="not installed"):
            backend.open()


class FakeDevice:
    def __init__(self, backend: str = "ALSA", **config: Any) -> None:
        self.config = config
        self.backend = backend
        self.running = False
        self.stop_callback: Any = None
        self.generator: Any = None
        self.closed = False

    def start(self, generator: Any) -> None:
        self.generator = generator
        self.running = True

    def close(self) -> None:
        self.closed = True
        self.running = False

    def pull(self, frames: int) -> array.array[int]:
        data = self.generator.send(frames)
        out = array.array("h")
        out.frombytes(data)
        return out


def test_miniaudio_mixer_plays_then_replaces_with_a_short_fade() -> None:
    devices: list[FakeDevice] = []

    def factory(**config: Any) -> FakeDevice:
        devices.append(FakeDevice(**config))
        return devices[-1]

    backend = MiniaudioBackend(device_factory=factory)
    backend.open()
    device = devices[0]
    assert device.config["nchannels"] == 1
    assert device.config["sample_rate"] == SAMPLE_RATE
    assert list(device.pull(4)) == []  # nothing to play: silence (miniaudio pads)
    backend.play(sound(1000))
    assert list(device.pull(4)) == [1000] * 4
    backend.play(sound(2000))
    first = device.pull(2)
    # The old sound fades out under the new one instead of stopping dead.
    assert 2000 < first[0] < 3000
    rest = device.pull(1000)
    assert rest[-1] == 2000
    assert len(first) + len(rest) == 441
    assert not backend.is_playing()
    backend.close()
    assert device.closed


def test_miniaudio_null_device_is_no_device() -> None:
    backend = MiniaudioBackend(device_factory=lambda **config: FakeDevice("Null", **config))
    with pytest.raises(BackendError, match="no sound device"):
        backend.open()


def test_miniaudio_device_that_stops_is_noticed() -> None:
    devices: list[FakeDevice] = []

    def factory(**config: Any) -> FakeDevice:
        devices.append(FakeDevice(**config))
        return devices[-1]

    backend = MiniaudioBackend(device_factory=factory)
    backend.open()
    devices[0].stop_callback()
    with pytest.raises(BackendError, match="stopped"):
        backend.play(sound())


def test_system_backend_runs_the_first_player_found() -> None:
    spawner = FakeSpawner()
    found = {"aplay": "/usr/bin/aplay", "afplay": "/usr/bin/afplay"}
    backend = SystemBackend(which=found.get, spawn=spawner, probe=False)
    backend.open()
    assert backend.command == ["/usr/bin/aplay", "-q"]
    backend.play(sound(name="hold-start"))
    backend.play(sound(name="countdown"))
    first, second = spawner.processes
    assert first.terminated  # the new chime replaced the ringing one
    assert second.argv[:2] == ["/usr/bin/aplay", "-q"]
    assert second.argv[2].endswith("countdown.wav")
    backend.close()
    assert second.terminated


def test_system_backend_without_a_player() -> None:
    backend = SystemBackend(which=lambda _: None, probe=False)
    with pytest.raises(BackendError, match="no player found"):
        backend.open()


def test_system_backend_notices_a_failing_player() -> None:
    spawner = FakeSpawner(exit_status=1)
    backend = SystemBackend(which=lambda name: f"/bin/{name}", spawn=spawner, probe=False)
    backend.open()
    backend.play(sound())
    with pytest.raises(BackendError, match="exit status 1"):
        backend.check()


def test_bell_rings_and_never_fails() -> None:
    rings: list[int] = []

    def ring() -> None:
        rings.append(1)
        raise OSError("terminal gone")

    bell = BellBackend(ring)
    bell.open()
    bell.play(sound())
    assert rings == [1]
    assert bell.flashes


def test_miniaudio_device_that_stops_asking_for_samples_is_noticed() -> None:
    from tests.sound.fakes import FakeClock

    clock = FakeClock()
    devices: list[FakeDevice] = []

    def factory(**config: Any) -> FakeDevice:
        devices.append(FakeDevice(**config))
        return devices[-1]

    backend = MiniaudioBackend(device_factory=factory, monotonic=clock)
    backend.open()
    clock.advance(1)
    devices[0].pull(10)
    backend.play(sound())
    clock.advance(MiniaudioBackend.STALL_SECONDS + 0.1)
    with pytest.raises(BackendError, match="stopped responding"):
        backend.play(sound())
