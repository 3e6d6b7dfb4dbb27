"""Big inputs on slides (issue #11): notes split with the body, very long words split
over slides (never claimed to fit one), and work that grows with the input, not faster.

Linearity is asserted structurally (calls of the measuring function, characters of
notes written), never with a clock: the benchmark holds the bounds in seconds.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import minimal
from PIL import ImageFont
from pptx import Presentation
from test_deck_fit import MEASURE, THEME

from briefing.content import load_briefing
from briefing.content.markdown import Run
from briefing.deck import write_deck
from briefing.deck.fit import CHUNK, Block, Measure, wrap

EMU_PER_PT = 12700
INSET_X, INSET_Y = 7.2, 3.6  # the deck's text frame insets


def build(write_content, tmp_path: Path, sections: list[dict], name: str = "doc") -> Path:
    source = write_content(minimal(sections=sections), f"{name}.yaml")
    target = tmp_path / f"{name}.pptx"
    write_deck(load_briefing(source), THEME, target)
    return target


def section_slides(path: Path):
    """(body text, notes text) of every section slide, in order."""
    for slide in Presentation(str(path)).slides:
        if slide.name != "section":
            continue
        body = "\n".join(s.text_frame.text for s in slide.shapes
                         if s.has_text_frame and s != slide.shapes.title)
        notes = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
        yield body, notes


def items(count: int) -> str:
    return "\n".join(f"- item{n:05d} on basin storage, river sharing and the aquifer treaty"
                     for n in range(count))


# -- notes follow the body -----------------------------------------------------------

def test_a_continued_slide_has_the_notes_of_the_paragraphs_it_shows(write_content, tmp_path):
    deck = build(write_content, tmp_path, [{"title": "Long list", "body": items(120)}])
    slides = list(section_slides(deck))
    assert len(slides) > 3  # the list continues over several slides
    seen: list[str] = []
    for body, notes in slides:
        shown = re.findall(r"item\d{5}", body)
        told = re.findall(r"item\d{5}", notes)
        assert told == shown  # the notes are the items this slide shows, nothing else
        seen += told
    assert seen == [f"item{n:05d}" for n in range(120)]  # each item in one slide's notes


def test_explicit_notes_go_on_the_first_slide_only(write_content, tmp_path):
    deck = build(write_content, tmp_path, [{"title": "Long list", "body": items(120),
                                            "notes": "Say this once."}])
    slides = list(section_slides(deck))
    assert len(slides) > 3
    assert slides[0][1] == "Say this once."
    assert [notes for _, notes in slides[1:]] == [""] * (len(slides) - 1)


def test_code_paragraphs_ride_with_the_point_before_them(write_content, tmp_path):
    body = ("```\nsetup()\n```\n\nFirst point. More.\n\n```\nrun()\n```\n\n"
            + items(80))
    slides = list(section_slides(build(write_content, tmp_path,
                                       [{"title": "Code", "body": body}])))
    notes = "\n".join(n for _, n in slides)
    assert slides[0][1].startswith("setup()\n\nFirst point. More.\n\nrun()")
    assert notes.count("setup()") == notes.count("run()") == 1


# -- a word longer than a slide --------------------------------------------------------

def test_pillow_lengths_are_measured_in_pieces():
    face = ImageFont.truetype(str(THEME.font_file("regular")), 1000,
                              layout_engine=ImageFont.Layout.BASIC)
    assert face.getlength("x" * 80000) < 0  # Pillow's 32-bit overflow, the cause
    assert MEASURE.em("x" * 80000) == pytest.approx(80000 * MEASURE.em("x"), rel=1e-6)
    short = "Basin cooperation, 61 percent; " * 30
    assert len(short) <= CHUNK  # normal lengths: one measurement, as before
    assert Measure(MEASURE.fonts).em(short) == face.getlength(short) / 1000
    assert MEASURE.em("x" * 3000) == pytest.approx(face.getlength("x" * 3000) / 1000,
                                                   rel=1e-9)


def test_a_40000_character_word_is_broken_into_many_lines():
    starts = wrap(Block((Run("W" * 40000),)), MEASURE, 20, 600)
    # at least 0.5 em a W: no more than 600 / 10 of them on a line
    assert len(starts) >= 40000 // 60
    assert all(b - a <= 60 for a, b in zip(starts, starts[1:], strict=False))


def test_a_40000_character_word_is_split_over_slides_never_one(write_content, tmp_path):
    deck = Presentation(str(build(write_content, tmp_path,
                                  [{"title": "One word", "body": "W" * 40000}])))
    drawn = 0
    pages = 0
    for slide in deck.slides:
        if slide.name != "section":
            continue
        for shape in slide.shapes:
            if not shape.has_text_frame or set(shape.text_frame.text) != {"W"}:
                continue  # the title, the footer, the section number
            count = shape.text_frame.text.count("W")
            size = max(r.font.size.pt for p in shape.text_frame.paragraphs for r in p.runs)
            width = shape.width / EMU_PER_PT - 2 * INSET_X
            tall = shape.height / EMU_PER_PT - 2 * INSET_Y
            # independent of the deck's metrics: a W is at least half an em wide
            per_line = width / (0.5 * size)
            lines = tall / (size * 1.2)
            assert count <= per_line * lines, (count, per_line, lines)
            assert size >= THEME.deck.min_body_size
            drawn += count
            pages += 1
    assert drawn == 40000  # nothing lost
    assert pages > 10


# -- work grows with the input -----------------------------------------------------------

def counted(monkeypatch) -> list[int]:
    calls = [0]
    em = Measure.em

    def counting(self, *args, **kwargs):
        calls[0] += 1
        return em(self, *args, **kwargs)

    monkeypatch.setattr(Measure, "em", counting)
    return calls


@pytest.mark.parametrize("count", [200])
def test_a_long_list_costs_in_proportion(write_content, tmp_path, monkeypatch, count):
    calls = counted(monkeypatch)
    work, notes = [], []
    for n in (count, 2 * count):
        calls[0] = 0
        deck = build(write_content, tmp_path, [{"title": "List", "body": items(n)}],
                     f"list{n}")
        work.append(calls[0])
        notes.append(sum(len(text) for _, text in section_slides(deck)))
    assert work[1] / work[0] <= 2.5, work
    assert notes[1] / notes[0] <= 2.5, notes  # not every slide repeating the whole body


def test_a_long_word_costs_in_proportion(write_content, tmp_path, monkeypatch):
    calls = counted(monkeypatch)
    work = []
    for n in (4000, 8000):
        calls[0] = 0
        build(write_content, tmp_path, [{"title": "Word", "body": "a" * n}], f"word{n}")
        work.append(calls[0])
    assert work[1] / work[0] <= 2.5, work
