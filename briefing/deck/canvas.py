"""Drawing primitives every kind of slide shares: the deck being drawn, its colours (the
house theme's, or a template's read against what is behind the text), boxes, measured
text frames and filled shapes. New slides and their titles are in ``pages``; text
sized to its box in ``sizing``.

Text is written only through ``fill``, which sets what the measurement in
``fit`` assumes: explicit size, exact line spacing, insets and bullets, so a
frame's measured height is the height it renders at in the named font or its
metric twin. Every frame also says normAutofit: a client that lays it out in a
wider substitute shrinks the text to the frame instead of overflowing it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pptx.enum.dml import MSO_THEME_COLOR
from pptx.enum.shapes import MSO_SHAPE, PP_PLACEHOLDER
from pptx.util import Emu, Pt

from ..content.markdown import Run
from ..content.model import Briefing
from ..theme import Theme
from .colors import MIN_CONTRAST, brightened, readable, worst
from .fit import (
    EMU_PER_PT,
    LINE_HEIGHT,
    Block,
    Measure,
    has_hangul,
    height,
)
from .fonts import DeckFonts, deck_fonts
from .oxml.shapes import (
    Color,
    drop_style,
    frame_extent,
    placeholder_boxes,
    put_behind,
    set_frame_height,
)
from .oxml.text import (
    add_paragraph,
    add_run,
    clear_paragraphs,
    end_paragraph,
    frame_body,
    set_autofit,
)
from .oxml.theme import set_scheme_color, theme_fonts
from .template import Base

INSET_X, INSET_Y = 7.2, 3.6  # text frame insets, points
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


def layout_boxes(deck: Deck, layout) -> dict:
    """Placeholder type → (layout's p:sp, Box), worked out once per layout."""
    found = deck.layout_cache.get(id(layout))
    if found is None:
        found = {PP_PLACEHOLDER.from_xml(kind): (sp, Box(*(v / EMU_PER_PT for v in box)))
                 for kind, (sp, box) in placeholder_boxes(
                     layout, deck.prs.slide_master).items()}
        deck.layout_cache[id(layout)] = found
    return found


def new_deck(briefing: Briefing, theme: Theme, base: Base, reference=None) -> Deck:
    from ..paths import project_fonts

    fonts = deck_fonts(theme, None if base.house else theme_fonts(base.prs.slide_master),
                       project_fonts(briefing.templates))
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


def backdrop_for_text(deck: Deck, slide, box: Box, roles, name: str) -> list[str]:
    """The colours behind ``box`` on ``slide`` for text of colour ``roles`` that the
    caller places there itself (a chart's); where a role finds no colour that reads on
    them, a panel in the template's background colour (named ``name``) is laid under
    ``box`` first, as ``fill`` does under a text frame, and the colours are the panel's."""
    master = slide.slide_layout.slide_master
    behind = deck.behind(slide, box)
    if _reads(deck, master, behind, roles):
        return behind
    rectangle(deck, slide, box, "background").name = name
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


def rectangle(deck: Deck, slide, box: Box, role: str, shape=MSO_SHAPE.RECTANGLE):
    """A filled shape with no outline (panels, rules, progress segments)."""
    rect = slide.shapes.add_shape(shape, *box.emu())
    rect.fill.solid()
    deck.paint(rect.fill.fore_color, role)
    rect.line.fill.background()
    drop_style(rect)
    return rect
