"""The PDF's design on real outputs (issue 13): measure, colour contrast, page fill,
addresses, the type scale and the cover's key messages, for the seed, the rich fixture
and a second realistic briefing (tests/fixtures/outlook)."""

from __future__ import annotations

import re
import statistics
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import SEED_YAML, needs
from test_pdf import page_text

from briefing.cli import main
from briefing.content import load_briefing
from briefing.html import render_html
from briefing.theme import load_theme

FIXTURES = Path(__file__).parent / "fixtures"
OUTLOOK = FIXTURES / "outlook" / "offshore-wind.yaml"
THEME = load_theme()
# (text colour, background) for every pair the theme's outputs print text in.
PAIRS = [("text", "background"), ("text", "panel"), ("primary", "background"),
         ("primary", "panel"), ("accent", "background"), ("accent", "panel"),
         ("muted", "background"), ("muted", "panel"), ("on_primary", "primary"),
         ("accent_on_primary", "primary"), ("rule", "primary")]


@pytest.fixture(scope="module", params=["seed", "rich", "outlook"])
def built(request, tmp_path_factory):
    source = {"seed": SEED_YAML, "rich": FIXTURES / "rich" / "rich.yaml",
              "outlook": OUTLOOK}[request.param]
    out = tmp_path_factory.mktemp(request.param)
    assert main([str(source), "-o", str(out), "-f", "pdf", "--strict"]) == 0
    return out / f"{source.stem}.pdf"


def luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("fg, bg", PAIRS)
def test_every_text_colour_passes_wcag_aa_on_its_background(fg, bg):
    colours = THEME.colors
    assert contrast(getattr(colours, fg), getattr(colours, bg)) >= 4.5


def test_the_css_uses_only_the_pairs_checked():
    css = (Path(__file__).parent.parent / "templates" / "briefing.css").read_text()
    used = set(re.findall(r"color: \{\{ c\.(\w+) \}\}", css)) - {"background"}
    assert used <= {fg for fg, _ in PAIRS}


def test_every_font_size_is_on_the_type_scale(write_content):
    html = render_html(load_briefing(OUTLOOK), THEME)
    style = html[html.index("<style>"):html.index("</style>")]
    sizes = {float(s) for s in re.findall(r"font-size: ([\d.]+)pt", style)}
    scale = THEME.report
    assert sizes <= {scale.title_size, scale.heading_size, scale.body_size, scale.small_size}


def words_by_line(pdf: Path) -> list[tuple[int, float, float, str]]:
    """(page, yMin, yMax, text) of every line pdftotext -bbox-layout finds, y as page share."""
    xml = subprocess.run([needs("pdftotext"), "-bbox-layout", str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    xml = re.sub(r"<!DOCTYPE[^>]*>", "", xml).replace('xmlns="http://www.w3.org/1999/xhtml"', "")
    lines = []
    for number, page in enumerate(ET.fromstring(xml).iter("page"), 1):
        height = float(page.get("height"))
        for line in page.iter("line"):
            text = " ".join(w.text or "" for w in line.iter("word"))
            lines.append((number, float(line.get("yMin")) / height,
                          float(line.get("yMax")) / height, text))
    return lines


def test_body_text_runs_60_to_75_characters_a_line(built):
    # Long lines of running text (sentences), not table rows or labels.
    lengths = [len(text) for page, _, _, text in words_by_line(built)
               if page > 1 and len(text) > 40 and re.search(r"[a-z]{3,} [a-z]{3,}", text)]
    assert 55 <= statistics.median(lengths) <= 75


def test_no_page_but_the_cover_and_the_last_ends_above_60_percent(built):
    lines = words_by_line(built)
    pages = max(page for page, *_ in lines)
    for number in range(2, pages):
        # The footer sits below 90 %; the content's lowest line is what counts.
        content = [bottom for page, top, bottom, _ in lines if page == number and bottom < 0.9]
        assert max(content) >= 0.6, f"page {number} of {built.name} ends at {max(content):.0%}"


def test_addresses_never_break_with_a_hyphen(built):
    for line in page_text(built).splitlines():
        if re.search(r"(https?|mailto):|www\.|\.(org|net|kr)/", line):
            assert not line.rstrip().endswith("-"), line


def test_the_cover_carries_the_key_messages():
    briefing = load_briefing(OUTLOOK)
    html = render_html(briefing, THEME)
    cover = html[html.index('class="cover"'):html.index('class="toc"')]
    assert "Key messages" in cover
    for message in briefing.summary:
        assert message.html().replace("\n", "") in cover.replace("\n", "")


def test_straight_quotes_become_curly_and_curly_ones_stay(write_content):
    from conftest import minimal

    path = write_content(minimal(summary=['Ports need "heavy-lift" quays']))
    briefing = load_briefing(path)
    assert briefing.summary[0].plain == "Ports need “heavy-lift” quays"
    seed = load_briefing(SEED_YAML)
    assert seed.sections[1].body.source in seed.sections[1].body.html().replace("\n", " ") or \
        "national “Creative Economy.”" in seed.sections[1].body.html()


def test_a_number_and_its_unit_sign_never_part_at_a_line_end(write_content):
    """"55 %" broke after "55" at the end of a key point's line in the PDF."""
    from conftest import minimal

    from briefing.html import render_web

    path = write_content(minimal(sections=[{
        "title": "Pipeline", "body": "It fell from 80 % to 55 % at 20 °C, then 2027 came.",
        "highlights": ["On-schedule share down from 80 % to 55 %"]}]))
    briefing, theme = load_briefing(path), load_theme()
    for page in (render_html(briefing, theme), render_web(briefing, theme)):
        assert page.count("80\u00a0%") == 2 and page.count("55\u00a0%") == 2
        assert "20\u00a0°C" in page and "then 2027 came" in page


def test_headings_leave_a_leading_emoji_out():
    html = render_html(load_briefing(SEED_YAML), THEME)
    assert ">Official Links</h2>" in html and "✅" not in html[html.index("<main>"):]


@pytest.mark.parametrize("title", ["© 2026 Crown copyright", "¦ 0", "° Celsius scale"])
def test_a_leading_symbol_that_is_text_stays_in_headings_and_on_slides(write_content,
                                                                      tmp_path, title):
    """Any "other symbol" (Unicode So) counted as an icon: "© 2026 …" lost its "©" in the
    PDF's heading and on the slide (found by hypothesis with a links title "¦ 0")."""
    from conftest import minimal
    from pptx import Presentation

    path = write_content(minimal(links={"title": title, "items": [
        {"title": "Report", "url": "https://example.org/"}]}))
    assert f">{title}</h2>" in render_html(load_briefing(path), THEME)
    assert main([str(path), "-o", str(tmp_path / "out"), "-f", "pptx"]) == 0
    titles = [slide.shapes.title.text_frame.text for slide in
              Presentation(str(tmp_path / "out" / "doc.pptx")).slides if slide.shapes.title]
    assert title in titles


def test_a_long_table_repeats_its_header_on_every_page(write_content, tmp_path):
    from conftest import minimal

    rows = [[f"Row {i}", "A description long enough to wrap in its column " * 2, f"{i}"]
            for i in range(1, 61)]
    path = write_content(minimal(sections=[{"title": "Table", "table": {
        "caption": "Long", "columns": ["Name", "Note", "Value"], "rows": rows}}]))
    assert main([str(path), "-o", str(tmp_path), "-f", "pdf"]) == 0
    pdf = tmp_path / "doc.pdf"
    holding = [n for n in range(2, 10) if "Row " in page_text_safe(pdf, n)]
    assert len(holding) >= 2
    for n in holding:
        assert "Note" in page_text(pdf, n)


def page_text_safe(pdf, number):
    try:
        return page_text(pdf, number)
    except subprocess.CalledProcessError:
        return ""
