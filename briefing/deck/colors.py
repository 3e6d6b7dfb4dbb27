"""Colours as numbers: WCAG contrast, DrawingML's brightness changes, and the choice of a
text colour that reads on a background.

No XML here: ``oxml`` reads colours out of a deck as ``#RRGGBB`` strings and
the slide code asks ``readable`` which of a template's colours to write.
"""

from __future__ import annotations

import colorsys
from collections.abc import Iterable, Sequence

MIN_CONTRAST = 4.5  # WCAG 2 AA for normal text
BLACK, WHITE = "#000000", "#FFFFFF"


def rgb(value: str) -> tuple[int, int, int]:
    value = value.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def hex_of(channels: Iterable[float]) -> str:
    return "#" + "".join(f"{max(0, min(255, round(c))):02X}" for c in channels)


def luminance(value: str) -> float:
    """WCAG 2 relative luminance of an sRGB colour."""
    def linear(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgb(value))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio, 1 … 21."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def worst(color: str, backgrounds: Sequence[str]) -> float:
    """The lowest contrast of ``color`` against any of ``backgrounds``."""
    return min((contrast(color, bg) for bg in backgrounds), default=21.0)


def modify(value: str, lum_mod: float = 1.0, lum_off: float = 0.0, shade: float | None = None,
           tint: float | None = None) -> str:
    """A colour after DrawingML's lumMod/lumOff (in HSL), shade (towards black) and tint
    (towards white), each a fraction (lumMod 75 % is 0.75)."""
    r, g, b = (c / 255 for c in rgb(value))
    if shade is not None:
        r, g, b = r * shade, g * shade, b * shade
    if tint is not None:
        r, g, b = (1 - (1 - c) * tint for c in (r, g, b))
    if lum_mod != 1.0 or lum_off:
        h, lum, s = colorsys.rgb_to_hls(r, g, b)
        r, g, b = colorsys.hls_to_rgb(h, max(0.0, min(1.0, lum * lum_mod + lum_off)), s)
    return hex_of(c * 255 for c in (r, g, b))


def brightened(value: str, brightness: float) -> str:
    """PowerPoint's 'lighter/darker' (``oxml.Color.brightness``, -1 … 1) applied."""
    if brightness > 0:
        return modify(value, 1 - brightness, brightness)
    if brightness < 0:
        return modify(value, 1 + brightness)
    return value


def average(values: Sequence[str]) -> str:
    channels = [rgb(v) for v in values]
    return hex_of(sum(c[i] for c in channels) / len(channels) for i in range(3))


def readable(candidates: Iterable[tuple[object, str]], backgrounds: Sequence[str]
             ) -> tuple[object, str]:
    """The first (key, #RRGGBB) of ``candidates`` with contrast >= 4.5:1 against every
    colour of ``backgrounds``; else black or white, whichever reads better."""
    for key, value in candidates:
        if worst(value, backgrounds) >= MIN_CONTRAST:
            return key, value
    best = max((BLACK, WHITE), key=lambda c: worst(c, backgrounds))
    return None, best
