"""What the slides say, as values: a section's points, its speaker notes, a chart in words.

No python-pptx here: these decide the words, the slide modules draw them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..content.markdown import Paragraph, Run
from ..content.model import Section
from ..content.parts import Chart
from ..templating import icon_split

LONGEST_POINT = 150  # characters: a longer first sentence is cut at a word, with "…"


def bare(text: str) -> str:
    """Slide text without a leading or trailing icon ("✅ Official Links" → "Official
    Links"): a client without the emoji font draws nothing yet keeps its advance, which
    indents the line; headings on slides carry words."""
    text = icon_split(text)[1]
    head, sep, tail = text.rpartition(" ")
    if head.strip() and sep and tail and icon_split(f"{tail} x")[0] == tail:
        return head.rstrip()
    return text


def section_points(section: Section) -> list[Paragraph]:
    """The points a section slide shows: its highlights, else key points of its body
    (the first sentence of each paragraph, cut at a word past LONGEST_POINT characters,
    and every list item), else its figures. Never the captions of its table, chart or
    picture, nor its quote: their slides show them; a section with none of these gets a
    divider slide."""
    if section.highlights:
        return [Paragraph(h.runs(), "•") for h in section.highlights]
    points = []
    for para in section.body.paragraphs() if section.body else []:
        if para.bullet:
            points.append(para)
        elif _is_point(para):
            points.append(_first_sentence(para))
    if points:
        return points
    return [Paragraph((Run(s.value, bold=True), Run(f" {s.label}")), "•")
            for s in section.stats]


def _is_point(para: Paragraph) -> bool:
    """Whether a body paragraph gives a section slide a point (code blocks do not)."""
    return bool(para.bullet) or bool(para.runs and not para.runs[0].code)


def _first_sentence(para: Paragraph) -> Paragraph:
    """The paragraph cut after its first sentence, styles kept."""
    cut = _sentence_end(para.text)
    runs, seen = [], 0
    for run in para.runs:
        if seen >= cut:
            break
        runs.append(Run(run.text[:cut - seen], run.bold, run.italic, run.code, run.href))
        seen += len(run.text)
    if cut < len(para.text.rstrip()) and para.text[:cut].rstrip()[-1:] not in ".!?…":
        last = runs[-1]
        runs[-1] = Run(last.text.rstrip(" ,;:—–-") + "…", last.bold, last.italic, last.code,
                       last.href)
    return Paragraph(tuple(runs), "•", para.level)


def _sentence_end(text: str) -> int:
    match = re.search(r"[.!?…](?=\s+[\"“‘(]?[A-Z0-9\uAC00-\uD7A3])", text)
    end = match.end() if match else len(text)
    if end <= LONGEST_POINT:
        return end
    cut = text.rfind(" ", 0, LONGEST_POINT - 1)
    return cut if cut > 0 else end  # one giant word: kept whole, split over slides


def speaker_notes(section: Section) -> str:
    """The notes for a section slide: its ``notes``, else the whole body as plain text."""
    notes = section_notes(section)
    return notes.page(range(len(notes.points)), first=True)


@dataclass(frozen=True)
class Notes:
    """A section's speaker notes, shared out over the slides its points fill."""

    lead: str  # on the section's first slide only
    points: tuple[str, ...]  # for each of ``section_points``: the notes of what it shows
    joiner: str = "\n\n"

    def page(self, shown: Iterable[int], first: bool) -> str:
        """The notes of a slide showing the points ``shown`` (those that begin on it)."""
        parts = [self.lead] if first and self.lead else []
        parts += [self.points[i] for i in shown if self.points[i]]
        return self.joiner.join(parts)


def section_notes(section: Section) -> Notes:
    """Explicit ``notes`` go on the section's first slide. Else each point carries the
    body paragraph it comes from (code blocks ride with the point before them), so a
    continued slide's notes are the paragraphs it shows; a body the points do not come
    from (the section has highlights) goes whole on the first slide."""
    count = len(section_points(section))
    if section.notes:
        return Notes(section.notes, ("",) * count)
    if section.body:
        paragraphs = section.body.paragraphs()
        texts = [p.bullet + (" " if p.bullet else "") + p.text for p in paragraphs]
        if section.highlights or not any(_is_point(p) for p in paragraphs):
            return Notes("\n\n".join(texts), ("",) * count)
        groups: list[list[str]] = []
        ahead: list[str] = []  # code before the first point
        for para, text in zip(paragraphs, texts, strict=True):
            if _is_point(para):
                groups.append(ahead + [text])
                ahead = []
            elif groups:
                groups[-1].append(text)
            else:
                ahead.append(text)
        return Notes("", tuple("\n\n".join(g) for g in groups))
    if section.highlights:
        return Notes("", tuple(h.plain for h in section.highlights), "\n")
    return Notes("", ("",) * count)


def chart_summary(chart: Chart) -> str:
    """The chart in words: alt text for screen readers and the speaker notes."""
    from ..charts import summary

    return summary(chart)
