"""Native charts and tables of a deck on LibreOffice's shipped Impress templates and on the
house design: every chart text (title, axis titles, tick labels, legend, data labels)
reads on what is behind it (4.5:1) — the backdrop behind the chart frame, or the fill of
the bar or slice a label sits inside; a line chart's values sit above their points; a
table row is no taller than its text needs (plus half a line), measured as the deck
measures it, in the template's font."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest
from conftest import ROOT, SEED_YAML, needs
from lxml import etree
from pptx import Presentation
from pptx.util import Emu
from test_deck_templates import SHIPPED, _soffice

from briefing.cli import main
from briefing.content.markdown import Run
from briefing.deck.backdrop import Backdrops
from briefing.deck.colors import MIN_CONTRAST, contrast, modify
from briefing.deck.fit import EMU_PER_PT, LINE_HEIGHT, Block, Measure, height
from briefing.deck.fonts import deck_fonts
from briefing.deck.oxml import theme as oxml_theme
from briefing.theme import load_theme

SOURCED = ROOT / "tests" / "fixtures" / "sourced" / "sourced-wind.yaml"
TEMPLATES = ("Lights", "Beehive")
C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
INSIDE = ("ctr", "inEnd", "inBase")  # label positions inside a bar or slice


@pytest.fixture(scope="module")
def decks(tmp_path_factory) -> dict[str, Path]:
    """The sourced briefing (four charts: column, line, bar, pie; a two-page table) as a
    deck: in the house design and on each template."""
    work = tmp_path_factory.mktemp("charts-contrast")
    needs("soffice")
    sources = [SHIPPED / f"{name}.otp" for name in TEMPLATES]
    if not all(p.is_file() for p in sources):
        pytest.fail(f"LibreOffice's Impress templates are missing from {SHIPPED}")
    _soffice(work, "--convert-to", "pptx", "--outdir", str(work), *map(str, sources))
    found = {}
    for name in ("house", *TEMPLATES):
        out = work / f"deck-{name}"
        extra = [] if name == "house" else ["--reference-deck", str(work / f"{name}.pptx")]
        for content in (SOURCED, SEED_YAML):
            with contextlib.redirect_stderr(io.StringIO()):
                assert main([str(content), "-f", "pptx", "-o", str(out), *extra]) == 0
        found[name] = out / "sourced-wind.pptx"
        found[f"{name} seed"] = out / "kpop-soft-power.pptx"
    return found


def _color(node, scheme: dict[str, str]) -> str | None:
    """The colour of the a:solidFill directly under ``node`` (an rPr, defRPr or spPr)."""
    fill = node.find(f"{A}solidFill") if node is not None else None
    if fill is None or not len(fill):
        return None
    value = fill[0]
    tag = etree.QName(value).localname
    base = "#" + value.get("val") if tag == "srgbClr" else scheme[value.get("val")]
    mods = {etree.QName(m).localname: int(m.get("val")) / 100000 for m in value}
    return modify(base, mods.get("lumMod", 1.0), mods.get("lumOff", 0.0))


def _text_color(owner, scheme, default: str | None) -> str | None:
    """The colour of an element's text: its txPr's, else that of its rich text's runs
    (all of them the same is asked of the writer), else ``default`` (what it inherits)."""
    if owner is None:
        return default
    for rpr in owner.iter(f"{A}defRPr", f"{A}rPr"):
        found = _color(rpr, scheme)
        if found:
            return found
    return default


def chart_texts(deck: Path) -> list[tuple]:
    """Every text of every chart of ``deck``: (slide, what, colour, behind)."""
    prs = Presentation(str(deck))
    backdrops = Backdrops(prs)
    found = []
    for number, slide in enumerate(prs.slides, start=1):
        scheme = oxml_theme.master_colors(slide.slide_layout.slide_master)
        for shape in slide.shapes:
            if not shape.has_chart:
                continue
            behind = backdrops.behind(slide, (shape.left, shape.top, shape.width,
                                              shape.height))
            space = shape.chart._chartSpace
            chart = space.find(f"{C}chart")
            default = _text_color(space.find(f"{C}txPr"), scheme, "#000000")
            texts = [("title", chart.find(f"{C}title"), behind)]
            for axis in [*chart.iter(f"{C}valAx"), *chart.iter(f"{C}catAx")]:
                kind = etree.QName(axis).localname
                if axis.find(f"{C}title") is not None:
                    texts.append((f"{kind} title", axis.find(f"{C}title"), behind))
                deleted = axis.find(f"{C}delete")
                if deleted is None or deleted.get("val") in ("0", "false"):
                    texts.append((f"{kind} tick labels", axis.find(f"{C}txPr"), behind))
            if chart.find(f"{C}legend") is not None:
                texts.append(("legend", chart.find(f"{C}legend").find(f"{C}txPr"), behind))
            for plot in chart.find(f"{C}plotArea"):
                shared = plot.find(f"{C}dLbls")
                for series in plot.iter(f"{C}ser"):
                    labels = series.find(f"{C}dLbls")
                    labels = labels if labels is not None else shared
                    if labels is None or not _shown(labels):
                        continue
                    position = labels.find(f"{C}dLblPos")
                    position = position.get("val") if position is not None else None
                    fills = [_color(p.find(f"{C}spPr"), scheme)
                             for p in series.iter(f"{C}dPt")] or [
                        _color(series.find(f"{C}spPr"), scheme)]
                    under = behind if position not in INSIDE else [f for f in fills if f]
                    texts.append((f"data labels ({position})", labels.find(f"{C}txPr"), under))
            found += [(number, what, _text_color(owner, scheme, default), under)
                      for what, owner, under in texts]
    return found


def _shown(labels) -> bool:
    value = labels.find(f"{C}showVal")
    return value is not None and value.get("val") in ("1", "true")


def test_every_chart_text_reads_on_what_is_behind_it(decks):
    """Lights: a dark gradient under translucent white bubbles; the house design: white.
    The sourced briefing's four charts (column, line, bar, pie: labels beside their marks)
    and the seed's stacked column chart (labels inside the segments)."""
    poor = []
    for name in ("house", "Lights"):
        texts = chart_texts(decks[name])
        assert len({t[0] for t in texts}) == 4, texts  # four charts
        assert {t[1].split(" (")[0] for t in texts} >= {
            "title", "valAx title", "valAx tick labels", "catAx tick labels", "legend",
            "data labels"}
        inside = [t for t in chart_texts(decks[f"{name} seed"]) if "(ctr)" in t[1]]
        assert len(inside) == 4, inside  # one a series
        texts += inside
        poor += [(name, slide, what, colour, behind,
                  round(min(contrast(colour, b) for b in behind), 2))
                 for slide, what, colour, behind in texts
                 if min(contrast(colour, b) for b in behind) < MIN_CONTRAST]
    assert not poor


@pytest.mark.parametrize("name", ["house", "Lights"])
def test_line_chart_values_sit_above_their_points(decks, name):
    prs = Presentation(str(decks[name]))
    lines = [shape.chart._chartSpace.find(f"{C}chart").find(f"{C}plotArea").find(
        f"{C}lineChart") for slide in prs.slides for shape in slide.shapes
        if shape.has_chart]
    lines = [plot for plot in lines if plot is not None]
    assert lines
    for plot in lines:
        for labels in plot.iter(f"{C}dLbls"):
            if _shown(labels):
                position = labels.find(f"{C}dLblPos")
                assert position is not None and position.get("val") == "t"


def test_table_rows_are_as_tall_as_their_text(decks):
    """Beehive (Arial, measured with Liberation Sans): each row of the sourced table is at
    most half a line taller than its tallest cell's text at the cell's width."""
    prs = Presentation(str(decks["Beehive"]))
    fonts = deck_fonts(load_theme(), oxml_theme.theme_fonts(prs.slide_master))
    assert not fonts.unmeasured
    measure = Measure(fonts.body_files)
    rows = 0
    for number, slide in enumerate(prs.slides, start=1):
        for shape in slide.shapes:
            if not shape.has_table:
                continue
            table = shape.table
            for row in table.rows:
                need, size = 0.0, 0.0
                for cell, column in zip(row.cells, table.columns, strict=True):
                    runs = [r for p in cell.text_frame.paragraphs for r in p.runs]
                    if not runs:
                        continue
                    size = runs[0].font.size.pt
                    block = Block(tuple(Run(r.text, bool(r.font.bold)) for r in runs))
                    width = Emu(column.width - cell.margin_left - cell.margin_right).pt
                    text = height([block], measure, size, width)
                    need = max(need, text + Emu(cell.margin_top + cell.margin_bottom).pt)
                drawn = row.height / EMU_PER_PT
                assert drawn <= need + 0.5 * size * LINE_HEIGHT, (
                    number, [c.text for c in row.cells], drawn, need)
                rows += 1
    assert rows >= 10


def test_a_text_panel_lies_under_its_own_text_only(decks):
    """A panel laid under a frame whose text reads on nothing behind it (Lights: the
    quotation mark over a bubble) does not reach under another frame's text: the quote
    beside the mark is white, and its first letters vanished on the white panel."""
    found = []
    for name in ("Lights", "Lights seed", "Beehive", "Beehive seed"):
        prs = Presentation(str(decks[name]))
        for number, slide in enumerate(prs.slides, start=1):
            shapes = list(slide.shapes)
            for index, panel in enumerate(shapes):
                if panel.name != "Text panel":
                    continue
                own = shapes[index + 1]  # the panel is put right under its frame
                found += [(name, number, own.name, other.name, other.text_frame.text[:30])
                          for other in shapes if other not in (panel, own)
                          and other.has_text_frame and other.text_frame.text.strip()
                          and _overlap(panel, other)]
    assert not found


def _overlap(a, b) -> bool:
    return (min(a.left + a.width, b.left + b.width) > max(a.left, b.left)
            and min(a.top + a.height, b.top + b.height) > max(a.top, b.top))
