"""The rich fixture (14-row table, chart, stats, Hangul, emoji, a 450-word section, an
image) builds cleanly under --strict, and its pages hold together."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import squash
from pypdf import PdfReader
from test_pdf import page_text, pdffonts

from briefing.cli import main
from briefing.content import load_briefing

RICH = Path(__file__).parent / "fixtures" / "rich" / "rich.yaml"


@pytest.fixture(scope="module")
def rich(tmp_path_factory):
    out = tmp_path_factory.mktemp("rich")
    assert main([str(RICH), "--output", str(out), "--format", "pdf", "--strict"]) == 0
    return out / "rich.pdf"


def test_builds_without_any_warning(tmp_path, capsys):
    assert main([str(RICH), "--output", str(tmp_path), "--format", "pdf"]) == 0
    assert "warning" not in capsys.readouterr().err


def test_hangul_and_emoji_fonts_are_embedded(rich):
    names = {row[0].split("+", 1)[1] for row in pdffonts(rich)}
    assert {"Nanum-Gothic", "Nanum-Gothic-Bold"} <= names  # a Hangul section title is bold
    assert "Noto-Color-Emoji" in names
    assert any(name.startswith("Carlito") for name in names)


def test_hangul_and_emoji_text_survive(rich):
    text = page_text(rich)
    assert "한강 유역의 물 관리 협력은 2026년에 새로운 단계에 들어섰습니다." in text
    assert "💧" in text and "✅" in text


def test_long_table_breaks_between_whole_rows_with_its_header_repeated(rich):
    table = load_briefing(RICH).sections[1].table
    pages = [page_text(rich, n) for n in range(1, len(PdfReader(rich).pages) + 1)]
    holding = [n for n, text in enumerate(pages) if "Northern" in text or "Dry Cor" in text
               or "Reforms under way" in text]
    assert holding, "the table is printed"  # at 8.5 pt it fits one page: see test_pdf_design
    for n in holding:
        assert "Reforms under way" in pages[n]  # header on every page of the table
    for row in table.rows:
        region, status = squash(str(row[0])), squash(str(row[2]))
        # A row never splits: its first and last cells are on the same page.
        where = [n for n, text in enumerate(pages) if region in squash(text)]
        assert where and all(status in squash(pages[n]) for n in where[:1]), row[0]


def test_chart_is_vector_text_with_alt(rich):
    reader = PdfReader(rich)
    text = squash(page_text(rich))
    for label in ("2023", "2024", "2025", "2026", "63.9", "41.5"):
        assert label in text
    alts = []

    def walk(node):
        node = node.get_object()
        if isinstance(node, dict):
            if node.get("/S") == "/Figure":
                alts.append(str(node.get("/Alt")))
            kids = node.get("/K")
            for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
                walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    assert "A stylised harbour at dusk with coral lights" in alts
    assert any(alt.startswith("Basin funding (USD m): 2023 41.5") for alt in alts)


def test_body_links_print_their_address(rich):
    text = " ".join(page_text(rich).split())
    assert "the basin portal (https://example.org/basin)" in text


def test_links_page_lists_title_note_and_full_url(rich):
    last = page_text(rich, len(PdfReader(rich).pages))
    for expected in ("UN-Water", "Coordination across the UN system", "https://www.unwater.org/",
                     "mailto:water@example.org", "Questions and corrections"):
        assert expected in last


def test_outline_numbers_every_section(rich):
    titles = [item.title for item in PdfReader(rich).outline]
    assert titles[0] == "1. A long read on basin cooperation"
    assert titles[3] == "4. 한국의 물 관리 — Korean water management"
    assert titles[-1] == "Official links"
    assert all(re.match(r"\d+\. ", t) for t in titles[:-1])
