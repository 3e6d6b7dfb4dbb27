"""Briefing → slide plan: which slides exist and in which order (templates/deck.yaml.j2).

The template is where users reorder or drop slides; every entry is checked
against the kinds table (``kinds.KINDS``) and the briefing, and a wrong one
is a TemplateError naming the entry.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from ..content.model import Briefing
from ..errors import TemplateError
from ..templating import template_env
from .kinds import KINDS

PLAN = "deck.yaml.j2"


@dataclass(frozen=True)
class Slide:
    """One entry of the slide plan: a kind of slide and, for section kinds, which section."""

    kind: str
    section: int | None = None


def plan_deck(briefing: Briefing, template: str | None = None) -> list[Slide]:
    """Render the plan template (templates/deck.yaml.j2, or the ``template`` text) and
    check each entry names a known kind and an existing section that has what it shows."""
    env = template_env(briefing.templates)
    found = env.from_string(template) if template is not None else env.get_template(PLAN)
    text = found.render(b=briefing)
    try:
        entries = yaml.safe_load(text) or []
    except yaml.YAMLError as err:
        raise TemplateError(f"{PLAN}: the rendered plan is not YAML: {err}") from None
    if not isinstance(entries, list):
        raise TemplateError(f"{PLAN}: the rendered plan is {_describe(entries)}; expected a "
                            "list of slides, one '- {kind: …, section: …}' a line")
    return [_slide(briefing, number, entry) for number, entry in enumerate(entries, start=1)]


def _slide(briefing: Briefing, number: int, entry: object) -> Slide:
    def wrong(message: str) -> TemplateError:
        return TemplateError(f"{PLAN}: slide {number} of the plan ({entry!r}): {message}")

    if not isinstance(entry, dict) or "kind" not in entry or set(entry) - {"kind", "section"}:
        raise wrong("expected {kind: …, section: …}")
    slide = Slide(**entry)
    kind = KINDS.get(slide.kind) if isinstance(slide.kind, str) else None
    if kind is None:
        raise wrong(f"unknown slide kind {slide.kind!r}; expected one of {', '.join(KINDS)}")
    if slide.section is None:
        if kind.section:
            raise wrong(f"a {slide.kind} slide needs a section number")
        if kind.needs_briefing and not getattr(briefing, kind.needs_briefing):
            raise wrong(f"a {slide.kind} slide, but the briefing has no {kind.needs_briefing}")
        return slide
    if type(slide.section) is not int or not 0 <= slide.section < len(briefing.sections):
        raise wrong(f"no section {slide.section!r}; expected a number from 0 to "
                    f"{len(briefing.sections) - 1}")
    if kind.needs and not getattr(briefing.sections[slide.section], kind.needs):
        raise wrong(f"section {slide.section} has no {kind.needs} for a {slide.kind} slide")
    return slide


def _describe(value: object) -> str:
    return f"a {type(value).__name__} ({value!r:.40})"
