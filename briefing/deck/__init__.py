"""Briefing + Theme → PPTX file: plan the slides, open the deck template, draw each kind.

``plan`` decides which slides exist (templates/deck.yaml.j2); ``kinds`` is
the one table of slide kinds (drawing function, layout role, what it needs);
``template`` opens the house design or a reference deck and finds a layout
for each role; ``slides_text`` and ``slides_data`` draw, on the primitives of
``canvas`` (``pages``: slides and titles; ``sizing``: text fitted to its box), with
text measured by ``fit`` and split by ``flow``; ``text``
decides what a slide says; ``oxml/`` is the only folder that edits raw XML.
"""

from __future__ import annotations

import time
from pathlib import Path

from ..content.figures import reference_words
from ..errors import RenderError
from ..options import DEFAULT, Options
from ..rendered import Rendered
from .plan import Slide, plan_deck
from .text import section_points, speaker_notes

__all__ = ["Slide", "inspect_deck", "plan_deck", "section_points", "speaker_notes",
           "write_deck"]


def write_deck(briefing, theme, target: Path, options: Options = DEFAULT,
               plan: list[Slide] | None = None) -> Rendered:
    """Draw every planned slide and save the deck to ``target``.

    Warnings (a reference deck's missing layouts, text shrunk below the
    theme's minimum) are a RenderError under ``options.strict``.
    """
    from .canvas import new_deck  # python-pptx from here on
    from .kinds import KINDS, layout_roles
    from .oxml.shapes import drop_empty_placeholders
    from .template import open_base

    started = time.perf_counter()
    plan = plan if plan is not None else plan_deck(briefing)
    base = open_base(theme, layout_roles(), options.reference_deck)
    deck = new_deck(briefing, theme, base, options.reference_deck)
    with reference_words(theme, briefing.lang):  # "@fig-x" reads "Figure 2" on slides
        for spec in plan:
            # A section's slides speak its language: labels ("cont."), runs' lang.
            own = KINDS[spec.kind].section and spec.section is not None
            deck.section_lang = briefing.sections[spec.section].lang if own else None
            KINDS[spec.kind].draw(deck, spec.section)
    for slide in deck.prs.slides:
        drop_empty_placeholders(slide)
    if options.strict and deck.warnings:
        raise RenderError(f"{deck.warnings[0]} (--strict)")
    deck.prs.save(target)
    return Rendered(Path(target), Path(target).stat().st_size, time.perf_counter() - started,
                    {"slides": len(deck.prs.slides)}, tuple(deck.warnings))


def inspect_deck(path: Path) -> str:
    """A report of a deck's layouts and placeholders, and which layout serves each kind."""
    from .kinds import layout_roles
    from .template import inspect_deck as inspect

    return inspect(path, layout_roles())
