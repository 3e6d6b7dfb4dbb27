"""The one table of slide kinds: what draws each, on which layout role, and what it needs.

A kind named in the plan template (templates/deck.yaml.j2) must be here; the
plan checks its entries against ``needs`` and ``section``, the deck template
finds a layout for each ``layout`` role, and ``write_deck`` calls ``draw``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .slides_data import draw_chart, draw_image, draw_stats, draw_table
from .slides_text import (
    draw_agenda,
    draw_closing,
    draw_links,
    draw_quote,
    draw_section,
    draw_sources,
    draw_summary,
    draw_title,
)

# Layout roles, the kinds of layout a deck template offers (template.ROLE_LAYOUTS).
TITLE, CONTENT, TITLE_ONLY, SECTION_HEADER = "title", "content", "title only", "section header"


@dataclass(frozen=True)
class Kind:
    draw: Callable  # (deck, section index or None) → adds one slide or more
    layout: str  # the layout role it is drawn on
    section: bool = False  # the plan must name a section
    needs: str | None = None  # the section field it shows, which must be set
    needs_briefing: str | None = None  # the briefing field it shows, which must be set


KINDS: dict[str, Kind] = {
    "title": Kind(draw_title, TITLE),
    "summary": Kind(draw_summary, CONTENT, needs_briefing="summary"),
    "agenda": Kind(draw_agenda, CONTENT),
    "section": Kind(draw_section, CONTENT, section=True),
    "stats": Kind(draw_stats, TITLE_ONLY, section=True, needs="stats"),
    "quote": Kind(draw_quote, TITLE_ONLY, section=True, needs="quote"),
    "table": Kind(draw_table, TITLE_ONLY, section=True, needs="table"),
    "chart": Kind(draw_chart, TITLE_ONLY, section=True, needs="chart"),
    "image": Kind(draw_image, TITLE_ONLY, section=True, needs="image"),
    "links": Kind(draw_links, CONTENT, needs_briefing="links"),
    "sources": Kind(draw_sources, CONTENT, needs_briefing="references"),
    "closing": Kind(draw_closing, SECTION_HEADER),
}


def layout_roles() -> dict[str, str]:
    """Kind → layout role, for the deck template."""
    return {name: kind.layout for name, kind in KINDS.items()}
