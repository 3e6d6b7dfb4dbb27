"""Every kind of slide with the awkward inputs: each chart kind, WebP and SVG pictures,
links in table cells, six stats, sections with nothing to list, a very long title."""

from __future__ import annotations

import re

import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.shapes import MSO_SHAPE_TYPE
from test_deck_fit import THEME, frames

from briefing.content import load_briefing
from briefing.deck import write_deck
from briefing.errors import RenderError

LONG_TITLE = ("A very long section title that goes on about basins, budgets, droughts, "
              "treaties and everything else the regional water authority ever published")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("kinds")
    (folder / "images").mkdir()
    Image.new("RGB", (40, 20), "#14365D").save(folder / "images" / "wide.webp")
    (folder / "images" / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>')
    from conftest import dump

    source = folder / "kinds.yaml"
    source.write_text(dump({"title": "Kinds", "sections": [
        {"title": "Only a table", "table": {
            "columns": ["Site", "Note"],
            "rows": [["[portal](https://example.org/p)", "see **there**"]]}},
        {"title": "Pie", "chart": {"kind": "pie", "caption": "Shares", "data": [
            {"label": "One", "value": 3}, {"label": "Two", "value": 1}]}},
        {"title": "Bar", "chart": {"kind": "bar", "data": [
            {"label": "North", "value": 3.5}, {"label": "South", "value": -2}]}},
        {"title": "Line", "chart": {"kind": "line", "unit": "%", "data": [
            {"label": str(y), "value": y % 7} for y in range(2000, 2012)]}},
        {"title": "Webp", "image": {"path": "images/wide.webp", "alt": "A navy band"}},
        {"title": "Svg", "image": {"path": "images/logo.svg", "alt": "The unit's logo",
                                   "caption": "Logo"}},
        {"title": "Figures", "stats": [{"value": f"{n}0%", "label": f"label {n}"}
                                       for n in range(6)]},
        {"title": LONG_TITLE, "body": "Short."},
    ]}), encoding="utf-8")
    target = folder / "kinds.pptx"
    warnings = list(write_deck(load_briefing(source), THEME, target).warnings)
    return Presentation(str(target)), warnings, target


def slides_of(prs, kind, title=None):
    return [s for s in prs.slides if s.name == kind and
            (title is None or s.shapes.title.text_frame.text.startswith(title))]


def test_everything_fits(built):
    for where, text, _, room, needed in frames(built[2]):
        assert needed <= room + 0.01, f"{where}: {text[:40]!r}"


def test_each_chart_kind_is_native(built):
    prs = built[0]
    kinds = [sh.chart.chart_type for s in slides_of(prs, "chart") for sh in s.shapes
             if sh.has_chart]
    assert kinds == [XL_CHART_TYPE.PIE, XL_CHART_TYPE.BAR_CLUSTERED, XL_CHART_TYPE.LINE_MARKERS]
    bar = next(sh.chart for sh in slides_of(prs, "chart", "Bar")[0].shapes if sh.has_chart)
    # No caption, no unit: no made-up "Value" title, only the figure's number.
    assert re.fullmatch(r"Figure \d+", bar.chart_title.text_frame.text)
    notes = slides_of(prs, "chart", "Line")[0].notes_slide.notes_text_frame.text
    assert re.match(r"Figure \d+\. Line chart \(%\)\. 2000: 5; 2001: 6;", notes)


def test_webp_is_embedded_and_svg_falls_back_to_its_alt_text(built):
    prs, warnings, _ = built
    webp = slides_of(prs, "image", "Webp")[0]
    pictures = [sh for sh in webp.shapes if sh.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert len(pictures) == 1 and pictures[0].image.content_type == "image/png"
    svg = slides_of(prs, "image", "Svg")[0]
    assert "The unit's logo" in [sh.text_frame.text for sh in svg.shapes if sh.has_text_frame]
    assert any("logo.svg: SVG cannot be placed" in w for w in warnings)


def test_links_and_bold_in_table_cells(built):
    table = next(sh.table for sh in slides_of(built[0], "table")[0].shapes if sh.has_table)
    link = table.cell(1, 0).text_frame.paragraphs[0].runs[0]
    assert link.text == "portal" and link.hyperlink.address == "https://example.org/p"
    assert [r.font.bold for r in table.cell(1, 1).text_frame.paragraphs[0].runs] == [False, True]


def test_six_stats_take_two_slides(built):
    stats = slides_of(built[0], "stats")
    assert [s.shapes.title.text_frame.text for s in stats] == ["Figures", "Figures (cont.)"]
    values = [sh.text_frame.text for s in stats for sh in s.shapes
              if sh.has_text_frame and sh.text_frame.text.endswith("0%")]
    assert values == [f"{n}0%" for n in range(6)]


def test_a_section_with_nothing_to_list_is_a_divider_with_notes(built):
    prs = built[0]
    divider = slides_of(prs, "section", "Bar")[0]
    assert [p.placeholder_format.idx for p in divider.placeholders if
            p.placeholder_format.idx == 1] == []
    derived = slides_of(prs, "section", "Figures")[0].placeholders[1].text_frame.text
    assert derived.startswith("00% label 0")  # stats stand in for missing highlights


def test_a_long_title_wraps_at_no_less_than_the_minimum(built):
    slide = slides_of(built[0], "section", "A very long")[0]
    runs = slide.shapes.title.text_frame.paragraphs[0].runs
    assert runs[0].text == LONG_TITLE
    assert THEME.deck.min_title_size <= runs[0].font.size.pt < THEME.deck.title_size


def test_a_title_no_slide_can_hold_is_an_error(write_content, tmp_path):
    path = write_content({"title": "T", "sections": [
        {"title": "word " * 400, "body": "Body."}]})
    with pytest.raises(RenderError, match=r"the title of sections\[0\] is too long"):
        write_deck(load_briefing(path), THEME, tmp_path / "t.pptx")
    assert not (tmp_path / "t.pptx").exists()
