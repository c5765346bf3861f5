"""The chimes and the movement cue as sample buffers: which file each is, how loud, how important.

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
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from app.core.errors import DataError
from app.core.steps import Chime
from app.store.shipped import sounds_dir
from app.store.text_files import read_file

SAMPLE_RATE = 44100
"""Every chime is played as 16-bit mono at this rate."""
DEFAULT_VOLUME = 100
"""The chimes as made (peaks at -3 dBFS); the system's volume does the rest. At
100 % no samples are scaled, so nothing is computed while the app starts."""

FILES: Mapping[Chime, str] = {chime: f"{chime.value}.wav" for chime in Chime}

PRIORITY: Mapping[Chime, int] = {
    Chime.MOVEMENT: 0,
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


#: What a chime file may be: the checks run on its header, before its samples are read.
MAX_SOUND_BYTES = 4 * 1024 * 1024
MAX_SOUND_SECONDS = 5.0
RATES = (8000, 192000)
MAX_CHANNELS = 2


def check_wav(data: bytes, name: str = "sound") -> None:
    """Refuse what `read_wav` refuses, from the header alone: no sample is decoded.

    Listing the user's chimes (`backside sounds`) must not take a second a file.
    """
    try:
        with wave.open(io.BytesIO(data), "rb") as source:
            channels = source.getnchannels()
            width = source.getsampwidth()
            rate = source.getframerate()
            count = source.getnframes()
            _check_format(name, channels, width, rate, count)
            first = source.readframes(1)  # the data chunk is there and holds a frame
    except (wave.Error, EOFError) as error:
        raise SoundFileError(f"{name}: not a PCM WAV file ({error})") from None
    if count == 0 or len(first) < width * channels:
        raise SoundFileError(f"{name}: the file holds no sound")


def read_wav(data: bytes, name: str = "sound") -> Sound:
    """Decode a 16-bit PCM WAV file into a `Sound` (mono, `SAMPLE_RATE`).

    A chime is short: a file of an odd rate, width, channel count or length is
    refused from its header, so that no file can make backside read or
    resample gigabytes (a 16-bit WAV declared at 1 Hz would).
    """
    try:
        with wave.open(io.BytesIO(data), "rb") as source:
            channels = source.getnchannels()
            width = source.getsampwidth()
            rate = source.getframerate()
            count = source.getnframes()
            _check_format(name, channels, width, rate, count)
            frames = source.readframes(count)
    except (wave.Error, EOFError) as error:
        raise SoundFileError(f"{name}: not a PCM WAV file ({error})") from None
    samples = array.array("h", frames[: len(frames) - len(frames) % (2 * channels)])
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
    if not samples:
        raise SoundFileError(f"{name}: the file holds no sound")
    if rate != SAMPLE_RATE:
        samples = _resample(samples, rate, SAMPLE_RATE)
    return Sound(name, samples, SAMPLE_RATE, ringing_time(samples, SAMPLE_RATE))


def _check_format(name: str, channels: int, width: int, rate: int, frames: int) -> None:
    if width != 2:
        raise SoundFileError(f"{name}: {8 * width}-bit samples (a chime needs 16-bit PCM)")
    if not RATES[0] <= rate <= RATES[1]:
        raise SoundFileError(
            f"{name}: a sample rate of {rate:,} Hz (a chime needs {RATES[0]:,} to {RATES[1]:,})"
        )
    if not 1 <= channels <= MAX_CHANNELS:
        raise SoundFileError(f"{name}: {channels} channels (a chime needs mono or stereo)")
    if frames / rate > MAX_SOUND_SECONDS:
        raise SoundFileError(
            f"{name}: {frames / rate:.1f} s long (a chime lasts at most {MAX_SOUND_SECONDS:g} s)"
        )


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
    own = own_sound_file(chime, overrides)
    if own is not None:
        return read_own_sound(own)
    return read_wav(sounds_dir().joinpath(FILES[chime]).read_bytes(), chime.value)


def own_sound_file(chime: Chime, overrides: Path | None) -> Path | None:
    """The user's file for `chime`, if there is anything by that name in `overrides`."""
    if overrides is None:
        return None
    path = overrides / FILES[chime]
    try:
        path.lstat()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as error:  # there, but not to be looked at (permissions)
        raise SoundFileError(f"{path.name}: cannot read: {error.strerror or error}") from None
    return path


def read_own_sound(path: Path) -> Sound:
    """A chime from the user's sounds folder, or `SoundFileError` saying why it cannot be."""
    return read_wav(_own_bytes(path), path.name)


def check_own_sound(path: Path) -> None:
    """Whether `read_own_sound` would take `path`, from its size and header: fast."""
    check_wav(_own_bytes(path), path.name)


def _own_bytes(path: Path) -> bytes:
    try:
        return read_file(path, MAX_SOUND_BYTES)
    except DataError as error:
        reason = str(error).replace(str(path), path.name, 1)
        if "; the limit is " in reason:  # the reason first, the rule in brackets, as below
            reason = reason.replace("; the limit is ", " (the limit is ") + ")"
        raise SoundFileError(reason) from None


def load_chimes(
    volume: float = DEFAULT_VOLUME,
    overrides: Path | None = None,
    on_problem: Callable[[str], None] | None = None,
) -> dict[Chime, Sound]:
    """Every chime and the movement cue at `volume` percent.

    A user file that cannot be used is replaced by the built-in sound, and
    `on_problem` hears why ("…/hold-start.wav: a sample rate of 1 Hz; …").
    """
    sounds: dict[Chime, Sound] = {}
    for chime in Chime:
        try:
            sound = load_chime(chime, overrides)
        except (OSError, SoundFileError) as error:
            if on_problem is not None:
                on_problem(str(error))
            sound = load_chime(chime, None)
        sounds[chime] = scaled(sound, volume)
    return sounds
