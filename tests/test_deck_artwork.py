"""Decks on LibreOffice templates with artwork on their masters: Candy (stripes drawn as a
group of shapes down the left edge of one master), Yellow Idea (a light bulb drawn in
outline left of the body) and Piano (a picture of notes above the footer band). The
seed and the sourced fixture build on each; no text, chart, table or picture of ours
lies on the artwork (beyond a sliver), every run reads on what is behind it (4.5:1),
and LibreOffice draws every word on its slide, clear of the others."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest
from conftest import ROOT, SEED_YAML, outside_words, overlapping_words, run_contrasts
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from test_deck_render import words
from test_deck_templates import SHIPPED, _soffice

from briefing.cli import main
from briefing.deck.backdrop import Backdrops
from briefing.deck.colors import MIN_CONTRAST

ARTWORK = ("Candy", "Yellow_Idea", "Piano")
DOCS = {"seed": SEED_YAML, "sourced": ROOT / "tests" / "fixtures" / "sourced" /
        "sourced-wind.yaml"}
CASES = [(t, d) for t in ARTWORK for d in DOCS]
PT = 12700
SLIVER = 4 * PT  # an overlap this thin in either direction is a sliver
SPECK = 24 * PT  # a decoration shorter than this on its longer side is a speck
NOT_OURS = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE, PP_PLACEHOLDER.FOOTER,
            PP_PLACEHOLDER.SLIDE_NUMBER, PP_PLACEHOLDER.DATE)


@pytest.fixture(scope="module")
def templates(tmp_path_factory) -> dict[str, Path]:
    work = tmp_path_factory.mktemp("artwork-templates")
    sources = [SHIPPED / f"{name}.otp" for name in ARTWORK]
    if not all(p.is_file() for p in sources):
        pytest.fail(f"LibreOffice's Impress templates are missing from {SHIPPED}")
    _soffice(work, "--convert-to", "pptx", "--outdir", str(work), *map(str, sources))
    return {name: work / f"{name}.pptx" for name in ARTWORK}


@pytest.fixture(scope="module")
def built(templates, tmp_path_factory) -> dict[tuple[str, str], tuple[int, Path, str]]:
    """(template, document) → (exit code, the deck, stderr)."""
    found = {}
    for name, doc in CASES:
        out = tmp_path_factory.mktemp(f"artwork-{name}-{doc}")
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            code = main([str(DOCS[doc]), "-f", "pptx", "-o", str(out),
                         "--reference-deck", str(templates[name])])
        found[name, doc] = (code, out / f"{DOCS[doc].stem}.pptx", err.getvalue())
    return found


@pytest.fixture(scope="module")
def rendered(built, tmp_path_factory) -> dict[tuple[str, str], Path]:
    work = tmp_path_factory.mktemp("artwork-render")
    for (name, doc), (_, deck, _) in built.items():
        (work / f"{name}-{doc}.pptx").write_bytes(deck.read_bytes())
    _soffice(work, "--convert-to", "pdf", "--outdir", str(work),
             *(str(work / f"{name}-{doc}.pptx") for name, doc in built))
    return {key: work / f"{key[0]}-{key[1]}.pdf" for key in built}


def _artwork(prs, backdrops: Backdrops, layout) -> list[tuple[int, int, int, int]]:
    """The boxes of the master's and layout's decorations that are neither a background
    (90 % of the slide), a band across it, nor a speck."""
    slide = prs.slide_width * prs.slide_height
    return [p.box for p in backdrops.layers(layout)[1:] if p.box and
            p.box[2] * p.box[3] < 0.9 * slide and p.box[2] < 0.9 * prs.slide_width and
            max(p.box[2], p.box[3]) >= SPECK]


def _ours(slide) -> list:
    """The shapes carrying our content: text (not the title or footer), charts, tables,
    pictures."""
    found = []
    for shape in slide.shapes:
        if shape.is_placeholder and shape.placeholder_format.type in NOT_OURS:
            continue
        if shape.has_text_frame and not shape.text_frame.text.strip():
            continue
        if shape.has_text_frame or shape.has_chart or shape.has_table or \
                shape.shape_type == 13:  # a picture
            found.append(shape)
    return found


@pytest.mark.parametrize(("name", "doc"), CASES)
def test_the_deck_builds(built, name, doc):
    code, deck, err = built[name, doc]
    assert code == 0, err
    assert deck.is_file()


# A piece of each template's artwork: (master, 1-based; box in points), as LibreOffice
# draws it: one of Candy's stripes (inside a group), Yellow Idea's bulb (drawn in outline),
# Piano's notes (a picture).
WITNESS = {"Candy": (2, (0.9, 15.8, 251.5, 255.1)),
           "Yellow_Idea": (1, (131.4, 174.7, 122.6, 147.6)),
           "Piano": (2, (283.5, 340.2, 496.1, 66.0))}


@pytest.mark.parametrize("name", ARTWORK)
def test_the_backdrop_sees_the_templates_artwork(templates, name):
    """Decorations include the shapes inside groups, placed by the group's child offset
    and extent (Candy's stripes were skipped), and shapes drawn only in outline
    (Yellow Idea's bulb was not seen)."""
    prs = Presentation(str(templates[name]))
    master, expected = WITNESS[name]
    layout = list(prs.slide_masters)[master - 1].slide_layouts[0]
    boxes = _artwork(prs, Backdrops(prs), layout)
    found = [tuple(round(v / PT, 1) for v in box) for box in boxes]
    assert any(all(abs(a - b) < 1 for a, b in zip(box, expected, strict=True))
               for box in found), found


@pytest.mark.parametrize(("name", "doc"), CASES)
def test_no_content_lies_on_the_templates_artwork(built, name, doc):
    """Yellow Idea's "Title Only" slides (quote, stats, table, chart) were drawn over its
    light bulb; Piano's source lines and footnotes over its notes; Candy's lists over
    its stripes."""
    prs = Presentation(str(built[name, doc][1]))
    backdrops = Backdrops(prs)
    clashes = []
    for number, slide in enumerate(prs.slides, start=1):
        art = _artwork(prs, backdrops, slide.slide_layout)
        for shape in _ours(slide):
            box = (shape.left, shape.top, shape.width, shape.height)
            for left, top, width, height in art:
                across = min(box[0] + box[2], left + width) - max(box[0], left)
                down = min(box[1] + box[3], top + height) - max(box[1], top)
                if across > SLIVER and down > SLIVER:
                    clashes.append((number, slide.name, shape.name,
                                    round(across / PT), round(down / PT)))
    assert clashes == []


def test_candy_stripes_are_seen_and_content_avoids_their_master(templates, built, capsys):
    """Candy's second master draws its stripes as a group of shapes: it was "background
    plain" and served every kind."""
    assert main(["--inspect-deck", str(templates["Candy"])]) == 0
    report = capsys.readouterr().out
    assert "'Title, Content' (master 2; role: content; background busy" in report
    assert "'Title, Content' (master 4; role: content; background plain)" in report
    prs = Presentation(str(built["Candy", "seed"][1]))
    second = list(prs.slide_masters)[1]
    assert [s.name for s in prs.slides if s.slide_layout.slide_master is second] == []


@pytest.mark.parametrize(("name", "doc"), CASES)
def test_every_text_run_reads_on_what_is_behind_it(built, name, doc):
    found = run_contrasts(built[name, doc][1])
    assert len(found) > 50
    assert [f for f in found if f[-1] < MIN_CONTRAST] == []


@pytest.mark.parametrize(("name", "doc"), CASES)
def test_libreoffice_renders_every_word_on_its_slide_and_clear_of_the_others(rendered,
                                                                            name, doc):
    found = words(rendered[name, doc])
    assert len(found) > 200
    assert outside_words(found) == []
    assert overlapping_words(found) == []
