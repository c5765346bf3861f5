"""Times written for people: the same format on the screen and in the command line."""

from __future__ import annotations

import math


def clock(seconds: float) -> str:
    """'4:05' for 245 s, '1:02:03' past an hour. Rounds up, as a countdown does."""
    whole = max(0, math.ceil(seconds - 1e-9))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


def offset(seconds: float) -> str:
    """An offset into a practice, to the tenth of a second when it has one: '1:05.5'."""
    tenths = round(seconds * 10)
    whole, tenth = divmod(tenths, 10)
    minutes, secs = divmod(whole, 60)
    return f"{minutes}:{secs:02d}" + (f".{tenth}" if tenth else "")


def a_or_an(number: int) -> str:
    """'an' before 8, 11, 18, 80 and 800 ("an 8 s gap"), 'a' before other numbers."""
    digits = str(abs(number))
    leading = int(digits[: len(digits) % 3 or 3])  # the part before the first comma
    return "an" if digits.startswith("8") or leading in (11, 18) else "a"
