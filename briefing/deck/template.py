"""The deck a briefing is drawn on: the house 16:9 template, or a user's reference deck.

Each slide kind asks for a layout role (kinds.KINDS): title, content, title
only, section header. Every layout of every master is classified by its
placeholders (centred title + subtitle → title; title + one body → content,
or section header when the body is a plain text body under a header-like
name; title + two bodies → two content; title alone → title only; no title →
centred text or blank); names, Pandoc's, PowerPoint's or LibreOffice's
("Title and Content", "Title, Content" …), only break ties. Of the layouts
with a role, content roles prefer the master whose background behind the
body is plainest (not a title master with a band). A role no layout has
falls back to the nearest one with a warning. ``inspect_deck`` reports it all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.util import Pt

from ..errors import UsageError
from ..theme import Theme
from .backdrop import Backdrops
from .oxml.shapes import (
    PlaceholderInfo,
    hide_master_shapes,
    placeholder_align,
    placeholder_anchor,
    placeholder_infos,
)
from .oxml.theme import remove_all_slides, set_master_text_style, set_theme, stretch_placeholders

TITLE_TYPES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
BODY_TYPES = (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT)
FOOTER_TYPES = (PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER)

# Each layout role by the name Pandoc gives its layout (for messages), and the roles that
# stand in for it, in order, when a template has no layout of that role.
ROLE_LAYOUTS = {"title": "Title Slide", "content": "Title and Content",
                "title only": "Title Only", "section header": "Section Header",
                "two content": "Two Content", "centered text": "Centered Text",
                "blank": "Blank"}
FALLBACKS = {
    "title": ("section header", "title only", "content"),
    "content": ("two content", "title only"),
    "section header": ("title", "title only", "content"),
    "title only": ("content", "section header", "title"),
}
# Layout names that break ties: Pandoc's and PowerPoint's English defaults, LibreOffice's.
NAMES = {
    "title": ("title slide", "title", "title, subtitle"),
    "content": ("title and content", "title, content", "title and text", "content"),
    "two content": ("two content", "title, 2 content", "comparison", "two objects"),
    "title only": ("title only", "title, only"),
    "section header": ("section header", "section title", "section", "title, section",
                       "divider"),
    "centered text": ("centered text", "centred text"),
    "blank": ("blank", "blank slide"),
}
# Layouts that need a body placeholder to serve their kinds as designed.
NEEDS_BODY = {"content", "section header"}
_TEXT = {"body", "obj"}
_SIDE = {"dt", "ftr", "sldNum", "hdr"}


@dataclass(frozen=True)
class LayoutRole:
    """A layout of the deck, where it sits and what it is good for."""

    layout: object
    index: int  # across all masters, in order
    master: int  # 1-based
    role: str
    named: bool  # its name is one of NAMES[role]
    busy: float  # Backdrops.busy behind its body or content area
    title_busy: float = 0.0  # and behind its title


@dataclass
class Base:
    """A presentation ready to receive slides, and how each kind finds its layout."""

    prs: object
    house: bool  # True: the built-in design; False: a user's reference deck
    layouts: dict[str, object] = field(default_factory=dict)  # kind → layout
    warnings: list[str] = field(default_factory=list)
    backdrops: Backdrops | None = None


def open_base(theme: Theme, roles: dict[str, str], reference: Path | None = None) -> Base:
    """The house template, or ``reference`` emptied of its slides, with a layout chosen for
    each kind of slide from its layout role (``roles``: kind → role)."""
    if reference is None:
        base = Base(house_template(theme), house=True)
    else:
        base = Base(_open_reference(reference), house=False)
        remove_all_slides(base.prs)
    base.backdrops = Backdrops(base.prs)
    table = classify(base.prs, base.backdrops)
    missing: dict[tuple[str, str], list[str]] = {}  # (wanted, used instead) → kinds
    for kind, role in roles.items():
        found, used = choose(table, role)
        if used != role:
            instead = (repr(found.layout.name) if used else
                       f"the first layout, {found.layout.name!r}")
            missing.setdefault((ROLE_LAYOUTS[role], instead), []).append(kind)
        base.layouts[kind] = found.layout
    for (wanted, used), kinds in missing.items():
        base.warnings.append(f"{reference}: no layout named {wanted!r} (nor laid out as "
                             f"one); {_and(kinds)} slides use {used} instead")
    return base


def classify(prs, backdrops: Backdrops) -> list[LayoutRole]:
    """Every layout of every master with its role."""
    table = []
    index = 0
    for number, master in enumerate(prs.slide_masters, start=1):
        for layout in master.slide_layouts:
            infos = placeholder_infos(layout, master)
            role = layout_role(infos, layout.name)
            area = _body_area(infos, prs)
            title = next((i.box for i in infos if i.type in ("title", "ctrTitle") and i.box),
                         area)
            table.append(LayoutRole(layout, index, number, role,
                                    _key(layout.name) in NAMES.get(role, ()),
                                    backdrops.busy(layout, area), backdrops.busy(layout, title)))
            index += 1
    return table


def layout_role(infos: list[PlaceholderInfo], name: str) -> str:
    """A layout's role from its placeholders; its name decides between roles the
    placeholders allow."""
    kinds = [i.type for i in infos if i.type not in _SIDE]
    titles = [k for k in kinds if k in ("title", "ctrTitle")]
    subtitles = [k for k in kinds if k == "subTitle"]
    bodies = [i for i in infos if i.type in _TEXT]
    others = [k for k in kinds if k not in ("title", "ctrTitle", "subTitle", *_TEXT)]
    by_name = next((role for role, names in NAMES.items() if _key(name) in names), None)
    if any(i.vertical for i in infos if i.type not in _SIDE) or others:
        return "other"
    if not titles:
        return "blank" if not kinds else "centered text"
    if subtitles and not bodies:
        return "section header" if by_name == "section header" else "title"
    if not bodies:
        return "title" if "ctrTitle" in titles else "title only"
    if len(bodies) == 1:
        if by_name in ("section header", "title"):
            return by_name
        if bodies[0].type == "body" and "ctrTitle" not in titles and by_name != "content" \
                and _short(bodies[0]):
            return "section header"
        return "content"
    return "two content" if len(bodies) == 2 else "other"


def _short(info: PlaceholderInfo) -> bool:
    """A body box too low for a list: a section header's line of text."""
    return info.box is not None and info.box[3] < 1.5 * 914400


def _body_area(infos: list[PlaceholderInfo], prs) -> tuple[int, int, int, int]:
    """Where a layout's content goes: its body, else below its title, else the middle."""
    body = next((i.box for i in infos if i.type in _TEXT and i.box), None)
    if body:
        return body
    title = next((i.box for i in infos if i.type in ("title", "ctrTitle") and i.box), None)
    width, height = prs.slide_width, prs.slide_height
    if title:
        top = title[1] + title[3]
        return (title[0], top, title[2], max(int(height * 0.85) - top, height // 10))
    return (width // 10, height // 5, width * 8 // 10, height * 3 // 5)


def choose(table: list[LayoutRole], role: str) -> tuple[LayoutRole, str | None]:
    """The layout that serves ``role``, and the role it has (None: the first layout)."""
    for wanted in (role, *FALLBACKS.get(role, ())):
        found = [entry for entry in table if entry.role == wanted]
        if found:
            if wanted in ("title", "section header"):  # plain behind the title, then first
                best = min(found, key=lambda e: (e.title_busy > 1, e.master, not e.named,
                                                 e.index))
            else:  # content sits best on a plain background
                best = min(found, key=lambda e: (e.busy, not e.named, e.master, e.index))
            return best, wanted
    return table[0], None


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def _key(name: str) -> str:
    return " ".join(name.lower().split())


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
    set_theme(prs, {"dk1": c.text, "lt1": c.background, "dk2": c.primary,
                            "lt2": c.panel, "accent1": c.accent, "accent2": c.primary,
                            "accent3": c.muted, "accent4": c.rule, "hlink": c.primary,
                            "folHlink": c.muted}, theme.fonts.deck, theme.fonts.deck_east_asian)
    set_master_text_style(prs, "titleStyle", theme.deck.title_size, "tx2", bold=True)
    set_master_text_style(prs, "bodyStyle", theme.deck.body_size, "tx1")
    stretch_placeholders(prs, prs.slide_width / old_width)
    master = prs.slide_master
    boxes = {PP_PLACEHOLDER.TITLE: TITLE_BOX, PP_PLACEHOLDER.BODY: BODY_BOX,
             PP_PLACEHOLDER.FOOTER: FOOTER_BOX, PP_PLACEHOLDER.SLIDE_NUMBER: NUMBER_BOX,
             PP_PLACEHOLDER.DATE: FOOTER_BOX}
    for shape in master.placeholders:
        _place(shape, boxes[shape.placeholder_format.type])
    placeholder_anchor(placeholder(master, TITLE_TYPES), "b")
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
    hide_master_shapes(layout)
    for shape, box in ((placeholder(layout, TITLE_TYPES), title_box),
                       (placeholder(layout, (PP_PLACEHOLDER.SUBTITLE, PP_PLACEHOLDER.BODY)),
                        body_box)):
        _place(shape, box)
        placeholder_align(shape, "l")


def _rgb(value: str):
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(value.lstrip("#"))


# -- inspecting a deck ------------------------------------------------------------

def inspect_deck(path: Path, roles: dict[str, str]) -> str:
    """A report of a deck's masters, layouts and placeholders, each layout's role, and which
    layout serves each kind (``roles``: kind → layout role)."""
    prs = _open_reference(path)
    emu = 12700
    table = classify(prs, Backdrops(prs))
    masters = len(prs.slide_masters)
    lines = [f"{path}: {prs.slide_width / 914400:.2f} × {prs.slide_height / 914400:.2f} in, "
             f"{masters} master{'s' if masters > 1 else ''}, "
             f"{len(table)} layouts, {len(prs.slides)} slides (ignored)", ""]
    for entry in table:
        layout = entry.layout
        lines.append(f"layout {entry.index}: {layout.name!r} (master {entry.master}; "
                     f"role: {entry.role}; background "
                     f"{'plain' if not entry.busy else f'busy {entry.busy:g}'})")
        for shape in layout.placeholders:
            kind = shape.placeholder_format.type
            where = ("inherited" if shape.left is None else
                     f"at {shape.left / emu:.0f},{shape.top / emu:.0f} pt, "
                     f"{shape.width / emu:.0f} × {shape.height / emu:.0f} pt")
            lines.append(f"  - {kind.name.lower()} (idx {shape.placeholder_format.idx}), "
                         f"{where}")
    lines += ["", "slide kinds:"]
    for kind, role in roles.items():
        entry, used = choose(table, role)
        layout = entry.layout
        wanted = ROLE_LAYOUTS[role]
        where = f" of master {entry.master}" if masters > 1 else ""
        if used == role:
            state = f"{layout.name!r}{where}"
        elif used:
            state = f"{layout.name!r}{where} (fallback: no {wanted!r})"
        else:
            state = f"{layout.name!r} (first layout: no {wanted!r} or fallback)"
        gaps = []
        if placeholder(layout, TITLE_TYPES) is None:
            gaps.append("no title placeholder: one is added")
        if (used or "") in NEEDS_BODY and placeholder(layout, BODY_TYPES) is None:
            gaps.append("no body placeholder: a text box is used")
        lines.append(f"  {kind:8} → {state}" + (f"; {'; '.join(gaps)}" if gaps else ""))
    return "\n".join(lines)
