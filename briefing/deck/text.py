"""What the slides say, as values: a section's points, its speaker notes, a chart in words.

No python-pptx here: these decide the words, the slide modules draw them.
"""

from __future__ import annotations

import re

from ..content.markdown import Paragraph, Run
from ..content.model import Chart, Section


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
