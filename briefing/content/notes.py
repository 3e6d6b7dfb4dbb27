"""Footnotes and citations in content Markdown: syntax, checks, numbers, and how they print.

Footnotes are Pandoc's (``text[^id]`` … ``[^id]: the note``, the mdit-py-plugins
footnote plugin, without its inline ``^[…]`` form) and belong to a section's body:
each body defines the notes it calls. Once the briefing is loaded they are
numbered through the whole document (``number_notes``), in the order of their
first call, so every output shows the same numbers.

Citations are close to Pandoc's: ``[@id]`` or ``[@a; @b]`` names entries of the
briefing's ``references``; they print as the entries' numbers, "[1]" or "[1, 3]",
numbered in the order of the list. A bracket followed by ``(`` or ``[`` is a link,
as before (``[@handle](https://…)``).

The HTML is drawn by render rules that read the page it is for, ``env["mode"]``:
``"print"`` (the page WeasyPrint lays out: the note's text stands where it is
called, and the stylesheet floats it to the foot of the page), ``"web"`` (a
numbered link to the note listed after the section, which links back) or
``"entry"`` (the text repeated in the list of figures: citations as plain text,
no note).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import escape
from mdit_py_plugins.footnote import footnote_plugin

# Pandoc's citation keys: a letter, digit or _, then those and internal : . # $ % & - + ? < > ~ /
KEY = r"[A-Za-z0-9_](?:[A-Za-z0-9_:.#$%&+?<>~/-]*[A-Za-z0-9_])?"
_CITATION = re.compile(rf"\[(@{KEY}(?:\s*;\s*@{KEY})*)\]")
_KEY = re.compile(rf"@({KEY})")
_CALL = re.compile(r"\[\^([^\]\s]+)\]")
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


@dataclass(eq=False)
class Note:
    """One footnote definition of a text: its label, its block tokens, its number."""

    label: str
    local: int  # the plugin's id: the order of its first call in this text
    tokens: tuple[Token, ...]
    number: int = 0  # through the document, set by number_notes


@dataclass(frozen=True)
class Footnote:
    """A footnote as renderers read it."""

    number: int
    label: str
    paragraphs: tuple = ()  # markdown.Paragraph
    tokens: tuple[Token, ...] = field(default=(), repr=False)

    @property
    def text(self) -> str:
        return " ".join(p.text for p in self.paragraphs)


def extend(md: MarkdownIt) -> MarkdownIt:
    """``md`` with footnotes, citations and their render rules."""
    md.use(footnote_plugin, inline=False)
    md.inline.ruler.before("link", "citation", _citation_rule)
    md.add_render_rule("footnote_ref", _render_call)
    md.add_render_rule("citation", _render_citation)
    return md


def _citation_rule(state, silent: bool) -> bool:
    if not state.src.startswith("[@", state.pos):
        return False
    found = _CITATION.match(state.src, state.pos)
    if found is None or state.src[found.end():found.end() + 1] in ("(", "["):
        return False
    if not silent:
        token = state.push("citation", "", 0)
        token.content = found[0]
        token.meta = {"ids": _KEY.findall(found[1]), "numbers": None}
    state.pos = found.end()
    return True


def split_notes(tokens: list[Token]) -> tuple[tuple[Token, ...], tuple[Note, ...]]:
    """The text's own tokens, and its footnote definitions (each call's token points to
    its Note in ``meta["note"]``)."""
    text, found, current, inside = [], [], None, False
    for token in tokens:
        if token.type == "footnote_block_open":
            inside = True
        elif token.type == "footnote_block_close":
            inside = False
        elif token.type == "footnote_open":
            current = (token.meta["label"], token.meta["id"], [])
        elif token.type == "footnote_close":
            found.append(Note(current[0], current[1], tuple(current[2])))
            current = None
        elif current is not None:
            if token.type != "footnote_anchor":
                current[2].append(token)
        elif not inside:
            text.append(token)
    by_id = {note.local: note for note in found}
    for token in _inline(text):
        if token.type == "footnote_ref":
            token.meta["note"] = by_id.get(token.meta["id"])
    return tuple(text), tuple(found)


def _inline(tokens):
    for token in tokens:
        yield from token.children or ()


def check_notes(source: str, tokens, env: dict, block: bool) -> tuple[str, int] | None:
    """The first footnote problem of a text, as (message, offset in the source), or None."""
    for token in _inline(tokens):
        if token.type != "text" or (call := _CALL.search(token.content)) is None:
            continue
        label = call[1]
        offset = max(source.find(call[0]), 0)
        if not block:
            return (f"footnote [^{label}] here: footnotes work in a section's body only; "
                    "move the sentence and its note into the body", offset)
        return (f"footnote [^{label}] is called but not defined; add a line "
                f"'[^{label}]: the note' after the paragraph", offset)
    refs = env.get("footnotes", {}).get("refs", {})
    for key, local in refs.items():
        if local == -1:
            label = key[1:]
            offset = max(source.find(f"[^{label}]:"), 0)
            return (f"footnote [^{label}] is defined but never called; call it with "
                    f"[^{label}] in the text or delete the definition", offset)
    return None


def number_notes(text, first: int) -> int:
    """Number the footnotes of ``text`` (a Markdown value) from ``first``; return how many."""
    for note in text.note_defs:
        note.number = first + note.local
    return len(text.note_defs)


def citations(source: str, tokens) -> list[tuple[str, int]]:
    """Each cited id of a text with the offset in ``source`` where it is written."""
    found, cursor = [], 0
    for token in _inline(tokens):
        if token.type != "citation":
            continue
        at = source.find(token.content, cursor)
        start = max(at, 0)
        for key in token.meta["ids"]:
            spot = source.find("@" + key, start)
            found.append((key, spot if spot >= 0 else start))
            start = spot + 1 if spot >= 0 else start
        cursor = at + 1 if at >= 0 else cursor
    return found


def resolve_citations(tokens, numbers: dict[str, int]) -> None:
    """Give each citation token the numbers of the references it names."""
    for token in _inline(tokens):
        if token.type == "citation":
            token.meta["numbers"] = [numbers.get(key) for key in token.meta["ids"]]


def call_text(token: Token) -> str:
    """A footnote call or citation as plain text (the deck): '²', '[1, 3]'."""
    if token.type == "footnote_ref":
        return superscript(_number(token))
    numbers = token.meta.get("numbers") or [None] * len(token.meta["ids"])
    if None in numbers:
        return token.content
    return "[" + ", ".join(str(n) for n in numbers) + "]"


def superscript(number: int) -> str:
    return str(number).translate(_SUPERSCRIPT)


def _number(token: Token) -> int:
    note = token.meta.get("note")
    return note.number if note is not None and note.number else token.meta["id"] + 1


def _render_call(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    number, sub = _number(token), token.meta.get("subId", 0)
    if env.get("mode") == "entry":  # a list entry repeating the text: no second note
        return ""
    if env.get("mode") == "print":
        note = token.meta.get("note")
        if sub == 0 and note is not None:
            return (f'<span class="footnote" data-number="{number}">'
                    f"{note_html(self, note.tokens, options, env, inline=True)}</span>")
        return f'<sup class="note-call">{number}</sup>'
    label = escape(env.get("note_label", "Note"))
    anchor = f"note-call-{number}" + (f"-{sub + 1}" if sub else "")
    return (f'<sup class="note-call"><a href="#note-{number}" id="{anchor}" '
            f'role="doc-noteref" aria-label="{label} {number}">{number}</a></sup>')


def note_html(renderer, tokens, options, env, inline: bool = False) -> str:
    """A footnote's text as HTML: paragraphs, or (``inline``) their contents joined."""
    if not inline:
        return renderer.render(list(tokens), options, env)
    parts = [renderer.renderInline(t.children or [], options, env)
             for t in tokens if t.type == "inline"]
    return " ".join(parts)


def _render_citation(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    numbers = token.meta.get("numbers") or [None] * len(token.meta["ids"])
    if None in numbers:
        return str(escape(token.content))
    if env.get("mode") == "entry":
        return f'<span class="cite">[{", ".join(map(str, numbers))}]</span>'
    links = ", ".join(f'<a href="#ref-{n}">{n}</a>' for n in numbers)
    return f'<span class="cite">[{links}]</span>'
