"""Shapes and placeholders as XML: where they sit, what they inherit from the layout and
master, alt text, table styling, a live slide-number field, chart point labels."""

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
    on_master = {kind: sp_extent(sp) for kind, _, sp in placeholders(master)}
    boxes = {}
    for kind, _, sp in placeholders(layout):
        box = sp_extent(sp) or on_master.get(_MASTER_TYPE.get(kind, "body"))
        if box and kind not in boxes:
            boxes[kind] = (sp, box)
    return boxes


def sp_extent(sp) -> tuple[int, int, int, int] | None:
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


def frame_extent(frame) -> tuple[int, int, int, int] | None:
    """(x, y, cx, cy) in EMU of the shape a text frame belongs to, if it is placed."""
    sp = frame._txBody.getparent()
    return sp_extent(sp) if sp is not None and sp.tag == qn("p:sp") else None


@dataclass(frozen=True)
class PlaceholderInfo:
    type: str  # "title", "ctrTitle", "subTitle", "body", "obj", "pic", "dt" …
    idx: str
    vertical: bool
    box: tuple[int, int, int, int] | None  # EMU, the master's where the layout has none


def placeholder_infos(layout, master) -> list[PlaceholderInfo]:
    """Every placeholder of a layout with its type, orientation and box."""
    on_master = {kind: sp_extent(sp) for kind, _, sp in placeholders(master)}
    found = []
    for kind, idx, sp in placeholders(layout):
        ph = sp.find(f"{qn('p:nvSpPr')}/{qn('p:nvPr')}/{qn('p:ph')}")
        box = sp_extent(sp) or on_master.get(_MASTER_TYPE.get(kind, "body"))
        found.append(PlaceholderInfo(kind, idx, ph.get("orient") == "vert", box))
    return found


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
