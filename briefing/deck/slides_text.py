"""Drawing the slides of words: title, agenda, section, quote, links, closing.

Each ``draw_<kind>(deck, section_index)`` adds one slide, or more when its text
continues ("… (cont.)"); the data kinds (stats, table, chart, image) are in
``slides_data``. Shared pieces (titles, fitted text, footer) live in
``canvas``; measuring and splitting in ``fit`` and ``flow``.
"""

from __future__ import annotations

from pptx.enum.shapes import PP_PLACEHOLDER

from ..content.markdown import Run
from ..errors import RenderError
from ..templating import edition_date
from .canvas import INSET_X, INSET_Y, Box, Deck, fill, inner, place, rectangle, text_block
from .fit import LINE_HEIGHT, SLACK, Block, height, spare_width, wrap
from .flow import flow as flow_blocks
from .oxml.shapes import inherited_align
from .pages import (
    Page,
    above_footer,
    content_area,
    continued,
    footer,
    new_slide,
    notes,
    section_slide,
)
from .sizing import fit_fixed, text_box
from .slides_notes import FootNotes, reference_blocks
from .template import BODY_TYPES, TITLE_TYPES
from .text import Notes, bare, section_notes, section_points
from .titles import title_room

SUBTITLE_TYPES = (PP_PLACEHOLDER.SUBTITLE, PP_PLACEHOLDER.BODY)


# -- pieces shared by the kinds -------------------------------------------------------

def _body(deck: Deck, page: Page, box: Box | None = None):
    """The page's body placeholder (or a text box over the content area), at ``box``."""
    shape = page.shape(BODY_TYPES)
    box = box or above_footer(deck, page, page.box(BODY_TYPES) or content_area(deck, page))
    if shape is None:
        shape = page.slide.shapes.add_textbox(*box.emu())
    place(shape, box)
    return shape, box


def _flowing(deck: Deck, kind: str, index: int | None, title: str, blocks: list[Block],
             largest: float, smallest: float, narrow: bool = False,
             speaker: Notes | None = None, foot: FootNotes | None = None) -> None:
    """Blocks in the body of as many slides as they need; with ``speaker``, each slide's
    notes are those of the blocks that begin on it; with ``foot``, the footnotes the
    slide calls go on its foot (or into its notes). ``narrow``: the section's number
    stands at the right, the text takes the rest of the width."""
    flow = None
    number = 0
    while flow is None or number < len(flow.pages):
        page = (section_slide(deck, kind, index, number, with_notes=speaker is None)
                if index is not None else
                _plain_slide(deck, kind, continued(deck, title, number)))
        box = above_footer(deck, page, page.box(BODY_TYPES) or content_area(deck, page))
        if narrow:
            left = _number_left(deck, page, index)
            box = Box(box.left, box.top, left - NUMBER_GAP - box.left, box.height)
        if foot is not None:
            box = foot.reserve(box)
        shape, box = _body(deck, page, box)
        if flow is None:  # measured with room for a wider substitute font to fit too
            width, room = inner(box)
            width = spare_width(blocks, width) if deck.base.house else width
            flow = flow_blocks(blocks, deck.measure, width, room, largest, smallest)
            if foot is not None:
                foot.plan(flow.pages)
        extra = foot.draw(page, flow.pages[number], number == 0) if foot is not None else ""
        if speaker is not None:
            said = speaker.page(flow.begins[number], first=number == 0)
            notes(deck, page, "\n\n".join(filter(None, (said, extra))))
        fill(deck, shape.text_frame, flow.pages[number], flow.size)
        if narrow:
            _big_number(deck, page, index, box, flow.size)
        number += 1


NUMBER_SIZE = 120  # points: the section's number beside its points
NUMBER_GAP = 36  # points between the points and the number
CAP_DROP = 0.32  # em: a capital's top below the top of its line (measured on renders)


def _number_left(deck: Deck, page: Page, index: int) -> float:
    """Where the section's number begins: its figures' width left of the title's end."""
    right = page.box(TITLE_TYPES).left + page.box(TITLE_TYPES).width
    return right - _number_width(deck, index)


def _number_width(deck: Deck, index: int) -> float:
    return deck.measure.em(f"{index + 1:02d}") * NUMBER_SIZE / SLACK + 2 * INSET_X + 4


def _big_number(deck: Deck, page: Page, index: int, body: Box, size: float) -> None:
    """The section's number, right-aligned with the title, the top of its figures level
    with the top of the first point's capitals (set at ``size``)."""
    # Both are Carlito (figures and capitals 0.63 em tall) in lines of exact 1.2 em: the
    # glyphs' tops sit a fixed share of the size (CAP_DROP) below their line's top.
    top = body.top + CAP_DROP * (size - NUMBER_SIZE)
    wide = _number_width(deck, index)
    right = page.box(TITLE_TYPES).left + page.box(TITLE_TYPES).width
    box = Box(right - wide, top, wide, NUMBER_SIZE * LINE_HEIGHT + 2 * INSET_Y)
    text_box(deck, page.slide, box, [text_block(f"{index + 1:02d}",
                                                align="right")],
             NUMBER_SIZE, NUMBER_SIZE, "the section number", color="muted")


def _plain_slide(deck: Deck, kind: str, title: str) -> Page:
    page = new_slide(deck, kind, title, what=f"the {kind} slide title")
    footer(deck, page)
    return page


# -- one function per kind of slide -------------------------------------------------------

def draw_title(deck: Deck, index: int | None) -> None:
    """Kicker, title, subtitle and topics stacked in the layout's title area (centred in
    the house design), the author and date at its foot; all shrink together to fit."""
    b = deck.briefing
    sizes = deck.theme.deck
    page = new_slide(deck, "title", b.title, title_color="on_primary", what="the title",
                     largest=sizes.cover_title_size, anchor="t")
    if not deck.base.house:
        _reference_title(deck, page)
        return
    region = page.box(TITLE_TYPES)
    if page.shape(SUBTITLE_TYPES) is not None:
        low = page.box(SUBTITLE_TYPES)
        top, bottom = min(region.top, low.top), max(region.bottom, low.bottom)
    else:  # no subtitle placeholder: the title's area reaches down to the footer
        top, bottom = region.top, content_area(deck, page).bottom
    region = Box(region.left, top, region.width, bottom - top)
    if deck.base.house:
        region = Box(region.left, 72, region.width, deck.height - 72 - 54)
    light = "rule" if deck.base.house else None
    align = _cover_align(deck, page)
    meta = _meta_line(deck)
    room = region.height - (40 if meta else 0)
    parts = [  # (name, blocks, largest, smallest, colour, gap above)
        ("kicker", [text_block(bare(b.kicker), bold=True, align=align)] if b.kicker else [],
         22, 16, "accent_on_primary" if deck.base.house else "accent", 0),
        ("title", [text_block(bare(b.title), bold=True)], sizes.cover_title_size,
         sizes.min_title_size, "on_primary", 8),
        ("subtitle", [text_block(b.subtitle)] if b.subtitle else [], 26, 18, "on_primary", 36),
        ("topics", [text_block(_topic_lines(deck, b.topics, 18, region.width), align=align)]
         if b.topics else [], 18, 14, light, 20),
    ]
    for scale in (1.0, 0.9, 0.8, 0.7, 0.6, 0.5):
        stack = _stack(deck, [p for p in parts if p[1]], region, scale)
        used = stack[-1][4].bottom - region.top
        if used <= room:
            break
    else:
        raise RenderError("the title slide's text (title, subtitle, kicker, topics) is too "
                          "long to fit one slide; shorten it")
    shift = (room - used) / 2 if deck.base.house else 0
    for name, blocks, size, color, box in stack:
        box = Box(box.left, box.top + shift, box.width, box.height)
        shape = page.shape(TITLE_TYPES) if name == "title" else page.shape(SUBTITLE_TYPES) \
            if name == "subtitle" else None
        if shape is None:
            shape = page.slide.shapes.add_textbox(*box.emu())
            shape.name = name.capitalize()
        place(shape, box)
        fill(deck, shape.text_frame, blocks, size, color=color, heading=name == "title")
        if name == "title" and deck.base.house:
            rectangle(deck, page.slide, Box(box.left + 7.2, box.bottom + 14, 72, 4), "accent")
    kept = [text for text in (b.kicker, b.title) if text and bare(text) != text]
    if kept:  # the icons slides leave out, for the presenter, with the words as written
        notes(deck, page, "\n".join(kept))
    if meta:
        text_box(deck, page.slide, Box(region.left, region.bottom - 30, region.width, 30),
                 [text_block(meta, align=align)], 16, 12, "the author and date line",
                 color=light)


def _reference_title(deck: Deck, page: Page) -> None:
    """A reference deck's title slide: the title in its title placeholder (fitted there by
    new_slide); kicker, subtitle and topics stacked from the top of the subtitle
    placeholder (else of the room below the title), the author and date line at its
    foot; the stack shrinks as one until it fits that placeholder."""
    b = deck.briefing
    title = page.box(TITLE_TYPES)
    if page.shape(SUBTITLE_TYPES) is not None:
        region = above_footer(deck, page, page.box(SUBTITLE_TYPES))
        if region.top < title.bottom:  # a subtitle placeholder behind the title: below it
            region = Box(region.left, title.bottom + 8, region.width,
                         region.bottom - title.bottom - 8)
    else:
        area = content_area(deck, page)
        region = Box(title.left, title.bottom + 8, title.width, area.bottom - title.bottom - 8)
    align = _cover_align(deck, page)
    meta = _meta_line(deck)
    meta_room = 30 if meta else 0
    parts = [  # (name, blocks, largest, smallest, colour, gap above)
        ("kicker", [text_block(bare(b.kicker), bold=True, align=align)] if b.kicker else [], 22, 16,
         "accent", 0),
        ("subtitle", [text_block(b.subtitle, align=align)] if b.subtitle else [], 26, 18,
         None, 12),
        ("topics", [text_block(_topic_lines(deck, b.topics, 18, region.width), align=align)]
         if b.topics else [], 18, 14, "muted", 16),
    ]
    parts = [p for p in parts if p[1]]
    # In the placeholder at no less than 70 % of each part's size, else reaching down
    # into the free room below it (to the footer or the slide's foot) at any scale.
    _, bottom = title_room(deck, page.slide.slide_layout, region)
    grown = Box(region.left, region.top, region.width, max(bottom, region.bottom) - region.top)
    stack = None
    for room, scales in ((region, (1.0, 0.9, 0.8, 0.7)),
                         (grown, (1.0, 0.9, 0.8, 0.7, 0.6, 0.5))):
        for scale in scales:
            found = _stack(deck, parts, room, scale) if parts else []
            if not found or found[-1][4].bottom <= room.bottom - meta_room:
                stack, region = found, room
                break
        if stack is not None:
            break
    else:
        raise RenderError("the title slide's text (subtitle, kicker, topics) is too long to "
                          "fit the template's subtitle placeholder; shorten it")
    for name, blocks, size, color, box in stack:
        shape = page.shape(SUBTITLE_TYPES) if name == "subtitle" else None
        if shape is None:
            shape = page.slide.shapes.add_textbox(*box.emu())
            shape.name = name.capitalize()
        place(shape, box)
        fill(deck, shape.text_frame, blocks, size, color=color)
    if meta:
        text_box(deck, page.slide, Box(region.left, region.bottom - meta_room, region.width,
                                       meta_room), [text_block(meta, align=align)], 16, 12,
                 "the author and date line", color="muted")


def _cover_align(deck: Deck, page: Page) -> str | None:
    """Text added beside the title placeholder aligns as the layout aligns the title."""
    layout = page.slide.slide_layout
    source = next((s for s in layout.placeholders
                   if s.placeholder_format.type in TITLE_TYPES), None)
    if source is None:
        return None
    found = inherited_align(source, deck.prs.slide_master)
    return {"l": "left", "ctr": "center", "r": "right"}.get(found)


def _topic_lines(deck: Deck, topics, size: float, width: float) -> str:
    """Topics joined by '·', a line break between two topics rather than inside one
    (measured at ``size``: at any smaller size the same lines fit too)."""
    room = inner(Box(0, 0, width, 0))[0]
    lines = [""]
    for topic in topics:
        joined = f"{lines[-1]}  ·  {topic}" if lines[-1] else topic
        if lines[-1] and len(wrap(text_block(joined), deck.measure, size, room)) > 1:
            lines.append(topic)
        else:
            lines[-1] = joined
    return "\n".join(lines)


def _stack(deck: Deck, parts, region: Box, scale: float) -> list:
    """Each part fitted at up to ``scale`` × its largest size, placed one under another."""
    y, stack = region.top, []
    for name, blocks, largest, smallest, color, gap in parts:
        box = Box(region.left, 0, region.width, region.height)
        heading = name == "title"
        size = fit_fixed(deck, box, blocks, max(largest * scale, smallest), smallest,
                         f"the {name}", heading=heading)
        measure = deck.title_measure if heading else deck.measure
        tall = height(blocks, measure, size, inner(box)[0]) + 2 * INSET_Y
        y += gap * scale if stack else 0
        stack.append((name, blocks, size, color, Box(region.left, y, region.width, tall)))
        y += tall
    return stack


def _meta_line(deck: Deck) -> str:
    b = deck.briefing
    when = edition_date(b.date, deck.label("date_format"))
    # One line: a line break typed inside a name would only push the date off the slide.
    return "  ·  ".join(" ".join(x.split()) for x in (b.author, b.organization, when) if x)


def draw_agenda(deck: Deck, index: int | None) -> None:
    items = [Block((Run(bare(s.title)),), bullet=f"{number}.", indent=1.6, space_after=0.6,
                   lang=s.lang)
             for number, s in enumerate(deck.briefing.sections, start=1)]
    sizes = deck.theme.deck
    _flowing(deck, "agenda", None, deck.label("agenda"), items, sizes.body_size + 2,
             sizes.min_body_size)


def draw_summary(deck: Deck, index: int | None) -> None:
    """The key messages (``summary``), numbered, on a slide of their own after the title:
    what the PDF's cover and the web page open with."""
    items = [Block(message.runs(), bullet=f"{number}.", indent=1.6, space_after=0.6)
             for number, message in enumerate(deck.briefing.summary, start=1)]
    sizes = deck.theme.deck
    _flowing(deck, "summary", None, deck.label("summary"), items, sizes.body_size + 2,
             sizes.min_body_size)


def draw_section(deck: Deck, index: int) -> None:
    section = deck.briefing.sections[index]
    points = [Block(p.runs, bullet=p.bullet or "•", indent=1.6 if p.bullet[:1].isdigit()
                    else 1.1, space_after=0.8) for p in section_points(section)]
    sizes = deck.theme.deck
    if points:
        foot = (FootNotes(deck, section.body.footnotes())
                if section.body and section.body.note_defs else None)
        _flowing(deck, "section", index, section.title, points, sizes.body_size,
                 sizes.min_body_size, narrow=deck.base.house, speaker=section_notes(section),
                 foot=foot)
        return
    # Nothing to list (a chart without a caption, say): a divider with title and notes.
    page = section_slide(deck, "section", index)
    if deck.base.house:
        _big_number(deck, page, index, page.box(BODY_TYPES) or content_area(deck, page),
                    deck.theme.deck.body_size)


def draw_quote(deck: Deck, index: int) -> None:
    section = deck.briefing.sections[index]
    sizes = deck.theme.deck
    runs = tuple(Run(r.text, r.bold, True, r.code, r.href) for r in section.quote.runs())
    block = Block(runs, space_after=0)
    flow = None
    number = 0
    while flow is None or number < len(flow.pages):
        page = section_slide(deck, "quote", index, number)
        area = content_area(deck, page)
        # the quotation mark hangs in a 96 pt margin; the rule below the text takes 24 pt
        box = Box(area.left + 96, area.top + 40, area.width - 96 - 48, area.height - 40 - 24)
        width, room = inner(box)
        if flow is None:
            flow = flow_blocks([block], deck.measure, width, room, sizes.quote_size,
                                 sizes.min_body_size)
        used = height(flow.pages[number], deck.measure, flow.size, width) + 2 * INSET_Y
        box = Box(box.left, box.top + (box.height - used) / 2, box.width, used)
        # the mark's box stays inside the margin: a panel laid under it (a backdrop the
        # accent does not read on) must not reach under the quotation's first letters
        text_box(deck, page.slide, Box(area.left, box.top - 40, 88, 156),
                 [text_block("“", bold=True)], 120, 96, "the quotation mark", color="accent")
        shape = page.slide.shapes.add_textbox(*box.emu())
        shape.name = "Quote"
        fill(deck, shape.text_frame, flow.pages[number], flow.size, color="primary")
        rectangle(deck, page.slide, Box(box.left + 7.2, box.bottom + 14, 72, 4), "accent")
        number += 1


def draw_links(deck: Deck, index: int | None) -> None:
    links = deck.briefing.links
    items: list[Block] = []
    for link in links.items:
        # An entry (title, note, address) stays on one slide when it fits one.
        items.append(Block((Run(link.title, bold=True, href=link.url),), bullet="•",
                           indent=1.1, space_after=0.15, keep_with_next=True))
        if link.note:
            items.append(Block(link.note.runs(), indent=1.1 / 0.8, scale=0.8,
                               space_after=0.15 / 0.8, keep_with_next=True))
        items.append(Block((Run(link.url, href=link.url),), indent=1.1 / 0.7, scale=0.7,
                           space_after=0.9 / 0.7, color="muted"))
    sizes = deck.theme.deck
    # the smallest line (the address, at 0.7) stays at the theme's minimum or above
    _flowing(deck, "links", None, links.title, items, sizes.body_size,
             sizes.min_body_size / 0.7)


def draw_closing(deck: Deck, index: int | None) -> None:
    b = deck.briefing
    page = new_slide(deck, "closing", deck.label("thanks"), title_color="on_primary",
                     what="the closing title", largest=deck.theme.deck.cover_title_size + 4)
    shape, box = _body(deck, page)
    lines = [text_block(b.title, bold=True)]
    meta = _meta_line(deck)
    if meta:
        lines.append(text_block(meta, scale=0.8))
    size = fit_fixed(deck, box, lines, 24, 16, "the closing text")
    fill(deck, shape.text_frame, lines, size, color="rule" if deck.base.house else None)
    if deck.base.house:
        rectangle(deck, page.slide, Box(box.left + 7.2, box.top - 10, 72, 4), "accent")
    footer(deck, page, color="rule" if deck.base.house else "muted")


def draw_sources(deck: Deck, index: int | None) -> None:
    """The briefing's references, numbered as the text cites them (slides_notes)."""
    sizes = deck.theme.deck
    _flowing(deck, "sources", None, deck.label("sources"), reference_blocks(deck),
             sizes.body_size, sizes.min_body_size / 0.7)
