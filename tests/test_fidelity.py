"""Every sentence of the seed article reaches every output unchanged."""

from __future__ import annotations

import re

import pytest
from conftest import (
    SEED_YAML,
    deck_texts,
    html_text,
    pdf_body_text,
    seed_sentences,
    seed_table_cells,
    squash,
)
from pypdf import PdfReader

from briefing.content import load_briefing

SENTENCES = seed_sentences()
SEED = load_briefing(SEED_YAML)
NAMES = ([SEED.title, SEED.kicker, *SEED.topics, *(s.title for s in SEED.sections)]
         + [link.title for link in SEED.links.items] + seed_table_cells())


def html_file_text(path) -> str:
    return html_text(path.read_text(encoding="utf-8"))


def pdf_text(path) -> str:
    """All of pypdf's text (names, table cells), then the running text as a reader follows
    it (pdf_body_text): a sentence may go on over a page, past a footnote or a side
    column's stat, which pypdf puts elsewhere."""
    whole = "\n".join(page.extract_text() for page in PdfReader(path).pages)
    return whole + "\n" + pdf_body_text(path)


def deck_text(path) -> str:
    return "\n".join(deck_texts(path))


def test_the_seed_has_sentences_to_check():
    assert len(SENTENCES) == 20
    assert len(seed_table_cells()) == 12


@pytest.mark.parametrize("fmt, extract", [("html", html_file_text), ("pdf", pdf_text),
                                          ("pptx", deck_text)])
def test_every_sentence_and_name_reaches_the_output(seed_build, fmt, extract):
    text = extract(seed_build[fmt])
    flat = " ".join(text.split())
    missing = [s for s in SENTENCES if s not in flat and squash(s) not in squash(text)]
    assert missing == []
    missing_names = [n for n in NAMES if squash(n) not in squash(text)]
    assert missing_names == []


def test_html_keeps_typography_exactly(seed_build):
    text = html_file_text(seed_build["html"])
    for sentence in SENTENCES:
        assert sentence in text


def test_content_markup_is_never_interpreted(write_content, tmp_path):
    from briefing.cli import main

    evil = "<script>alert(1)</script> {{ 7*7 }} {% raw %} <b>x</b>"
    path = write_content({"title": evil, "sections": [{"title": evil, "body": evil,
                                                        "highlights": [evil]}]})
    out = tmp_path / "out"
    assert main([str(path), "--output", str(out), "--format", "html,pptx"]) == 0
    page = (out / "doc.html").read_text(encoding="utf-8")
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    # The page embeds its fonts (base64 and unicode-ranges in <style>) and images (data:
    # URIs), where any digits occur: look past them.
    assert "{{ 7*7 }}" in html_file_text(out / "doc.html")
    assert "49" not in re.sub(r"<style>.*?</style>|data:[^\"')]*", "", page, flags=re.S)
    assert evil in deck_text(out / "doc.pptx")
