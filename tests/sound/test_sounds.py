"""The committed chimes: what scripts/make_sounds.py writes, and sounds fit to play."""

from __future__ import annotations

import array
import importlib.util
import io
import itertools
import math
import sys
import wave
from pathlib import Path
from types import ModuleType

import pytest

from app.core.steps import Chime
from app.sound.chimes import (
    FILES,
    SAMPLE_RATE,
    Sound,
    SoundFileError,
    load_chime,
    load_chimes,
    read_wav,
    scaled,
)

ROOT = Path(__file__).resolve().parents[2]
SOUNDS = ROOT / "assets" / "sounds"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "make_sounds", ROOT / "scripts" / "make_sounds.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_sounds"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def made() -> dict[str, bytes]:
    result: dict[str, bytes] = _script().make_all()
    return result


def _samples(data: bytes) -> tuple[wave._wave_params, array.array[int]]:
    with wave.open(io.BytesIO(data)) as source:
        params = source.getparams()
        samples = array.array("h", source.readframes(source.getnframes()))
    if sys.byteorder == "big":
        samples.byteswap()
    return params, samples


def test_one_file_per_chime() -> None:
    assert sorted(FILES.values()) == sorted(p.name for p in SOUNDS.glob("*.wav"))


def test_committed_files_are_what_the_script_writes(made: dict[str, bytes]) -> None:
    assert sorted(made) == sorted(FILES.values())
    for name, data in made.items():
        committed = (SOUNDS / name).read_bytes()
        if committed == data:
            continue
        # Another libm may round a sample the other way: allow one step, no more.
        _, ours = _samples(committed)
        _, theirs = _samples(data)
        assert len(ours) == len(theirs), name
        assert max(abs(a - b) for a, b in zip(ours, theirs, strict=True)) <= 1, name


@pytest.mark.parametrize("name", sorted(FILES.values()))
def test_format_length_peak_and_clean_ends(name: str) -> None:
    params, samples = _samples((SOUNDS / name).read_bytes())
    assert (params.nchannels, params.sampwidth, params.framerate) == (1, 2, SAMPLE_RATE)
    assert params.comptype == "NONE"
    assert len(samples) / SAMPLE_RATE < 3.0
    peak_db = 20 * math.log10(max(abs(x) for x in samples) / 32768)
    made_at = -12.0 if name == FILES[Chime.MOVEMENT] else -3.0  # the movement cue is soft
    assert made_at - 0.5 <= peak_db <= made_at + 0.5
    # No click: silence at both ends, a gentle first millisecond, a faded last 10 ms.
    assert samples[0] == 0
    assert samples[-1] == 0
    first_ms = samples[: SAMPLE_RATE // 1000]
    assert max(abs(x) for x in first_ms) < 0.3 * 32768 * 10 ** (-3 / 20)
    last = samples[-SAMPLE_RATE // 100 :]
    assert max(abs(x) for x in last) < 100
    # No sample-to-sample jump bigger than a 3 kHz full-scale sine would make.
    biggest = max(abs(b - a) for a, b in itertools.pairwise(samples))
    assert biggest < 32768 * 2 * math.pi * 3000 / SAMPLE_RATE


def _loudness(samples: array.array[int]) -> float:
    """The loudest 100 ms (RMS, dBFS): what the ear compares between short chimes."""
    window = SAMPLE_RATE // 10
    best = 0.0
    for start in range(0, max(1, len(samples) - window), window // 4):
        part = samples[start : start + window]
        best = max(best, math.sqrt(sum(x * x for x in part) / len(part)))
    return 20 * math.log10(best / 32768)


def test_loudness_is_matched() -> None:
    levels = {
        chime: _loudness(_samples((SOUNDS / name).read_bytes())[1]) for chime, name in FILES.items()
    }
    movement = levels.pop(Chime.MOVEMENT)
    assert max(levels.values()) - min(levels.values()) <= 3.0, levels
    # The cue of every lift sits well under the quietest chime: it marks, it does not call.
    assert movement <= min(levels.values()) - 6.0, (movement, levels)


def _dominant_frequency(samples: array.array[int]) -> float:
    """Zero crossings over the first 50 ms after the attack: near the loudest partial."""
    part = samples[SAMPLE_RATE // 100 : SAMPLE_RATE // 100 + SAMPLE_RATE // 20]
    crossings = sum(1 for a, b in itertools.pairwise(part) if (a < 0) != (b < 0))
    return crossings / 2 / (len(part) / SAMPLE_RATE)


def test_the_six_are_distinct() -> None:
    shapes = set()
    for name in FILES.values():
        _, samples = _samples((SOUNDS / name).read_bytes())
        shapes.add((round(len(samples) / SAMPLE_RATE, 1), round(_dominant_frequency(samples), -2)))
    assert len(shapes) == 6, shapes


def test_the_movement_cue_is_short_and_lower_than_every_chime() -> None:
    _, cue = _samples((SOUNDS / FILES[Chime.MOVEMENT]).read_bytes())
    assert len(cue) / SAMPLE_RATE <= 0.4
    pitch = _dominant_frequency(cue)
    for chime, name in FILES.items():
        if chime is not Chime.MOVEMENT:
            chime_pitch = _dominant_frequency(_samples((SOUNDS / name).read_bytes())[1])
            assert pitch < 0.85 * chime_pitch, (chime, pitch, chime_pitch)


def test_load_chimes_reads_the_shipped_files() -> None:
    sounds = load_chimes(100)
    assert set(sounds) == set(Chime)
    for sound in sounds.values():
        assert sound.rate == SAMPLE_RATE
        assert 0.1 < sound.ringing <= sound.duration < 3


def _wav(samples: list[int], rate: int = SAMPLE_RATE, channels: int = 1, width: int = 2) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(channels)
        out.setsampwidth(width)
        out.setframerate(rate)
        if width == 2:
            data = array.array("h", samples)
            if sys.byteorder == "big":
                data.byteswap()
            out.writeframes(data.tobytes())
        else:
            out.writeframes(bytes(samples))
    return buffer.getvalue()


def test_read_wav_mixes_stereo_and_resamples() -> None:
    stereo = _wav([1000, 3000] * 22050, rate=22050, channels=2)
    sound = read_wav(stereo)
    assert sound.rate == SAMPLE_RATE
    assert len(sound.samples) == 44100
    assert set(sound.samples) == {2000}


def test_read_wav_refuses_what_it_cannot_play() -> None:
    with pytest.raises(SoundFileError, match="8-bit"):
        read_wav(_wav([128] * 100, width=1))
    with pytest.raises(SoundFileError, match="not a PCM WAV"):
        read_wav(b"RIFF nonsense")


def test_own_files_replace_the_built_in_ones(tmp_path: Path) -> None:
    (tmp_path / "hold-start.wav").write_bytes(_wav([5000] * 4410))
    (tmp_path / "countdown.wav").write_bytes(b"not a wav")
    assert list(load_chime(Chime.HOLD_START, tmp_path).samples) == [5000] * 4410
    sounds = load_chimes(100, tmp_path)
    assert list(sounds[Chime.HOLD_START].samples) == [5000] * 4410
    # A file that cannot be read falls back to the built-in sound.
    assert sounds[Chime.COUNTDOWN].samples == load_chime(Chime.COUNTDOWN).samples


def test_scaled_volume() -> None:
    sound = Sound("x", array.array("h", [10000, -10000]))
    assert list(scaled(sound, 100).samples) == [10000, -10000]
    assert list(scaled(sound, 50).samples) == [2500, -2500]
    assert list(scaled(sound, 0).samples) == [0, 0]
    assert list(scaled(sound, 150).samples) == [10000, -10000]
