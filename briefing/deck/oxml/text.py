"""Text written straight as XML (python-pptx's setters cost ~1 ms per paragraph):
frame settings, paragraphs and runs with every property explicit, speaker notes."""

from __future__ import annotations

from lxml import etree
from pptx.oxml.ns import qn

from .shapes import Color

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


def set_autofit(frame) -> None:
    """Let the renderer shrink text that overflows (normAutofit): the safety net where
    the template's fonts could not be measured."""
    body = frame._txBody.bodyPr
    for tag in _NO_AUTOFIT:
        for old in body.findall(qn(tag)):
            body.remove(old)
    body.insert(0, etree.Element(qn("a:normAutofit")))
