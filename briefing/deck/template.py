"""The deck a briefing is drawn on: the house 16:9 template, or a user's reference deck.

Slide kinds find their layouts by the names Pandoc uses ("Title Slide",
"Title and Content", "Section Header", "Title Only", ...), so reference decks
made for Pandoc or Quarto work here; a missing layout falls back to the
nearest one with a warning. ``inspect_deck`` reports what a deck offers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.util import Pt

from ..errors import UsageError
from ..theme import Theme
from . import oxml

TITLE_TYPES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
BODY_TYPES = (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT)
FOOTER_TYPES = (PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER)

# The layout each layout role (kinds.KINDS) asks for, and what it falls back to, in order.
ROLE_LAYOUTS = {"title": "Title Slide", "content": "Title and Content",
                "title only": "Title Only", "section header": "Section Header"}
FALLBACKS = {
    "Title Slide": ("Section Header", "Title Only", "Title and Content"),
    "Title and Content": ("Two Content", "Content with Caption", "Title Only"),
    "Section Header": ("Title Slide", "Title Only", "Title and Content"),
    "Title Only": ("Title and Content", "Section Header", "Title Slide"),
}
# Layouts that need a body placeholder to serve their kinds as designed.
NEEDS_BODY = {"Title and Content", "Section Header"}


@dataclass
class Base:
    """A presentation ready to receive slides, and how each kind finds its layout."""

    prs: object
    house: bool  # True: the built-in design; False: a user's reference deck
    layouts: dict[str, object] = field(default_factory=dict)  # kind → layout
    warnings: list[str] = field(default_factory=list)


def open_base(theme: Theme, roles: dict[str, str], reference: Path | None = None) -> Base:
    """The house template, or ``reference`` emptied of its slides, with a layout chosen for
    each kind of slide from its layout role (``roles``: kind → role)."""
    if reference is None:
        base = Base(house_template(theme), house=True)
    else:
        base = Base(_open_reference(reference), house=False)
        oxml.remove_all_slides(base.prs)
    by_name = {_key(layout.name): layout for layout in base.prs.slide_layouts}
    missing: dict[tuple[str, str], list[str]] = {}  # (wanted, used instead) → kinds
    for kind, role in roles.items():
        wanted = ROLE_LAYOUTS[role]
        layout, used = _find(by_name, wanted)
        if used != wanted:
            missing.setdefault((wanted, used or f"the first layout, {layout.name!r}"),
                               []).append(kind)
        base.layouts[kind] = layout
    for (wanted, used), kinds in missing.items():
        used = used if used.startswith("the first") else repr(used)
        base.warnings.append(f"{reference}: no layout named {wanted!r}; "
                             f"{_and(kinds)} slides use {used} instead")
    return base


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def _key(name: str) -> str:
    return " ".join(name.lower().split())


def _find(by_name: dict, wanted: str):
    for name in (wanted, *FALLBACKS.get(wanted, ())):
        layout = by_name.get(_key(name))
        if layout is not None:
            return layout, name
    return next(iter(by_name.values())), None


def _open_reference(path: Path):
    if not path.is_file():
        raise UsageError(f"no such reference deck: {path}")
    try:
        prs = Presentation(str(path))
        layouts = len(prs.slide_layouts)
    except Exception as err:  # python-pptx raises zip, XML and KeyError alike
        raise UsageError(f"{path}: not a PowerPoint (.pptx) file: {err}") from None
    if not layouts:  # options.reference_deck says so first; this keeps _find total
        raise UsageError(f"{path}: the deck has no slide layouts; expected a template with "
                         "layouts such as 'Title Slide' and 'Title and Content'")
    return prs


def placeholder(owner, types) -> object | None:
    """The first placeholder of ``owner`` (slide or layout) whose type is in ``types``."""
    for shape in owner.placeholders:
        if shape.placeholder_format.type in types:
            return shape
    return None


# -- the house template ---------------------------------------------------------
# 13.333 × 7.5 in. Positions in points: (left, top, width, height).

WIDTH, HEIGHT = 960, 540
MARGIN = 54
TITLE_BOX = (MARGIN, 40, WIDTH - 2 * MARGIN, 76)
BODY_BOX = (MARGIN, 132, WIDTH - 2 * MARGIN, 344)
FOOTER_BOX = (MARGIN, 498, 640, 24)
NUMBER_BOX = (WIDTH - MARGIN - 120, 498, 120, 24)
COVER_TITLE_BOX = (MARGIN, 150, WIDTH - 2 * MARGIN, 130)
COVER_SUBTITLE_BOX = (MARGIN, 296, WIDTH - 2 * MARGIN, 60)
CLOSING_TITLE_BOX = (MARGIN, 150, WIDTH - 2 * MARGIN, 110)
CLOSING_BODY_BOX = (MARGIN, 276, WIDTH - 2 * MARGIN, 150)


def house_template(theme: Theme):
    """python-pptx's Office template turned 16:9 and dressed in the theme's colours and
    fonts, so a slide a presenter adds later matches the generated ones."""
    prs = Presentation()
    old_width = prs.slide_width
    prs.slide_width, prs.slide_height = Pt(WIDTH), Pt(HEIGHT)
    c = theme.colors
    oxml.set_theme(prs, {"dk1": c.text, "lt1": c.background, "dk2": c.primary,
                            "lt2": c.panel, "accent1": c.accent, "accent2": c.primary,
                            "accent3": c.muted, "accent4": c.rule, "hlink": c.primary,
                            "folHlink": c.muted}, theme.fonts.deck, theme.fonts.deck_east_asian)
    oxml.set_master_text_style(prs, "titleStyle", theme.deck.title_size, "tx2", bold=True)
    oxml.set_master_text_style(prs, "bodyStyle", theme.deck.body_size, "tx1")
    oxml.stretch_placeholders(prs, prs.slide_width / old_width)
    master = prs.slide_master
    boxes = {PP_PLACEHOLDER.TITLE: TITLE_BOX, PP_PLACEHOLDER.BODY: BODY_BOX,
             PP_PLACEHOLDER.FOOTER: FOOTER_BOX, PP_PLACEHOLDER.SLIDE_NUMBER: NUMBER_BOX,
             PP_PLACEHOLDER.DATE: FOOTER_BOX}
    for shape in master.placeholders:
        _place(shape, boxes[shape.placeholder_format.type])
    oxml.placeholder_anchor(placeholder(master, TITLE_TYPES), "b")
    layouts = {layout.name: layout for layout in prs.slide_layouts}
    _dark_layout(theme, layouts["Title Slide"], COVER_TITLE_BOX, COVER_SUBTITLE_BOX)
    _dark_layout(theme, layouts["Section Header"], CLOSING_TITLE_BOX, CLOSING_BODY_BOX)
    return prs


def _place(shape, box) -> None:
    shape.left, shape.top, shape.width, shape.height = (Pt(v) for v in box)


def _dark_layout(theme: Theme, layout, title_box, body_box) -> None:
    fill = layout.background.fill
    fill.solid()
    fill.fore_color.rgb = _rgb(theme.colors.primary)
    oxml.hide_master_shapes(layout)
    for shape, box in ((placeholder(layout, TITLE_TYPES), title_box),
                       (placeholder(layout, (PP_PLACEHOLDER.SUBTITLE, PP_PLACEHOLDER.BODY)),
                        body_box)):
        _place(shape, box)
        oxml.placeholder_align(shape, "l")


def _rgb(value: str):
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(value.lstrip("#"))


# -- inspecting a deck ------------------------------------------------------------

def inspect_deck(path: Path, roles: dict[str, str]) -> str:
    """A report of a deck's layouts and placeholders, and which layout serves each kind
    (``roles``: kind → layout role)."""
    prs = _open_reference(path)
    emu = 12700
    lines = [f"{path}: {prs.slide_width / 914400:.2f} × {prs.slide_height / 914400:.2f} in, "
             f"{len(prs.slide_layouts)} layouts, {len(prs.slides)} slides (ignored)", ""]
    for index, layout in enumerate(prs.slide_layouts):
        lines.append(f"layout {index}: {layout.name!r}")
        for shape in layout.placeholders:
            kind = shape.placeholder_format.type
            where = ("inherited" if shape.left is None else
                     f"at {shape.left / emu:.0f},{shape.top / emu:.0f} pt, "
                     f"{shape.width / emu:.0f} × {shape.height / emu:.0f} pt")
            lines.append(f"  - {kind.name.lower()} (idx {shape.placeholder_format.idx}), "
                         f"{where}")
    lines += ["", "slide kinds:"]
    by_name = {_key(layout.name): layout for layout in prs.slide_layouts}
    for kind, role in roles.items():
        wanted = ROLE_LAYOUTS[role]
        layout, used = _find(by_name, wanted)
        if used == wanted:
            state = f"{wanted!r}"
        elif used:
            state = f"{used!r} (fallback: no {wanted!r})"
        else:
            state = f"{layout.name!r} (first layout: no {wanted!r} or fallback)"
        gaps = []
        if placeholder(layout, TITLE_TYPES) is None:
            gaps.append("no title placeholder: one is added")
        if (used or "") in NEEDS_BODY and placeholder(layout, BODY_TYPES) is None:
            gaps.append("no body placeholder: a text box is used")
        lines.append(f"  {kind:8} → {state}" + (f"; {'; '.join(gaps)}" if gaps else ""))
    return "\n".join(lines)
