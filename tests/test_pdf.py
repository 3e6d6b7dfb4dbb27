"""The seed's PDF as a reader and a PDF client see it: pages, contents, outline, links,
metadata, tags, fonts and every sentence of the article."""

from __future__ import annotations

import re
import subprocess

import pytest
from conftest import SEED_YAML, needs, pdf_body_text, seed_sentences, squash
from pypdf import PdfReader

from briefing.content import load_briefing

SEED = load_briefing(SEED_YAML)


@pytest.fixture(scope="module")
def pdf(seed_build):
    return PdfReader(seed_build["pdf"])


def page_text(path, page: int | None = None, layout: bool = False) -> str:
    """pdftotext of one page (1-based) or of the whole file."""
    args = [needs("pdftotext")]
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    if layout:
        args.append("-layout")
    return subprocess.run([*args, str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def links_heading() -> str:
    """The links title as printed: headings leave a leading emoji out (theme.yaml)."""
    return SEED.links.title.removeprefix("✅ ")


def section_titles() -> list[str]:
    return ([f"{i}. {s.title}" for i, s in enumerate(SEED.sections, 1)] + [links_heading()]
            + (["Sources"] if SEED.references else []))


def test_cover_then_contents_then_sections_then_links(pdf, seed_build):
    pages = [page_text(seed_build["pdf"], n) for n in range(1, len(pdf.pages) + 1)]
    assert squash(SEED.title) in squash(pages[0])
    assert "Page" not in pages[0]  # no page number on the cover
    assert "In this briefing" in pages[1]
    assert SEED.sections[0].title in pages[1]  # the first section follows the contents
    assert "kocca.kr" in pages[-1] and links_heading() in pages[-1]
    assert 4 <= len(pdf.pages) <= 8  # contents and links share pages with sections


def test_pages_are_a4_by_default(pdf):
    for page in pdf.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width), round(height)) == (595, 842)


def test_outline_has_every_numbered_section(pdf):
    assert [item.title for item in pdf.outline] == section_titles()


def test_contents_page_numbers_are_where_sections_start(pdf, seed_build):
    starts = {item.title: pdf.get_destination_page_number(item) + 1 for item in pdf.outline}
    contents = page_text(seed_build["pdf"], 2, layout=True)
    for number, section in enumerate(SEED.sections, 1):
        line = re.search(rf"^\s*{number}\s+{re.escape(section.title)}.*?(\d+)\s*$", contents,
                         re.M)
        assert line, f"no contents entry for section {number}"
        page = int(line[1])
        assert page == starts[f"{number}. {section.title}"]
        # The heading is really printed on that page.
        assert squash(section.title) in squash(page_text(seed_build["pdf"], page))


def test_contents_entries_link_to_their_sections(pdf):
    internal = [annot for annot in pdf.pages[1].get("/Annots", [])
                if annot.get_object().get("/Subtype") == "/Link"
                and "/URI" not in annot.get_object().get("/A", {})]
    assert len(internal) >= len(SEED.sections) + 1


def test_every_url_is_a_link_annotation(pdf):
    uris = set()
    for page in pdf.pages:
        for annot in page.get("/Annots", []):
            action = annot.get_object().get("/A", {})
            if "/URI" in action:
                uris.add(str(action["/URI"]))
    assert {link.url for link in SEED.links.items} <= uris


def test_metadata_comes_from_the_content(pdf):
    info = pdf.metadata
    assert info["/Title"] == SEED.title
    assert info["/Author"] == SEED.organization  # no author in the seed: the organization
    assert info["/Subject"] == SEED.subtitle
    assert info["/Keywords"] == ", ".join(SEED.topics)
    assert info["/CreationDate"].startswith("D:20261127")
    assert info["/ModDate"].startswith("D:20261127")


def test_tagged_with_language_and_structure(pdf):
    root = pdf.trailer["/Root"]
    assert root["/Lang"] == "en"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    kinds = set()

    def walk(node):
        node = node.get_object()
        if isinstance(node, dict):
            kinds.add(node.get("/S"))
            kids = node.get("/K")
            for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
                walk(kid)

    walk(root["/StructTreeRoot"])
    assert {"/H1", "/H2", "/P", "/Table", "/Link", "/L"} <= kinds
    assert "/Metadata" in root  # XMP, for the PDF/UA identification


def pdffonts(path) -> list[list[str]]:
    out = subprocess.run([needs("pdffonts"), str(path)], capture_output=True, text=True,
                         check=True).stdout
    return [line.split() for line in out.splitlines()[2:]]


def test_all_fonts_are_bundled_embedded_and_subset(seed_build):
    fonts = pdffonts(seed_build["pdf"])
    names = {row[0].split("+", 1)[1] for row in fonts}
    assert {"Carlito", "Carlito-Bold", "Noto-Color-Emoji"} <= names  # emoji in the kicker
    assert not any("DejaVu" in name for name in names)  # no system font sneaks in
    for row in fonts:
        emb, sub = row[-5], row[-4]
        assert (emb, sub) == ("yes", "yes"), row


def test_every_seed_sentence_is_in_the_text(seed_build):
    text = pdf_body_text(seed_build["pdf"])
    flat = squash(text)
    missing = [s for s in seed_sentences() if squash(s) not in flat]
    assert missing == []


def test_running_header_and_footer(pdf, seed_build):
    total = len(pdf.pages)
    for number in range(2, total + 1):
        text = " ".join(page_text(seed_build["pdf"], number).split())
        assert SEED.title in text
        assert f"Page {number} of {total}" in text
        assert "27 November 2026" in text
    first_section = " ".join(page_text(seed_build["pdf"], 2).split())
    assert f"1. {SEED.sections[0].title}" in first_section  # the current section


def test_table_keeps_header_and_every_cell(seed_build):
    text = squash(page_text(seed_build["pdf"]))
    table = SEED.sections[3].table
    for cell in [*table.columns, *(cell for row in table.rows for cell in row)]:
        assert squash(str(cell)) in text


def test_every_painted_object_is_tagged_or_an_artifact(pdf):
    # An opacity group or image painted outside marked content is invisible to
    # screen readers and fails PDF/UA (the cover subtitle's opacity once did).
    for number, page in enumerate(pdf.pages, 1):
        depth = 0
        for line in page.get_contents().get_data().decode("latin-1").splitlines():
            words = line.split()
            depth += ("BDC" in words or "BMC" in words) - ("EMC" in words)
            assert not ("Do" in words and depth <= 0), (number, line)


def test_table_header_cells_have_column_scope(pdf):
    headers = []

    def walk(node):
        node = node.get_object()
        if isinstance(node, dict):
            if node.get("/S") == "/TH":
                headers.append(node.get("/A", {}).get("/Scope"))
            kids = node.get("/K")
            for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
                walk(kid)

    walk(pdf.trailer["/Root"]["/StructTreeRoot"])
    assert headers == ["/Column"] * len(SEED.sections[3].table.columns)
