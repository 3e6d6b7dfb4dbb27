"""Markdown text → parsed tokens, rendered two ways: HTML for the PDF, runs for the deck.

Content text is parsed once, when the content file is loaded, with
markdown-it-py's ``js-default`` preset: raw HTML is never passed through. Of the
typographer only smart quotes are on: a straight ``"`` or ``'`` becomes the
briefing language's curly quote (QUOTES); every other character the author
wrote, curly quotes and dashes included, is kept as written.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.token import Token
from pydantic_core import PydanticCustomError, core_schema

from .notes import Footnote, call_text, check_notes, citations, extend, note_html, split_notes
from .urls import check_url

# Double open, double close, single open, single close, by primary language subtag.
QUOTES = {
    "en": "“”‘’", "ko": "“”‘’", "zh": "“”‘’", "ja": "「」『』", "de": "„“‚‘",
    "fr": ("«\u202f", "\u202f»", "‹\u202f", "\u202f›"), "es": "«»“”", "it": "«»“”", "pt": "«»“”",
    "nl": "“”‘’", "sv": "””’’", "pl": "„”‚’", "ru": "«»„“",
}


def _parser(quotes) -> MarkdownIt:
    md = MarkdownIt("js-default", {"typographer": True, "quotes": list(quotes)})
    md.disable("replacements")  # (c) → ©, -- → – … would change the author's text
    return extend(md)


_PARSERS = {quotes: _parser(quotes) for quotes in set(QUOTES.values())}
_md = _PARSERS[QUOTES["en"]]

# The words a reference to a figure or table prints in ("Figure 2"): the renderers set
# them from the theme's labels (figures.reference_words); see figures.py.
DEFAULT_WORDS = {"fig": "Figure", "tbl": "Table"}
REFERENCE_WORDS: ContextVar[dict[str, str] | None] = ContextVar("reference_words", default=None)


def reference_text(token: Token) -> str:
    """What an ``xref`` token (a resolved @fig-… or @tbl-…) reads: "Figure 2"."""
    words = REFERENCE_WORDS.get() or DEFAULT_WORDS
    return f"{words[token.meta['kind']]} {token.meta['number']}"


def _render_xref(self, tokens, index, options, env) -> str:
    token = tokens[index]
    text = escapeHtml(reference_text(token))
    if not token.meta.get("link") or env.get("mode") == "entry":
        return text
    return f'<a class="xref" href="#{escapeHtml(token.meta["anchor"])}">{text}</a>'


def _render_link(self, tokens, index, options, env) -> str:
    """A link, except in an "entry" (a caption repeated inside the list of figures'
    own link: a link inside a link breaks the entry apart in any HTML parser)."""
    if env.get("mode") == "entry":
        return ""
    return self.renderToken(tokens, index, options, env)


_md.add_render_rule("xref", _render_xref)
_md.add_render_rule("link_open", _render_link)
_md.add_render_rule("link_close", _render_link)
_LITERAL = extend(MarkdownIt("js-default"))


def parser_for(lang: str | None) -> MarkdownIt:
    """The Markdown parser whose smart quotes follow ``lang`` (English quotes by default)."""
    tag = (lang or "en").split("-")[0].lower() if isinstance(lang, str) else "en"
    return _PARSERS[QUOTES.get(tag, QUOTES["en"])]


@dataclass(frozen=True)
class Run:
    """A stretch of text with one style."""

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    href: str | None = None


@dataclass(frozen=True)
class Paragraph:
    """A paragraph or list item as styled runs; ``bullet`` is '•', '1.' … or ''."""

    runs: tuple[Run, ...]
    bullet: str = ""
    level: int = 0

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


class _Text:
    """Shared behaviour of parsed Markdown values: keep the source, compare by it."""

    __slots__ = ("source", "tokens", "note_defs")

    def __init__(self, source: str, lang: str | None = None):
        self.source = source
        # Text that quotes markup (attr="x") keeps its straight quotes: it is shown literally.
        md = _LITERAL if '="' in source or "='" in source else parser_for(lang)
        env: dict = {}
        tokens = self._parse(source, md, env)
        # Footnote definitions (notes.py): kept apart from the text that calls them.
        self.tokens, self.note_defs = split_notes(tokens)
        _check_nesting(tokens)
        problem = check_notes(source, self.tokens, env, block=isinstance(self, Markdown))
        if problem:
            message, offset = problem
            raise PydanticCustomError("footnote", "{message}",
                                      {"message": message, "offset": offset})
        for href in _hrefs(tokens):
            if not href.startswith("#"):
                check_url(href)
        # Images come only from the `image` field (a local file with alt text): a
        # Markdown image would make the web page load whatever URL it names.
        if _has_image(tokens):
            raise ValueError("Markdown images (![alt](…)) are not supported here; "
                             "use the section's image field")

    @staticmethod
    def _parse(source: str, md: MarkdownIt, env: dict) -> list[Token]:
        raise NotImplementedError

    def __str__(self) -> str:
        return self.source

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.source!r})"

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.source == self.source

    def __hash__(self) -> int:
        return hash(self.source)

    @classmethod
    def __get_pydantic_core_schema__(cls, source_type, handler):
        # Validate as strict text first, so a number or a list gets the usual
        # "expected text" error, then parse.
        # The language (validation context, from load.py) picks the smart quotes.
        return core_schema.with_info_after_validator_function(
            lambda source, info: cls(source, (info.context or {}).get("lang")),
            core_schema.str_schema(strict=True),
            serialization=core_schema.to_string_ser_schema(),
        )

    def html(self, mode: str = "web", note_label: str = "Note") -> str:
        """HTML of the text; footnote calls and citations as ``mode`` ("web" or "print",
        notes.py) draws them; "entry": the text repeated in a list (of figures), its
        links, cross-references and citations as text and its footnote calls left out."""
        return _md.renderer.render(list(self.tokens), _md.options,
                                   {"mode": mode, "note_label": note_label})

    def all_tokens(self) -> list[Token]:
        """The text's tokens and those of its footnotes."""
        return [*self.tokens, *(t for note in self.note_defs for t in note.tokens)]

    def citations(self) -> list[tuple[str, int]]:
        """Each cited reference id with the offset in the source where it is written."""
        return citations(self.source, self.all_tokens())

    def links(self) -> list[str]:
        """The targets of the links in this text (its footnotes included), in order."""
        return _hrefs(self.all_tokens())

    def link_offsets(self) -> list[tuple[str, int]]:
        """Each link target in this text with the offset in its source where the URL is written.

        Block tokens carry the source lines they come from; inside them the URL is
        looked up as written (markdown-it normalises targets: punycode hosts,
        percent-encoding, entities). A reference-style link is found at its
        definition; a target that cannot be found is placed at its block's start.
        """
        source = self.source
        starts = [0]
        for line in source.split("\n"):  # markdown-it's line numbers count "\n" only
            starts.append(starts[-1] + len(line) + 1)
        found, cursor = [], 0
        for token in self.all_tokens():
            if token.type != "inline":
                continue
            first = token.map[0] if token.map else 0
            block = starts[min(first, len(starts) - 1)]
            block += len(source[block:]) - len(source[block:].lstrip(" \t"))
            for href in _hrefs(token.children or []):
                offset = _find_url(source, href, max(cursor, block))
                if offset is None:
                    offset = _find_url(source, href, 0)
                if offset is None:
                    found.append((href, block))
                else:
                    found.append((href, offset))
                    cursor = offset + 1
        return found


class Markdown(_Text):
    """Block Markdown: paragraphs, ``-`` and ``1.`` lists, emphasis, links."""

    __slots__ = ()

    @staticmethod
    def _parse(source: str, md: MarkdownIt, env: dict) -> list[Token]:
        return md.parse(source, env)

    def paragraphs(self) -> list[Paragraph]:
        return _block_paragraphs(self.tokens)

    def footnotes(self) -> list[Footnote]:
        """The footnotes this text defines, in the order it calls them (numbered once the
        briefing is loaded: through the whole document)."""
        return [Footnote(n.number, n.label, tuple(_block_paragraphs(n.tokens)),
                               n.tokens) for n in self.note_defs]

    def note_html(self, footnote: Footnote, mode: str = "web") -> str:
        """A footnote's text as HTML paragraphs."""
        return note_html(_md.renderer, footnote.tokens, _md.options, {"mode": mode})


class Inline(_Text):
    """Inline Markdown (one line of bold, italic, code and links)."""

    __slots__ = ()

    @staticmethod
    def _parse(source: str, md: MarkdownIt, env: dict) -> list[Token]:
        return md.parseInline(source, env)

    def runs(self) -> tuple[Run, ...]:
        return _inline_runs(self.tokens[0].children or [])

    @property
    def plain(self) -> str:
        return "".join(r.text for r in self.runs())


# Deeper nesting than this is refused when the file is loaded: WeasyPrint lays out
# nested boxes recursively (about 400 levels of ** exhaust Python's stack), and no
# reader follows emphasis inside emphasis, or a list inside a list, twenty deep.
MAX_NESTING = 20
_BLOCKS = ("bullet_list_open", "ordered_list_open", "blockquote_open")


def _check_nesting(tokens) -> None:
    """Raise ValueError if emphasis and links, or lists and block quotes, nest deeper
    than MAX_NESTING."""
    blocks = 0
    for token in tokens:
        if token.type in _BLOCKS:
            blocks += 1
        elif token.type.replace("_close", "_open") in _BLOCKS and token.nesting < 0:
            blocks -= 1
        if blocks > MAX_NESTING:
            raise ValueError(f"lists and quotes are nested more than {MAX_NESTING} levels "
                             "deep; expected fewer levels")
        inline = 0
        for child in token.children or ():
            inline += child.nesting
            if inline > MAX_NESTING:
                raise ValueError(f"emphasis and links are nested more than {MAX_NESTING} "
                                 "levels deep; expected fewer levels")


def _hrefs(tokens) -> list[str]:
    found = []
    for token in tokens:
        if token.type == "link_open":
            found.append(token.attrs.get("href", ""))
        if token.children:
            found.extend(_hrefs(token.children))
    return found


def _find_url(source: str, href: str, start: int) -> int | None:
    parts = urlsplit(href)
    for needle in (href, _md.normalizeLinkText(href), f"{parts.scheme}://{parts.netloc}",
                   f"{parts.scheme}://{_md.normalizeLinkText(parts.netloc)}"):
        at = source.find(needle, start)
        if at >= 0:
            return at
    return None


def _has_image(tokens) -> bool:
    return any(t.type == "image" or (t.children and _has_image(t.children)) for t in tokens)


def _inline_runs(children: list[Token]) -> tuple[Run, ...]:
    """Flatten markdown-it inline tokens into styled runs."""
    runs: list[Run] = []
    bold = italic = 0
    href: str | None = None
    for tok in children:
        if tok.type == "strong_open":
            bold += 1
        elif tok.type == "strong_close":
            bold -= 1
        elif tok.type == "em_open":
            italic += 1
        elif tok.type == "em_close":
            italic -= 1
        elif tok.type == "link_open":
            href = str(tok.attrs.get("href", ""))
        elif tok.type == "link_close":
            href = None
        elif tok.type == "xref":
            runs.append(Run(reference_text(tok), bold > 0, italic > 0, False, href))
        elif tok.type in ("text", "code_inline", "softbreak", "hardbreak", "image"):
            text = {"softbreak": " ", "hardbreak": "\n"}.get(tok.type, tok.content)
            runs.append(Run(text, bold > 0, italic > 0, tok.type == "code_inline", href))
        elif tok.type in ("footnote_ref", "citation"):
            runs.append(Run(call_text(tok), bold > 0, italic > 0, False, href))
    return _merge(runs)


def _merge(runs: list[Run]) -> tuple[Run, ...]:
    """Join neighbouring runs of the same style so each frame gets few runs."""
    merged: list[Run] = []
    for run in runs:
        if merged and _style(merged[-1]) == _style(run):
            merged[-1] = Run(merged[-1].text + run.text, *_style(run))
        elif run.text:
            merged.append(run)
    return tuple(merged)


def _style(run: Run) -> tuple:
    return (run.bold, run.italic, run.code, run.href)


def _block_paragraphs(tokens: tuple[Token, ...]) -> list[Paragraph]:
    """Paragraphs and list items of block tokens, with bullets and nesting level."""
    out: list[Paragraph] = []
    lists: list[list] = []  # stack of [ordered, next number]
    bullet = ""
    for tok in tokens:
        if tok.type in ("bullet_list_open", "ordered_list_open"):
            start = int(tok.attrs.get("start", 1)) if tok.attrs else 1
            lists.append([tok.type == "ordered_list_open", start])
        elif tok.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif tok.type == "list_item_open":
            ordered, number = lists[-1]
            bullet = f"{number}." if ordered else "•"
            lists[-1][1] += 1
        elif tok.type == "inline":
            level = max(len(lists) - 1, 0)
            out.append(Paragraph(_inline_runs(tok.children or []), bullet, level))
            bullet = ""
        elif tok.type in ("code_block", "fence"):
            out.append(Paragraph((Run(tok.content.rstrip("\n"), code=True),), "", 0))
    return out
