"""Styled text → measured lines, with real font metrics, so slide text is sized before it is drawn.

The deck names Calibri (what presenters have) and measures with Carlito, its
metric-compatible open twin bundled in templates/fonts/, through Pillow.
Hangul is measured with the bundled NanumGothic and written with that East
Asian font; an emoji counts as 1.25 em (the advance of Noto Color Emoji, and
wider than Segoe UI Emoji's). Lines are set with exact spacing of
``LINE_HEIGHT`` × the size, so a paragraph's height is its line count times
that, the same in PowerPoint and LibreOffice.

Nothing here knows about python-pptx: a paragraph is a ``Block`` of runs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from PIL import ImageFont

from ..content.fields import is_emoji
from ..content.markdown import Run

LINE_HEIGHT = 1.2  # exact line spacing, × font size
EMU_PER_PT = 12700  # English Metric Units in a point: how decks store lengths
EMOJI_EM = 1.25
WIDE_EM = 1.0  # CJK ideographs and scripts Carlito lacks
SLACK = 0.97  # measure against 97 % of a box's width: hinting and renderer rounding
# Where the named font is missing, a renderer substitutes a wider one: DejaVu Sans (what
# LibreOffice uses for Calibri without Carlito) sets text 1.23 × as wide as Carlito, its
# bold 1.37 ×. What sits next to text is placed with room for its lines at that width.
SUBSTITUTE = 1.23
SUBSTITUTE_BOLD = 1.37
_REF = 1000  # Pillow measures at 1000 px; widths are kept in em
# Pillow's lengths are 32-bit 26.6 fixed point: at 1000 px a run of ~33,000 em comes out
# negative. Runs longer than this are measured in pieces of this many characters, summed;
# a word this long is measured character by character while it is broken across lines.
CHUNK = 1000


@dataclass(frozen=True)
class Fonts:
    """The font files text is measured with: Latin (four styles) and Hangul (two weights)."""

    regular: Path
    bold: Path
    italic: Path
    bold_italic: Path
    hangul: Path
    hangul_bold: Path

    def latin(self, bold: bool, italic: bool) -> Path:
        return ((self.regular, self.italic), (self.bold, self.bold_italic))[bold][italic]


@dataclass(frozen=True)
class Block:
    """One paragraph as drawn: runs at ``scale`` × the frame's size, after an indent.

    ``bullet`` is drawn in the indent ("•", "3." or "" for none); ``indent`` (in
    em of the paragraph's own size) is the room it takes, kept by a continued
    paragraph that lost its bullet. ``bold``/``italic`` apply on top of each
    run's own style; ``color`` names a theme colour (None: the frame's).
    """

    runs: tuple[Run, ...]
    bullet: str = ""
    indent: float = 0.0
    scale: float = 1.0
    bold: bool = False
    italic: bool = False
    space_after: float = 0.5  # em, below the paragraph (not after the last one)
    color: str | None = None
    align: str | None = None  # "left", "center", "right"; None: the layout's
    lang: str | None = None  # the runs' language tag; None: the slide's
    keep_with_next: bool = False  # on the same slide as the block after it (a link's title)

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


# -- character classes ------------------------------------------------------

def is_hangul(ch: str) -> bool:
    o = ord(ch)
    return (0x1100 <= o <= 0x11FF or 0x3130 <= o <= 0x318F or 0xA960 <= o <= 0xA97F
            or 0xAC00 <= o <= 0xD7FF)


def _is_zero_width(o: int) -> bool:
    return o in (0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF) or 0xFE00 <= o <= 0xFE0F \
        or 0x1F3FB <= o <= 0x1F3FF or 0xE0020 <= o <= 0xE007F


def has_hangul(text: str) -> bool:
    return any(is_hangul(ch) for ch in text)


def _script(ch: str) -> str:
    o = ord(ch)
    if o < 0x2E80 and not is_emoji(o) and not _is_zero_width(o):
        return "latin"
    if is_hangul(ch):
        return "hangul"
    if _is_zero_width(o):
        return "zero"
    if is_emoji(o):
        return "emoji"
    return "wide"


# -- widths -----------------------------------------------------------------

@lru_cache(maxsize=16)
def _face(path: Path) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), _REF, layout_engine=ImageFont.Layout.BASIC)


class Measure:
    """Widths in em of words and spaces, cached: one per deck. Also caches the line
    breaks of blocks (``wrap``), so a block measured again at a size costs nothing."""

    def __init__(self, fonts: Fonts):
        self.fonts = fonts
        self._cache: dict[tuple[str, bool, bool], float] = {}
        self.line_starts: dict[tuple[Block, float, float], list[int]] = {}  # wrap() results

    def em(self, text: str, bold: bool = False, italic: bool = False) -> float:
        """Width of ``text`` in em (multiply by the size in points)."""
        key = (text, bold, italic)
        width = self._cache.get(key)
        if width is None:
            width = self._measure(text, bold, italic)
            if len(text) <= CHUNK:  # long texts are seldom measured twice: keep memory flat
                self._cache[key] = width
        return width

    def _measure(self, text: str, bold: bool, italic: bool) -> float:
        total, start = 0.0, 0
        for end in range(1, len(text) + 1):
            if end < len(text) and _script(text[end]) == _script(text[start]):
                continue
            piece, script = text[start:end], _script(text[start])
            if script == "latin":
                total += self._length(self.fonts.latin(bold, italic), piece)
            elif script == "hangul":
                total += self._length(self.fonts.hangul_bold if bold else self.fonts.hangul,
                                      piece)
            elif script == "emoji":
                total += EMOJI_EM * len(piece)
            elif script == "wide":
                total += WIDE_EM * len(piece)
            start = end
        return total

    @staticmethod
    def _length(font: Path, piece: str) -> float:
        """Pillow's advance of ``piece`` in em, in pieces of at most CHUNK characters."""
        face = _face(font)
        if len(piece) <= CHUNK:
            return face.getlength(piece) / _REF
        return sum(face.getlength(piece[i:i + CHUNK])
                   for i in range(0, len(piece), CHUNK)) / _REF


# -- line breaking ----------------------------------------------------------

@dataclass(frozen=True)
class _Piece:
    text: str
    bold: bool
    italic: bool
    start: int  # offset in the block's text


_TOKEN = re.compile(r"\n|[^ \n]+")


def _words(block: Block) -> Iterator[list[_Piece]]:
    """The block's text cut at spaces into words (each a list of styled pieces, one per
    style), lazily; a hard line break is its own word, "\\n"."""
    word: list[_Piece] = []
    offset = 0
    for run in block.runs:
        bold, italic = run.bold or block.bold, run.italic or block.italic
        for match in _TOKEN.finditer(run.text):
            text, start = match.group(), offset + match.start()
            if text == "\n":
                if word:
                    yield word
                yield [_Piece(text, bold, italic, start)]
                word = []
            elif word and word[-1].start + len(word[-1].text) == start:  # across runs
                last = word[-1]
                if last.bold == bold and last.italic == italic:
                    word[-1] = _Piece(last.text + text, bold, italic, last.start)
                else:
                    word.append(_Piece(text, bold, italic, start))
            else:
                if word:
                    yield word
                word = [_Piece(text, bold, italic, start)]
        offset += len(run.text)
    if word:
        yield word


def wrap(block: Block, measure: Measure, size: float, width: float,
         limit: int | None = None) -> list[int]:
    """Break ``block`` into lines of at most ``width`` points at ``size`` points (greedy,
    at spaces; a word longer than a line is broken between characters, as PowerPoint
    does). Returns the text offset where each line starts. With ``limit``, stops once
    more than ``limit`` lines are known: the first ``limit`` + 1 starts of the full answer.
    """
    key = (block, size, width)
    found = measure.line_starts.get(key)
    if found is None:
        found = _wrap(block, measure, size, width, limit)
        if limit is None or len(found) <= limit:  # complete: keep it
            measure.line_starts[key] = found
    return found if limit is None else found[:limit + 1]


def _wrap(block: Block, measure: Measure, size: float, width: float,
          limit: int | None) -> list[int]:
    size = size * block.scale
    room = width * SLACK - block.indent * size
    space = measure.em(" ") * size
    most = len(block.text) + 1 if limit is None else limit  # lines worth finding
    starts: list[int] = [0]
    used = 0.0
    for word in _words(block):
        if len(starts) > most:
            break
        if word[0].text == "\n":
            starts.append(word[0].start + 1)
            used = 0.0
            continue
        if sum(len(p.text) for p in word) > CHUNK:  # only as much as decides the line
            wide = _prefix_width(word, measure, size, room)
            pieces = [(p, 0.0) for p in word]
        else:
            pieces = [(p, measure.em(p.text, p.bold, p.italic) * size) for p in word]
            wide = sum(w for _, w in pieces)
        if used and used + space + wide > room:
            starts.append(word[0].start)
            used = 0.0
        if used:
            used += space
        if used + wide <= room:
            used += wide
            continue
        for piece, _ in pieces:  # too long for a line: break between characters
            for index, ch in enumerate(piece.text):
                w = measure.em(ch, piece.bold, piece.italic) * size
                if used and used + w > room:
                    starts.append(piece.start + index)
                    used = 0.0
                    if len(starts) > most:
                        return starts
                used += w
    return starts


def _prefix_width(word: list[_Piece], measure: Measure, size: float, room: float) -> float:
    """Width of a very long word from its characters' advances, summed only until it
    is known to be wider than ``room``."""
    total = 0.0
    for piece in word:
        for ch in piece.text:
            total += measure.em(ch, piece.bold, piece.italic) * size
            if total > room:
                return total
    return total


def line_count(block: Block, measure: Measure, size: float, width: float) -> int:
    return len(wrap(block, measure, size, width))


def block_height(block: Block, measure: Measure, size: float, width: float) -> float:
    """Height of the block's lines, without the space after it."""
    return line_count(block, measure, size, width) * size * block.scale * LINE_HEIGHT


def height(blocks: list[Block], measure: Measure, size: float, width: float) -> float:
    """Height in points of ``blocks`` at ``size`` in a frame ``width`` points wide."""
    total = 0.0
    for index, block in enumerate(blocks):
        total += block_height(block, measure, size, width)
        if index < len(blocks) - 1:
            total += block.space_after * size * block.scale
    return total


def spare_width(blocks: list[Block], width: float) -> float:
    """The width to measure ``blocks`` at so they also fit set in a substitute font as wide
    as DejaVu Sans (bold if a block is bold throughout)."""
    bold = any(b.bold or (b.runs and all(r.bold for r in b.runs)) for b in blocks)
    return width / (SUBSTITUTE_BOLD if bold else SUBSTITUTE)


def spare_height(blocks: list[Block], measure: Measure, size: float, width: float) -> float:
    """Height of ``blocks`` set in a substitute font as wide as DejaVu Sans: the room to
    leave so that text does not run into its neighbours where the named font is missing."""
    bold = any(b.bold or any(r.bold for r in b.runs) for b in blocks)
    return height(blocks, measure, size, width / (SUBSTITUTE_BOLD if bold else SUBSTITUTE))


def fits(blocks: list[Block], measure: Measure, size: float, width: float,
         room: float) -> bool:
    """Whether ``height(blocks, …) <= room``, measuring only as far as that is decided."""
    total = 0.0
    for index, block in enumerate(blocks):
        line = size * block.scale * LINE_HEIGHT
        limit = max(int((room - total) // line), 0) + 2
        count = len(wrap(block, measure, size, width, limit))
        if count > limit:
            return False
        total += count * size * block.scale * LINE_HEIGHT
        if index < len(blocks) - 1:
            total += block.space_after * size * block.scale
        if total > room:
            return False
    return True


def fit_size(blocks: list[Block], measure: Measure, width: float, room: float,
             largest: float, smallest: float) -> float | None:
    """The largest size (in 1 pt steps, from ``largest`` down to ``smallest``) at which
    ``blocks`` fit ``width`` × ``room`` points, or None."""
    size = float(largest)
    while size >= smallest:
        if fits(blocks, measure, size, width, room):
            return size
        size -= 1
    return None


def split_block(block: Block, offset: int) -> tuple[Block, Block]:
    """Cut a block at a text offset: the head keeps the bullet, the tail continues it."""
    head: list[Run] = []
    tail: list[Run] = []
    seen = 0
    for run in block.runs:
        cut = min(max(offset - seen, 0), len(run.text))
        if cut:
            head.append(replace(run, text=run.text[:cut]))
        if cut < len(run.text):
            tail.append(replace(run, text=run.text[cut:]))
        seen += len(run.text)
    head_block = replace(block, runs=_strip(tuple(head), end=True))
    return head_block, replace(block, runs=_strip(tuple(tail), end=False), bullet="")


def _strip(runs: tuple[Run, ...], *, end: bool) -> tuple[Run, ...]:
    """Drop the spaces a line break swallowed at a cut."""
    if not runs:
        return runs
    if end:
        return runs[:-1] + (replace(runs[-1], text=runs[-1].text.rstrip(" ")),)
    return (replace(runs[0], text=runs[0].text.lstrip(" \n")),) + runs[1:]
