"""Text measurement with real font metrics, so slide text is sized before it is drawn.

Widths come from the bundled metric-compatible font files (Carlito for
Calibri) through Pillow; line height is 1.2 × the font size, which matched
LibreOffice's line breaking on this project's measurements.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from PIL import ImageFont

LINE_HEIGHT = 1.2


@lru_cache(maxsize=64)
def _font(path: str, size: float) -> ImageFont.FreeTypeFont:
    # Measure at 10× so rounding to whole pixels does not distort widths.
    return ImageFont.truetype(path, int(round(size * 10)))


def text_width(text: str, font_path: Path, size: float) -> float:
    """Width of ``text`` in points at ``size`` points."""
    return _font(str(font_path), size).getlength(text) / 10


def wrap(text: str, font_path: Path, size: float, width: float) -> list[str]:
    """Break ``text`` into lines no wider than ``width`` points, at spaces (greedy)."""
    lines: list[str] = []
    for hard_line in text.split("\n"):
        line = ""
        for word in hard_line.split(" "):
            candidate = f"{line} {word}" if line else word
            if line and text_width(candidate, font_path, size) > width:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return lines


def text_height(paragraphs: list[str], font_path: Path, size: float, width: float,
                space_after: float = 0.5) -> float:
    """Height in points of ``paragraphs`` wrapped to ``width``, with space between them."""
    lines = sum(len(wrap(p, font_path, size, width)) for p in paragraphs)
    gaps = max(len(paragraphs) - 1, 0) * space_after * size
    return lines * size * LINE_HEIGHT + gaps


def fit_size(paragraphs: list[str], font_path: Path, width: float, height: float,
             largest: float, smallest: float) -> float | None:
    """The largest size (in 1 pt steps) at which the text fits the box, or None."""
    size = largest
    while size >= smallest:
        if text_height(paragraphs, font_path, size, width) <= height:
            return size
        size -= 1
    return None
