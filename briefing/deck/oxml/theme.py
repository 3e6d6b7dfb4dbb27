"""The presentation and its template as XML: the theme's colours and fonts written and
read, master text styles, slides removed, and what a layout draws behind the text
(backgrounds and decorations, as representative colours or pictures)."""

from __future__ import annotations

import copy
from dataclasses import dataclass

from lxml import etree
from pptx.oxml.ns import qn

from .shapes import Color, sp_extent

# -- runs and paragraphs ------------------------------------------------------


# -- shapes ---------------------------------------------------------------------


# -- presentation parts ---------------------------------------------------------

def remove_all_slides(prs) -> None:
    """Drop the slides a reference deck came with; keep its masters and layouts."""
    id_list = prs.slides._sldIdLst
    for slide_id in list(id_list):
        prs.part.drop_rel(slide_id.rId)
        id_list.remove(slide_id)


def set_theme(prs, colors: dict[str, str], latin_font: str, east_asian_font: str) -> None:
    """Write colours (slot → #RRGGBB) and fonts into the master's theme part."""
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    part = prs.slide_master.part.part_related_by(RT.THEME)
    root = etree.fromstring(part.blob)
    scheme = root.find(".//" + qn("a:clrScheme"))
    for slot, value in colors.items():
        node = scheme.find(qn(f"a:{slot}"))
        node.clear()
        etree.SubElement(node, qn("a:srgbClr"), val=value.lstrip("#").upper())
    for kind in ("a:majorFont", "a:minorFont"):
        fonts = root.find(".//" + qn(kind))
        fonts.find(qn("a:latin")).set("typeface", latin_font)
        fonts.find(qn("a:ea")).set("typeface", east_asian_font)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def stretch_placeholders(prs, factor: float) -> None:
    """Widen every explicitly placed master and layout shape by ``factor`` (4:3 → 16:9
    is 4/3), so layouts fill a resized slide."""
    for owner in (prs.slide_master, *prs.slide_layouts):
        for xfrm in owner._element.iterfind(f".//{qn('p:spPr')}/{qn('a:xfrm')}"):
            offset, extent = xfrm.find(qn("a:off")), xfrm.find(qn("a:ext"))
            offset.set("x", str(int(int(offset.get("x")) * factor)))
            extent.set("cx", str(int(int(extent.get("cx")) * factor)))


def set_master_text_style(prs, style: str, size_pt: float, color_slot: str,
                          bold: bool = False) -> None:
    """Default size, colour and weight of the master's title or body text (level 1),
    aligned left."""
    master = prs.slide_master._element
    lvl = master.find(f"{qn('p:txStyles')}/{qn(f'p:{style}')}/{qn('a:lvl1pPr')}")
    lvl.set("algn", "l")
    rPr = lvl.find(qn("a:defRPr"))
    rPr.set("sz", str(int(size_pt * 100)))
    rPr.set("b", "1" if bold else "0")
    for old in rPr.findall(qn("a:solidFill")):
        rPr.remove(old)
    rPr.insert(0, Color(scheme=color_slot).element())


# -- text, written straight as XML (python-pptx's setters cost ~1 ms per paragraph) -----


# -- reading a template: colours, fonts, backgrounds, decorations ---------------------------

_SCHEME_SLOTS = ("dk1", "lt1", "dk2", "lt2", "accent1", "accent2", "accent3", "accent4",
                 "accent5", "accent6", "hlink", "folHlink")
_ALIASES = ("bg1", "tx1", "bg2", "tx2")
_PRESET = {"black": "#000000", "white": "#FFFFFF", "red": "#FF0000", "blue": "#0000FF",
           "green": "#008000", "yellow": "#FFFF00", "gray": "#808080", "grey": "#808080"}


@dataclass(frozen=True)
class Paint:
    """What a background or a shape fills its box with: a representative colour (a
    gradient's average stop, a pattern's average), or a picture's bytes to sample."""

    color: str | None = None
    image: bytes | None = None
    box: tuple[int, int, int, int] | None = None  # EMU; None: the whole slide


def _theme_root(master):
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    return etree.fromstring(master.part.part_related_by(RT.THEME).blob)


def master_colors(master) -> dict[str, str]:
    """Scheme slot → #RRGGBB for a master: the theme's twelve slots, and bg1/tx1/bg2/tx2
    through the master's colour map (a system colour counts as its last value)."""
    scheme = _theme_root(master).find(".//" + qn("a:clrScheme"))
    found: dict[str, str] = {}
    for slot in _SCHEME_SLOTS:
        node = scheme.find(qn(f"a:{slot}")) if scheme is not None else None
        value = _color(node[0], {}) if node is not None and len(node) else None
        found[slot] = value or ("#000000" if slot.startswith("dk") else "#FFFFFF")
    mapping = master._element.find(qn("p:clrMap"))
    defaults = {"bg1": "lt1", "tx1": "dk1", "bg2": "lt2", "tx2": "dk2"}
    for alias in _ALIASES:
        slot = mapping.get(alias) if mapping is not None else None
        found[alias] = found.get(slot or defaults[alias], found[defaults[alias]])
    return found


def theme_fonts(master) -> dict[str, str]:
    """The theme's fonts: major/minor × latin/ea typefaces ('' when not named)."""
    root = _theme_root(master)
    found = {}
    for kind in ("major", "minor"):
        node = root.find(".//" + qn(f"a:{kind}Font"))
        for script in ("latin", "ea"):
            face = node.find(qn(f"a:{script}")) if node is not None else None
            found[f"{kind}_{script}"] = face.get("typeface", "") if face is not None else ""
    return found


def _color(node, colors: dict[str, str]) -> str | None:
    """A DrawingML colour element (srgbClr, schemeClr, sysClr, prstClr …) as #RRGGBB, its
    lumMod/lumOff/shade/tint applied."""
    from ..colors import modify

    tag = etree.QName(node).localname
    if tag == "srgbClr":
        value = "#" + node.get("val", "000000")
    elif tag == "schemeClr":
        value = colors.get(node.get("val", ""))
    elif tag == "sysClr":
        value = "#" + node.get("lastClr", "000000" if node.get("val") == "windowText"
                               else "FFFFFF")
    elif tag == "prstClr":
        value = _PRESET.get(node.get("val", ""), "#808080")
    elif tag == "scrgbClr":
        value = "#" + "".join(f"{min(255, int(int(node.get(c, '0')) * 255 / 100000)):02X}"
                              for c in ("r", "g", "b"))
    else:
        return None
    if value is None:
        return None
    mods = {etree.QName(m).localname: int(m.get("val", "100000")) / 100000 for m in node}
    if mods:
        value = modify(value, mods.get("lumMod", 1.0), mods.get("lumOff", 0.0),
                       mods.get("shade"), mods.get("tint"))
    return value.upper()


_COLOR_TAGS = {qn(f"a:{t}") for t in ("srgbClr", "schemeClr", "sysClr", "prstClr",
                                      "scrgbClr")}


def _fill(owner, props, colors: dict[str, str], style=None) -> Paint | None:
    """The fill of an spPr/bgPr element (or, without one, of the shape's style
    reference): None for no fill."""
    from ..colors import average

    if props is not None:
        for child in props:
            tag = etree.QName(child).localname
            if tag == "noFill":
                return None
            if tag == "solidFill" and len(child):
                return Paint(_color(child[0], colors))
            if tag == "gradFill":
                stops = [_color(s[0], colors) for s in child.iter(qn("a:gs")) if len(s)]
                stops = [s for s in stops if s]
                return Paint(average(stops)) if stops else None
            if tag == "pattFill":
                found = [_color(c[0], colors) for c in child if len(c)]
                found = [c for c in found if c]
                return Paint(average(found)) if found else None
            if tag == "blipFill":
                blip = child.find(qn("a:blip"))
                rid = blip.get(qn("r:embed")) if blip is not None else None
                if rid:
                    try:
                        return Paint(image=owner.part.related_part(rid).blob)
                    except (KeyError, AttributeError):
                        return None
                return None
    if style is not None:
        ref = style.find(qn("a:fillRef"))
        if ref is not None and ref.get("idx", "0") != "0" and len(ref):
            return Paint(_color(ref[0], colors))
    return None


def background(owner, colors: dict[str, str]) -> Paint | None:
    """The p:bg of a slide, layout or master as a Paint; None when it has none."""
    bg = owner._element.find(f"{qn('p:cSld')}/{qn('p:bg')}")
    if bg is None:
        return None
    props = bg.find(qn("p:bgPr"))
    if props is not None:
        return _fill(owner, props, colors)
    ref = bg.find(qn("p:bgRef"))
    if ref is not None and len(ref) and ref[0].tag in _COLOR_TAGS:
        return Paint(_color(ref[0], colors))
    return None


def decorations(owner, colors: dict[str, str]) -> list[Paint]:
    """The filled shapes and pictures of a slide, layout or master that are not
    placeholders, in drawing order, each with its box (groups are skipped)."""
    found = []
    for node in owner.shapes._spTree.iterchildren(qn("p:sp"), qn("p:pic"),
                                                  qn("p:graphicFrame")):
        if node.find(f".//{qn('p:nvPr')}/{qn('p:ph')}") is not None:
            continue
        box = sp_extent(node) if node.tag != qn("p:graphicFrame") else _frame_xfrm(node)
        if box is None:
            continue
        if node.tag == qn("p:pic"):
            paint = _fill(owner, node.find(qn("p:blipFill")) is not None and
                          _wrap_blip(node.find(qn("p:blipFill"))), colors)
        elif node.tag == qn("p:graphicFrame"):
            continue  # tables and charts: their cells and areas are painted by the caller
        else:
            paint = _fill(owner, node.find(qn("p:spPr")), colors, node.find(qn("p:style")))
        if paint is not None:
            found.append(Paint(paint.color, paint.image, box))
    return found


def grouped_boxes(owner) -> list[tuple[int, int, int, int]]:
    """The boxes (EMU, on the slide) of the shapes, pictures and lines inside the groups
    of a slide, layout or master, which ``decorations`` skips: LibreOffice's Sunset draws
    the rules either side of its title as four thin bars in one group."""
    found: list[tuple[int, int, int, int]] = []

    def walk(group, place) -> None:
        for node in group.iterchildren(qn("p:sp"), qn("p:pic"), qn("p:cxnSp"),
                                       qn("p:grpSp")):
            if node.find(f".//{qn('p:nvPr')}/{qn('p:ph')}") is not None:
                continue
            if node.tag == qn("p:grpSp"):
                xfrm = node.find(f"{qn('p:grpSpPr')}/{qn('a:xfrm')}")
                inner = _group_place(xfrm)
                if inner is not None:
                    walk(node, lambda box, inner=inner: place(inner(box)))
                continue
            box = sp_extent(node)
            if box is not None and box[2] + box[3] > 0:
                found.append(place(box))

    for group in owner.shapes._spTree.iterchildren(qn("p:grpSp")):
        xfrm = group.find(f"{qn('p:grpSpPr')}/{qn('a:xfrm')}")
        inner = _group_place(xfrm)
        if inner is not None:
            walk(group, inner)
    return found


def _group_place(xfrm):
    """A group's child coordinates → its parent's, or None for a group with no size."""
    if xfrm is None:
        return None
    parts = [xfrm.find(qn(f"a:{tag}")) for tag in ("off", "ext", "chOff", "chExt")]
    if any(part is None for part in parts):
        return None
    (x, y), (cx, cy), (chx, chy), (chcx, chcy) = (
        (int(part.get("x", part.get("cx", 0))), int(part.get("y", part.get("cy", 0))))
        for part in parts)
    if chcx <= 0 or chcy <= 0:
        return None

    def place(box):
        left, top, width, height = box
        return (round(x + (left - chx) * cx / chcx), round(y + (top - chy) * cy / chcy),
                round(width * cx / chcx), round(height * cy / chcy))

    return place


def _wrap_blip(blip_fill):
    """A p:blipFill as the child of a properties element, for ``_fill``."""
    holder = etree.Element(qn("p:spPr"))
    copy_ = copy.deepcopy(blip_fill)
    copy_.tag = qn("a:blipFill")
    holder.append(copy_)
    return holder


def _frame_xfrm(node) -> tuple[int, int, int, int] | None:
    xfrm = node.find(qn("p:xfrm"))
    if xfrm is None:
        return None
    offset, extent = xfrm.find(qn("a:off")), xfrm.find(qn("a:ext"))
    return (int(offset.get("x")), int(offset.get("y")), int(extent.get("cx")),
            int(extent.get("cy")))


def shows_master_shapes(layout) -> bool:
    return layout._element.get("showMasterSp", "1") not in ("0", "false")


def set_scheme_color(master, slot: str, value: str) -> None:
    """Set one colour slot (e.g. 'hlink') of a master's theme to #RRGGBB."""
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    part = master.part.part_related_by(RT.THEME)
    root = etree.fromstring(part.blob)
    node = root.find(".//" + qn("a:clrScheme") + "/" + qn(f"a:{slot}"))
    if node is None:
        return
    for child in list(node):
        node.remove(child)
    etree.SubElement(node, qn("a:srgbClr"), val=value.lstrip("#").upper())
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


