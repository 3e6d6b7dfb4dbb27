"""Figure and table numbers, computed once for every output, and cross-references to them.

Charts and images are "Figure N", tables "Table N", each numbered from 1 in
document order: sections in order and, within a section, its table, chart
and image (the order every output shows them). A table, chart or image may
have an ``id`` (Quarto's: ``fig-…`` for charts and images, ``tbl-…`` for
tables); text refers to it as ``@fig-exports``, which every output prints as
"Figure 2" (a link to it in the PDF and the web page, plain text in the deck).

References are resolved once, when the content is loaded: each ``@id`` in a
text token becomes an ``xref`` token carrying the number and the anchor, so
the renderers only print it (markdown.py), in the words of the theme's
labels (``reference_words``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from pydantic import BaseModel

from .markdown import DEFAULT_WORDS, REFERENCE_WORDS, Inline, _Text

PARTS = ("table", "chart", "image")  # the order a section shows them in
_REFERENCE = re.compile(r"(?<![\w@.])@((?:fig|tbl)-[A-Za-z0-9](?:[A-Za-z0-9_-]*[A-Za-z0-9])?)")


@dataclass(frozen=True)
class Numbered:
    """One numbered figure or table."""

    kind: str            # "fig" or "tbl"
    number: int
    section: int         # the section's index, from 0
    part: str            # "table", "chart" or "image"
    id: str | None       # the author's id
    caption: Inline | None

    @property
    def anchor(self) -> str:
        """The id of the figure in the PDF and the web page: the author's, else one made
        from the number (which cannot clash: the author's start with fig- or tbl-)."""
        return self.id or f"{'figure' if self.kind == 'fig' else 'table'}-{self.number}"


class Numbering:
    """Every numbered figure and table of a briefing, in document order."""

    def __init__(self, briefing):
        self.entries: list[Numbered] = []
        counts = {"fig": 0, "tbl": 0}
        for index, section in enumerate(briefing.sections):
            for part in PARTS:
                item = getattr(section, part)
                if item is None:
                    continue
                kind = "tbl" if part == "table" else "fig"
                counts[kind] += 1
                self.entries.append(Numbered(kind, counts[kind], index, part, item.id,
                                             item.caption))
        self._at = {(e.section, e.part): e for e in self.entries}
        self.by_id = {e.id: e for e in reversed(self.entries) if e.id}

    def of(self, section: int, part: str) -> Numbered | None:
        return self._at.get((section, part))

    def label(self, section: int, part: str, words: dict | None = None) -> str:
        """"Figure 2" / "Table 1" for a section's part, in ``words`` (reference_words)."""
        entry = self.of(section, part)
        if entry is None:
            return ""
        return f"{(words or REFERENCE_WORDS.get() or DEFAULT_WORDS)[entry.kind]} {entry.number}"


def numbering(briefing) -> Numbering:
    return Numbering(briefing)


def words(theme, lang: str) -> dict[str, str]:
    """The words references print in: the theme's labels "figure" and "table"."""
    return {"fig": theme.label(lang, "figure"), "tbl": theme.label(lang, "table")}


@contextmanager
def reference_words(theme, lang: str):
    """While rendering: references print "Figure 2" in the theme's words for ``lang``."""
    token = REFERENCE_WORDS.set(words(theme, lang))
    try:
        yield
    finally:
        REFERENCE_WORDS.reset(token)


# -- resolving references at load time ---------------------------------------------------

def resolve_references(briefing) -> list[tuple[tuple, str]]:
    """Check ids (unique) and references (each names an id); turn every reference into an
    ``xref`` token. Returns the problems as (field path, message)."""
    problems: list[tuple[tuple, str]] = []
    found = Numbering(briefing)
    first: dict[str, Numbered] = {}
    for entry in found.entries:
        if not entry.id:
            continue
        if entry.id in first:
            earlier = first[entry.id]
            problems.append((("sections", entry.section, entry.part, "id"),
                             f"duplicate id {entry.id!r} (also on sections[{earlier.section}]."
                             f"{earlier.part}); expected each id once"))
        else:
            first[entry.id] = entry
    for path, text in _texts(briefing, ()):
        if "@" not in text.source:
            continue
        for token in text.tokens:
            if token.type == "inline" and token.children:
                unknown = _link_references(token, first)
                for name in unknown:
                    known = ", ".join(f"@{i}" for i in first) or "none"
                    problems.append((path, f"reference @{name} names no figure or table; "
                                     f"ids in this briefing: {known}"))
    return problems


def _texts(value, path: tuple) -> Iterator[tuple[tuple, _Text]]:
    if isinstance(value, _Text):
        yield path, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _texts(getattr(value, name), (*path, name))
    elif isinstance(value, tuple):
        for index, item in enumerate(value):
            yield from _texts(item, (*path, index))


def _link_references(inline, ids: dict[str, Numbered]) -> list[str]:
    """Replace the references in an inline token's text children by xref tokens; return
    the ids that name nothing."""
    from markdown_it.token import Token

    unknown: list[str] = []
    children: list = []
    links = 0
    for child in inline.children:
        links += child.type == "link_open"
        links -= child.type == "link_close"
        if child.type != "text" or "@" not in child.content:
            children.append(child)
            continue
        text, at = child.content, 0
        for match in _REFERENCE.finditer(text):
            entry = ids.get(match[1])
            if entry is None:
                unknown.append(match[1])
                continue
            if match.start() > at:
                children.append(Token("text", "", 0, content=text[at:match.start()]))
            children.append(Token("xref", "", 0, content=match[0], meta={
                "kind": entry.kind, "number": entry.number, "anchor": entry.anchor,
                "link": links == 0}))
            at = match.end()
        if at == 0:
            children.append(child)
        elif at < len(text):
            children.append(Token("text", "", 0, content=text[at:]))
    inline.children = children
    return unknown
