"""The raw DrawingML/PresentationML the python-pptx API does not reach, in one place.

Every function takes python-pptx objects and edits their XML: East Asian
fonts, bullets and numbering, a live slide-number field, alt text, table
styling, theme colours, and removing slides or shapes. Nothing else in the
package imports lxml or touches python-pptx's private attributes
(tests/test_layers.py holds it to that).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from lxml import etree
from pptx.oxml.ns import qn

# "No Style, No Grid": cells are filled explicitly from the theme.
PLAIN_TABLE_STYLE = "{2D5ABB26-0587-4C30-8999-92F81FD0307C}"
_SLIDE_NUMBER_FIELD_ID = "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}"


@dataclass(frozen=True)
class Color:
    """A colour as written into the deck: an RGB value, or a theme slot ('accent1', 'tx2')
    with an optional brightness change (-1 … 1), as PowerPoint's colour picker does."""

    rgb: str | None = None
    scheme: str | None = None
    brightness: float = 0.0

    def element(self, tag: str = "a:solidFill") -> etree._Element:
        outer = etree.Element(qn(tag))
        if self.rgb:
            etree.SubElement(outer, qn("a:srgbClr"), val=self.rgb.lstrip("#").upper())
            return outer
        inner = etree.SubElement(outer, qn("a:schemeClr"), val=self.scheme or "tx1")
        if self.brightness > 0:
            etree.SubElement(inner, qn("a:lumMod"), val=str(int((1 - self.brightness) * 1e5)))
            etree.SubElement(inner, qn("a:lumOff"), val=str(int(self.brightness * 1e5)))
        elif self.brightness < 0:
            etree.SubElement(inner, qn("a:lumMod"), val=str(int((1 + self.brightness) * 1e5)))
        return outer


# -- runs and paragraphs ------------------------------------------------------

def add_slide_number(paragraph, number: int) -> None:
    """A slide-number field (renderers replace ``number`` with the live one), styled
    like the paragraph's first run, which it replaces."""
    p = paragraph._p
    runs = p.findall(qn("a:r"))
    rPr = runs[0].find(qn("a:rPr")) if runs else None
    for run in runs:
        p.remove(run)
    field = etree.Element(qn("a:fld"), id=_SLIDE_NUMBER_FIELD_ID, type="slidenum")
    if rPr is not None:
        field.append(rPr)
    etree.SubElement(field, qn("a:t")).text = str(number)
    end = p.find(qn("a:endParaRPr"))
    if end is not None:
        end.addprevious(field)
    else:
        p.append(field)


# -- shapes ---------------------------------------------------------------------

# Placeholder type a layout placeholder inherits its position from, on the master
# (the rule python-pptx and PowerPoint use); "obj" is the type when none is written.
_MASTER_TYPE = {"ctrTitle": "title", "title": "title", "dt": "dt", "ftr": "ftr",
                "sldNum": "sldNum"}


def placeholders(owner) -> list[tuple[str, str, object]]:
    """(type, idx, p:sp element) of every placeholder of a slide, layout or master, read
    straight from the XML (python-pptx's shape iteration costs ~1 ms a shape)."""
    found = []
    for sp in owner.shapes._spTree.iterchildren(qn("p:sp")):
        ph = sp.find(f"{qn('p:nvSpPr')}/{qn('p:nvPr')}/{qn('p:ph')}")
        if ph is not None:
            found.append((ph.get("type", "obj"), ph.get("idx", "0"), sp))
    return found


def slide_placeholders(slide) -> list[tuple[str, object]]:
    """(type, python-pptx shape) of each placeholder on a slide, in z-order."""
    return [(kind, slide.shapes._shape_factory(sp)) for kind, _, sp in placeholders(slide)]


def placeholder_boxes(layout, master) -> dict[str, tuple[object, tuple[int, int, int, int]]]:
    """Type → (p:sp, (x, y, cx, cy) in EMU) for a layout's placeholders, the first of each
    type, with positions inherited from the master where the layout gives none."""
    on_master = {kind: _xfrm(sp) for kind, _, sp in placeholders(master)}
    boxes = {}
    for kind, _, sp in placeholders(layout):
        box = _xfrm(sp) or on_master.get(_MASTER_TYPE.get(kind, "body"))
        if box and kind not in boxes:
            boxes[kind] = (sp, box)
    return boxes


def _xfrm(sp) -> tuple[int, int, int, int] | None:
    xfrm = sp.find(f"{qn('p:spPr')}/{qn('a:xfrm')}")
    if xfrm is None:
        return None
    offset, extent = xfrm.find(qn("a:off")), xfrm.find(qn("a:ext"))
    return (int(offset.get("x")), int(offset.get("y")), int(extent.get("cx")),
            int(extent.get("cy")))


def hide_master_shapes(layout) -> None:
    """A layout that draws none of its master's shapes (a full-bleed cover)."""
    layout._element.set("showMasterSp", "0")


def set_alt_text(shape, text: str) -> None:
    """The description screen readers announce for a picture, chart or table."""
    shape._element.xpath("./*[1]/p:cNvPr")[0].set("descr", text)


def drop_style(shape) -> None:
    """Remove an autoshape's theme style reference (LibreOffice draws its shadow even
    under an empty effect list): fill and outline are then only what is set."""
    style = shape._element.find(qn("p:style"))
    if style is not None:
        shape._element.remove(style)


def drop_empty_placeholders(slide) -> None:
    """Remove placeholders without text, so no 'Click to add text' prompt remains."""
    tree = slide.shapes._spTree
    for sp in tree.findall(qn("p:sp")):
        if sp.find(f"{qn('p:nvSpPr')}/{qn('p:nvPr')}/{qn('p:ph')}") is None:
            continue
        if not "".join(t.text or "" for t in sp.iter(qn("a:t"))).strip() \
                and sp.find(f".//{qn('a:fld')}") is None:
            tree.remove(sp)


def add_placeholder_like(slide, source, name: str):
    """Give ``slide`` a placeholder of the same type and index as ``source`` (a layout
    or master p:sp), e.g. a real title on a layout that has none; return it.
    (python-pptx's clone_placeholder searches every name in the tree for a free one.)"""
    shapes = slide.shapes
    sp = etree.SubElement(shapes._spTree, qn("p:sp"))
    nv = etree.SubElement(sp, qn("p:nvSpPr"))
    etree.SubElement(nv, qn("p:cNvPr"), id=str(shapes._next_shape_id), name=name)
    locks = etree.SubElement(nv, qn("p:cNvSpPr"))
    etree.SubElement(locks, qn("a:spLocks"), noGrp="1")
    ph = copy.deepcopy(source.find(f"{qn('p:nvSpPr')}/{qn('p:nvPr')}/{qn('p:ph')}"))
    etree.SubElement(nv, qn("p:nvPr")).append(ph)
    etree.SubElement(sp, qn("p:spPr"))
    body = etree.SubElement(sp, qn("p:txBody"))
    etree.SubElement(body, qn("a:bodyPr"))
    etree.SubElement(body, qn("a:lstStyle"))
    etree.SubElement(body, qn("a:p"))
    return shapes._shape_factory(shapes._spTree.xpath("./p:sp[last()]")[0])


def set_table_look(graphic_frame, first_row: bool = True, banded_rows: bool = True) -> None:
    """Plain table style (fills come from the theme), header row and banding flags on."""
    tbl = graphic_frame._element.graphic.graphicData.tbl
    tblPr = tbl.tblPr
    tblPr.set("firstRow", "1" if first_row else "0")
    tblPr.set("bandRow", "1" if banded_rows else "0")
    style = tblPr.find(qn("a:tableStyleId"))
    if style is None:
        style = etree.SubElement(tblPr, qn("a:tableStyleId"))
    style.text = PLAIN_TABLE_STYLE


def set_cell_border(cell, color: Color | None, width_emu: int, sides=("B",)) -> None:
    """Draw the named cell edges (L, R, T, B) in ``color``, and no other edges."""
    tcPr = cell._tc.get_or_add_tcPr()
    for side in ("L", "R", "T", "B"):
        for old in tcPr.findall(qn(f"a:ln{side}")):
            tcPr.remove(old)
    borders = []
    for side in ("L", "R", "T", "B"):
        line = etree.Element(qn(f"a:ln{side}"), w=str(width_emu if side in sides else 0))
        if side in sides and color is not None:
            line.append(color.element())
        else:
            etree.SubElement(line, qn("a:noFill"))
        borders.append(line)
    for line in reversed(borders):  # a:lnX come first in tcPr, before the fill
        tcPr.insert(0, line)


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


def placeholder_anchor(shape, anchor: str) -> None:
    """Vertical anchor ('t', 'ctr', 'b') of a layout placeholder's text."""
    body = shape._element.get_or_add_txBody()
    body.bodyPr.set("anchor", anchor)


def inherited_align(layout_shape, master) -> str | None:
    """The alignment ('l', 'ctr', 'r') a layout placeholder gives its text: its own list
    style's, else the master's title style's."""
    for owner, path in ((layout_shape._element, f".//{qn('a:lstStyle')}/{qn('a:lvl1pPr')}"),
                        (master._element, f"{qn('p:txStyles')}/{qn('p:titleStyle')}/"
                                          f"{qn('a:lvl1pPr')}")):
        level = owner.find(path)
        if level is not None and level.get("algn"):
            return level.get("algn")
    return None


def placeholder_align(shape, align: str) -> None:
    """Alignment ('l', 'ctr', 'r') of a layout placeholder's first-level text."""
    body = shape._element.get_or_add_txBody()
    styles = body.find(qn("a:lstStyle"))
    if styles is None:
        styles = etree.Element(qn("a:lstStyle"))
        body.bodyPr.addnext(styles)
    level = styles.find(qn("a:lvl1pPr"))
    if level is None:
        level = etree.SubElement(styles, qn("a:lvl1pPr"))
    level.set("algn", align)


# -- text, written straight as XML (python-pptx's setters cost ~1 ms per paragraph) -----

_NO_AUTOFIT = ("a:spAutoFit", "a:normAutofit", "a:noAutofit")


def frame_body(frame, *, anchor: str, insets_emu: tuple[int, int]) -> None:
    """Wrap text, never autofit, fixed insets (left/right, top/bottom) and an anchor."""
    body = frame._txBody.bodyPr
    body.set("wrap", "square")
    body.set("anchor", anchor)
    body.set("lIns", str(insets_emu[0]))
    body.set("rIns", str(insets_emu[0]))
    body.set("tIns", str(insets_emu[1]))
    body.set("bIns", str(insets_emu[1]))
    for tag in _NO_AUTOFIT:
        for old in body.findall(qn(tag)):
            body.remove(old)
    body.insert(0, etree.Element(qn("a:noAutofit")))


def clear_paragraphs(frame) -> None:
    body = frame._txBody
    for p in body.findall(qn("a:p")):
        body.remove(p)


def add_paragraph(frame, *, line_pt: float, after_pt: float, align: str | None, bullet: str,
                  indent_emu: int, bullet_color: Color | None, bullet_font: str | None):
    """Append an ``a:p`` with exact line spacing, no space before, the given space
    after, alignment and bullet; return it for ``add_run``."""
    p = etree.SubElement(frame._txBody, qn("a:p"))
    pPr = etree.SubElement(p, qn("a:pPr"), marL=str(indent_emu),
                           indent=str(-indent_emu if bullet else 0))
    if align:
        pPr.set("algn", align)
    for tag, value in (("a:lnSpc", line_pt), ("a:spcBef", 0), ("a:spcAft", after_pt)):
        spacing = etree.SubElement(pPr, qn(tag))
        etree.SubElement(spacing, qn("a:spcPts"), val=str(int(round(value * 100))))
    if bullet and bullet_color is not None:
        pPr.append(bullet_color.element("a:buClr"))
    if bullet == "•":
        if bullet_font:
            etree.SubElement(pPr, qn("a:buFont"), typeface=bullet_font)
        etree.SubElement(pPr, qn("a:buChar"), char="•")
    elif bullet:
        start = bullet.rstrip(".)") or "1"
        attrs = {"type": "arabicParenR" if bullet.endswith(")") else "arabicPeriod"}
        if start.isdigit() and start != "1":
            attrs["startAt"] = start
        etree.SubElement(pPr, qn("a:buAutoNum"), **attrs)
    else:
        etree.SubElement(pPr, qn("a:buNone"))
    return p


def add_run(p, text: str, *, size_pt: float, bold: bool, italic: bool, color: Color | None,
            latin: str, east_asian: str | None, lang: str, link_rid: str | None) -> None:
    """Append a run (or, for "\\n", a line break) with every property explicit."""
    tag = "a:br" if text == "\n" else "a:r"
    r = etree.SubElement(p, qn(tag))
    rPr = etree.SubElement(r, qn("a:rPr"), lang=lang, sz=str(int(round(size_pt * 100))),
                           b="1" if bold else "0", i="1" if italic else "0", dirty="0")
    if color is not None:
        rPr.append(color.element())
    etree.SubElement(rPr, qn("a:latin"), typeface=latin)
    if east_asian:
        etree.SubElement(rPr, qn("a:ea"), typeface=east_asian)
    if link_rid:
        etree.SubElement(rPr, qn("a:hlinkClick"), {qn("r:id"): link_rid})
    if tag == "a:r":
        etree.SubElement(r, qn("a:t")).text = text


def end_paragraph(p, size_pt: float, lang: str) -> None:
    """Size the paragraph mark too, so an empty last line is as tall as the text."""
    etree.SubElement(p, qn("a:endParaRPr"), lang=lang, sz=str(int(round(size_pt * 100))),
                     dirty="0")


_NOTES_PART = "/ppt/notesSlides/notesSlide%d.xml"


def set_notes(slide, text: str, issued: dict) -> None:
    """Write ``text`` as the slide's speaker notes. python-pptx names each new notes
    part by walking every part of the package (time quadratic in the slides), so only
    the deck's first is named that way; later ones count on from it. ``issued`` (one
    per deck) keeps the last number."""
    package = slide.part.package
    last = issued.get(_NOTES_PART)
    if last is not None and not slide.has_notes_slide:
        from pptx.opc.packuri import PackURI

        search = package.next_partname
        package.next_partname = lambda tmpl: (PackURI(tmpl % (last + 1)) if tmpl == _NOTES_PART
                                              else search(tmpl))
        try:
            notes = slide.notes_slide
        finally:
            del package.next_partname
    else:
        notes = slide.notes_slide
    notes.notes_text_frame.text = text
    name = str(notes.part.partname)
    if name.startswith(_NOTES_PART.split("%")[0]):
        issued[_NOTES_PART] = max(last or 0, int(name.rsplit("Slide", 1)[1].split(".")[0]))


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
    from .colors import modify

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
    from .colors import average

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
        box = _xfrm(node) if node.tag != qn("p:graphicFrame") else _frame_xfrm(node)
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


def frame_extent(frame) -> tuple[int, int, int, int] | None:
    """(x, y, cx, cy) in EMU of the shape a text frame belongs to, if it is placed."""
    sp = frame._txBody.getparent()
    return _xfrm(sp) if sp is not None and sp.tag == qn("p:sp") else None


@dataclass(frozen=True)
class PlaceholderInfo:
    type: str  # "title", "ctrTitle", "subTitle", "body", "obj", "pic", "dt" …
    idx: str
    vertical: bool
    box: tuple[int, int, int, int] | None  # EMU, the master's where the layout has none


def placeholder_infos(layout, master) -> list[PlaceholderInfo]:
    """Every placeholder of a layout with its type, orientation and box."""
    on_master = {kind: _xfrm(sp) for kind, _, sp in placeholders(master)}
    found = []
    for kind, idx, sp in placeholders(layout):
        ph = sp.find(f"{qn('p:nvSpPr')}/{qn('p:nvPr')}/{qn('p:ph')}")
        box = _xfrm(sp) or on_master.get(_MASTER_TYPE.get(kind, "body"))
        found.append(PlaceholderInfo(kind, idx, ph.get("orient") == "vert", box))
    return found


def set_autofit(frame) -> None:
    """Let the renderer shrink text that overflows (normAutofit): the safety net where
    the template's fonts could not be measured."""
    body = frame._txBody.bodyPr
    for tag in _NO_AUTOFIT:
        for old in body.findall(qn(tag)):
            body.remove(old)
    body.insert(0, etree.Element(qn("a:normAutofit")))


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


def put_behind(shape, frame) -> None:
    """Move ``shape`` (just added, so drawn last) to just below the shape that holds the
    text frame ``frame``: a panel under text that nothing else lets read."""
    sp = frame._txBody.getparent()
    if sp is not None and sp.getparent() is shape._element.getparent():
        sp.addprevious(shape._element)


def set_frame_height(frame, height_emu: int) -> None:
    """Make the placed shape that holds ``frame`` ``height_emu`` tall (its top stays)."""
    sp = frame._txBody.getparent()
    extent = sp.find(f"{qn('p:spPr')}/{qn('a:xfrm')}/{qn('a:ext')}") if sp is not None \
        else None
    if extent is not None:
        extent.set("cy", str(int(height_emu)))


def hide_point_label(point) -> None:
    """No data label on this chart point (a ``c:dLbl`` that is deleted)."""
    from pptx.oxml.ns import qn

    dLbl = point.data_label._get_or_add_dLbl()
    for child in list(dLbl)[1:]:  # keep c:idx
        dLbl.remove(child)
    delete = dLbl.makeelement(qn("c:delete"), {"val": "1"})
    dLbl.append(delete)
