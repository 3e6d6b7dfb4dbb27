"""Briefing + Theme → slide plan (templates/deck.yaml.j2) → PPTX file.

``plan_deck`` decides which slides exist and in which order: the template is
where users reorder or drop slides. ``write_deck`` opens the house template or
a reference deck (``decktemplate``) and draws each planned slide with its
``draw_<kind>`` (``slides``, ``dataslides``), which adds continuation slides
when text does not fit.
python-pptx is imported only when drawing, never by planning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import RenderError, TemplateError
from .html import template_env
from .markdown import Paragraph, Run
from .model import Briefing, Chart, Section
from .theme import Theme

KINDS = ("title", "agenda", "section", "stats", "quote", "table", "chart", "image",
         "links", "closing")
# What each kind needs from its section (or the briefing) to have anything to show.
NEEDS = {"stats": "stats", "quote": "quote", "table": "table", "chart": "chart",
         "image": "image"}


@dataclass(frozen=True)
class Slide:
    """One entry of the slide plan: a kind of slide and, for section kinds, which section."""

    kind: str
    section: int | None = None


def plan_deck(briefing: Briefing, template: str | None = None) -> list[Slide]:
    """Render the plan template (templates/deck.yaml.j2, or the ``template`` text) and
    check each entry names a known kind and an existing section that has what it shows."""
    env = template_env()
    found = env.from_string(template) if template is not None else \
        env.get_template("deck.yaml.j2")
    text = found.render(b=briefing)
    try:
        entries = yaml.safe_load(text) or []
    except yaml.YAMLError as err:
        raise TemplateError(f"deck.yaml.j2: the rendered plan is not YAML: {err}") from None
    plan = []
    for entry in entries:
        if not isinstance(entry, dict) or set(entry) - {"kind", "section"}:
            raise TemplateError(f"deck.yaml.j2: expected {{kind: …, section: …}}, got {entry!r}")
        slide = Slide(**entry)
        if slide.kind not in KINDS:
            raise TemplateError(f"deck.yaml.j2: unknown slide kind {slide.kind!r}; "
                                f"expected one of {', '.join(KINDS)}")
        _check_section(briefing, slide)
        plan.append(slide)
    return plan


def _check_section(briefing: Briefing, slide: Slide) -> None:
    about_section = slide.kind in NEEDS or slide.kind == "section"
    if about_section and slide.section is None:
        raise TemplateError(f"deck.yaml.j2: a {slide.kind} slide needs a section number")
    if slide.section is None:
        if slide.kind == "links" and briefing.links is None:
            raise TemplateError("deck.yaml.j2: a links slide, but the briefing has no links")
        return
    if not isinstance(slide.section, int) or not 0 <= slide.section < len(briefing.sections):
        raise TemplateError(f"deck.yaml.j2: no section {slide.section!r}")
    field = NEEDS.get(slide.kind)
    if field and not getattr(briefing.sections[slide.section], field):
        raise TemplateError(f"deck.yaml.j2: section {slide.section} has no {field} for a "
                            f"{slide.kind} slide")


def write_deck(briefing: Briefing, theme: Theme, target, plan: list[Slide] | None = None,
               reference: Path | None = None, strict: bool = False,
               facts: dict | None = None) -> list[str]:
    """Draw every planned slide and save the deck to ``target``; return the warnings
    (a reference deck's missing layouts, text shrunk below the theme's minimum), which
    are a RenderError under ``strict``."""
    from . import dataslides, deckdraw, decktemplate, slides  # python-pptx from here on

    plan = plan if plan is not None else plan_deck(briefing)
    base = decktemplate.open_base(theme, reference)
    deck = deckdraw.new_deck(briefing, theme, base)
    draw = {**slides.DRAW, **dataslides.DRAW}
    for spec in plan:
        draw[spec.kind](deck, spec.section)
    for slide in deck.prs.slides:
        deckdraw.drop_empty_placeholders(slide)
    if strict and deck.warnings:
        raise RenderError(f"{deck.warnings[0]} (--strict)")
    deck.prs.save(target)
    if facts is not None:
        facts["slides"] = len(deck.prs.slides)
    return deck.warnings


# -- what the slides say -----------------------------------------------------------------

def section_points(section: Section) -> list[Paragraph]:
    """The points a section slide shows: its highlights, else key points of its body
    (the first sentence of each paragraph, and every list item), else what its other
    slides show: the figures, and the captions of its table, chart and picture."""
    if section.highlights:
        return [Paragraph(h.runs(), "•") for h in section.highlights]
    points = []
    for para in section.body.paragraphs() if section.body else []:
        if para.bullet:
            points.append(para)
        elif para.runs and not para.runs[0].code:
            points.append(_first_sentence(para))
    if points:
        return points
    points = [Paragraph((Run(s.value, bold=True), Run(f" {s.label}")), "•")
              for s in section.stats]
    for part in (section.table, section.chart, section.image):
        if part is not None and part.caption:
            points.append(Paragraph(part.caption.runs(), "•"))
    if section.image and not section.image.caption:
        points.append(Paragraph((Run(section.image.alt),), "•"))
    if not points and section.quote:
        points.append(Paragraph(section.quote.runs(), "•"))
    return points


def _first_sentence(para: Paragraph) -> Paragraph:
    """The paragraph cut after its first sentence, styles kept."""
    cut = _sentence_end(para.text)
    runs, seen = [], 0
    for run in para.runs:
        if seen >= cut:
            break
        runs.append(Run(run.text[:cut - seen], run.bold, run.italic, run.code, run.href))
        seen += len(run.text)
    return Paragraph(tuple(runs), "•", para.level)


def _sentence_end(text: str) -> int:
    match = re.search(r"[.!?…](?=\s+[\"“‘(]?[A-Z0-9\uAC00-\uD7A3])", text)
    return match.end() if match else len(text)


def speaker_notes(section: Section) -> str:
    """The notes for a section slide: its ``notes``, else the whole body as plain text."""
    if section.notes:
        return section.notes
    if section.body:
        return "\n\n".join(p.bullet + (" " if p.bullet else "") + p.text
                           for p in section.body.paragraphs())
    return "\n".join(h.plain for h in section.highlights)


def chart_summary(chart: Chart) -> str:
    """The chart in words: alt text for screen readers and the speaker notes."""
    caption = chart.caption.plain if chart.caption else ""
    unit = f" ({chart.unit})" if chart.unit else ""
    values = "; ".join(f"{p.label}: {p.value:g}" for p in chart.data)
    return f"{chart.kind.capitalize()} chart{': ' + caption if caption else ''}{unit}. {values}."
