"""Drawing primitives every kind of slide shares: new slides with a real title,
measured text frames, colours and the footer.

Text is written only through ``fill``, which sets what the measurement in
``fit`` assumes: explicit size, exact line spacing, insets and bullets, so a
frame's measured height is the height it renders at in the named font or its
metric twin. Every frame also says normAutofit: a client that lays it out in a
wider substitute shrinks the text to the frame instead of overflowing it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pptx.enum.dml import MSO_THEME_COLOR
from pptx.enum.shapes import MSO_SHAPE, PP_PLACEHOLDER
from pptx.util import Emu, Pt

from ..content.markdown import Run
from ..content.model import Briefing
from ..errors import Problem, RenderError
from ..theme import Theme
from .colors import MIN_CONTRAST, brightened, readable, worst
from .fit import (
    EMU_PER_PT,
    LINE_HEIGHT,
    Block,
    Measure,
    fit_size,
    fits,
    has_hangul,
    height,
    spare_height,
    wrap,
)
from .fonts import DeckFonts, deck_fonts
from .oxml import (
    Color,
    add_paragraph,
    add_placeholder_like,
    add_run,
    add_slide_number,
    clear_paragraphs,
    drop_style,
    end_paragraph,
    frame_body,
    frame_extent,
    placeholder_boxes,
    put_behind,
    set_autofit,
    set_frame_height,
    set_notes,
    set_scheme_color,
    slide_placeholders,
    theme_fonts,
)
from .template import FOOTER_TYPES, TITLE_TYPES, Base
from .text import bare, speaker_notes

INSET_X, INSET_Y = 7.2, 3.6  # text frame insets, points
SMALLEST = 10  # below the theme's minimum only for a box that cannot continue
ANCHORS = {"t": "t", "m": "ctr", "b": "b"}
ALIGNS = {"left": "l", "center": "ctr", "right": "r"}
# Colour roles of theme.yaml, as theme slots of a reference deck, for fills.
REFERENCE_COLORS = {"accent": ("accent1", 0.0), "muted": ("tx1", 0.35), "panel": ("bg2", 0.0),
                    "rule": ("bg2", -0.1), "background": ("bg1", 0.0),
                    "header": ("tx2", 0.0), "on_header": ("bg1", 0.0), "primary": ("tx2", 0.0)}
# Text in a reference deck: the template's scheme colours each role tries, in order, until
# one reads on what is behind the text (4.5:1); else black or white.
_PRIMARY = (("tx2", 0.0), ("tx1", 0.0), ("accent1", 0.0), ("bg1", 0.0), ("bg2", 0.0))
_TEXT = (("tx1", 0.0), ("tx2", 0.0), ("bg1", 0.0), ("bg2", 0.0))
_MUTED = (("tx1", 0.35), ("tx1", 0.2), ("tx1", 0.0), ("bg1", -0.25), ("bg1", 0.0),
          ("tx2", 0.0))
TEXT_COLORS = {
    "text": _TEXT, None: _TEXT, "primary": _PRIMARY, "on_primary": _PRIMARY,
    "on_header": (("bg1", 0.0), ("tx1", 0.0), ("bg2", 0.0), ("tx2", 0.0)),
    "accent": tuple((f"accent{n}", 0.0) for n in range(1, 7)) + _PRIMARY,
    "muted": _MUTED, "rule": _MUTED,
}
HOUSE_ALIASES = {"header": "primary", "on_header": "on_primary"}  # table header row
THEME_SLOTS = {"accent1": MSO_THEME_COLOR.ACCENT_1, "tx1": MSO_THEME_COLOR.TEXT_1,
               "tx2": MSO_THEME_COLOR.TEXT_2, "bg1": MSO_THEME_COLOR.BACKGROUND_1,
               "bg2": MSO_THEME_COLOR.BACKGROUND_2}
for _n in range(2, 7):
    THEME_SLOTS[f"accent{_n}"] = getattr(MSO_THEME_COLOR, f"ACCENT_{_n}")


@dataclass
class Deck:
    """The presentation being drawn, with what every slide function needs."""

    base: Base
    briefing: Briefing
    theme: Theme
    measure: Measure  # body text, in the template's minor font
    title_measure: Measure  # titles, in its major font
    fonts: DeckFonts
    warnings: list[str] = field(default_factory=list)
    layout_cache: dict = field(default_factory=dict)
    part_numbers: dict = field(default_factory=dict)  # last part number issued, by name
    section_lang: str | None = None  # the own lang of the section whose slides are drawn

    @property
    def lang(self) -> str:
        """The language of the slide being drawn: its section's, else the briefing's."""
        return self.section_lang or self.briefing.lang

    @property
    def approximate(self) -> bool:
        """A template font no file measures: frames may shrink text (normAutofit)."""
        return bool(self.fonts.unmeasured)

    @property
    def prs(self):
        return self.base.prs

    @property
    def width(self) -> float:
        return self.prs.slide_width / EMU_PER_PT

    @property
    def height(self) -> float:
        return self.prs.slide_height / EMU_PER_PT

    def label(self, key: str, document: bool = False) -> str:
        """A label in the slide's language; ``document``: in the briefing's (the footer)."""
        return self.theme.label(self.briefing.lang if document else self.lang, key)

    def color(self, role: str | None, behind: list[str] | None = None,
              master=None) -> Color | None:
        """A theme.yaml colour role as written: its RGB value in the house design. In a
        reference deck, a fill's theme slot; for text (``behind``: the colours behind it,
        on ``master``'s slides), the first of the role's scheme colours that reads there."""
        if self.base.house:
            if role is None:
                return None
            return Color(rgb=getattr(self.theme.colors, HOUSE_ALIASES.get(role, role)))
        if behind is not None:
            scheme = self.base.backdrops.colors(master or self.prs.slide_master)
            found, value = readable(
                (((slot, light), brightened(scheme[slot], light))
                 for slot, light in TEXT_COLORS.get(role, _TEXT)), behind)
            if found is None:
                return Color(rgb=value)
            return Color(scheme=found[0], brightness=found[1])
        if role is None:
            return None
        slot = REFERENCE_COLORS.get(role)
        return Color(scheme=slot[0], brightness=slot[1]) if slot else None

    def rgb(self, color: Color | None, master=None) -> str:
        """A colour as #RRGGBB, theme slots looked up in ``master``'s scheme."""
        if color is None:
            return "#FFFFFF"
        if color.rgb:
            return color.rgb
        scheme = self.base.backdrops.colors(master or self.prs.slide_master)
        return brightened(scheme[color.scheme], color.brightness)

    def behind(self, slide, box: Box) -> list[str]:
        """The colours behind ``box`` on ``slide`` (its shapes drawn so far included)."""
        return self.base.backdrops.behind(slide, tuple(Pt(v) for v in (
            box.left, box.top, box.width, box.height)))

    def paint(self, color_format, role: str | None, behind: list[str] | None = None,
              master=None) -> None:
        """Apply a colour role to a python-pptx ColorFormat (font or fill)."""
        color = self.color(role, behind, master)
        if color is None:
            return
        if color.rgb:
            from pptx.dml.color import RGBColor

            color_format.rgb = RGBColor.from_string(color.rgb.lstrip("#"))
        else:
            color_format.theme_color = THEME_SLOTS[color.scheme]
            if color.brightness:
                color_format.brightness = color.brightness


def new_deck(briefing: Briefing, theme: Theme, base: Base, reference=None) -> Deck:
    from ..paths import project_fonts

    fonts = deck_fonts(theme, None if base.house else theme_fonts(base.prs.slide_master),
                       project_fonts(briefing.base_dir))
    deck = Deck(base, briefing, theme, Measure(fonts.body_files), Measure(fonts.title_files),
                fonts, list(base.warnings))
    if fonts.unmeasured:
        deck.warnings.append(
            f"{reference}: no metrics for the template's font "
            f"{_and_names(fonts.unmeasured)} here (nor for a metric-compatible twin): "
            "text is fitted with the house font's metrics, approximately, and may shrink "
            "on overflow; install the font to fit it exactly")
    props = deck.prs.core_properties
    props.title = _property(briefing.title)
    props.subject = _property(briefing.subtitle or "")
    props.author = _property(briefing.author or briefing.organization or "")
    props.last_modified_by = props.author
    props.keywords = _property(", ".join(briefing.topics))
    props.language = briefing.lang
    props.revision = 1
    props.comments = ""
    if briefing.date:
        import datetime as dt

        props.created = props.modified = dt.datetime.combine(briefing.date, dt.time())
    return deck


MAX_PROPERTY = 255  # python-pptx refuses a longer core property


def _property(text: str) -> str:
    """``text`` cut to what a core property holds, with "…" where it was cut; the
    slides show it whole."""
    return text if len(text) <= MAX_PROPERTY else text[:MAX_PROPERTY - 1].rstrip() + "…"


# -- geometry ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Box:
    left: float  # points
    top: float
    width: float
    height: float

    @property
    def bottom(self) -> float:
        return self.top + self.height

    def emu(self) -> tuple[Emu, Emu, Emu, Emu]:
        return (Pt(self.left), Pt(self.top), Pt(self.width), Pt(self.height))


def place(shape, box: Box) -> None:
    shape.left, shape.top, shape.width, shape.height = box.emu()


def inner(box: Box) -> tuple[float, float]:
    """Width and height text can use inside a frame of ``box``."""
    return box.width - 2 * INSET_X, box.height - 2 * INSET_Y


# -- text -------------------------------------------------------------------------------

def text_block(text: str, **style) -> Block:
    return Block((Run(text),), **style)


def fill(deck: Deck, frame, blocks: list[Block], size: float, *, color: str | None = "text",
         anchor: str = "t", frame_box: bool = True, behind: list[str] | None = None,
         heading: bool = False, lang: str | None = None) -> None:
    """Write ``blocks`` into ``frame`` at ``size`` points, exactly as they were measured.
    Runs carry ``lang`` (default: the slide's language, ``deck.lang``).
    ``frame_box``: also set the frame's wrapping, insets and anchor (not in table cells,
    whose margins belong to the cell). In a reference deck, text colours are chosen to
    read on ``behind`` (default: what is behind the frame's lines on its slide)."""
    if frame_box:
        frame_body(frame, anchor=ANCHORS[anchor], insets_emu=(int(Pt(INSET_X)),
                                                             int(Pt(INSET_Y))))
        # The text fits as measured; where the client lays it out in a wider font (the
        # named one missing), it shrinks rather than overflow into its neighbours.
        set_autofit(frame)
    clear_paragraphs(frame)
    fonts, lang = deck.fonts, lang or deck.lang
    slide = frame.part.slide if not deck.base.house else None
    master = slide.slide_layout.slide_master if slide is not None else None
    if slide is not None and behind is None:
        if frame_box and anchor == "t" and not deck.approximate:
            _end_at_text(deck, frame, blocks, size, heading)
        behind = _behind_lines(deck, slide, frame, blocks, size, anchor, heading)
        if frame_box and not _reads(deck, master, behind, {color, *(b.color for b in blocks)}):
            behind = _panel(deck, slide, frame)
    bullet_color = deck.color("accent", behind, master)
    for index, block in enumerate(blocks):
        own = size * block.scale
        p = add_paragraph(
            frame, line_pt=own * LINE_HEIGHT,
            after_pt=own * block.space_after if index < len(blocks) - 1 else 0,
            align=ALIGNS.get(block.align), bullet=block.bullet,
            indent_emu=int(Pt(own * block.indent)), bullet_color=bullet_color,
            bullet_font=fonts.body)
        text_color = deck.color(block.color or color, behind, master)
        for run in block.runs:
            rid = _link(frame, run.href) if run.href else None
            if rid and slide is not None:
                _readable_links(deck, master, behind)
            for piece in _lines(run.text):
                add_run(p, piece, size_pt=own, bold=run.bold or block.bold,
                                italic=run.italic or block.italic, color=text_color,
                                latin=fonts.title if heading else fonts.body,
                                lang=block.lang or lang, link_rid=rid,
                                east_asian=fonts.east_asian if has_hangul(piece) else None)
        end_paragraph(p, own, block.lang or lang)


def _behind_lines(deck: Deck, slide, frame, blocks: list[Block], size: float,
                  anchor: str, heading: bool) -> list[str]:
    """The colours behind the lines a frame's text takes (by its anchor), not the whole
    frame: a tall title box may reach past a template's band while its text does not."""
    found = frame_extent(frame)
    if found is None:
        return ["#FFFFFF"]
    box = Box(*(v / EMU_PER_PT for v in found))
    width, room = inner(box)
    measure = deck.title_measure if heading else deck.measure
    used = min(height(blocks, measure, size, width), room)
    top = {"t": box.top + INSET_Y, "m": box.top + (box.height - used) / 2,
           "b": box.bottom - INSET_Y - used}[anchor]
    return deck.behind(slide, Box(box.left + INSET_X, top, width, max(used, 1)))


def _end_at_text(deck: Deck, frame, blocks: list[Block], size: float,
                 heading: bool) -> None:
    """A reference deck's top-anchored frame ends where its measured text does: the box
    covers what the text covers, no template decoration further down (a corner shape
    under a tall body placeholder) counts as behind it."""
    found = frame_extent(frame)
    if found is None:
        return
    measure = deck.title_measure if heading else deck.measure
    width = found[2] / EMU_PER_PT - 2 * INSET_X
    used = height(blocks, measure, size, width) + 2 * INSET_Y
    if used * EMU_PER_PT < found[3]:
        set_frame_height(frame, int(Pt(used)) + 1)


def _reads(deck: Deck, master, behind: list[str], roles) -> bool:
    """Whether each text colour role finds a colour (a scheme colour, else black or white)
    that reads on every colour of ``behind`` (4.5:1)."""
    return all(worst(deck.rgb(deck.color(role, behind, master), master), behind) >=
               MIN_CONTRAST for role in roles)


def _panel(deck: Deck, slide, frame) -> list[str]:
    """A panel in the template's background colour under the frame's whole box, for text
    over a backdrop no single colour reads on (a collage of light and dark shapes); the
    colours now behind the frame."""
    found = frame_extent(frame)
    box = Box(*(v / EMU_PER_PT for v in found))
    panel = rectangle(deck, slide, box, "background")
    panel.name = "Text panel"
    put_behind(panel, frame)
    return deck.behind(slide, box)


def _readable_links(deck: Deck, master, behind: list[str]) -> None:
    """Renderers colour links with the theme's hyperlink colour: where that does not read
    on ``behind``, the theme's hyperlink colour becomes the best-reading scheme colour."""
    scheme = deck.base.backdrops.colors(master)
    if worst(scheme["hlink"], behind) >= MIN_CONTRAST:
        return
    _, value = readable(((slot, scheme[slot]) for slot in (
        "accent1", "accent2", "dk2", "dk1", "lt1", "lt2")), behind)
    set_scheme_color(master, "hlink", value)
    deck.base.backdrops.forget(master)


def _and_names(names) -> str:
    quoted = [repr(n) for n in names]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} and {quoted[-1]}"


def _lines(text: str) -> list[str]:
    """A run's text with each hard line break ("\n") as its own piece."""
    pieces = []
    for index, line in enumerate(text.split("\n")):
        if index:
            pieces.append("\n")
        if line:
            pieces.append(line)
    return pieces


def _link(frame, url: str) -> str:
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    return frame.part.relate_to(url, RT.HYPERLINK, is_external=True)


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
            raise _too_long(deck, what)
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


def _too_long(deck: Deck, what: str, advice: str = "") -> RenderError:
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


def rectangle(deck: Deck, slide, box: Box, role: str, shape=MSO_SHAPE.RECTANGLE):
    """A filled shape with no outline (panels, rules, progress segments)."""
    rect = slide.shapes.add_shape(shape, *box.emu())
    rect.fill.solid()
    deck.paint(rect.fill.fore_color, role)
    rect.line.fill.background()
    drop_style(rect)
    return rect


# -- slides ------------------------------------------------------------------------------

@dataclass
class Page:
    """A slide being drawn, with its placeholders and their boxes by placeholder type."""

    slide: object
    shapes: dict = field(default_factory=dict)
    boxes: dict = field(default_factory=dict)
    title_height: float = 0.0  # of the title's text, measured
    title_room: float = 0.0  # what it may take in a wider substitute font (spare_height)

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
    block = text_block(bare(title), bold=True)
    size, box = fit_title(deck, page, [block], largest or deck.theme.deck.title_size, what,
                          anchor)
    if anchor == "t":  # the box ends where its text does: nothing else is behind it
        box = Box(box.left, box.top, box.width, min(box.height, height(
            [block], deck.title_measure, size, inner(box)[0]) + 2 * INSET_Y))
    page.boxes[PP_PLACEHOLDER.TITLE if PP_PLACEHOLDER.TITLE in page.boxes else
               PP_PLACEHOLDER.CENTER_TITLE] = box
    place(page.shape(TITLE_TYPES), box)
    fill(deck, page.shape(TITLE_TYPES).text_frame, [block], size, color=title_color,
         anchor=anchor, heading=True)
    page.title_height = height([block], deck.title_measure, size, inner(box)[0])
    page.title_room = min(spare_height([block], deck.title_measure, size, inner(box)[0]),
                          inner(box)[1])
    return page


TITLE_LINES = 2  # a title wraps to this many lines before it shrinks
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
    Never below the minimum: a title that fits at no size is a RenderError naming it."""
    box = page.box(TITLE_TYPES)
    smallest = deck.theme.deck.min_title_size
    if deck.base.house:  # its title boxes hold two lines; the cover re-fits its own
        return fit_fixed(deck, box, blocks, largest, smallest, what, heading=True), box
    measure = deck.title_measure
    width, room = inner(box)
    two_lines = TITLE_LINES * smallest * LINE_HEIGHT + 2 * INSET_Y
    top, bottom = title_room(deck, page.slide.slide_layout, box)
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
    at = max(len(b.text) for b in blocks)
    lines = max(len(wrap(b, measure, smallest, width)) for b in blocks)
    most = TITLE_LINES if can_grow else max(int(room // (smallest * LINE_HEIGHT)), 1)
    raise _too_long(deck, what, f"at the theme's smallest title size, {smallest:g} pt "
                    f"(deck.min_title_size), it takes {lines} lines where its place holds "
                    f"{most}; shorten it to about {max(at * most // max(lines, 1) - 3, 1)} "
                    "characters")


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
    """The room below the slide's title and above its footer."""
    title = page.box(TITLE_TYPES)
    top = title.bottom + 16
    feet = [box.top for kind, (_, box) in layout_boxes(deck, page.slide.slide_layout).items()
            if kind in FOOTER_TYPES]
    bottom = (min(feet) if feet else deck.height - 44) - 22
    return Box(title.left, top, title.width, bottom - top)


def above_footer(deck: Deck, page: Page, box: Box) -> Box:
    """``box`` cut short above the layout's footer placeholders, where a template's body
    reaches down behind them."""
    feet = [foot.top for kind, (_, foot) in layout_boxes(deck, page.slide.slide_layout).items()
            if kind in FOOTER_TYPES and foot.top < box.bottom and foot.bottom > box.top
            and foot.left < box.left + box.width and foot.left + foot.width > box.left]
    if not feet or min(feet) - 6 <= box.top + box.height / 2:
        return box
    return Box(box.left, box.top, box.width, min(feet) - 6 - box.top)


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

