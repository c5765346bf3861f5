"""The five chimes as sample buffers: which file each one is, how loud, how important.

Sounds are read with the stdlib `wave` module from the shipped `assets/sounds`
(through `app.store.shipped`), or from the user's own folder, and are turned into
one common shape (16-bit mono at `SAMPLE_RATE`) so every backend can play any
of them. The volume setting scales the samples here, once, not while playing.
"""

from __future__ import annotations

import array
import io
import math
import sys
import wave
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from app.core.steps import Chime
from app.store.shipped import sounds_dir

SAMPLE_RATE = 44100
"""Every chime is played as 16-bit mono at this rate."""
DEFAULT_VOLUME = 100
"""The chimes as made (peaks at -3 dBFS); the system's volume does the rest. At
100 % no samples are scaled, so nothing is computed while the app starts."""

FILES: Mapping[Chime, str] = {chime: f"{chime.value}.wav" for chime in Chime}

PRIORITY: Mapping[Chime, int] = {
    Chime.COUNTDOWN: 1,
    Chime.HOLD_START: 2,
    Chime.SWITCH_SIDES: 3,
    Chime.SET_FINISHED: 4,
    Chime.SESSION_FINISHED: 5,
}
"""A new chime replaces a still-ringing one of lower (or equal) priority."""

AUDIBLE_DB = -30.0
"""A chime counts as ringing until its level falls this far below full scale."""


class SoundFileError(ValueError):
    """A sound file that cannot be read or played."""


@dataclass(frozen=True, slots=True)
class Sound:
    """A chime ready to play: 16-bit signed mono PCM at `rate`, native byte order."""

    name: str
    samples: array.array[int]
    rate: int = SAMPLE_RATE
    ringing: float = 0.0
    """Seconds until it is quiet enough for speech or a lesser chime."""

    @property
    def duration(self) -> float:
        return len(self.samples) / self.rate

    @property
    def pcm(self) -> bytes:
        """Little-endian bytes, as WAV files and sound cards want them."""
        if sys.byteorder == "little":
            return self.samples.tobytes()
        swapped = array.array("h", self.samples)
        swapped.byteswap()
        return swapped.tobytes()

    def wav_bytes(self) -> bytes:
        buffer = io.BytesIO()
        with wave.open(buffer, "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(self.rate)
            out.writeframes(self.pcm)
        return buffer.getvalue()


def read_wav(data: bytes, name: str = "sound") -> Sound:
    """Decode a 16-bit PCM WAV file into a `Sound` (mono, `SAMPLE_RATE`)."""
    try:
        with wave.open(io.BytesIO(data), "rb") as source:
            channels = source.getnchannels()
            width = source.getsampwidth()
            rate = source.getframerate()
            frames = source.readframes(source.getnframes())
    except (wave.Error, EOFError) as error:
        raise SoundFileError(f"{name}: not a PCM WAV file ({error})") from None
    if width != 2:
        raise SoundFileError(f"{name}: {8 * width}-bit samples; use 16-bit PCM")
    samples = array.array("h", frames)
    if sys.byteorder == "big":
        samples.byteswap()
    if channels > 1:
        samples = array.array(
            "h",
            (
                round(sum(samples[i : i + channels]) / channels)
                for i in range(0, len(samples), channels)
            ),
        )
    if rate != SAMPLE_RATE:
        samples = _resample(samples, rate, SAMPLE_RATE)
    return Sound(name, samples, SAMPLE_RATE, ringing_time(samples, SAMPLE_RATE))


def _resample(samples: array.array[int], source: int, target: int) -> array.array[int]:
    """Linear interpolation: plenty for a short chime."""
    count = max(1, round(len(samples) * target / source))
    step = source / target
    last = len(samples) - 1
    out = array.array("h", bytes(2 * count))
    for n in range(count):
        position = n * step
        i = min(int(position), last)
        j = min(i + 1, last)
        frac = position - i
        out[n] = round(samples[i] + (samples[j] - samples[i]) * frac)
    return out


def ringing_time(samples: array.array[int], rate: int, threshold_db: float = AUDIBLE_DB) -> float:
    """Seconds until the last 10 ms window louder than `threshold_db` (dBFS peak) ends."""
    limit = 32767 * 10 ** (threshold_db / 20)
    window = max(1, rate // 100)
    end = 0
    for start in range(0, len(samples), window):
        chunk = samples[start : start + window]
        if chunk and max(max(chunk), -min(chunk)) >= limit:
            end = start + len(chunk)
    return end / rate


def scaled(sound: Sound, volume: float) -> Sound:
    """`sound` with its samples multiplied by `volume` percent (0-100)."""
    volume = min(100.0, max(0.0, volume))
    if volume == 100:
        return sound
    # A perceptual taper: half the slider is about -12 dB, not -6 dB.
    gain = (volume / 100) ** 2 if volume > 0 else 0.0
    samples = array.array("h", (round(x * gain) for x in sound.samples))
    return Sound(sound.name, samples, sound.rate, sound.ringing if gain > 0 else 0.0)


def gain_db(volume: float) -> float:
    """The gain `scaled` applies at `volume` percent, in dB."""
    gain = (min(100.0, max(0.0, volume)) / 100) ** 2
    return 20 * math.log10(gain) if gain > 0 else -math.inf


def load_chime(chime: Chime, overrides: Path | None = None) -> Sound:
    """One chime: the user's file if there is one, else the built-in one."""
    name = FILES[chime]
    if overrides is not None:
        own = overrides / name
        if own.is_file():
            return read_wav(own.read_bytes(), str(own))
    return read_wav(sounds_dir().joinpath(name).read_bytes(), chime.value)


def load_chimes(
    volume: float = DEFAULT_VOLUME, overrides: Path | None = None
) -> dict[Chime, Sound]:
    """All five chimes at `volume` percent.

    A user file that cannot be read falls back to the built-in sound.
    """
    sounds: dict[Chime, Sound] = {}
    for chime in Chime:
        try:
            sound = load_chime(chime, overrides)
        except (OSError, SoundFileError):
            sound = load_chime(chime, None)
        sounds[chime] = scaled(sound, volume)
    return sounds
