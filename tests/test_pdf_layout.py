"""Layout rules that hold for any content: charts of every kind drawn to scale, headings
never stranded at a page foot, the cover free of page furniture."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from conftest import minimal
from pypdf import PdfReader
from test_pdf import page_text

from briefing.cli import main
from briefing.content import load_briefing
from briefing.html import render_html
from briefing.theme import load_theme

THEME = load_theme()
SVG = ""  # inline SVG in HTML carries no xmlns


def chart_svg(write_content, kind, data, unit="USD bn") -> ET.Element:
    path = write_content(minimal(sections=[{"title": "Chart", "chart": {
        "kind": kind, "caption": "Exports", "unit": unit,
        "data": [{"label": label, "value": value} for label, value in data]}}]))
    html = render_html(load_briefing(path), THEME)
    return ET.fromstring(re.search(r"<svg.*?</svg>", html, re.S)[0])


def texts(svg, cls) -> list[str]:
    return [t.text for t in svg.iter(f"{SVG}text") if t.get("class") == cls]


@pytest.mark.parametrize("kind", ["bar", "column", "line", "pie"])
def test_every_kind_labels_each_point_with_its_value(write_content, kind):
    data = [("2021", 10.5), ("2022", 21), ("2023", 1250)]
    svg = chart_svg(write_content, kind, data)
    assert svg.find(f"{SVG}title").text == "Exports (USD bn): 2021 10.5; 2022 21; 2023 1,250"
    assert texts(svg, "label") == ["2021", "2022", "2023"]
    values = " ".join(texts(svg, "value"))
    for shown in ("10.5", "21", "1,250"):
        assert shown in values
    if kind != "pie":
        assert texts(svg, "unit") == ["USD bn"]
    # Every colour is an attribute: WeasyPrint ignores page CSS on inline SVG.
    for shape in [*svg.iter(f"{SVG}rect"), *svg.iter(f"{SVG}path"), *svg.iter(f"{SVG}circle")]:
        assert shape.get("fill"), ET.tostring(shape)


def test_bars_and_columns_are_to_scale_from_zero(write_content):
    bars = [r for r in chart_svg(write_content, "bar", [("a", 5), ("b", 10), ("c", -5)])
            .iter(f"{SVG}rect") if r.get("class") == "bar"]
    widths = [float(r.get("width")) for r in bars]
    assert widths[1] == pytest.approx(2 * widths[0]) and widths[2] == pytest.approx(widths[0])
    zero = float(bars[0].get("x"))
    assert float(bars[2].get("x")) + widths[2] == pytest.approx(zero)  # negative: left of 0
    columns = [r for r in chart_svg(write_content, "column", [("a", 3), ("b", 6)])
               .iter(f"{SVG}rect") if r.get("class") == "bar"]
    heights = [float(r.get("height")) for r in columns]
    assert heights[1] == pytest.approx(2 * heights[0])


def test_pie_slices_share_the_circle(write_content):
    svg = chart_svg(write_content, "pie", [("a", 1), ("b", 1), ("c", 2)], unit=None)
    assert len([p for p in svg.iter(f"{SVG}path") if p.get("class") == "slice"]) == 3
    assert " ".join(texts(svg, "value")).count("%") == 3
    assert "50%" in " ".join(texts(svg, "value"))
    whole = chart_svg(write_content, "pie", [("all", 3), ("none", 0)], unit=None)
    assert len([c for c in whole.iter(f"{SVG}circle") if c.get("class") == "slice"]) == 1


@pytest.fixture(scope="module")
def many_sections(tmp_path_factory):
    """Thirty sections of 20 to 160 words: page breaks fall in many places (without
    break-after: avoid on headings, sections 12 and 27 would end pages 5 and 9)."""
    import yaml

    folder = tmp_path_factory.mktemp("many")
    words = ["water", "allocation", "basin", "governance", "shapes", "resilience"]
    sections = []
    for i in range(1, 31):
        count = 20 + (i * 37) % 140
        section = {"title": f"Heading number {i}",
                   "body": " ".join(words[k % len(words)] for k in range(count)) + "."}
        if i % 4 == 0:
            section["highlights"] = ["A point", "Another point"]
        sections.append(section)
    path = folder / "many.yaml"
    path.write_text(yaml.safe_dump(minimal(sections=sections)), encoding="utf-8")
    assert main([str(path), "-o", str(folder), "-f", "pdf", "--strict"]) == 0
    return folder / "many.pdf"


def test_no_heading_is_stranded_at_a_page_foot(many_sections):
    pages = len(PdfReader(many_sections).pages)
    for number in range(3, pages + 1):
        lines = [line.strip() for line in page_text(many_sections, number).splitlines()
                 if line.strip()]
        body = [line for line in lines if not line.startswith("Page ")
                and not line.startswith("Water Security Outlook")]
        last = body[-1]
        assert not re.fullmatch(r"\d+ Heading number \d+", last), (number, last)


def test_contents_span_pages_and_still_match(many_sections):
    reader = PdfReader(many_sections)
    starts = {item.title: reader.get_destination_page_number(item) + 1 for item in reader.outline}
    listed = {}
    for number in (2, 3):
        for match in re.finditer(r"^\s*(\d+)\s+(Heading number \d+)\s.*?(\d+)\s*$",
                                 page_text(many_sections, number, layout=True), re.M):
            listed[f"{match[1]}. {match[2]}"] = int(match[3])
    assert len(listed) == 30
    assert all(starts[title] == page for title, page in listed.items())
