"""A slide title fitted to its template's placeholder: from the theme's title size down to
its minimum, on one band of the backdrop, grown into the free room above or below
it to take two lines before it shrinks, and, in a centred placeholder, widened
beside it as a last resort; never below the minimum (a located error instead)."""

from __future__ import annotations

from pptx.util import Pt

from .canvas import INSET_X, INSET_Y, Box, Deck, inner, layout_boxes
from .fit import EMU_PER_PT, LINE_HEIGHT, Block, fits, height, wrap
from .sizing import breaks_inside_words, fit_fixed, too_long
from .template import TITLE_TYPES

UNBOUNDED = (0.0, float("inf"))  # a title box on no band: it may grow as far as room allows


TITLE_LINES = 2  # a title wraps to this many lines before it shrinks


def on_one_backdrop(deck: Deck, layout, box: Box) -> tuple[Box, tuple[float, float]]:
    """``box`` cut to the band of the backdrop that holds most of it, and that band's
    top and bottom: how far the box may grow.

    A template's title placeholder may cross the edge of a coloured band
    (LibreOffice's Vivid: a title box 21–99 pt, its band ending at 85 pt; Focus:
    stripes), so a title anchored at its foot sat half on the band and half off
    it, in a colour that could read on one of them only. On one band, the title
    has one backdrop, and its colour is chosen against that one. A backdrop with
    no band holding half the box (a photograph) leaves the box as it is.
    """
    runs = [(top / EMU_PER_PT, bottom / EMU_PER_PT) for top, bottom in
            deck.base.backdrops.bands(layout, int(Pt(box.left)), int(Pt(box.width)))]
    under = [(min(bottom, box.bottom) - max(top, box.top), top, bottom)
             for top, bottom in runs if bottom > box.top and top < box.bottom]
    if not under:
        return box, UNBOUNDED
    overlap, top, bottom = max(under)
    if overlap < box.height / 2:
        return box, UNBOUNDED
    upper, lower = max(top, box.top), min(bottom, box.bottom)
    return Box(box.left, upper, box.width, lower - upper), (top, bottom)


EDGE = 6  # points a grown title box keeps from the slide's edges


def title_room(deck: Deck, layout, box: Box) -> tuple[float, float]:
    """How far up and down a title box may grow: to the nearest placeholder of its layout
    above and below it (in its columns), else to EDGE points from the slide's edge."""
    top, bottom = min(box.top, EDGE), max(box.bottom, deck.height - EDGE)
    for kind, (_, other) in layout_boxes(deck, layout).items():
        if kind in TITLE_TYPES or other.left >= box.left + box.width or \
                other.left + other.width <= box.left:
            continue
        if other.bottom <= box.top + 1:
            top = max(top, other.bottom)
        elif other.top >= box.bottom - 1:
            bottom = min(bottom, other.top)
    return top, bottom


def fit_title(deck: Deck, layout, box: Box, blocks: list[Block], largest: float, what: str,
              anchor: str = "b", bounds: tuple[float, float] = UNBOUNDED) -> tuple[float, Box]:
    """The size and box of a slide title. From ``largest`` down to the theme's
    ``min_title_size`` (1 pt steps), the first size at which the title fits its placeholder
    with no word broken; a placeholder too low for TITLE_LINES lines at the minimum
    grows (up first for a title anchored at its foot, down first for one anchored at its
    head) into the free room around it, so the title wraps to two lines before it shrinks.
    A title that fits in no such box even at the minimum, in a placeholder centred on the
    slide, widens about its centre (``_widened``) just as far as it needs into free room
    beside it. Never below the minimum: a title that fits
    nowhere is a RenderError naming it."""
    smallest = deck.theme.deck.min_title_size
    if deck.base.house:  # its title boxes hold two lines; the cover re-fits its own
        return fit_fixed(deck, box, blocks, largest, smallest, what, heading=True), box
    measure = deck.title_measure
    width, room = inner(box)
    two_lines = TITLE_LINES * smallest * LINE_HEIGHT + 2 * INSET_Y
    top, bottom = title_room(deck, layout, box)
    top, bottom = max(top, bounds[0]), min(bottom, bounds[1])
    can_grow = box.height < two_lines
    size = max(float(largest), smallest)
    while size >= smallest:
        if not breaks_inside_words(blocks, measure, size, width):
            if fits(blocks, measure, size, width, room):
                return size, box
            need = height(blocks, measure, size, width) + 2 * INSET_Y
            lines = sum(len(wrap(b, measure, size, width, TITLE_LINES)) for b in blocks)
            if can_grow and lines <= TITLE_LINES and need <= bottom - top:
                return size, _grown(box, need, top, bottom, anchor)
        size -= 1
    wider = _widened(deck, layout, blocks, box, smallest, (top, bottom), anchor,
                     banded=bounds != UNBOUNDED)
    if isinstance(wider, Box):
        return smallest, wider
    width = max(width, wider)
    longest = max(blocks, key=lambda b: len(wrap(b, measure, smallest, width)))
    starts = wrap(longest, measure, smallest, width)
    most = TITLE_LINES if can_grow else max(int(room // (smallest * LINE_HEIGHT)), 1)
    # What its first ``most`` lines hold, as wrapped at the widest it may take.
    keep = len(longest.text[:starts[most]].rstrip()) if len(starts) > most else len(longest.text)
    raise too_long(deck, what, f"at the theme's smallest title size, {smallest:g} pt "
                    f"(deck.min_title_size), it takes {len(starts)} lines where its place "
                    f"holds {most}; shorten it to about {max(keep, 1)} characters")


def title_sides(deck: Deck, layout, box: Box, top: float, bottom: float
                ) -> tuple[float, float]:
    """How far left and right a title box may widen in the rows from ``top`` to
    ``bottom``: to the nearest placeholder of its layout beside it; so far that its text
    (inside the frame's insets) crosses no edge of a decoration of the layout or its master
    that it did not cross already (a frame, a band, a picture, a rule); never closer than
    EDGE points to the slide's edges."""
    left, right = min(box.left, EDGE), max(box.left + box.width, deck.width - EDGE)
    for kind, (_, other) in layout_boxes(deck, layout).items():
        if kind in TITLE_TYPES or other.top >= bottom or other.bottom <= top:
            continue
        if other.left + other.width <= box.left + 1:
            left = max(left, other.left + other.width)
        elif other.left >= box.left + box.width - 1:
            right = min(right, other.left)
    for edge in deck.base.backdrops.edges(layout, int(Pt(top)), int(Pt(bottom))):
        x = edge / EMU_PER_PT  # the box's text, inside its insets, crosses no edge
        if x <= box.left + INSET_X:
            left = max(left, min(x - INSET_X, box.left))
        elif x >= box.left + box.width - INSET_X:
            right = min(right, max(x + INSET_X, box.left + box.width))
    return left, right


WIDEN_STEP = 2  # points a title box widens by, each side, per trial


def _widened(deck: Deck, layout, blocks: list[Block], box: Box, size: float,
             room: tuple[float, float], anchor: str, banded: bool) -> Box | float:
    """The narrowest box wider than ``box`` (WIDEN_STEP points a side at a time) that
    holds ``blocks`` in TITLE_LINES lines at ``size`` with no word broken, grown up or
    down as ``_grown`` does within ``room``, widened about its centre: only a placeholder
    centred on the slide widens (it stays centred; its text keeps its alignment). Never
    over another placeholder, a decoration or past EDGE (``title_sides``); on a band
    (``banded``: on_one_backdrop set its bounds), only where that band runs under all
    of it. If none does: the widest inner width tried, for the error's advice."""
    measure = deck.title_measure
    centre = box.left + box.width / 2
    widest = inner(box)[0]
    if abs(centre - deck.width / 2) > 1:  # placed to one side: as the template put it
        return widest
    width = box.width + 2 * WIDEN_STEP
    while width <= deck.width - 2 * EDGE:
        left = centre - width / 2
        text = width - 2 * INSET_X
        need = height(blocks, measure, size, text) + 2 * INSET_Y
        lines = sum(len(wrap(b, measure, size, text, TITLE_LINES + 1)) for b in blocks)
        rows = box if need <= box.height else _grown(box, need, *room, anchor)
        low, high = title_sides(deck, layout, box, rows.top, rows.bottom)
        if left < low - 0.01 or left + width > high + 0.01:
            break
        widest = text
        if need <= room[1] - room[0] and lines <= TITLE_LINES and \
                not breaks_inside_words(blocks, measure, size, text) and \
                (not banded or _one_band(deck, layout, Box(left, rows.top, width,
                                                           rows.height))):
            return Box(left, rows.top, width, rows.height)
        width += 2 * WIDEN_STEP
    return widest


def _one_band(deck: Deck, layout, box: Box) -> bool:
    """True if one band of the backdrop, across ``box``'s columns, runs under all of it."""
    runs = deck.base.backdrops.bands(layout, int(Pt(box.left)), int(Pt(box.width)))
    return any(top / EMU_PER_PT <= box.top + 1 and bottom / EMU_PER_PT >= box.bottom - 1
               for top, bottom in runs)


def _grown(box: Box, need: float, top: float, bottom: float, anchor: str) -> Box:
    extra = need - box.height
    if anchor == "t":
        down = min(extra, bottom - box.bottom)
        up = extra - down
    elif anchor == "b":
        up = min(extra, box.top - top)
        down = extra - up
    else:
        up = min(extra / 2, box.top - top)
        up += max(extra - up - (bottom - box.bottom), 0)
        down = extra - up
    return Box(box.left, box.top - up, box.width, box.height + up + down)
