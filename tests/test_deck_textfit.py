"""Measuring text (textfit) and flowing it onto slides (deckflow), at their boundaries."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_deck_fit import MEASURE, THEME, frames

from briefing.content.markdown import Run
from briefing.deck.fit import EMOJI_EM, LINE_HEIGHT, SLACK, Block, height, split_block, wrap
from briefing.deck.flow import CellBox, DoesNotFit, column_widths, flow, flow_table

CELL = CellBox(7.2, 7.2, 5, 5)


def block(text: str, **style) -> Block:
    return Block((Run(text),), **style)


def test_widths_come_from_the_font_files():
    # Carlito's advance widths (units per em 2048): "A" 1185, space 463
    assert MEASURE.em("A") == pytest.approx(1185 / 2048, abs=0.002)
    assert MEASURE.em("A A") == pytest.approx((2 * 1185 + 463) / 2048, abs=0.002)
    assert MEASURE.em("A", bold=True) != MEASURE.em("A")
    assert MEASURE.em("가나다") == pytest.approx(3 * 0.94, abs=0.01)  # NanumGothic
    assert MEASURE.em("🌌") == EMOJI_EM
    assert MEASURE.em("👍🏽") == EMOJI_EM  # the skin-tone modifier adds nothing
    assert MEASURE.em("漢字") == 2.0


def test_lines_break_at_spaces_greedily():
    text = "one two three four five six seven eight nine ten"
    size = 20
    width = (MEASURE.em("one two three") * size + 1) / SLACK
    starts = wrap(block(text), MEASURE, size, width)
    lines = [text[a:b].strip() for a, b in zip(starts, starts[1:] + [len(text)], strict=True)]
    assert lines[0] == "one two three"
    assert " ".join(lines) == text
    for line in lines:
        assert MEASURE.em(line) * size <= width * SLACK


def test_a_word_longer_than_the_line_breaks_between_characters():
    starts = wrap(block("x" * 200), MEASURE, 20, 200)
    assert len(starts) > 1 and starts[0] == 0


def test_a_hard_break_starts_a_line():
    assert wrap(block("short\nlines"), MEASURE, 20, 500) == [0, 6]


def test_indent_and_scale_are_measured():
    text = "word " * 30
    plain = len(wrap(block(text), MEASURE, 20, 400))
    assert len(wrap(block(text, indent=3), MEASURE, 20, 400)) > plain
    assert len(wrap(block(text, scale=0.5), MEASURE, 20, 400)) < plain


def test_split_keeps_every_character_and_moves_the_bullet():
    original = Block((Run("Bold start ", bold=True), Run("then plain text")), bullet="•",
                     indent=1.1)
    head, tail = split_block(original, len("Bold start then "))
    assert head.text + " " + tail.text == original.text
    assert head.bullet == "•" and tail.bullet == "" and tail.indent == 1.1
    assert tail.runs[0].text == "plain text" and not tail.runs[0].bold


def test_text_that_fits_stays_on_one_page_at_the_largest_size():
    result = flow([block("A short point")], MEASURE, 600, 300, 24, 16)
    assert result.size == 24 and len(result.pages) == 1


def test_text_shrinks_before_it_splits():
    points = [block("A point that takes most of a line at the largest size", space_after=0.5)
              for _ in range(8)]
    result = flow(points, MEASURE, 600, 280, 24, 16)
    assert len(result.pages) == 1 and 16 <= result.size < 24
    assert height(points, MEASURE, result.size, 600) <= 280


def test_text_too_long_for_one_slide_continues_evenly():
    points = [block(f"Point {n} with a few more words to wrap", space_after=0.5)
              for n in range(30)]
    result = flow(points, MEASURE, 600, 280, 24, 16)
    assert len(result.pages) > 1 and result.size >= 16
    assert [b.text for page in result.pages for b in page] == [b.text for b in points]
    counts = [len(page) for page in result.pages]
    assert max(counts) - min(counts) <= 2
    for page in result.pages:
        assert height(page, MEASURE, result.size, 600) <= 280


def test_one_long_paragraph_is_cut_between_lines():
    long = block(" ".join(["basin"] * 600), bullet="•", indent=1.1)
    result = flow([long], MEASURE, 600, 280, 24, 16)
    assert len(result.pages) >= 3
    assert " ".join(b.text for page in result.pages for b in page) == long.text
    assert [b.bullet for page in result.pages for b in page][1:] == [""] * (
        len(result.pages) - 1)
    for page in result.pages:
        lines = len(wrap(page[0], MEASURE, result.size, 600))
        assert lines >= 2 and lines * result.size * LINE_HEIGHT <= 280


def test_a_box_smaller_than_a_line_cannot_hold_text():
    with pytest.raises(DoesNotFit):
        flow([block("x " * 500)], MEASURE, 600, 10, 24, 16)


def test_columns_share_the_width_by_their_text():
    rows = [(block("Id", bold=True), block("A much longer description of the row"))]
    widths = column_widths(rows, MEASURE, 18, 800, CELL)
    assert sum(widths) == pytest.approx(800)
    assert widths[1] > 3 * widths[0]


def test_a_tall_table_continues_and_a_giant_row_is_cut():
    header = (block("Key", bold=True), block("Value", bold=True))
    rows = [(block(f"row {n}"), block("value " * 8)) for n in range(20)]
    rows.insert(5, (block("giant"), block("word " * 900)))
    result = flow_table(header, rows, MEASURE, 800, 330, 18, 16, CELL)
    assert result.size == 16 and len(result.pages) > 2
    firsts = [row[0].text for page in result.pages for row, _ in page]
    assert [t for t in firsts if t.startswith("row")] == [f"row {n}" for n in range(20)]
    assert firsts.count("giant") == 1  # its continuation has an empty first cell
    for page in result.pages:
        assert result.header_height + sum(h for _, h in page) <= 330 + 0.01


WORDS = st.sampled_from(["reservoir", "basin", "물", "관리", "💧", "K-POP", "“quoted”",
                         "x" * 40, "allocation", "—", "12%", "treaty"])
TEXT = st.lists(WORDS, min_size=1, max_size=60).map(" ".join)


@settings(max_examples=12, deadline=None)
@given(highlights=st.lists(TEXT, min_size=1, max_size=14),
       cells=st.lists(st.tuples(TEXT, TEXT), min_size=1, max_size=16),
       title=TEXT.filter(lambda t: len(t) < 120), quote=TEXT)
def test_any_text_fits_its_boxes(tmp_path_factory, highlights, cells, title, quote):
    from conftest import dump

    from briefing.content import load_briefing
    from briefing.deck import write_deck

    folder = tmp_path_factory.mktemp("any")
    source = folder / "any.yaml"
    source.write_text(dump({"title": title, "sections": [
        {"title": title, "highlights": highlights, "quote": quote,
         "table": {"columns": ["A", "B"], "rows": [list(c) for c in cells]}}]}),
        encoding="utf-8")
    target = folder / "any.pptx"
    write_deck(load_briefing(source), THEME, target)
    for where, text, _, room, needed in frames(target):
        assert needed <= room + 0.01, f"{where}: {text[:40]!r}"
