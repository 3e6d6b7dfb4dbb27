"""Slides as pages: a new slide on its layout with its real title fitted (wrapping to
two lines before it shrinks on a template), the room left for content, the footer,
the progress marker of a section slide, and speaker notes."""

from __future__ import annotations

from dataclasses import dataclass, field

from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.util import Pt

from .canvas import INSET_X, INSET_Y, Box, Deck, fill, inner, place, rectangle, text_block
from .fit import (
    EMU_PER_PT,
    LINE_HEIGHT,
    Block,
    fit_size,
    fits,
    height,
    spare_height,
    wrap,
)
from .oxml.shapes import (
    add_placeholder_like,
    add_slide_number,
    placeholder_boxes,
    slide_placeholders,
)
from .oxml.text import set_notes
from .sizing import breaks_inside_words, fit_fixed, text_box, too_long
from .template import BODY_TYPES, FOOTER_TYPES, TITLE_TYPES
from .text import bare, speaker_notes


@dataclass
class Page:
    """A slide being drawn, with its placeholders and their boxes by placeholder type."""

    slide: object
    shapes: dict = field(default_factory=dict)
    boxes: dict = field(default_factory=dict)
    title_height: float = 0.0  # of the title's text, measured
    title_room: float = 0.0  # what it may take in a wider substitute font (spare_height)
    title_bounds: tuple[float, float] = (0.0, float("inf"))  # a band's edge it keeps to

    def shape(self, types) -> object | None:
        return next((self.shapes[t] for t in types if t in self.shapes), None)

    def box(self, types) -> Box | None:
        return next((self.boxes[t] for t in types if t in self.boxes), None)


def layout_boxes(deck: Deck, layout) -> dict:
    """Placeholder type → (layout's p:sp, Box), worked out once per layout."""
    found = deck.layout_cache.get(id(layout))
    if found is None:
        found = {PP_PLACEHOLDER.from_xml(kind): (sp, Box(*(v / EMU_PER_PT for v in box)))
                 for kind, (sp, box) in placeholder_boxes(
                     layout, deck.prs.slide_master).items()}
        deck.layout_cache[id(layout)] = found
    return found


def new_slide(deck: Deck, kind: str, title: str, *, title_color: str | None = "primary",
              what: str = "a slide title", largest: float | None = None,
              anchor: str = "b") -> Page:
    """A slide of ``kind``'s layout with ``title`` fitted in its real title placeholder."""
    layout = deck.base.layouts[kind]
    known = layout_boxes(deck, layout)
    page = Page(deck.prs.slides.add_slide(layout))
    page.slide.shapes.turbo_add_enabled = True  # only this code adds shapes: cache the ids
    page.slide.name = kind
    for name, shape in slide_placeholders(page.slide):
        kind_of = PP_PLACEHOLDER.from_xml(name)
        if kind_of in known and kind_of not in page.shapes:
            page.shapes[kind_of] = shape
            page.boxes[kind_of] = known[kind_of][1]
            place(shape, known[kind_of][1])  # explicit: the box measured is the box drawn
    if page.shape(TITLE_TYPES) is None:  # the layout has none: add one like the master's
        master = layout_boxes(deck, deck.prs.slide_master)
        source, box = master[PP_PLACEHOLDER.TITLE]
        shape = add_placeholder_like(page.slide, source, "Title")
        place(shape, box)
        page.shapes[PP_PLACEHOLDER.TITLE], page.boxes[PP_PLACEHOLDER.TITLE] = shape, box
    title_kind = next(t for t in TITLE_TYPES if t in page.boxes)
    if not deck.base.house:
        page.boxes[title_kind], page.title_bounds = on_one_backdrop(
            deck, layout, page.boxes[title_kind])
    block = text_block(bare(title), bold=True)
    size, box = fit_title(deck, page, [block], largest or deck.theme.deck.title_size, what,
                          anchor)
    if anchor == "t":  # the box ends where its text does: nothing else is behind it
        box = Box(box.left, box.top, box.width, min(box.height, height(
            [block], deck.title_measure, size, inner(box)[0]) + 2 * INSET_Y))
    page.boxes[title_kind] = box
    place(page.shape(TITLE_TYPES), box)
    fill(deck, page.shape(TITLE_TYPES).text_frame, [block], size, color=title_color,
         anchor=anchor, heading=True)
    page.title_height = height([block], deck.title_measure, size, inner(box)[0])
    page.title_room = min(spare_height([block], deck.title_measure, size, inner(box)[0]),
                          inner(box)[1])
    return page


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
    unlimited = (0.0, float("inf"))
    runs = [(top / EMU_PER_PT, bottom / EMU_PER_PT) for top, bottom in
            deck.base.backdrops.bands(layout, int(Pt(box.left)), int(Pt(box.width)))]
    under = [(min(bottom, box.bottom) - max(top, box.top), top, bottom)
             for top, bottom in runs if bottom > box.top and top < box.bottom]
    if not under:
        return box, unlimited
    overlap, top, bottom = max(under)
    if overlap < box.height / 2:
        return box, unlimited
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


def fit_title(deck: Deck, page: Page, blocks: list[Block], largest: float, what: str,
              anchor: str = "b") -> tuple[float, Box]:
    """The size and box of a slide title. From ``largest`` down to the theme's
    ``min_title_size`` (1 pt steps), the first size at which the title fits its placeholder
    with no word broken; a placeholder too low for TITLE_LINES lines at the minimum
    grows (up first for a title anchored at its foot, down first for one anchored at its
    head) into the free room around it, so the title wraps to two lines before it shrinks.
    A title that fits in no such box even at the minimum, in a placeholder centred on the
    slide, widens about its centre (``_widened``) just as far as it needs into free room
    beside it. Never below the minimum: a title that fits
    nowhere is a RenderError naming it."""
    box = page.box(TITLE_TYPES)
    smallest = deck.theme.deck.min_title_size
    if deck.base.house:  # its title boxes hold two lines; the cover re-fits its own
        return fit_fixed(deck, box, blocks, largest, smallest, what, heading=True), box
    measure = deck.title_measure
    width, room = inner(box)
    two_lines = TITLE_LINES * smallest * LINE_HEIGHT + 2 * INSET_Y
    top, bottom = title_room(deck, page.slide.slide_layout, box)
    top, bottom = max(top, page.title_bounds[0]), min(bottom, page.title_bounds[1])
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
    wider = _widened(deck, page, blocks, box, smallest, (top, bottom), anchor)
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


def _widened(deck: Deck, page: Page, blocks: list[Block], box: Box, size: float,
             room: tuple[float, float], anchor: str) -> Box | float:
    """The narrowest box wider than ``box`` (WIDEN_STEP points a side at a time) that
    holds ``blocks`` in TITLE_LINES lines at ``size`` with no word broken, grown up or
    down as ``_grown`` does within ``room``, widened about its centre: only a placeholder
    centred on the slide widens (it stays centred; its text keeps its alignment). Never
    over another placeholder, a decoration or past EDGE (``title_sides``); on a band
    (``page.title_bounds``), only where that band runs under all of it. If none does:
    the widest inner width tried, for the error's advice."""
    measure, layout = deck.title_measure, page.slide.slide_layout
    centre = box.left + box.width / 2
    banded = page.title_bounds[1] != float("inf")
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


def content_area(deck: Deck, page: Page) -> Box:
    """The room below the slide's title and above its footer, in the columns of the
    template's body: the layout's body placeholder, else its master's, where that is
    wider than the title (LibreOffice's Sunset: a title 283 pt wide, centred over a body
    652 pt wide; a table in the title's columns broke its header into letters). On a
    layout with a subtitle placeholder (a cover, a closing slide), the title's columns.
    Clear of the template's artwork (clear_of_artwork)."""
    title = page.box(TITLE_TYPES)
    top = title.bottom + 16
    layout = page.slide.slide_layout
    known = layout_boxes(deck, layout)
    feet = [box.top for kind, (_, box) in known.items() if kind in FOOTER_TYPES]
    bottom = (min(feet) if feet else deck.height - 44) - 22
    left, width = title.left, title.width
    if not deck.base.house and PP_PLACEHOLDER.SUBTITLE not in known:  # a cover: the title's
        bodies = [box for kind, (_, box) in known.items() if kind in BODY_TYPES] or [
            box for kind, (_, box) in layout_boxes(deck, layout.slide_master).items()
            if kind in BODY_TYPES]
        widest = max(bodies, key=lambda box: box.width, default=title)
        if widest.width > width:
            left, width = widest.left, widest.width
    return clear_of_artwork(deck, page, Box(left, top, width, bottom - top))


def above_footer(deck: Deck, page: Page, box: Box) -> Box:
    """``box`` cut short above the layout's footer placeholders, where a template's body
    reaches down behind them, and clear of the template's artwork."""
    feet = [foot.top for kind, (_, foot) in layout_boxes(deck, page.slide.slide_layout).items()
            if kind in FOOTER_TYPES and foot.top < box.bottom and foot.bottom > box.top
            and foot.left < box.left + box.width and foot.left + foot.width > box.left]
    if feet and min(feet) - 6 > box.top + box.height / 2:
        box = Box(box.left, box.top, box.width, min(feet) - 6 - box.top)
    return clear_of_artwork(deck, page, box)


def clear_of_artwork(deck: Deck, page: Page, box: Box) -> Box:
    """The largest part of ``box`` beside, above or below the artwork of the slide's master
    and layout that reaches into it (Backdrops.artwork: LibreOffice's Yellow Idea draws
    a light bulb left of its body, Piano a row of notes above its footer band, Candy
    stripes down its left edge). Where artwork leaves less than CLEAR_SHARE of the box
    (Focus's title master: coloured shapes all over), it is the box's backdrop: the box
    stays, its text on panels."""
    artwork = deck.base.backdrops.artwork(page.slide.slide_layout)
    emu = tuple(v * EMU_PER_PT for v in (box.left, box.top, box.width, box.height))
    found = artwork.clear(emu)
    if found == emu:
        return box
    clear = Box(*(v / EMU_PER_PT for v in found))
    return clear if clear.width * clear.height >= CLEAR_SHARE * box.width * box.height \
        else box


CLEAR_SHARE = 0.5


def continued(deck: Deck, title: str, page: int) -> str:
    return title if page == 0 else f"{title} ({deck.label('continued')})"


def footer(deck: Deck, page: Page, progress: str = "", color: str = "muted") -> None:
    """Short title and a live slide number, in the layout's footer placeholders if it has
    them, else in text boxes along the bottom."""
    known = layout_boxes(deck, page.slide.slide_layout)
    size = deck.theme.deck.footer_size
    margin = deck.width * 54 / 960
    places = {PP_PLACEHOLDER.FOOTER: Box(margin, deck.height - 42, deck.width * 0.6, 24),
              PP_PLACEHOLDER.SLIDE_NUMBER: Box(deck.width * 0.75, deck.height - 42,
                                               deck.width * 0.25 - margin, 24)}
    for kind, fallback in places.items():
        name = "Footer" if kind == PP_PLACEHOLDER.FOOTER else "Slide number"
        if kind in known:
            source, box = known[kind]
            shape = add_placeholder_like(page.slide, source, name)
            place(shape, box)
        else:
            box = fallback
            shape = page.slide.shapes.add_textbox(*box.emu())
            shape.name = name
        if kind == PP_PLACEHOLDER.FOOTER:
            title = bare(deck.briefing.title)
            text = f"{progress}  ·  {title}" if progress else title
            block = text_block(_fit_line(deck, box, text, size), align="left")
        else:
            block = text_block("0", align="right")
        # The footer is the document's (its title, "Section 2 of 7"), on every slide.
        fill(deck, shape.text_frame, [block], size, color=color, anchor="m",
             lang=deck.briefing.lang)
        if kind == PP_PLACEHOLDER.SLIDE_NUMBER:
            add_slide_number(shape.text_frame.paragraphs[0], len(deck.prs.slides))


def _fit_line(deck: Deck, box: Box, text: str, size: float) -> str:
    """``text`` on one line of ``box``: whole if it fits, else cut at a word with '…'."""
    width, room = inner(box)
    words = text.split(" ")
    for count in range(len(words), 0, -1):
        candidate = " ".join(words[:count]) + ("" if count == len(words) else " …")
        if fit_size([text_block(candidate)], deck.measure, width, min(room, size * 1.2),
                    size, size):
            return candidate
    return ""


def section_slide(deck: Deck, kind: str, index: int, number: int = 0, *,
                  with_notes: bool = True) -> Page:
    """A slide about section ``index``: its title, footer, progress marker and notes
    (unless ``with_notes`` is False: the caller writes the part its slide shows)."""
    section = deck.briefing.sections[index]
    page = new_slide(deck, kind, continued(deck, section.title, number),
                     what=f"the title of sections[{index}]")
    total = len(deck.briefing.sections)
    where = (f"{deck.label('section', document=True)} {index + 1} "
             f"{deck.label('of', document=True)} {total}")
    if deck.base.house:
        _progress(deck, page, index, where)
        footer(deck, page)
    else:
        footer(deck, page, progress=where)
    if kind == "section" and with_notes:
        notes(deck, page, speaker_notes(section))
    return page


def _progress(deck: Deck, page: Page, index: int, where: str) -> None:
    """Where the talk is: a bar along the top edge, filled up to this section (the
    current one in the accent colour), and 'SECTION 2 OF 7' above the title."""
    share = deck.width / len(deck.briefing.sections)
    for name, box, role in (("Progress", Box(0, 0, deck.width, 6), "rule"),
                            ("Progress done", Box(0, 0, share * index, 6), "primary"),
                            ("Progress here", Box(share * index, 0, share, 6), "accent")):
        if box.width > 0:
            rectangle(deck, page.slide, box, role).name = name
    # The title is anchored at its box's bottom: the label sits above its text, with room
    # for the lines it takes in a wider substitute font (which then shrinks to its box).
    title = page.box(TITLE_TYPES)
    top = max(title.bottom - INSET_Y - page.title_room - 28, 10)
    text_box(deck, page.slide, Box(title.left, top, title.width, 26),
             [text_block(where.upper(), bold=True)], 13, 13, "the progress label",
             color="accent", lang=deck.briefing.lang)  # the document's, like the footer


def notes(deck: Deck, page: Page, text: str) -> None:
    if text:
        set_notes(page.slide, text, deck.part_numbers)
