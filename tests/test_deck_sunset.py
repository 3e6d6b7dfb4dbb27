"""Briefings on LibreOffice's shipped "Sunset" Impress template (converted to .pptx here,
as test_deck_templates does). Its title placeholder is 283 × 71 pt, centred on a slide
794 pt wide, with thin rules either side of it (four bars in one group, 68–78 pt down);
its body placeholder is 652 pt wide. Tables took the title's columns and broke their
header into letters (an internal DoesNotFit error); section titles of 34–45 characters
were refused. Now every briefing builds; the titles widen, about their centre, just as
far as they need and never across the rules."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest
from conftest import ROOT, minimal, needs, outside_words, overlapping_words
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.oxml.ns import qn
from test_deck_render import words
from test_deck_templates import SHIPPED, _soffice

from briefing.cli import main

BRIEFINGS = {
    "kpop": ROOT / "content" / "kpop-soft-power.yaml",
    "sourced": ROOT / "tests" / "fixtures" / "sourced" / "sourced-wind.yaml",
    "outlook": ROOT / "tests" / "fixtures" / "outlook" / "offshore-wind.yaml",
    "rich": ROOT / "tests" / "fixtures" / "rich" / "rich.yaml",
}
EMU = 12700
INSET_X = 7.2


@pytest.fixture(scope="module")
def sunset(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("sunset")
    source = SHIPPED / "Sunset.otp"
    needs("soffice")
    if not source.is_file():
        pytest.fail(f"LibreOffice's Impress template Sunset is missing from {SHIPPED}")
    _soffice(work, "--convert-to", "pptx", "--outdir", str(work), str(source))
    return work / "Sunset.pptx"


def _build(content: Path, template: Path, out: Path, *more: str) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main([str(content), "-f", "pptx", "-o", str(out), "--reference-deck",
                     str(template), *more])
    return code, err.getvalue()


@pytest.fixture(scope="module")
def built(sunset, tmp_path_factory) -> dict[str, tuple[int, Path, str]]:
    found = {}
    for name, content in BRIEFINGS.items():
        out = tmp_path_factory.mktemp(f"sunset-{name}")
        code, err = _build(content, sunset, out)
        found[name] = (code, out / f"{content.stem}.pptx", err)
    return found


@pytest.fixture(scope="module")
def rendered(built, tmp_path_factory) -> dict[str, Path]:
    work = tmp_path_factory.mktemp("sunset-render")
    for name, (code, deck, err) in built.items():
        assert code == 0, err
        (work / f"{name}.pptx").write_bytes(deck.read_bytes())
    _soffice(work, "--convert-to", "pdf", "--outdir", str(work),
             *(str(work / f"{name}.pptx") for name in built))
    return {name: work / f"{name}.pdf" for name in built}


def _rules(prs) -> list[tuple[float, float, float, float]]:
    """Sunset's thin bars beside the title (the master's groups), in points: (left, top,
    right, bottom). Their group's child space is the slide's (chOff = off, chExt = ext)."""
    found = []
    for shape in prs.slide_masters[0].shapes:
        if shape.shape_type == MSO_SHAPE_TYPE.GROUP:
            for bar in shape.shapes:
                found.append((bar.left / EMU, bar.top / EMU, (bar.left + bar.width) / EMU,
                              (bar.top + bar.height) / EMU))
    return found


@pytest.mark.parametrize("name", BRIEFINGS)
def test_every_briefing_builds_on_sunset(built, name):
    code, deck, err = built[name]
    assert code == 0, err
    assert "internal error" not in err and "shrunk" not in err, err
    assert deck.is_file()


@pytest.mark.parametrize("name", BRIEFINGS)
def test_libreoffice_renders_every_word_on_its_slide(rendered, name):
    found = words(rendered[name])
    assert len(found) > 150
    assert outside_words(found) == []


@pytest.mark.parametrize("name", BRIEFINGS)
def test_libreoffice_renders_every_word_clear_of_the_others(rendered, name):
    found = words(rendered[name])
    assert overlapping_words(found) == []


def test_korean_runs_name_a_font_that_draws_hangul(built):
    """LibreOffice writes DejaVu Sans as the converted template's East Asian font: it has
    no Hangul, and rich.yaml's "한강 유역 협력 ✅" came out as boxes with the emoji drawn
    over them. The deck names theme.yaml's deck_east_asian instead."""
    code, deck, err = built["rich"]
    assert code == 0, err
    fonts = set()
    for slide in Presentation(str(deck)).slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                for paragraph in shape.text_frame.paragraphs:
                    for run in paragraph.runs:
                        if any("\uac00" <= ch <= "\ud7a3" for ch in run.text):
                            ea = run.font._rPr.find(qn("a:ea"))
                            fonts.add(None if ea is None else ea.get("typeface"))
    assert fonts == {"NanumGothic"}


@pytest.mark.parametrize("name", BRIEFINGS)
def test_every_title_is_at_least_24_pt_in_two_lines_clear_of_the_rules(built, rendered,
                                                                       name):
    """Titles stay at 24 pt or more, on at most two lines as LibreOffice sets them, inside
    the slide (6 pt from its edges), centred where the placeholder is, and their text
    (inside the frame's insets) never reaches over the rules beside the title."""
    code, deck, err = built[name]
    assert code == 0, err
    prs = Presentation(str(deck))
    width, height = prs.slide_width / EMU, prs.slide_height / EMU
    rules = _rules(prs)
    assert len(rules) == 4
    found = words(rendered[name])
    widened = 0
    for number, slide in enumerate(prs.slides, start=1):
        title = slide.shapes.title
        sizes = [r.font.size.pt for p in title.text_frame.paragraphs for r in p.runs]
        assert sizes and min(sizes) >= 24, (number, title.text, sizes)
        left, top = title.left / EMU, title.top / EMU
        right, bottom = left + title.width / EMU, top + title.height / EMU
        assert left >= 6 - 0.01 and right <= width - 6 + 0.01, (number, title.text)
        assert top >= 0 and bottom <= height, (number, title.text)
        if right - left > 283.5 + 0.01:
            widened += 1
            assert (left + right) / 2 == pytest.approx(width / 2, abs=0.5), title.text
        for x0, y0, x1, y1 in rules:
            if y0 < bottom and y1 > top:
                assert x1 <= left + INSET_X + 0.01 or x0 >= right - INSET_X - 0.01, \
                    (number, title.text, (x0, x1), (left, right))
        rows = sorted({round(y0) for page, _, _, _, (x0, y0, x1, y1) in found
                       if page == number and left <= (x0 + x1) / 2 <= right
                       and top <= (y0 + y1) / 2 <= bottom})
        lines = [y for i, y in enumerate(rows) if i == 0 or y - rows[i - 1] > 6]
        assert 1 <= len(lines) <= 2, (number, title.text, rows)
    assert widened >= 1  # each briefing has a title longer than the placeholder holds


def test_the_table_takes_the_bodys_width_and_continues_onto_further_slides(built):
    """sourced-wind's table (5 columns, 12 rows) broke its header into letters in the
    title's 283 pt; it now spans the body's 652 pt and continues, all 12 rows drawn."""
    code, deck, err = built["sourced"]
    assert code == 0, err
    tables = [shape.table for slide in Presentation(str(deck)).slides
              for shape in slide.shapes if shape.has_table]
    assert len(tables) >= 2
    assert sum(len(t.rows) - 1 for t in tables) == 12
    for table in tables:
        assert sum(c.width for c in table.columns) / EMU > 600
        assert [c.text for c in table.rows[0].cells][0] == "Port"


def test_a_table_too_wide_for_any_slide_is_one_located_line(sunset, write_content,
                                                           tmp_path):
    """A header that leaves no room for a row even at the smallest size and the whole
    width: one located line, exit 1, never an internal error."""
    columns = [f"Measurement{i}extraordinarily" for i in range(14)]
    path = write_content(minimal(sections=[{
        "title": "Overview",
        "table": {"columns": columns, "rows": [[str(i) for i in range(14)]]}}]))
    code, err = _build(path, sunset, tmp_path / "out")
    assert code == 1
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith(f"{path}:")
    assert ": sections[0].table: " in lines[0]
    assert "internal error" not in err and "use fewer columns" in lines[0]
