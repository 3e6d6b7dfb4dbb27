"""Font file → the code points it draws (its cmap), read once per machine and cached.

The PDF's glyph check (pdf/glyphs.py) asks it of every bundled face; the deck
(deck/fonts.py) asks whether a template's East Asian font draws Hangul.
"""

from __future__ import annotations

import functools
from pathlib import Path

from .cache import entry_name, read_json, write_json


@functools.lru_cache(maxsize=32)
def code_points(path: Path, stamp: tuple[int, int] | None = None) -> frozenset[int]:
    """The code points a font file maps to glyphs. Read from its cmap table once per
    machine (~40 ms for a Hangul font, with fontTools' import), then from the cache.
    ``stamp`` (cache.stamp) only keys the in-process cache: a file changed since is read
    again."""
    entry = entry_name(path)
    try:
        return frozenset(c for lo, hi in read_json("cmaps", entry) for c in range(lo, hi + 1))
    except (TypeError, ValueError):  # no entry (None) or not a list of pairs
        pass
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True) as font:
        points = frozenset(font.getBestCmap() or ())
    if entry:
        write_json("cmaps", entry, _runs(sorted(points)))
    return points


def _runs(points: list[int]) -> list[tuple[int, int]]:
    """Sorted code points as (first, last) runs: Hangul's 11,172 syllables are one."""
    runs: list[list[int]] = []
    for point in points:
        if runs and runs[-1][1] == point - 1:
            runs[-1][1] = point
        else:
            runs.append([point, point])
    return [(lo, hi) for lo, hi in runs]
