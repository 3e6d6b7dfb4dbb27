"""Numbered figures and tables: the same numbers, in document order, in the PDF, the deck
and the web page; @fig-…/@tbl-… references resolve to the right number and link."""

from __future__ import annotations

import re
import subprocess

import pytest
from conftest import ROOT, deck_texts, html_text, minimal, needs

from briefing.cli import main
from briefing.content import load_briefing
from briefing.errors import ContentError

PNG = (ROOT / "tests" / "fixtures" / "rich" / "images" / "harbour.png").read_bytes()


def content() -> dict:
    bar = {"kind": "bar", "caption": "Bars", "data": [{"label": "A", "value": 1}]}
    return minimal(sections=[
        {"title": "One", "body": "See @fig-pie and @tbl-money; then @fig-harbour.",
         "table": {"id": "tbl-first", "caption": "First", "columns": ["a"], "rows": [["b"]]},
         "chart": dict(bar, id="fig-bars")},
        {"title": "Two", "highlights": ["Money in @tbl-money"],
         "image": {"id": "fig-harbour", "path": "harbour.png", "alt": "A harbour"}},
        {"title": "Three", "table": {"id": "tbl-money", "columns": ["x"], "rows": [["1"]]},
         "chart": {"kind": "pie", "id": "fig-pie", "caption": "Shares", "data": [
             {"label": "A", "value": 1}, {"label": "B", "value": 3}]}},
    ])


EXPECTED = ["Table 1", "Figure 1", "Figure 2", "Table 2", "Figure 3"]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    import yaml

    folder = tmp_path_factory.mktemp("figures")
    (folder / "harbour.png").write_bytes(PNG)
    path = folder / "doc.yaml"
    path.write_text(yaml.safe_dump(content(), sort_keys=False), encoding="utf-8")
    assert main([str(path), "-o", str(folder / "out"), "--jobs", "1"]) == 0
    return folder / "out"


def numbers(text: str) -> list[str]:
    seen = []
    for found in re.findall(r"(?:Figure|Table) \d+", text):
        if found not in seen:
            seen.append(found)
    return seen


def test_numbers_are_consecutive_and_the_same_in_pdf_deck_and_web(built):
    pdf = subprocess.run([needs("pdftotext"), "-layout", str(built / "doc.pdf"), "-"],
                         capture_output=True, text=True, check=True).stdout
    body = pdf.split("Figures and tables", 1)[1]  # the list of figures comes first
    # The list of figures and tables, then each caption, in the same order.
    assert re.findall(r"^\s*((?:Figure|Table) \d+)", body, re.M) == EXPECTED * 2
    from pptx import Presentation

    deck = []
    for slide in Presentation(str(built / "doc.pptx")).slides:
        for shape in slide.shapes:
            if shape.has_chart:
                deck.append(shape.chart.chart_title.text_frame.text)
            elif shape.has_text_frame and re.match(r"(Figure|Table) \d", shape.text_frame.text):
                deck.append(shape.text_frame.text)
    assert [re.match(r"(?:Figure|Table) \d+", t)[0] for t in deck] == EXPECTED
    assert deck[0] == "Table 1: First" and deck[1] == "Figure 1: Bars"
    page = (built / "doc.html").read_text(encoding="utf-8")
    web = re.findall(r'<span class="figure-number">((?:Figure|Table) \d+)</span>', page)
    assert web == EXPECTED


def test_references_resolve_to_the_number_and_link_to_the_figure(built):
    page = (built / "doc.html").read_text(encoding="utf-8")
    links = re.findall(r'<a class="xref" href="#([^"]+)">([^<]+)</a>', page)
    assert links == [("fig-pie", "Figure 3"), ("tbl-money", "Table 2"),
                     ("fig-harbour", "Figure 2"), ("tbl-money", "Table 2")]
    for anchor, _ in links:
        assert page.count(f'id="{anchor}"') == 1
    assert re.search(r'<figure class="chart[^"]*" id="fig-pie">.*?Figure 3', page, re.S)
    assert "@fig" not in html_text(page) and "@tbl" not in html_text(page)
    # The PDF: the reference is a link to the page the figure is on.
    from pypdf import PdfReader

    reader = PdfReader(str(built / "doc.pdf"))
    targets = []
    for page_ in reader.pages:
        for annot in page_.get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/Subtype") == "/Link" and "/Dest" in annot:
                targets.append(str(annot["/Dest"]))
            elif annot.get("/Subtype") == "/Link" and "/A" in annot and "/D" in annot["/A"]:
                targets.append(str(annot["/A"]["/D"]))
    assert any("fig-pie" in t for t in targets), targets
    pdf = subprocess.run([needs("pdftotext"), str(built / "doc.pdf"), "-"],
                         capture_output=True, text=True, check=True).stdout
    assert "See Figure 3 and Table 2; then Figure 2." in " ".join(pdf.split())
    # The deck: plain text, the same words.
    texts = " ".join(deck_texts(built / "doc.pptx"))
    assert "Money in Table 2" in texts and "@tbl" not in texts


def test_korean_labels(write_content):
    data = content()
    data["lang"] = "ko"
    data["sections"] = data["sections"][2:]
    data["sections"][0]["body"] = "@fig-pie 참조"
    from briefing.html import render_html
    from briefing.theme import load_theme

    page = render_html(load_briefing(write_content(data)), load_theme())
    assert '<a class="xref" href="#fig-pie">그림 1</a> 참조' in page
    assert '<span class="figure-number">표 1</span>' in page


def test_unknown_and_duplicate_ids_are_located(write_content):
    data = content()
    data["sections"][0]["body"] = "See @fig-nothing. Write to a@fig-x.org, or `@fig-code`."
    data["sections"][2]["chart"]["id"] = "fig-bars"
    path = write_content(data)
    (path.parent / "harbour.png").write_bytes(PNG)
    with pytest.raises(ContentError) as err:
        load_briefing(path)
    text = path.read_text()
    lines = err.value.lines()
    assert len(lines) == 2, lines  # not the e-mail address, not the code
    for line in lines:
        number = int(line.split(":")[1])
        assert number > 1
    assert any(": sections[0].body: reference @fig-nothing names no figure or table; ids "
               "in this briefing: @tbl-first, @fig-bars, @fig-harbour, @tbl-money" in line
               for line in lines), lines
    assert any(": sections[2].chart.id: duplicate id 'fig-bars' (also on sections[0].chart)"
               in line for line in lines), lines
    assert text.splitlines()[int(lines[0].split(":")[1]) - 1].lstrip().startswith("body:")


def test_an_id_must_have_its_kinds_prefix(write_content):
    data = content()
    data["sections"][0]["table"]["id"] = "fig-first"
    path = write_content(data)
    (path.parent / "harbour.png").write_bytes(PNG)
    with pytest.raises(ContentError) as err:
        load_briefing(path)
    assert "sections[0].table.id: expected an id such as 'tbl-exports'" in str(err.value)


def test_the_list_of_figures_is_a_theme_switch(write_content, tmp_path):
    folder = write_content(minimal()).parent
    (folder / "harbour.png").write_bytes(PNG)
    path = write_content(content())
    (folder / "templates").mkdir()
    (folder / "templates" / "theme.yaml").write_text("report:\n  list_of_figures: false\n")
    from briefing.html import render_html
    from briefing.paths import project_templates
    from briefing.theme import load_theme

    briefing = load_briefing(path)
    assert "Figures and tables" in render_html(briefing, load_theme())
    off = load_theme(project=project_templates(folder))
    assert "Figures and tables" not in render_html(briefing, off)


def test_a_caption_with_a_citation_link_and_note_is_one_entry_of_the_list(write_content,
                                                                           tmp_path):
    """The list of figures repeats each caption inside the entry's own link: a citation,
    a link or a cross-reference in it made a link inside a link, which split the entry
    into three lines and gave "[2" its own leader and page number."""
    data = minimal(
        references=[{"id": "port", "title": "Port survey", "publisher": "Ports Office",
                     "date": "2026"}],
        sections=[{"title": "Ports", "body": "Quays are short.",
                   "table": {"caption": "Port upgrades [@port] after [the plan]"
                                        "(https://example.org/plan) and @tbl-cost",
                             "columns": ["Port"], "rows": [["Esbjerg"]]}},
                  {"title": "Costs", "body": "Costs rose.",
                   "table": {"id": "tbl-cost", "columns": ["Cost"], "rows": [["1"]]}}])
    path = write_content(data)
    out = tmp_path / "out"
    assert main([str(path), "-o", str(out), "-f", "pdf"]) == 0, "builds"
    text = subprocess.run([needs("pdftotext"), "-layout", "-f", "2", "-l", "2",
                           str(out / "doc.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    listed = text[text.index("Figures and tables"):].split("\n\n")[0].splitlines()[1:]
    lines = [line.split() for line in listed]
    first = " ".join(lines[0])
    assert re.fullmatch(r"Table 1 Port upgrades \[1\] after the plan and Table 2 \d+", first)
    assert [words[:2] for words in lines] == [["Table", "1"], ["Table", "2"]]
