"""Capital letters three rows tall, drawn with box lines like Textual's Digits.

The pose's name is the thing to read from the mat, a metre or two away: in
this font it stands as tall as the countdown beside it.
"""

from __future__ import annotations

#: Each glyph is three rows of three columns ("'" is one column wide).
LETTERS: dict[str, tuple[str, str, str]] = {
    "A": ("┏━┓", "┣━┫", "╹ ╹"),
    "B": ("┳━┓", "┣━┫", "┻━┛"),
    "C": ("┏━╸", "┃  ", "┗━╸"),
    "D": ("┳━┓", "┃ ┃", "┻━┛"),
    "E": ("┏━╸", "┣━ ", "┗━╸"),
    "F": ("┏━╸", "┣━ ", "╹  "),
    "G": ("┏━╸", "┃╺┓", "┗━┛"),
    "H": ("╻ ╻", "┣━┫", "╹ ╹"),
    "I": ("╺┳╸", " ┃ ", "╺┻╸"),
    "J": ("  ╻", "  ┃", "┗━┛"),
    "K": ("╻ ╻", "┣┳┛", "╹┗╸"),
    "L": ("╻  ", "┃  ", "┗━╸"),
    "M": ("┏┳┓", "┃┃┃", "╹╹╹"),
    "N": ("┏┓╻", "┃┃┃", "╹┗┛"),
    "O": ("┏━┓", "┃ ┃", "┗━┛"),
    "P": ("┏━┓", "┣━┛", "╹  "),
    "Q": ("┏━┓", "┃ ┃", "┗━╋"),
    "R": ("┏━┓", "┣┳┛", "╹┗╸"),
    "S": ("┏━╸", "┗━┓", "╺━┛"),
    "T": ("╺┳╸", " ┃ ", " ╹ "),
    "U": ("╻ ╻", "┃ ┃", "┗━┛"),
    "V": ("╻ ╻", "┃ ┃", "┗┳┛"),
    "W": ("╻╻╻", "┃┃┃", "┗┻┛"),
    "X": ("╻ ╻", "┏╋┛", "╹ ╹"),
    "Y": ("╻ ╻", "┗┳┛", " ╹ "),
    "Z": ("╺━┓", "┏━┛", "┗━╸"),
    "-": ("   ", "╺━╸", "   "),
    "'": ("╻", " ", " "),
    " ": (" ", " ", " "),
}


def lettered(text: str) -> str | None:
    """`text` in capitals three rows tall, or None if it has a character the font lacks."""
    glyphs = [LETTERS.get(char) for char in text.upper()]
    if not glyphs or any(glyph is None for glyph in glyphs):
        return None
    rows = (" ".join(glyph[row] for glyph in glyphs if glyph is not None) for row in range(3))
    return "\n".join(row.rstrip() for row in rows)


def lettered_width(text: str) -> int:
    """How many columns `lettered(text)` takes (0 when it cannot be drawn)."""
    drawn = lettered(text)
    return max((len(row) for row in drawn.splitlines()), default=0) if drawn else 0
