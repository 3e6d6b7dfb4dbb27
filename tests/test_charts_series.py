"""Charts with several series: the same series, order and colours in the PDF's SVG, the
web page and the deck's native chart; the unit said once; every bad shape located."""

from __future__ import annotations

import re

import pytest
from conftest import dump, minimal
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.cli import main
from briefing.content import load_briefing
from briefing.errors import ContentError
from briefing.theme import load_theme

SERIES = [{"name": "Korea", "values": [3.5, 4.0, 5.25]},
          {"name": "Japan", "values": [2.0, 2.5, 1.0]},
          {"name": "France", "values": [1.0, 1.5, 2.0]}]


def chart_content(kind="bar", **extra) -> dict:
    chart = {"kind": kind, "caption": "Offshore wind", "unit": "GW",
             "categories": ["2024", "2025", "2026"], "series": SERIES,
             "value_title": "Capacity", **extra}
    return minimal(sections=[{"title": "Wind", "chart": chart}])


def build(write_content, tmp_path, data, formats="pdf,pptx,html"):
    path = write_content(data)
    out = tmp_path / "out"
    assert main([str(path), "-o", str(out), "-f", formats, "--jobs", "1"]) == 0
    return out


def deck_chart(path):
    from pptx import Presentation

    for slide in Presentation(str(path)).slides:
        for shape in slide.shapes:
            if shape.has_chart:
                return shape.chart
    raise AssertionError("no chart in the deck")


@pytest.mark.parametrize("kind, stacked", [("bar", False), ("bar", True), ("column", False),
                                           ("column", True), ("line", False)])
def test_series_order_and_colours_agree_in_pdf_web_and_deck(write_content, tmp_path, kind,
                                                            stacked):
    from pptx.enum.chart import XL_CHART_TYPE

    out = build(write_content, tmp_path, chart_content(kind, stacked=stacked))
    palette = [c.upper() for c in load_theme().colors.series]
    chart = deck_chart(out / "doc.pptx")
    plot = chart.plots[0]
    assert [s.name for s in plot.series] == ["Korea", "Japan", "France"]
    assert list(plot.categories) == ["2024", "2025", "2026"]
    if kind == "line":
        colours = [f"#{s.format.line.color.rgb}" for s in plot.series]
    else:
        colours = [f"#{s.format.fill.fore_color.rgb}" for s in plot.series]
    assert colours == palette[:3]
    assert chart.has_legend
    if kind == "bar":  # the first category on top, as in the PDF
        assert chart.category_axis.reverse_order
    expected = {("bar", True): XL_CHART_TYPE.BAR_STACKED,
                ("column", True): XL_CHART_TYPE.COLUMN_STACKED,
                ("bar", False): XL_CHART_TYPE.BAR_CLUSTERED,
                ("column", False): XL_CHART_TYPE.COLUMN_CLUSTERED,
                ("line", False): XL_CHART_TYPE.LINE_MARKERS}[kind, stacked]
    assert chart.chart_type == expected
    assert chart.value_axis.axis_title.text_frame.text == "Capacity (GW)"
    # The PDF's SVG: the legend's swatches in the same colours and order, and the marks of
    # each series in its colour; its first category is drawn first (on top for bars).
    html = (out / "doc.html").read_text(encoding="utf-8")
    web = re.findall(r'class="swatch" style="--c: (#[0-9A-F]{6})"></span>(\w+)', html)
    assert web == list(zip(palette[:3], ["Korea", "Japan", "France"], strict=True))
    from briefing.content import load_briefing as load
    from briefing.html import render_html

    briefing = load(tmp_path / "content" / "doc.yaml")
    page = render_html(briefing, load_theme())
    legend = re.findall(r'<rect class="swatch" fill="(#[0-9A-F]{6})"[^>]*/>\s*<text class='
                        r'"legend"[^>]*>(\w+)</text>', page)
    assert legend == list(zip(palette[:3], ["Korea", "Japan", "France"], strict=True))
    titles = re.findall(r'fill="(#[0-9A-F]{6})"[^>]*><title>(\w+), (\d+)', page)
    assert [t[1:] for t in titles[:3]] == [("Korea", "2024"), ("Japan", "2024"),
                                          ("France", "2024")] if kind != "line" else True
    assert {(c, n) for c, n, _ in titles} == set(zip(palette[:3], ["Korea", "Japan", "France"],
                                                     strict=True))
    # The unit once: in the axis title, not again in the caption.
    assert "(GW)" not in re.search(r"<figcaption>.*?</figcaption>", page, re.S)[0]
    shown = re.sub(r'aria-label="[^"]*"|<title>.*?</title>', "", page)
    assert shown.count("Capacity (GW)") == 1 and shown.count("GW") == 1


def test_single_series_keeps_the_old_form_and_draws_in_the_first_colour(write_content,
                                                                        tmp_path):
    data = minimal(sections=[{"title": "S", "chart": {
        "kind": "bar", "unit": "GW", "caption": "Capacity",
        "data": [{"label": "A", "value": 3}, {"label": "B", "value": 1}]}}])
    out = build(write_content, tmp_path, data, "pptx,html")
    chart = deck_chart(out / "doc.pptx")
    first = load_theme().colors.series[0].upper()
    assert f"#{chart.plots[0].series[0].format.fill.fore_color.rgb}" == first
    assert not chart.has_legend and chart.category_axis.reverse_order
    assert list(chart.plots[0].categories) == ["A", "B"]
    assert f"--c: {first}" in (out / "doc.html").read_text(encoding="utf-8")


def test_a_pie_never_gives_neighbouring_slices_one_colour(write_content, tmp_path):
    palette = [c.upper() for c in load_theme().colors.series]
    assert len(set(palette)) >= 6
    for count in (5, len(palette) + 1, 2 * len(palette) + 1):
        data = minimal(sections=[{"title": "S", "chart": {"kind": "pie", "unit": "%", "data": [
            {"label": f"P{i}", "value": 1 + i} for i in range(count)]}}])
        out = build(write_content, tmp_path, data, "pptx")
        points = deck_chart(out / "doc.pptx").plots[0].series[0].points
        colours = [f"#{points[i].format.fill.fore_color.rgb}" for i in range(count)]
        assert all(colours[i] != colours[(i + 1) % count] for i in range(count)), colours
        assert colours[:len(palette)] == palette[:count]


def test_the_pie_legend_says_the_share_once(write_content):
    data = minimal(sections=[{"title": "S", "chart": {"kind": "pie", "data": [
        {"label": "A", "value": 38}, {"label": "B", "value": 62}]}}])
    from briefing.html import render_html

    page = render_html(load_briefing(write_content(data)), load_theme())
    assert ">38%<" in page and "38 · 38%" not in page
    data["sections"][0]["chart"]["unit"] = "GW"
    data["sections"][0]["chart"]["data"][1]["value"] = 12
    page = render_html(load_briefing(write_content(data)), load_theme())
    assert ">38 GW · 76%<" in page


def located(write_content, data) -> list[str]:
    path = write_content(data)
    with pytest.raises(ContentError) as err:
        load_briefing(path)
    return [line.split(": ", 1)[1] for line in err.value.lines()]


def test_bad_series_are_located(write_content):
    data = chart_content()
    data["sections"][0]["chart"]["series"] = [{"name": "A", "values": [1, 2]}]
    assert located(write_content, data)[0].startswith(
        "sections[0].chart.series[0].values: series has 2 values; expected 3")
    data["sections"][0]["chart"]["series"] = [{"name": " ", "values": [1, 2, 3]}]
    assert located(write_content, data) == ["sections[0].chart.series[0].name: must not be "
                                            "empty"]
    data["sections"][0]["chart"]["series"] = [{"name": "A", "values": [1, ".nan", 3]}]
    assert "expected a number" in located(write_content, data)[0]
    data["sections"][0]["chart"].pop("series")
    assert located(write_content, data)[0].startswith("sections[0].chart.categories: "
                                                      "categories need series")
    data = chart_content("pie")
    assert located(write_content, data)[0].startswith("sections[0].chart.series[1]: a pie "
                                                      "chart shows one series")
    data = chart_content("line", stacked=True)
    assert located(write_content, data) == ["sections[0].chart.stacked: only bar and column "
                                            "charts stack; a line chart cannot"]


def _position(text: str, line: int, column: int) -> str:
    return text.splitlines()[line - 1][column - 1:]


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(categories=st.integers(1, 4),
       lengths=st.lists(st.integers(0, 5), min_size=1, max_size=4),
       kind=st.sampled_from(["bar", "column", "line", "pie"]))
def test_any_series_shape_loads_or_is_located(write_content, categories, lengths, kind):
    chart = {"kind": kind, "categories": [f"C{i}" for i in range(categories)],
             "series": [{"name": f"S{i}", "values": [float(i + j + 1) for j in range(n)]}
                        for i, n in enumerate(lengths)]}
    text = dump(minimal(sections=[{"title": "S", "chart": chart}]))
    path = write_content(text)
    good = all(n == categories for n in lengths) and (kind != "pie" or len(lengths) == 1)
    try:
        loaded = load_briefing(path).sections[0].chart
    except ContentError as err:
        assert not good
        for line in err.lines():
            line_no, column = map(int, line[len(str(path)) + 1:].split(":")[:2])
            assert line_no > 1, line  # a place in the chart, not the top of the file
        return
    assert good
    assert [s.values for s in loaded.all_series] == [
        tuple(float(i + j + 1) for j in range(n)) for i, n in enumerate(lengths)]
