"""Slides as pages: a new slide on its layout with its real title fitted (wrapping to
two lines before it shrinks on a template), the room left for content, the footer,
the progress marker of a section slide, and speaker notes."""

from __future__ import annotations

from dataclasses import dataclass, field

from pptx.enum.shapes import PP_PLACEHOLDER

from .canvas import (
    INSET_Y,
    Box,
    Deck,
    fill,
    inner,
    layout_boxes,
    place,
    rectangle,
    text_block,
)
from .fit import (
    EMU_PER_PT,
    fit_size,
    height,
    spare_height,
)
from .oxml.shapes import (
    add_placeholder_like,
    add_slide_number,
    slide_placeholders,
)
from .oxml.text import set_notes
from .sizing import text_box
from .template import BODY_TYPES, FOOTER_TYPES, TITLE_TYPES
from .text import bare, speaker_notes
from .titles import UNBOUNDED, fit_title, on_one_backdrop


@dataclass
class Page:
    """A slide being drawn, with its placeholders and their boxes by placeholder type."""

    slide: object
    shapes: dict = field(default_factory=dict)
    boxes: dict = field(default_factory=dict)
    title_height: float = 0.0  # of the title's text, measured
    title_room: float = 0.0  # what it may take in a wider substitute font (spare_height)
    title_bounds: tuple[float, float] = UNBOUNDED  # the band it keeps to (on_one_backdrop)

    def shape(self, types) -> object | None:
        return next((self.shapes[t] for t in types if t in self.shapes), None)

    def box(self, types) -> Box | None:
        return next((self.boxes[t] for t in types if t in self.boxes), None)


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
    size, box = fit_title(deck, layout, page.box(TITLE_TYPES), [block],
                          largest or deck.theme.deck.title_size, what, anchor, page.title_bounds)
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
    emu = box.emu()
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
