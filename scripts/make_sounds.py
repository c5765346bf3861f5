"""Make the five chimes and the movement cue in assets/sounds from first principles.

Each sound is a sum of bell partials (sine waves at inharmonic ratios of a
fundamental), each with a few milliseconds of raised-cosine attack and its own
exponential decay; the whole sound ends in a raised-cosine fade to exact
silence, so nothing clicks at either end. Every sound is then scaled so its
peak sits at -3 dBFS (the movement cue, heard every few seconds, lower), and
written as 16-bit mono PCM at one sample rate.

Only the standard library is used, and nothing is random: the same recipe
makes the same bytes, and tests/sound/test_sounds.py checks that the committed
files are what this script writes. Run it again after tuning a recipe:

    .venv/bin/python scripts/make_sounds.py          # rewrite assets/sounds
    .venv/bin/python scripts/make_sounds.py --check  # exit 1 if they differ
"""

from __future__ import annotations

import argparse
import array
import io
import math
import sys
import wave
from dataclasses import dataclass
from pathlib import Path

SAMPLE_RATE = 44100
PEAK_DBFS = -3.0
FULL_SCALE = 32767
SOUNDS_DIR = Path(__file__).resolve().parent.parent / "assets" / "sounds"

# A struck bell's partials, as ratios of its fundamental, with their relative
# amplitudes and how much faster than the fundamental each one dies away.
BELL = ((1.0, 1.0, 1.0), (2.0, 0.45, 1.6), (2.76, 0.28, 2.2), (5.40, 0.12, 3.5), (8.93, 0.05, 5.0))
# A small bright "tock" for the countdown: mostly fundamental, short.
TICK = ((1.0, 1.0, 1.0), (2.0, 0.25, 1.5), (3.0, 0.08, 2.0))
# A wooden bar's partials (a marimba's, tuned 1 : 4 : 10), the upper ones dying fast:
# a soft "tok", unlike any bell.
WOOD = ((1.0, 1.0, 1.0), (3.93, 0.18, 4.0), (9.2, 0.04, 8.0))


@dataclass(frozen=True)
class Strike:
    """One struck note of a sound."""

    at: float
    """Seconds from the start of the sound."""
    frequency: float
    decay: float
    """Seconds for the fundamental to fall by 1/e."""
    partials: tuple[tuple[float, float, float], ...] = BELL
    level: float = 1.0
    attack: float = 0.006


@dataclass(frozen=True)
class Recipe:
    name: str
    duration: float
    strikes: tuple[Strike, ...]
    fade: float = 0.25
    """Seconds of raised-cosine fade to silence at the end."""
    peak_db: float = PEAK_DBFS
    """Where its loudest sample sits."""


RECIPES: tuple[Recipe, ...] = (
    # One soft bell, A5.
    Recipe("hold-start", 2.2, (Strike(0.0, 880.0, 0.55),)),
    # One short quiet tick; the engine sounds it three times (3, 2, 1).
    Recipe("countdown", 0.35, (Strike(0.0, 1318.5, 0.05, TICK, attack=0.003),), fade=0.1),
    # A double chime, rising: E5 then A5.
    Recipe(
        "switch-sides",
        2.2,
        (Strike(0.0, 659.3, 0.45), Strike(0.28, 880.0, 0.55, level=0.9)),
    ),
    # A lower chime, D5 over a soft D4.
    Recipe(
        "set-finished",
        2.6,
        (Strike(0.0, 587.3, 0.7), Strike(0.0, 293.7, 0.8, level=0.5)),
    ),
    # A long low bell: A4 with its octave below, left to ring out.
    Recipe(
        "session-finished",
        2.9,
        (Strike(0.0, 440.0, 1.1), Strike(0.0, 220.0, 1.3, level=0.6)),
        fade=0.6,
    ),
    # The movement cue: one soft wooden tok, F4, low and short, for each lift and each
    # salutation movement; 9 dB under the chimes.
    Recipe(
        "movement",
        0.3,
        (Strike(0.0, 349.2, 0.07, WOOD, attack=0.004),),
        fade=0.1,
        peak_db=-12.0,
    ),
)


def _envelope(t: float, attack: float, decay: float) -> float:
    if t < 0.0:
        return 0.0
    rise = 0.5 - 0.5 * math.cos(math.pi * t / attack) if t < attack else 1.0
    return rise * math.exp(-t / decay)


def render(recipe: Recipe, rate: int = SAMPLE_RATE) -> array.array[int]:
    """The recipe's 16-bit samples, peak at its `peak_db`, ending in silence."""
    count = round(recipe.duration * rate)
    signal = [0.0] * count
    for strike in recipe.strikes:
        start = round(strike.at * rate)
        for ratio, amplitude, speed in strike.partials:
            frequency = strike.frequency * ratio
            if frequency >= rate / 2:
                continue
            decay = strike.decay / speed
            omega = 2.0 * math.pi * frequency / rate
            gain = strike.level * amplitude
            for n in range(start, count):
                t = (n - start) / rate
                envelope = _envelope(t, strike.attack, decay)
                if envelope < 1e-6 and t > strike.attack:
                    break
                signal[n] += gain * envelope * math.sin(omega * (n - start))
    fade = round(recipe.fade * rate)
    for i in range(fade):
        signal[count - fade + i] *= 0.5 + 0.5 * math.cos(math.pi * (i + 1) / fade)
    peak = max(abs(x) for x in signal)
    scale = FULL_SCALE * 10 ** (recipe.peak_db / 20) / peak
    return array.array("h", (round(x * scale) for x in signal))


def wav_bytes(samples: array.array[int], rate: int = SAMPLE_RATE) -> bytes:
    """A 16-bit mono PCM WAV file holding `samples`, little-endian."""
    data = samples
    if sys.byteorder == "big":
        data = array.array("h", samples)
        data.byteswap()
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(data.tobytes())
    return buffer.getvalue()


def make_all() -> dict[str, bytes]:
    """Each sound's file name and the bytes this script writes for it."""
    return {f"{recipe.name}.wav": wav_bytes(render(recipe)) for recipe in RECIPES}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=SOUNDS_DIR, help="folder to write to")
    parser.add_argument(
        "--check", action="store_true", help="compare with the files there instead of writing"
    )
    args = parser.parse_args(argv)
    differ = []
    for name, data in make_all().items():
        path = args.out / name
        if args.check:
            if not path.is_file() or path.read_bytes() != data:
                differ.append(name)
            continue
        args.out.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(f"wrote {path} ({len(data) // 1024} KiB)")
    if differ:
        print("differ from the recipe: " + ", ".join(differ), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
