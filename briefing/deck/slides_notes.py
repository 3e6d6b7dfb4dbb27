"""Footnotes, sources and references in the deck.

A figure's ``source`` and a section's footnotes go on the slide's foot: a strip at
the bottom of the content area, in small type, above the footer and never over
it; the slide's other content gets the room above it. What does not fit the
strip (measured, at most FOOT_SHARE of the room) goes into the speaker notes, so
nothing is lost. The Sources slide lists the briefing's references, numbered as
the citations in the text are.
"""

from __future__ import annotations

from ..content.markdown import Run
from ..content.notes import Footnote, superscript
from .canvas import INSET_Y, Box, Deck, inner
from .fit import Block, height
from .pages import Page, notes
from .sizing import text_box

FOOT_SHARE = 0.3  # of the content area at most
GAP = 6.0  # points between the content and the strip


def foot_size(deck: Deck) -> float:
    """The strip's type size: the footer's, but never below 10 pt."""
    return max(deck.theme.deck.footer_size, 10.0)


def reserve_foot(deck: Deck, area: Box, blocks: list[Block]) -> tuple[Box, Box | None]:
    """``area`` less a strip at its foot tall enough for ``blocks`` at the foot size, and
    the strip; or ``area`` and None when they would take more than FOOT_SHARE of it."""
    if not blocks:
        return area, None
    size = foot_size(deck)
    width = inner(area)[0]
    tall = height(blocks, deck.measure, size, width) + 2 * INSET_Y + 1  # 1 pt: rounding
    if tall > area.height * FOOT_SHARE:
        return area, None
    strip = Box(area.left, area.bottom - tall, area.width, tall)
    return Box(area.left, area.top, area.width, area.height - tall - GAP), strip


def draw_foot(deck: Deck, slide, strip: Box, blocks: list[Block], what: str):
    """The strip's text, muted, anchored to its foot."""
    size = foot_size(deck)
    return text_box(deck, slide, strip, blocks, size, size, what, color="muted", anchor="b")


def source_blocks(deck: Deck, source) -> list[Block]:
    """'Source: …' as one block (citations read '[1]')."""
    if source is None:
        return []
    return [Block((Run(f"{deck.label('source')}: "), *source.runs()), space_after=0)]


def source_foot(deck: Deck, page: Page, area: Box, source, what: str) -> tuple[Box, str]:
    """Draw 'Source: …' on the slide's foot; the area left above it, and the text for the
    speaker notes when it does not fit (see ``add_notes``)."""
    blocks = source_blocks(deck, source)
    rest, strip = reserve_foot(deck, area, blocks)
    if strip is None:
        return area, blocks[0].text if blocks else ""
    draw_foot(deck, page.slide, strip, blocks, what)
    return rest, ""


def add_notes(deck: Deck, page: Page, text: str) -> None:
    """``text`` after the slide's speaker notes."""
    if not text:
        return
    slide = page.slide
    said = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
    notes(deck, page, "\n\n".join(filter(None, (said, text))))


def note_block(note: Footnote) -> Block:
    runs = tuple(run for p in note.paragraphs for run in (*p.runs, Run(" ")))[:-1]
    return Block((Run(superscript(note.number) + " "), *runs), space_after=0.2)


def note_text(note: Footnote) -> str:
    return f"{superscript(note.number)} {note.text}"


def _called(text: str, number: int) -> bool:
    mark = superscript(number)
    at = text.find(mark)
    while at >= 0:
        before = text[at - 1:at]
        after = text[at + len(mark):at + len(mark) + 1]
        if not (before and before in "⁰¹²³⁴⁵⁶⁷⁸⁹") and not (after and after in "⁰¹²³⁴⁵⁶⁷⁸⁹"):
            return True
        at = text.find(mark, at + 1)
    return False


class FootNotes:
    """A section's footnotes over the slides its points fill: on the foot of each slide
    that shows their call when they fit, else in that slide's speaker notes; notes
    whose call no slide shows go into the first slide's speaker notes."""

    def __init__(self, deck: Deck, notes: list[Footnote]):
        self.deck, self.notes = deck, notes
        self.strip: Box | None = None
        self.shown: set[int] = set()  # numbers called on some slide of the flow (plan)

    def reserve(self, box: Box) -> Box:
        """The body's box less the strip for every note, if they fit together."""
        box, self.strip = reserve_foot(self.deck, box, [note_block(n) for n in self.notes])
        return box

    def draw(self, page, blocks: list[Block], first: bool) -> str:
        """Draw the notes called by ``blocks`` on ``page``; the speaker notes' extra text."""
        text = "".join(block.text for block in blocks)
        called = [n for n in self.notes if _called(text, n.number)]
        uncalled = [n for n in self.notes if n.number not in self.shown] if first else []
        if called and self.strip is not None:
            draw_foot(self.deck, page.slide, self.strip, [note_block(n) for n in called],
                      "the footnotes")
            return "\n".join(note_text(n) for n in uncalled)
        return "\n".join(note_text(n) for n in called + uncalled)

    def plan(self, pages: list[list[Block]]) -> None:
        text = "".join(block.text for page in pages for block in page)
        self.shown = {n.number for n in self.notes if _called(text, n.number)}


def reference_blocks(deck: Deck) -> list[Block]:
    """The references, numbered as cited: '[1] Publisher, Title, date.' and the address."""
    items: list[Block] = []
    for number, ref in enumerate(deck.briefing.references, start=1):
        # "[1]" as text, as the citations read (a numbered bullet would read "1.")
        runs = [Run(f"[{number}]  ", bold=True)]
        runs += [Run(f"{ref.publisher}, ")] if ref.publisher else []
        runs.append(Run(ref.title, italic=True, href=ref.url))
        runs.append(Run(f", {ref.date}." if ref.date else "."))
        items.append(Block(tuple(runs), space_after=0.15 if ref.url else 0.9))
        if ref.url:
            items.append(Block((Run(ref.url, href=ref.url),), scale=0.7,
                               space_after=0.9 / 0.7, color="muted"))
    return items
