"""Briefing + Theme → slide plan (templates/deck.yaml.j2) → PPTX file (python-pptx).

``plan_deck`` decides which slides exist; ``write_deck`` draws them, one
function per kind of slide. python-pptx is imported here only.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import yaml

from .errors import TemplateError
from .html import template_env
from .markdown import Paragraph, Run
from .model import Briefing, Section
from .textfit import fit_size
from .theme import Theme

KINDS = ("title", "agenda", "section", "stats", "quote", "table", "chart", "image",
         "links", "closing")


@dataclass(frozen=True)
class Slide:
    """One entry of the slide plan."""

    kind: str
    section: int | None = None


def plan_deck(briefing: Briefing) -> list[Slide]:
    """Render the plan template and check each entry names a known kind and section."""
    text = template_env().get_template("deck.yaml.j2").render(b=briefing)
    entries = yaml.safe_load(text) or []
    plan = []
    for entry in entries:
        slide = Slide(**entry)
        if slide.kind not in KINDS:
            raise TemplateError(f"deck.yaml.j2: unknown slide kind {slide.kind!r}; "
                                f"expected one of {', '.join(KINDS)}")
        if slide.section is not None and not 0 <= slide.section < len(briefing.sections):
            raise TemplateError(f"deck.yaml.j2: no section {slide.section}")
        plan.append(slide)
    return plan


def write_deck(briefing: Briefing, theme: Theme, target, plan: list[Slide] | None = None) -> int:
    """Draw every planned slide and save the deck to ``target``; return the slide count."""
    from . import slides  # imports python-pptx

    plan = plan if plan is not None else plan_deck(briefing)
    deck = slides.new_deck(briefing, theme)
    for number, spec in enumerate(plan, start=1):
        section = briefing.sections[spec.section] if spec.section is not None else None
        slides.DRAW[spec.kind](deck, spec, section, number)
    deck.save(target)
    return len(plan)


def section_points(section: Section) -> list[Paragraph]:
    """The points a section slide shows: its highlights, else sentences of its body."""
    if section.highlights:
        return [Paragraph(h.runs(), "•") for h in section.highlights]
    if section.body:
        points = []
        for para in section.body.paragraphs():
            if para.bullet:
                points.append(para)
            else:
                points.extend(Paragraph((Run(s),), "•") for s in _sentences(para.text)[:3])
        return points[:6]
    return []


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z0-9“\"‘(])", text.strip()) if s]


def speaker_notes(section: Section) -> str:
    """The notes for a section slide: its ``notes``, else the whole body as plain text."""
    if section.notes:
        return section.notes
    if section.body:
        return "\n\n".join(p.bullet + (" " if p.bullet else "") + p.text
                           for p in section.body.paragraphs())
    return ""


def edition_datetime(briefing: Briefing) -> dt.datetime | None:
    return dt.datetime.combine(briefing.date, dt.time()) if briefing.date else None


__all__ = ["Slide", "plan_deck", "write_deck", "section_points", "speaker_notes", "fit_size"]
