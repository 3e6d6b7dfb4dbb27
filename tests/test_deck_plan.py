"""The slide plan (templates/deck.yaml.j2) and what section slides say."""

from __future__ import annotations

import pytest
from conftest import SEED_YAML, minimal
from pptx import Presentation

from briefing.content import load_briefing
from briefing.deck import Slide, plan_deck, section_points, speaker_notes, write_deck
from briefing.errors import TemplateError
from briefing.theme import load_theme

SEED = load_briefing(SEED_YAML)


def test_the_seed_plan():
    plan = [(s.kind, s.section) for s in plan_deck(SEED)]
    assert plan == [("title", None), ("summary", None), ("agenda", None), ("section", 0),
                    ("quote", 0), ("section", 1), ("section", 2), ("section", 3), ("table", 3),
                    ("section", 4), ("section", 5), ("stats", 5), ("chart", 5), ("section", 6),
                    ("quote", 6), ("links", None), ("sources", None), ("closing", None)]


def test_a_reordered_plan_is_drawn_as_written(tmp_path):
    template = "- {kind: section, section: 3}\n- {kind: title}\n- {kind: table, section: 3}\n"
    plan = plan_deck(SEED, template)
    assert plan == [Slide("section", 3), Slide("title"), Slide("table", 3)]
    target = tmp_path / "short.pptx"
    write_deck(SEED, load_theme(), target, plan=plan)
    assert [s.name for s in Presentation(str(target)).slides] == ["section", "title", "table"]


@pytest.mark.parametrize("template, message", [
    ("- {kind: summry}", "unknown slide kind 'summry'"),
    ("- {kind: section}", "a section slide needs a section number"),
    ("- {kind: section, section: 7}", "no section 7"),
    ("- {kind: table, section: 0}", "section 0 has no table for a table slide"),
    ("- {kind: title, layout: Blank}", "expected {kind: …, section: …}"),
    ("- [title", "the rendered plan is not YAML"),
])
def test_a_broken_plan_is_a_template_error(template, message):
    with pytest.raises(TemplateError, match=message):
        plan_deck(SEED, template)


def test_links_slide_needs_links(write_content):
    briefing = load_briefing(write_content(minimal()))
    with pytest.raises(TemplateError, match="no links"):
        plan_deck(briefing, "- {kind: links}")
    assert [s.kind for s in plan_deck(briefing)] == ["title", "agenda", "section", "closing"]


def test_highlights_are_the_points():
    points = section_points(SEED.sections[0])
    assert [p.text for p in points] == [h.plain for h in SEED.sections[0].highlights]


def test_without_highlights_the_points_come_from_the_body(write_content):
    body = ("The first sentence stays. The second does not.\n\n"
            "Another paragraph, with **bold** text. Dropped.\n\n"
            "- a list item\n- another item\n")
    section = load_briefing(write_content(minimal(sections=[
        {"title": "Derived", "body": body}]))).sections[0]
    points = section_points(section)
    assert [p.text for p in points] == ["The first sentence stays.",
                                        "Another paragraph, with bold text.",
                                        "a list item", "another item"]
    assert points[1].runs[1].bold
    assert speaker_notes(section).startswith("The first sentence stays. The second does not.")
    assert "• a list item" in speaker_notes(section)


def test_notes_win_over_the_body():
    assert speaker_notes(SEED.sections[3]).startswith("Three sectors carry the strategy.")
