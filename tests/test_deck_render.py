"""The decks in real clients: LibreOffice renders them with every word on its slide,
and python-pptx reopens them with the structure a presenter and a screen reader need.

One LibreOffice conversion for both decks (module fixture; conftest.libreoffice_pdf).
"""

from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, deck_texts, libreoffice_pdf, needs, seed_sentences
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE, PP_PLACEHOLDER
from pptx.oxml.ns import qn

from briefing.cli import main
from briefing.content import load_briefing

RICH_YAML = ROOT / "tests" / "fixtures" / "rich" / "rich.yaml"
FOOTER_TOP = 490  # points: below this line only the footer may write
SEED_PLAN = [
    ("title", "Cultural Export and Global Soft Power"),
    ("summary", "Key messages"),
    ("agenda", "Agenda"),
    ("section", "Introduction – Music as Diplomacy"),
    ("quote", "Introduction – Music as Diplomacy"),
    ("section", "Government Policy and Cultural Infrastructure"),
    ("section", "UNESCO Heritage and Cultural Pride"),
    ("section", "Tourism and Media Synergy"),
    ("table", "Tourism and Media Synergy"),
    ("section", "Collaboration & Global Partnerships"),
    ("section", "Economic Impact of Cultural Export"),
    ("stats", "Economic Impact of Cultural Export"),
    ("chart", "Economic Impact of Cultural Export"),
    ("section", "Legacy and Lessons for the Future"),
    ("quote", "Legacy and Lessons for the Future"),
    ("links", "Official Links"),  # icons stay out of slide titles (#13)
    ("sources", "Sources"),
    ("closing", "Thank you"),
]


@pytest.fixture(scope="module")
def decks(seed_build, tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("rich-deck")
    assert main([str(RICH_YAML), "--format", "pptx", "--output", str(out)]) == 0
    return {"seed": seed_build["pptx"], "rich": out / "rich.pptx"}


@pytest.fixture(scope="module")
def rendered(decks, tmp_path_factory) -> dict[str, Path]:
    """Both decks converted to PDF by LibreOffice, in one run."""
    return libreoffice_pdf(decks, tmp_path_factory.mktemp("libreoffice"))


def words(pdf: Path) -> list[tuple[int, float, float, str, tuple[float, float, float, float]]]:
    """(page, page width, page height, word, (x0, y0, x1, y1)) of every word, in points."""
    text = subprocess.run([needs("pdftotext"), "-bbox", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    found = []
    for number, page in enumerate(re.findall(r"<page (.*?)</page>", text, re.S), start=1):
        width, height = (float(v) for v in re.search(
            r'width="([\d.]+)" height="([\d.]+)"', page).groups())
        for *box, word in re.findall(r'<word xMin="([^"]+)" yMin="([^"]+)" xMax="([^"]+)" '
                                     r'yMax="([^"]+)">(.*?)</word>', page):
            found.append((number, width, height, html.unescape(word),
                          tuple(float(v) for v in box)))
    return found


@pytest.mark.parametrize("name", ["seed", "rich"])
def test_libreoffice_renders_every_word_inside_its_slide(rendered, decks, name):
    found = words(rendered[name])
    pages = len(Presentation(str(decks[name])).slides)
    assert {w[0] for w in found} == set(range(1, pages + 1))  # one page per slide, none blank
    assert len(found) > 300
    for page, width, height, word, (x0, y0, x1, y1) in found:
        assert (width, height) == pytest.approx((960, 540), abs=0.05)
        assert x0 >= 0 and y0 >= 0 and x1 <= width and y1 <= height, (page, word)


@pytest.mark.parametrize("name", ["seed", "rich"])
def test_only_the_footer_writes_along_the_bottom(rendered, name):
    briefing = load_briefing(RICH_YAML if name == "rich" else ROOT / "content" /
                             "kpop-soft-power.yaml")
    footer = set(briefing.title.split())
    for page, _, _, word, (_, _, _, y1) in words(rendered[name]):
        if y1 > FOOTER_TOP:
            assert word in footer or word.isdigit(), (page, word)


def deck_text(path: Path) -> str:
    return " ".join(" ".join(deck_texts(path)).split())


def test_every_seed_sentence_is_in_slides_or_notes(decks):
    text = deck_text(decks["seed"])
    assert [s for s in seed_sentences() if s not in text] == []


def test_the_seed_deck_reopens_with_the_planned_slides(decks):
    prs = Presentation(str(decks["seed"]))
    assert [(s.name, s.shapes.title.text_frame.text) for s in prs.slides] == SEED_PLAN
    assert (prs.slide_width, prs.slide_height) == (12192000, 6858000)  # 16:9
    props = prs.core_properties
    assert props.title == "Cultural Export and Global Soft Power"
    assert props.author == "Cultural Policy Desk" and props.last_modified_by == props.author


@pytest.mark.parametrize("name", ["seed", "rich"])
def test_titles_are_real_title_placeholders(decks, name):
    for slide in Presentation(str(decks[name])).slides:
        title = slide.shapes.title
        assert title is not None and title.is_placeholder, slide.name
        assert title.placeholder_format.type in (PP_PLACEHOLDER.TITLE,
                                                 PP_PLACEHOLDER.CENTER_TITLE)
        assert title.text_frame.text.strip()


@pytest.mark.parametrize("name", ["seed", "rich"])
def test_every_section_slide_has_speaker_notes(decks, name):
    briefing = load_briefing(RICH_YAML if name == "rich" else ROOT / "content" /
                             "kpop-soft-power.yaml")
    sections = [s for s in Presentation(str(decks[name])).slides if s.name == "section"]
    assert len(sections) >= len(briefing.sections)
    for slide in sections:
        notes = slide.notes_slide.notes_text_frame.text
        title = slide.shapes.title.text_frame.text.removesuffix(" (cont.)")
        section = next(s for s in briefing.sections if s.title == title)
        if title != slide.shapes.title.text_frame.text:  # continued: only what it shows
            assert not section.notes or section.notes not in notes  # (tests/test_deck_scale)
            continue
        expected = section.notes or (section.body.paragraphs()[0].text if section.body
                                     else section.highlights[0].plain)
        assert expected in notes


@pytest.mark.parametrize("name", ["seed", "rich"])
def test_footer_has_the_title_and_a_live_slide_number(decks, name):
    prs = Presentation(str(decks[name]))
    for number, slide in enumerate(prs.slides, start=1):
        fields = slide.shapes._spTree.findall(f".//{qn('a:fld')}")
        if slide.name == "title":
            assert fields == []
            continue
        assert [f.get("type") for f in fields] == ["slidenum"], number
        assert fields[0].findtext(qn("a:t")) == str(number)
        footer = [s for s in slide.placeholders
                  if s.placeholder_format.type == PP_PLACEHOLDER.FOOTER]
        assert footer and footer[0].text_frame.text == prs.core_properties.title


def test_links_are_clickable(decks):
    prs = Presentation(str(decks["seed"]))
    slide = next(s for s in prs.slides if s.name == "links")
    targets = {run.hyperlink.address for shape in slide.shapes if shape.has_text_frame
               for p in shape.text_frame.paragraphs for run in p.runs if run.hyperlink.address}
    briefing = load_briefing(ROOT / "content" / "kpop-soft-power.yaml")
    assert targets == {link.url for link in briefing.links.items}


def test_pictures_and_charts_have_alt_text(decks):
    prs = Presentation(str(decks["rich"]))
    seen = {}
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.shape_type in (MSO_SHAPE_TYPE.PICTURE, MSO_SHAPE_TYPE.CHART) \
                    or getattr(shape, "has_chart", False):
                descr = shape._element.xpath("./*[1]/p:cNvPr")[0].get("descr")
                seen[shape.name] = descr
    assert seen["Picture"] == "A stylised harbour at dusk with coral lights"
    assert seen["Chart"].startswith("Column chart: Basin funding (USD m). 2023: 41.5;")


def test_the_chart_is_native_and_editable(decks):
    prs = Presentation(str(decks["rich"]))
    chart = next(sh.chart for s in prs.slides for sh in s.shapes if sh.has_chart)
    assert list(chart.plots[0].categories) == ["2023", "2024", "2025", "2026"]
    assert list(chart.series[0].values) == [41.5, 48.0, 55.2, 63.9]
    assert chart.part.chart_workbook.xlsx_part is not None  # data editable in PowerPoint


def test_the_deck_path_never_imports_weasyprint(tmp_path):
    """WeasyPrint costs ~0.7 s to import: a deck-only build must not pay it."""
    script = ("import sys\nfrom briefing.cli import main\n"
              f"code = main([{str(ROOT / 'content' / 'kpop-soft-power.yaml')!r}, '-f', 'pptx', "
              f"'-o', {str(tmp_path)!r}, '-j', '1'])\n"
              "heavy = [m for m in sys.modules if m.split('.')[0] in ('weasyprint', 'pydyf')]\n"
              "print(code, heavy)\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            check=True, cwd=ROOT)
    assert result.stdout.splitlines()[-1] == "0 []"
