"""A countdown in block figures several rows tall, for big terminals read from the mat."""

from __future__ import annotations

from rich.text import Text
from textual.geometry import Size
from textual.widget import Widget

#: A 3×5 block font: '#' is a filled cell.
FONT: dict[str, tuple[str, ...]] = {
    "0": ("###", "# #", "# #", "# #", "###"),
    "1": (" # ", "## ", " # ", " # ", "###"),
    "2": ("###", "  #", "###", "#  ", "###"),
    "3": ("###", "  #", " ##", "  #", "###"),
    "4": ("# #", "# #", "###", "  #", "  #"),
    "5": ("###", "#  ", "###", "  #", "###"),
    "6": ("###", "#  ", "###", "# #", "###"),
    "7": ("###", "  #", "  #", "  #", "  #"),
    "8": ("###", "# #", "###", "# #", "###"),
    "9": ("###", "# #", "###", "  #", "###"),
    ":": (" ", "#", " ", "#", " "),
}
ROWS = 5


def block_lines(value: str, scale: int) -> list[str]:
    """`value` drawn `scale` rows per font row and 2×`scale` columns per font column."""
    glyphs = [FONT[char] for char in value if char in FONT]
    lines = []
    for row in range(ROWS):
        cells = "  ".join(glyph[row] for glyph in glyphs)
        line = "".join(("█" if cell == "#" else " ") * (2 * scale) for cell in cells)
        lines.extend([line.rstrip()] * scale)
    return lines


class BigDigits(Widget):
    """Like Textual's Digits, only larger: `scale` × 5 rows tall."""

    DEFAULT_CSS = """
    BigDigits { width: auto; height: auto; }
    """

    def __init__(self, value: str = "", *, scale: int = 2, id: str | None = None) -> None:
        super().__init__(id=id)
        self._value = value
        self.scale = scale

    @property
    def value(self) -> str:
        return self._value

    def update(self, value: str) -> None:
        if value != self._value:
            # Only a change of width (9:59 to 10:00) needs the screen laid out again.
            layout = len(value) != len(self._value)
            self._value = value
            self.refresh(layout=layout)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return max((len(line) for line in block_lines(self._value, self.scale)), default=0)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return ROWS * self.scale

    def render(self) -> Text:
        return Text("\n".join(block_lines(self._value, self.scale)), no_wrap=True)
