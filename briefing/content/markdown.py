"""Markdown text → parsed tokens, rendered two ways: HTML for the PDF, runs for the deck.

Content text is parsed once, when the content file is loaded, with
markdown-it-py's ``js-default`` preset: raw HTML is never passed through. Of the
typographer only smart quotes are on: a straight ``"`` or ``'`` becomes the
briefing language's curly quote (QUOTES); every other character the author
wrote, curly quotes and dashes included, is kept as written.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token
from pydantic_core import core_schema

# Double open, double close, single open, single close, by primary language subtag.
QUOTES = {
    "en": "“”‘’", "ko": "“”‘’", "zh": "“”‘’", "ja": "「」『』", "de": "„“‚‘",
    "fr": ("«\u202f", "\u202f»", "‹\u202f", "\u202f›"), "es": "«»“”", "it": "«»“”", "pt": "«»“”",
    "nl": "“”‘’", "sv": "””’’", "pl": "„”‚’", "ru": "«»„“",
}


def _parser(quotes) -> MarkdownIt:
    md = MarkdownIt("js-default", {"typographer": True, "quotes": list(quotes)})
    return md.disable("replacements")  # (c) → ©, -- → – … would change the author's text


_PARSERS = {quotes: _parser(quotes) for quotes in set(QUOTES.values())}
_md = _PARSERS[QUOTES["en"]]
_LITERAL = MarkdownIt("js-default")


def parser_for(lang: str | None) -> MarkdownIt:
    """The Markdown parser whose smart quotes follow ``lang`` (English quotes by default)."""
    tag = (lang or "en").split("-")[0].lower() if isinstance(lang, str) else "en"
    return _PARSERS[QUOTES.get(tag, QUOTES["en"])]
LINK_SCHEMES = ("http", "https", "mailto")


def check_url(url: str) -> str:
    """Return ``url`` if it is an absolute http(s) or mailto link, else raise ValueError."""
    parts = urlsplit(url)
    if parts.scheme not in LINK_SCHEMES:
        raise ValueError(f"link {url!r} must start with http://, https:// or mailto:")
    if parts.scheme != "mailto" and not parts.netloc:
        raise ValueError(f"link {url!r} has no host; expected e.g. https://example.org/")
    if any(c.isspace() for c in url):
        raise ValueError(f"link {url!r} contains spaces; encode them as %20")
    return url


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

    __slots__ = ("source", "tokens")

    def __init__(self, source: str, lang: str | None = None):
        self.source = source
        # Text that quotes markup (attr="x") keeps its straight quotes: it is shown literally.
        md = _LITERAL if '="' in source or "='" in source else parser_for(lang)
        self.tokens: tuple[Token, ...] = tuple(self._parse(source, md))
        for href in _hrefs(self.tokens):
            if not href.startswith("#"):
                check_url(href)
        # Images come only from the `image` field (a local file with alt text): a
        # Markdown image would make the web page load whatever URL it names.
        if _has_image(self.tokens):
            raise ValueError("Markdown images (![alt](…)) are not supported here; "
                             "use the section's image field")

    @staticmethod
    def _parse(source: str, md: MarkdownIt) -> list[Token]:
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

    def html(self) -> str:
        return _md.renderer.render(list(self.tokens), _md.options, {})

    def links(self) -> list[str]:
        """The targets of the links in this text, in order."""
        return _hrefs(self.tokens)


class Markdown(_Text):
    """Block Markdown: paragraphs, ``-`` and ``1.`` lists, emphasis, links."""

    __slots__ = ()

    @staticmethod
    def _parse(source: str, md: MarkdownIt) -> list[Token]:
        return md.parse(source)

    def paragraphs(self) -> list[Paragraph]:
        return _block_paragraphs(self.tokens)


class Inline(_Text):
    """Inline Markdown (one line of bold, italic, code and links)."""

    __slots__ = ()

    @staticmethod
    def _parse(source: str, md: MarkdownIt) -> list[Token]:
        return md.parseInline(source)

    def runs(self) -> tuple[Run, ...]:
        return _inline_runs(self.tokens[0].children or [])

    @property
    def plain(self) -> str:
        return "".join(r.text for r in self.runs())


def _hrefs(tokens) -> list[str]:
    found = []
    for token in tokens:
        if token.type == "link_open":
            found.append(token.attrs.get("href", ""))
        if token.children:
            found.extend(_hrefs(token.children))
    return found


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
        elif tok.type in ("text", "code_inline", "softbreak", "hardbreak", "image"):
            text = {"softbreak": " ", "hardbreak": "\n"}.get(tok.type, tok.content)
            runs.append(Run(text, bold > 0, italic > 0, tok.type == "code_inline", href))
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
