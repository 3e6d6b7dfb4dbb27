"""The @font-face rules of a fonts.css: family, file, weight, style, unicode-range.

One parser for every reader: the PDF's glyph check and its choice of faces
(pdf/), the web page's subsets (webfonts.py) and a project's own fonts in the
deck (deck/fonts.py). Parsed once per version of the file.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from .cache import stamp
from .paths import FONTS_CSS

_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_FACE = re.compile(r"@font-face\s*{(.*?)}", re.S)
_PROPERTY = re.compile(r"([\w-]+)\s*:\s*(.*?)\s*(?:;|$)", re.S)
_URL = re.compile(r"url\(\s*[\"']?([^\"')]+)")
_RANGE = re.compile(r"U\+([0-9A-Fa-f?]+)(?:-([0-9A-Fa-f]+))?", re.I)


@dataclass(frozen=True)
class Face:
    """One @font-face rule."""

    family: str
    file: Path
    weight: str = "400"
    style: str = "normal"
    ranges: tuple[tuple[int, int], ...] = ()  # empty: every character
    rule: str = ""  # the whole @font-face rule, as written

    def covers(self, char: str) -> bool:
        code = ord(char)
        return not self.ranges or any(lo <= code <= hi for lo, hi in self.ranges)


def faces(css: Path = FONTS_CSS) -> list[Face]:
    """The faces declared in ``css``, in order; a rule without a family or a url() is
    skipped."""
    return list(_parsed(css, stamp(css)))


@functools.lru_cache(maxsize=8)
def _parsed(css: Path, version: tuple[int, int] | None) -> tuple[Face, ...]:
    found = []
    for match in _FACE.finditer(_COMMENT.sub("", css.read_text(encoding="utf-8"))):
        props = {k.lower(): v for k, v in _PROPERTY.findall(match[1])}
        family = props.get("font-family", "").strip("\"' ")
        src = _URL.search(props.get("src", ""))
        if not (family and src):
            continue
        ranges = tuple(_span(lo, hi) for lo, hi in _RANGE.findall(
            props.get("unicode-range", "")))
        found.append(Face(family, css.parent / src[1], props.get("font-weight", "400"),
                          props.get("font-style", "normal"), ranges, match[0]))
    return tuple(found)


def _span(lo: str, hi: str) -> tuple[int, int]:
    """One unicode-range item: U+0025-00FF, U+4?? (a wildcard) or U+20E3."""
    if "?" in lo:
        return int(lo.replace("?", "0"), 16), int(lo.replace("?", "F"), 16)
    return int(lo, 16), int(hi or lo, 16)
