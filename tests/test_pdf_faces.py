"""The PDF is given only the bundled font faces its page needs (pdf.engine.page_faces).

WeasyPrint copies and scans every @font-face before it lays out a line: the
emoji and Korean faces are 20 MB of 23. Leaving out a face the page cannot
use must change nothing in the PDF; leaving out one it uses would print
another font, or none.
"""

from __future__ import annotations

import subprocess

import pytest
from conftest import minimal

from briefing.content import load_briefing
from briefing.fontfaces import faces
from briefing.html import render_html
from briefing.pdf.engine import KEYCAP_FACE, html_to_pdf, page_faces
from briefing.theme import load_theme

PAGES = {
    "latin": "Reservoirs are at 61 percent.",
    "hangul": "Reservoirs are at 61 percent: 저수지 수위는 61퍼센트입니다.",
    "emoji": "Reservoirs are at 61 percent ✅.",
    "keycap": "Step 1️⃣ is the survey.",
}


def page(write_content, body: str) -> str:
    return render_html(load_briefing(write_content(minimal(
        sections=[{"title": "Overview", "body": body}]))), load_theme())


def families(css: str) -> set[str]:
    return {face.family for face in faces() if face.rule in css} | (
        {"Keycap Emoji"} if KEYCAP_FACE in css else set())


@pytest.mark.parametrize("kind, wanted", [
    ("latin", {"Carlito"}),
    ("hangul", {"Carlito", "Nanum Gothic"}),
    ("emoji", {"Carlito", "Noto Color Emoji"}),
    ("keycap", {"Carlito", "Noto Color Emoji", "Keycap Emoji"}),  # U+20E3 is an emoji too
])
def test_a_page_gets_the_faces_of_its_characters(write_content, kind, wanted):
    assert families(page_faces(page(write_content, PAGES[kind]))) == wanted


def test_a_character_in_an_attribute_only_still_brings_its_face(write_content):
    """Running heads print the title from an attribute (string-set: attr(...))."""
    html = render_html(load_briefing(write_content(minimal(title="수자원 전망"))), load_theme())
    assert "Nanum Gothic" in families(page_faces(html))


@pytest.mark.parametrize("kind", PAGES)
def test_the_pdf_is_the_same_as_with_every_face(write_content, tmp_path, monkeypatch, kind):
    # fontTools stamps a font it re-saves (the emoji subset) with the clock unless this is set
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    html = page(write_content, PAGES[kind])
    every = "\n".join([face.rule for face in faces()] + [KEYCAP_FACE])
    fewer, full = tmp_path / "fewer.pdf", tmp_path / "full.pdf"
    html_to_pdf(html, fewer, allowed=[tmp_path])
    html_to_pdf(html, full, allowed=[tmp_path], faces=every)
    assert fewer.read_bytes() == full.read_bytes()
    embedded = subprocess.run(["pdffonts", str(fewer)], capture_output=True, text=True,
                              check=True).stdout
    expect = {"latin": "Carlito", "hangul": "Nanum-Gothic", "emoji": "Noto-Color-Emoji",
              "keycap": "Keycap-Emoji"}[kind]
    assert expect in embedded


def test_one_parser_reads_a_projects_fonts_css_for_every_output(tmp_path):
    """The glyph check had its own parser (comments, wildcard ranges); the web page and
    the deck another (neither). One parser now serves them all."""
    css = tmp_path / "fonts.css"
    css.write_text('/* @font-face { font-family: "Ghost"; src: url("g.ttf"); } */\n'
                   '@font-face { font-family: "House"; src: url("house.ttf");\n'
                   '  unicode-range: U+4??, u+0025-00ff; font-weight: 700; }\n'
                   '@font-face { font-family: "No file"; }\n', "utf-8")
    found = faces(css)
    assert [(f.family, f.file, f.weight, f.ranges) for f in found] == [
        ("House", tmp_path / "house.ttf", "700", ((0x400, 0x4FF), (0x25, 0xFF)))]
    assert found[0].covers("Ж") and not found[0].covers("가")
