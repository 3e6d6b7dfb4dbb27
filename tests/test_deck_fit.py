"""No text runs out of its box: every text frame and table cell of the built decks,
re-read from the .pptx and measured with the deck's own metrics (textfit).

The decks are the seed and the rich fixture (a 14-row table with long cells, a
450-word section, a chart, stats, Hangul and emoji), built once per module.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT, SEED_YAML
from pptx import Presentation
from pptx.oxml.ns import qn
from pptx.util import Emu

from briefing.content import load_briefing
from briefing.content.markdown import Run
from briefing.deck import write_deck
from briefing.deck.fit import Block, Fonts, Measure, wrap
from briefing.theme import load_theme

RICH_YAML = ROOT / "tests" / "fixtures" / "rich" / "rich.yaml"
THEME = load_theme()
MEASURE = Measure(Fonts(*(THEME.font_file(s) for s in (
    "regular", "bold", "italic", "bold_italic", "hangul", "hangul_bold"))))
PT = 12700


@pytest.fixture(scope="module")
def decks(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("decks")
    built = {}
    for name, source in (("seed", SEED_YAML), ("rich", RICH_YAML)):
        built[name] = out / f"{name}.pptx"
        assert write_deck(load_briefing(source), THEME, built[name]).warnings == ()
    return built


def paragraphs(txBody) -> list[tuple[Block, float, float, float]]:
    """(block, size, exact line spacing, space after) of each paragraph, in points;
    fails if a run's size or the line spacing is not explicit (inherited values
    could be anything in the presenter's template)."""
    found = []
    for p in txBody.findall(qn("a:p")):
        pieces, sizes = [], set()
        for child in p:
            if child.tag == qn("a:br"):
                pieces.append(Run("\n"))
            elif child.tag in (qn("a:r"), qn("a:fld")):
                rPr = child.find(qn("a:rPr"))
                assert rPr is not None and rPr.get("sz"), "a run without an explicit size"
                sizes.add(int(rPr.get("sz")) / 100)
                pieces.append(Run(child.findtext(qn("a:t")), rPr.get("b") == "1",
                                  rPr.get("i") == "1"))
        if not pieces:
            continue
        assert len(sizes) == 1, "one size per paragraph"
        size = sizes.pop()
        pPr = p.find(qn("a:pPr"))
        line = pPr.find(f"{qn('a:lnSpc')}/{qn('a:spcPts')}")
        assert line is not None, "line spacing must be exact points"
        after = pPr.find(f"{qn('a:spcAft')}/{qn('a:spcPts')}")
        indent = int(pPr.get("marL", "0")) / PT / size
        found.append((Block(tuple(pieces), indent=indent), size,
                      int(line.get("val")) / 100, int(after.get("val")) / 100 if after is not None
                      else 0.0))
    return found


def text_height(txBody, width: float) -> float:
    """Height in points of the text of ``txBody`` wrapped to ``width`` points."""
    total = 0.0
    paras = paragraphs(txBody)
    for index, (block, size, line, after) in enumerate(paras):
        total += len(wrap(block, MEASURE, size, width)) * line
        if index < len(paras) - 1:
            total += after
    return total


def frames(path: Path):
    """(where, text, inner width, inner height, needed height) for every text frame
    and table cell of the deck."""
    prs = Presentation(str(path))
    for number, slide in enumerate(prs.slides, start=1):
        for shape in slide.shapes:
            where = f"slide {number} ({slide.name}), {shape.name}"
            if shape.has_text_frame and shape.text_frame.text.strip():
                body = shape.text_frame._txBody.bodyPr
                insets = [int(body.get(side)) / PT for side in ("lIns", "rIns", "tIns", "bIns")]
                width = shape.width / PT - insets[0] - insets[1]
                room = shape.height / PT - insets[2] - insets[3]
                yield where, shape.text_frame.text, width, room, text_height(
                    shape.text_frame._txBody, width)
            if shape.has_table:
                table = shape.table
                for r, row in enumerate(table.rows):
                    for c, cell in enumerate(row.cells):
                        width = (table.columns[c].width - cell.margin_left - cell.margin_right)
                        room = row.height - cell.margin_top - cell.margin_bottom
                        yield (f"{where} cell {r},{c}", cell.text, width / PT, room / PT,
                               text_height(cell.text_frame._txBody, width / PT))


@pytest.mark.parametrize("name", ["seed", "rich"])
def test_every_text_frame_and_cell_fits_its_box(decks, name):
    checked = 0
    for where, text, _, room, needed in frames(decks[name]):
        assert needed <= room + 0.01, f"{where}: {text[:60]!r} needs {needed:.1f} pt of {room:.1f}"
        checked += 1
    assert checked > 40


@pytest.mark.parametrize("name", ["seed", "rich"])
def test_every_shape_lies_on_its_slide(decks, name):
    prs = Presentation(str(decks[name]))
    for number, slide in enumerate(prs.slides, start=1):
        for shape in slide.shapes:
            assert shape.left >= 0 and shape.top >= 0, f"slide {number}: {shape.name}"
            assert shape.left + shape.width <= prs.slide_width, f"slide {number}: {shape.name}"
            bottom = shape.top + (sum(r.height for r in shape.table.rows) if shape.has_table
                                  else shape.height)
            assert bottom <= prs.slide_height, f"slide {number}: {shape.name}"


def test_body_text_is_never_below_the_minimum(decks):
    smallest = THEME.deck.min_body_size
    for name in ("seed", "rich"):
        prs = Presentation(str(decks[name]))
        for slide in prs.slides:
            for shape in slide.shapes:
                if shape.is_placeholder and shape.placeholder_format.idx == 1 \
                        or shape.has_table:
                    bodies = ([c.text_frame for row in shape.table.rows for c in row.cells]
                              if shape.has_table else [shape.text_frame])
                    for frame in bodies:
                        for _, size, _, _ in paragraphs(frame._txBody):
                            assert size >= smallest, f"{name}: {slide.name} {shape.name}"


def test_the_long_section_and_the_long_table_continue(decks):
    prs = Presentation(str(decks["rich"]))
    titles = [s.shapes.title.text_frame.text for s in prs.slides]
    assert "A long read on basin cooperation (cont.)" in titles
    tables = [s for s in prs.slides if s.name == "table"]
    assert len(tables) >= 3
    assert titles.count("Regional storage and reforms (cont.)") == len(tables) - 1
    rows = []
    for slide in tables:
        table = next(sh for sh in slide.shapes if sh.has_table).table
        header = [c.text for c in table.rows[0].cells]
        assert header == ["Region", "Reforms under way", "Status"]  # repeated on each
        rows += [row.cells[0].text for row in list(table.rows)[1:]]
    source = load_briefing(RICH_YAML).sections[1].table.rows
    assert rows == [row[0].plain for row in source]  # every row once, in order
    counts = [len(next(sh for sh in s.shapes if sh.has_table).table.rows) for s in tables]
    assert max(counts) - min(counts) <= 1  # balanced, no lone row on the last slide


def test_hangul_runs_name_the_east_asian_font(decks):
    prs = Presentation(str(decks["rich"]))
    seen = 0
    for slide in prs.slides:
        for shape in slide.shapes:
            if not shape.has_text_frame:
                continue
            for run in shape.text_frame._txBody.iter(qn("a:r")):
                text = run.findtext(qn("a:t"))
                ea = run.find(f"{qn('a:rPr')}/{qn('a:ea')}")
                if any("\uac00" <= ch <= "\ud7a3" for ch in text):
                    assert ea is not None and ea.get("typeface") == THEME.fonts.deck_east_asian
                    seen += 1
                assert run.find(f"{qn('a:rPr')}/{qn('a:latin')}").get("typeface") == "Calibri"
    assert seen >= 3


def test_many_points_split_onto_continuation_slides(write_content, tmp_path):
    points = [f"Point {n}: the reservoir authority publishes weekly storage figures for "
              f"every basin, with the trend since the last review" for n in range(1, 19)]
    path = write_content({"title": "Long", "lang": "ko",
                          "sections": [{"title": "Many points", "highlights": points}]})
    target = tmp_path / "long.pptx"
    write_deck(load_briefing(path), THEME, target)
    prs = Presentation(str(target))
    titles = [s.shapes.title.text_frame.text for s in prs.slides]
    assert "Many points (계속)" in titles  # the label comes from the theme, per language
    shown = "\n".join(s.placeholders[1].text_frame.text for s in prs.slides
                      if s.name == "section")
    assert all(p in shown for p in points)
    for where, _, _, room, needed in frames(target):
        assert needed <= room + 0.01, where
    assert Emu(prs.slide_width).inches == pytest.approx(13.333, abs=0.01)
