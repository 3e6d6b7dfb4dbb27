"""Text sized to its box: the largest size at which blocks fit with no word broken
inside, down to the theme's minimum (then to SMALLEST with a warning), else an error
located at the content field the text came from."""

from __future__ import annotations

import re

from ..errors import Problem, RenderError
from .canvas import Box, Deck, fill, inner
from .fit import (
    Block,
    Measure,
    fit_size,
    wrap,
)

SMALLEST = 10  # below the theme's minimum only for a box that cannot continue


def fit_fixed(deck: Deck, box: Box, blocks: list[Block], largest: float, smallest: float,
              what: str, heading: bool = False) -> float:
    """The size at which ``blocks`` fit ``box`` with no word broken inside ("38 GW" stays
    whole): within the theme's range if possible, else down to SMALLEST (with a
    warning), else a RenderError naming ``what``."""
    width, room = inner(box)
    measure = deck.title_measure if heading else deck.measure
    size = _whole_words_size(blocks, measure, width, room, largest, smallest)
    if size is None:
        size = _whole_words_size(blocks, measure, width, room, smallest - 1, SMALLEST)
        if size is None:
            raise too_long(deck, what)
        deck.warnings.append(f"{deck.briefing.source}: {what} shrunk to {size:g} pt to fit "
                             "its slide")
    return size


def _whole_words_size(blocks: list[Block], measure: Measure, width: float, room: float,
                      largest: float, smallest: float) -> float | None:
    """The largest size (1 pt steps) at which ``blocks`` fit and every word fits a line."""
    size = fit_size(blocks, measure, width, room, largest, smallest)
    while size is not None and breaks_inside_words(blocks, measure, size, width):
        size = fit_size(blocks, measure, width, room, size - 1, smallest) \
            if size - 1 >= smallest else None
    return size


def breaks_inside_words(blocks: list[Block], measure: Measure, size: float,
                        width: float) -> bool:
    """True if, at ``size``, some line of ``blocks`` starts inside a word (a word wider
    than the frame, broken between characters)."""
    for block in blocks:
        text = block.text
        if any(start and text[start - 1] not in " \n" for start in
               wrap(block, measure, size, width)):
            return True
    return False


# "the value of sections[2].stats[1]" → the field it names: sections[2].stats[1].value
_WHAT = re.compile(r"the (?P<field>[a-z ]+?)(?: of (?P<at>sections\[\d+\][\w.\[\]]*))?")


_FIELDS = {"value": "value", "label": "label", "title": "title", "caption": "caption",
           "alt text": "alt", "subtitle": "subtitle", "kicker": "kicker", "topics": "topics",
           "author and date line": "author", "closing text": "title"}


def too_long(deck: Deck, what: str, advice: str = "") -> RenderError:
    """Text that fits its box at no size: located at the content it came from when
    ``what`` names a field, so the author sees FILE:LINE:COL."""
    message = f"too long for its place on a slide: {advice}" if advice else \
        "too long for its place on a slide; shorten it"
    match = _WHAT.fullmatch(what)
    field = _FIELDS.get(match["field"]) if match else None
    if field is None:
        return RenderError(f"{what} is {message}")
    path: list[str | int] = []
    for name, index in re.findall(r"(\w+)(?:\[(\d+)\])?", match["at"] or ""):
        path += [name, int(index)] if index else [name]
    path.append(field)
    line, column = deck.briefing.position(*path)
    dotted = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")
    return RenderError([Problem(str(deck.briefing.source), line, column, dotted,
                                f"{what} is {message}")])


def text_box(deck: Deck, slide, box: Box, blocks: list[Block], largest: float,
             smallest: float, what: str, *, color: str | None = "text", anchor: str = "t",
             lang: str | None = None):
    size = fit_fixed(deck, box, blocks, largest, smallest, what)
    shape = slide.shapes.add_textbox(*box.emu())
    shape.name = what.split(" of ")[0].removeprefix("the ").capitalize()  # "Stat value"
    fill(deck, shape.text_frame, blocks, size, color=color, anchor=anchor, lang=lang)
    return shape
