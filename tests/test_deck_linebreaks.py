"""Line breaks in the decks as LibreOffice draws them, judged without the deck's own
text measuring (briefing.deck.fit is not used here).

Two decks: the seed, and one of long highlights and quotes that spill onto many
"(cont.)" slides, where the deck itself chooses where a slide's text ends. Each is
converted to PDF by LibreOffice; pdftotext gives the lines and word boxes. Every word
on a slide must be a whole word of the content (a line may still break after a hyphen,
as in "K-" / "POP"), and every line must lie inside the box of the shape whose text
holds it, the box taken from the deck's geometry (python-pptx, EMU) scaled to the page.
"""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import SEED_YAML, libreoffice_pdf, needs, seed_sentences
from pptx import Presentation

from briefing.cli import main
from briefing.content import load_briefing

EMU_PER_PT = 12700
ROOT_TEMPLATES = SEED_YAML.parent.parent / "templates"


def long_briefing() -> dict:
    """Eight sections, each one long highlight and one long quote (14 to 30 sentences)."""
    s = seed_sentences()
    return {"title": "Long paragraphs", "date": "2026-11-27", "sections": [
        {"title": f"Reading {i + 1}",
         "highlights": [" ".join(s[(i * 3 + k) % len(s)] for k in range(14 + 2 * i))],
         "quote": " ".join(s[(i * 5 + k) % len(s)] for k in range(16 + 2 * i))}
        for i in range(8)]}


@pytest.fixture(scope="module")
def decks(seed_build, tmp_path_factory) -> dict[str, tuple[Path, Path]]:
    """{name: (content file, deck)} for the seed and the long deck."""
    folder = tmp_path_factory.mktemp("long-deck")
    content = folder / "long.yaml"
    content.write_text(yaml.safe_dump(long_briefing(), allow_unicode=True), "utf-8")
    assert main([str(content), "--format", "pptx", "--output", str(folder / "out")]) == 0
    return {"seed": (SEED_YAML, seed_build["pptx"]), "long": (content, folder / "out" /
                                                              "long.pptx")}


@pytest.fixture(scope="module")
def rendered(decks, tmp_path_factory) -> dict[str, Path]:
    return libreoffice_pdf({name: deck for name, (_, deck) in decks.items()},
                           tmp_path_factory.mktemp("libreoffice-lines"))


Line = tuple[int, tuple[float, float], tuple[float, float, float, float], list[str]]


def pdf_lines(pdf: Path) -> list[Line]:
    """(page, (page width, height), (x0, y0, x1, y1), words) of every line, in points."""
    text = subprocess.run([needs("pdftotext"), "-bbox-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    found = []
    for number, page in enumerate(re.findall(r"<page (.*?)</page>", text, re.S), start=1):
        size = tuple(float(v) for v in re.search(r'width="([\d.]+)" height="([\d.]+)"',
                                                  page).groups())
        for attrs, body in re.findall(r"<line (.*?)>(.*?)</line>", page, re.S):
            box = tuple(float(v) for v in re.findall(r'"([\d.]+)"', attrs))
            words = [html.unescape(w) for w in re.findall(r"<word [^>]*>(.*?)</word>", body)]
            found.append((number, size, box, words))
    return found


def content_words(path: Path) -> set[str]:
    """Every word (white-space separated, case-folded) the content and theme labels write,
    and the continuation mark of a slide's title."""
    b = load_briefing(path)
    texts = [b.title, b.subtitle, b.kicker, b.author, b.organization, *b.topics,
             b.date.strftime("%d %B %Y") if b.date else None,
             *(message.plain for message in b.summary)]
    for s in b.sections:
        texts += [s.title, *(h.plain for h in s.highlights), s.quote and s.quote.plain]
        texts += [p.text for p in s.body.paragraphs()] if s.body else []
        texts += [t for stat in s.stats for t in (stat.value, stat.label)]
        if s.table:
            texts += [c.plain for c in (s.table.caption, *s.table.columns,
                                        *(c for row in s.table.rows for c in row)) if c]
        # sources on the slides' feet ("Source: …") and footnotes ("¹ …")
        texts += [f"Source: {x.source.plain}" for x in (s.table, s.chart, s.image)
                  if x is not None and x.source]
        texts += [f"Source: {s.stats_source.plain}"] if s.stats_source else []
        texts += [n.text for n in s.body.footnotes()] if s.body else []
    if b.links:
        texts += [b.links.title] + [t for link in b.links.items
                                    for t in (link.title, link.url, link.note and link.note.plain)]
    # the Sources slide: "[1]  Publisher, Title, 2024." and the address
    texts += [f"[{n}]  {r.publisher or ''}, {r.title}, {r.date}. {r.url or ''}"
              for n, r in enumerate(b.references, start=1)]
    labels = yaml.safe_load((ROOT_TEMPLATES / "theme.yaml").read_text("utf-8"))["labels"]
    texts += [str(v) for lang in labels.values() for v in lang.values()]
    return {w.casefold() for t in texts if t for w in t.split()} | {"(cont.)"}


def chart_boxes(deck: Path) -> tuple[float, list[list[tuple]]]:
    """Slide width, and per slide the boxes (points) of its native charts: the client lays
    out a chart's own text (axes, legend, data labels) inside the chart's frame."""
    prs = Presentation(str(deck))
    return prs.slide_width / EMU_PER_PT, [
        [tuple(v / EMU_PER_PT for v in (shape.left, shape.top, shape.left + shape.width,
                                         shape.top + shape.height))
         for shape in slide.shapes if getattr(shape, "has_chart", False) and shape.has_chart]
        for slide in prs.slides]


def text_lines(deck: Path, pdf: Path) -> list:
    """pdf_lines without the lines a native chart draws inside its own frame."""
    width, charts = chart_boxes(deck)
    kept = []
    for page, size, (x0, y0, x1, y1), words in pdf_lines(pdf):
        scale = size[0] / width
        if not any(left * scale <= x0 and x1 <= right * scale and top * scale <= y0
                   and y1 <= bottom * scale for left, top, right, bottom in charts[page - 1]):
            kept.append((page, size, (x0, y0, x1, y1), words))
    return kept


@pytest.mark.parametrize("name", ["seed", "long"])
def test_no_word_is_broken_across_lines(decks, rendered, name):
    content, deck = decks[name]
    if name == "long":  # the deck chose where slides end, inside highlights and quotes
        titles = [s.shapes.title.text_frame.text for s in Presentation(str(deck)).slides]
        assert sum(t.endswith("(cont.)") for t in titles) >= 15
    known = content_words(content)
    words = [(page, word) for page, _, _, line in text_lines(deck, rendered[name])
             for word in line]
    broken = []
    skip = False
    for index, (page, word) in enumerate(words):
        if skip or not any(c.isalpha() for c in word) or word.casefold() in known:
            skip = False
            continue
        joined = word + words[index + 1][1] if index + 1 < len(words) else word
        if word.endswith("-") and joined.casefold() in known:
            skip = True  # broken after a hyphen, as typesetters do
            continue
        broken.append((page, word))
    assert len(words) > 300
    assert broken == [], "words on slides that are not whole words of the content"


def shape_boxes(deck: Path) -> tuple[float, list[list[tuple[str, list[str], tuple]]]]:
    """Slide width in points, and per slide each text shape's name, texts and box (points)."""
    prs = Presentation(str(deck))
    slides = []
    for slide in prs.slides:
        shapes = []
        for shape in slide.shapes:
            texts = [shape.text_frame.text] if shape.has_text_frame else []
            if shape.has_table:
                texts += [cell.text for row in shape.table.rows for cell in row.cells]
            texts = [" ".join(t.split()).casefold() for t in texts if t.strip()]
            if texts:
                box = tuple(v / EMU_PER_PT for v in (shape.left, shape.top,
                                                     shape.left + shape.width,
                                                     shape.top + shape.height))
                shapes.append((shape.name, texts, box))
        slides.append(shapes)
    return prs.slide_width / EMU_PER_PT, slides


@pytest.mark.parametrize("name", ["seed", "long"])
def test_every_line_lies_inside_its_own_text_shape(decks, rendered, name):
    width, slides = shape_boxes(decks[name][1])
    outside = []
    for page, (page_width, _), (x0, y0, x1, y1), words in text_lines(decks[name][1],
                                                                      rendered[name]):
        while len(words) > 1 and re.fullmatch(r"\W|\d{1,2}[.)]", words[0]):
            words = words[1:]  # a bullet or a list number: drawn, not part of the text
        text = " ".join(words).casefold()
        scale = page_width / width
        # Glyph boxes are the font's ascent to descent: they may stand out of a tightly
        # spaced line by a tenth of the line's height, never more.
        slack = 0.1 * (y1 - y0)
        owners = [(shape, [round(v * scale) for v in box])
                  for shape, texts, box in slides[page - 1] if any(text in t for t in texts)]
        if not any(left * scale - 1 <= x0 and x1 <= right * scale + 1
                   and top * scale - slack <= y0 and y1 <= bottom * scale + slack
                   for _, texts, (left, top, right, bottom) in slides[page - 1]
                   if any(text in t for t in texts)):
            outside.append((page, text[:40], [round(v) for v in (x0, y0, x1, y1)], owners))
    assert outside == [], "lines outside the shape that holds their text"
