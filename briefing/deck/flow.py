"""Measured text → pages: shrink to fit, else split onto continuation slides.

Text first shrinks, one point at a time, down to the theme's minimum; what
still does not fit is split between paragraphs (or inside a long one, never
leaving a single line behind) onto as few slides as possible, balanced so the
last one is not a lone line; then every page is drawn at the largest size at
which all of them fit. Tables split between rows, the header repeated, with
column widths from the cells' measured text. No python-pptx here.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, field, replace

from ..content.markdown import Run
from .fit import (
    EMU_PER_PT,
    LINE_HEIGHT,
    SLACK,
    SUBSTITUTE,
    SUBSTITUTE_BOLD,
    Block,
    Measure,
    fit_size,
    fits,
    height,
    spare_width,
    split_block,
    wrap,
)


class DoesNotFit(Exception):
    """Even one line does not fit the box at the smallest size."""


@dataclass(frozen=True)
class Flow:
    size: float
    pages: list[list[Block]]
    # for each page, the indices of the input blocks that begin on it (a block split
    # over pages begins on the first of them)
    begins: list[list[int]] = field(default_factory=list)


def flow(blocks: list[Block], measure: Measure, width: float, room: float,
         largest: float, smallest: float) -> Flow:
    """Fit ``blocks`` in a ``width`` × ``room`` point box, on one page or several."""
    size = fit_size(blocks, measure, width, room, largest, smallest)
    if size is not None:
        return Flow(size, [blocks], [list(range(len(blocks)))])
    pages, begins = _balanced(blocks, measure, smallest, width, room)
    return Flow(_common_size(pages, measure, width, room, largest, smallest), pages, begins)


def _common_size(pages, measure, width, room, largest, smallest) -> float:
    size = float(largest)
    while size > smallest:
        if all(fits(p, measure, size, width, room) for p in pages):
            return size
        size -= 1
    return float(smallest)


def _balanced(blocks, measure, size, width, room) -> tuple[list[list[Block]], list[list[int]]]:
    """Pack onto the fewest pages, then shrink the page height used while the count
    holds, so the pages come out about equally full."""
    best = _pack(blocks, measure, size, width, room)
    low, high = room / 2, room
    for _ in range(6):
        middle = (low + high) / 2
        try:
            trial = _pack(blocks, measure, size, width, middle)
        except DoesNotFit:
            trial = None
        if trial is not None and len(trial[0]) <= len(best[0]):
            best, high = trial, middle
        else:
            low = middle
    return best


def _pack(blocks, measure, size, width, room) -> tuple[list[list[Block]], list[list[int]]]:
    """Blocks onto pages of ``room`` points, and for each page the blocks begun on it.
    Each block is measured only as far as the page it starts on needs."""
    pages: list[list[Block]] = [[]]
    begins: list[list[int]] = [[]]
    used = 0.0
    queue = deque((block, index) for index, block in enumerate(blocks))
    while queue:
        block, index = queue.popleft()  # index None: the rest of a block already begun
        gap = pages[-1][-1].space_after * size * pages[-1][-1].scale if pages[-1] else 0.0
        line = size * block.scale * LINE_HEIGHT
        free = int((room - used - gap) // line)
        starts = wrap(block, measure, size, width, max(free, 0) + 2)
        need = len(starts) * size * block.scale * LINE_HEIGHT  # as block_height
        if block.keep_with_next and pages[-1] and index is not None:
            chain = _kept_together(block, queue)
            whole = height(chain, measure, size, width)
            if used + gap + whole > room >= whole:  # the group fits a slide of its own
                pages.append([])
                begins.append([])
                used = 0.0
                queue.appendleft((block, index))
                continue
        if len(starts) <= max(free, 0) + 2 and used + gap + need <= room:
            pages[-1].append(block)
            begins[-1] += [] if index is None else [index]
            used += gap + need
            continue
        alone = not pages[-1]
        if not alone and (free < 2 or len(starts) - free < 2):
            pages.append([])  # keep at least two lines together: start a new page
            begins.append([])
            used = 0.0
            queue.appendleft((block, index))
            continue
        if free < 1:
            raise DoesNotFit(block.text[:40])
        if len(starts) - free == 1 and free > 2:
            free -= 1  # no single line left alone on the next page
        head, tail = split_block(block, starts[free])
        pages[-1].append(head)
        begins[-1] += [] if index is None else [index]
        pages.append([])
        begins.append([])
        used = 0.0
        queue.appendleft((tail, None))
    kept = [number for number, page in enumerate(pages) if page]
    return [pages[n] for n in kept], [begins[n] for n in kept]


def _kept_together(block: Block, queue) -> list[Block]:
    """``block`` and those after it in ``queue`` that it and they keep with them."""
    chain = [block]
    for following, _ in queue:
        if not chain[-1].keep_with_next:
            break
        chain.append(following)
    return chain


# -- tables -------------------------------------------------------------------------

@dataclass(frozen=True)
class TableFlow:
    size: float
    widths: list[float]  # column widths in points
    header_height: float
    pages: list[list[tuple[tuple[Block, ...], float]]]  # rows with their heights


@dataclass(frozen=True)
class CellBox:
    """Inner margins of a table cell, in points."""

    left: float
    right: float
    top: float
    bottom: float



def flow_table(header: tuple[Block, ...], rows: list[tuple[Block, ...]], measure: Measure,
               width: float, room: float, largest: float, smallest: float,
               cell: CellBox) -> TableFlow:
    """Size a table to ``width`` × ``room`` points: shrink, then split between rows."""
    size = float(largest)
    while size >= smallest:
        widths = column_widths([header, *rows], measure, size, width, cell)
        heights = [row_height(r, measure, size, widths, cell) for r in rows]
        head = row_height(header, measure, size, widths, cell)
        if head + sum(heights) <= room:
            return TableFlow(size, widths, head, [list(zip(rows, heights, strict=True))])
        size -= 1
    size = float(smallest)
    widths = column_widths([header, *rows], measure, size, width, cell)
    head = row_height(header, measure, size, widths, cell)
    pages = _pack_rows(rows, measure, size, widths, room - head, cell)
    if sum(len(p) for p in pages) != len(rows):  # a row was cut between pages
        return TableFlow(size, widths, head, pages)
    pages = _even(pages, room - head) or pages
    # The same rows on each page, at the largest size at which every page still fits.
    groups = [[row for row, _ in page] for page in pages]
    for larger in range(int(largest), int(smallest), -1):
        grown = _regrown(header, groups, measure, float(larger), width, room, cell)
        if grown is not None:
            return grown
    return TableFlow(size, widths, head, pages)


def _regrown(header, groups, measure, size, width, room, cell) -> TableFlow | None:
    """``groups`` of rows, one per page, at ``size``, or None if a page overflows."""
    widths = column_widths([header, *(r for g in groups for r in g)], measure, size, width,
                           cell)
    head = row_height(header, measure, size, widths, cell)
    pages = []
    for group in groups:
        heights = [row_height(r, measure, size, widths, cell) for r in group]
        if head + sum(heights) > room:
            return None
        pages.append(list(zip(group, heights, strict=True)))
    return TableFlow(size, widths, head, pages)


def column_widths(rows: list[tuple[Block, ...]], measure: Measure, size: float, width: float,
                  cell: CellBox) -> list[float]:
    """Share ``width`` between columns as browsers do for automatic tables: each gets
    its longest word, and the rest in proportion to how much more its text wants."""
    pad = cell.left + cell.right
    count = len(rows[0])
    least = [0.0] * count
    most = [0.0] * count
    for row in rows:
        for index, block in enumerate(row):
            words = [measure.em(w, block.bold) for w in block.text.split()] or [0.0]
            # the longest word whole, in a substitute font as wide as DejaVu Sans too
            wider = SUBSTITUTE_BOLD if block.bold else SUBSTITUTE
            least[index] = max(least[index], max(words) * size * wider / SLACK + pad)
            whole = measure.em(block.text, block.bold) * size / SLACK + pad
            most[index] = max(most[index], whole)
    most = [max(m, s) for m, s in zip(most, least, strict=True)]
    if sum(most) <= width:
        shares = [w * width / sum(most) for w in most]
    elif sum(least) >= width:
        shares = [w * width / sum(least) for w in least]
    else:
        spare = width - sum(least)
        extra = [m - s for m, s in zip(most, least, strict=True)]
        shares = [s + e * spare / sum(extra) for s, e in zip(least, extra, strict=True)]
    # Whole EMUs, as the deck stores them: rows are measured against the widths
    # actually drawn, so a word that just fits is not broken by the rounding.
    return [math.floor(w * EMU_PER_PT) / EMU_PER_PT for w in shares]


def row_height(row: tuple[Block, ...], measure: Measure, size: float, widths: list[float],
               cell: CellBox, spare: bool = True) -> float:
    """A row's height: its tallest cell's lines as set in a substitute font as wide as
    DejaVu Sans (``fit.spare_width``), where the named font is missing: the room a table
    is fitted and split with, since a client grows a row its text overflows. ``spare``
    False: as set in the named font (or its twin), the height a row is drawn at."""
    inner = [w - cell.left - cell.right for w in widths]
    text = max(height([b], measure, size, spare_width([b], w) if spare else w)
               for b, w in zip(row, inner, strict=True))
    return text + cell.top + cell.bottom


def _even(pages: list[list], room: float) -> list[list] | None:
    """The same rows on as many pages, each ending near an equal share of the total
    height (4 + 4 + 3 + 3 rather than 4 + 4 + 4 + 2); None if that does not fit."""
    rows = [row for page in pages for row in page]
    total = sum(h for _, h in rows)
    out: list[list] = [[]]
    used = done = 0.0
    for row, tall in rows:
        share = total * len(out) / len(pages)
        if out[-1] and (used + tall > room or (done + tall / 2 > share
                                                and len(out) < len(pages))):
            out.append([])
            used = 0.0
        out[-1].append((row, tall))
        used += tall
        done += tall
    return out if len(out) <= len(pages) else None


def _pack_rows(rows, measure, size, widths, room, cell):
    """Rows onto pages of ``room`` points; a row taller than a page is cut between lines."""
    pages: list[list] = [[]]
    used = 0.0
    queue = deque(rows)
    while queue:
        row = queue.popleft()
        need = row_height(row, measure, size, widths, cell)
        if used + need <= room:
            pages[-1].append((row, need))
            used += need
            continue
        if pages[-1] and (need <= room or room - used < need / 2):
            pages.append([])
            used = 0.0
            queue.appendleft(row)
            continue
        head, tail = _split_row(row, measure, size, widths, room - used, cell)
        if head is None:
            if not pages[-1]:
                raise DoesNotFit(row[0].text[:40])
            pages.append([])
            used = 0.0
            queue.appendleft(row)
            continue
        pages[-1].append((head, row_height(head, measure, size, widths, cell)))
        pages.append([])
        used = 0.0
        queue.appendleft(tail)
    return [page for page in pages if page]


def _split_row(row, measure, size, widths, room, cell):
    """Cut a row that is taller than ``room`` after as many lines as fit."""
    line = size * LINE_HEIGHT
    fits = int((room - cell.top - cell.bottom) // line)
    if fits < 1:
        return None, None
    heads, tails = [], []
    for block, w in zip(row, widths, strict=True):
        starts = wrap(block, measure, size, spare_width([block], w - cell.left - cell.right))
        if len(starts) > fits:
            head, tail = split_block(block, starts[fits])
        else:
            head, tail = block, replace(block, runs=(Run(""),))
        heads.append(head)
        tails.append(tail)
    return tuple(heads), tuple(tails)
