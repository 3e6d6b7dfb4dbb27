"""The one Jinja2 environment every template is rendered with, and its filters.

Strict about undefined names and escaping by default; the filters turn
content values into text the templates print (Markdown as HTML, numbers,
dates, CSS strings). The edition date is formatted here for every output.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata

import jinja2
from markupsafe import Markup, escape

from .cache import cache_dir
from .content.markdown import Inline, Markdown
from .errors import TemplateError
from .paths import TEMPLATES


def template_env() -> jinja2.Environment:
    """The one Jinja2 environment: strict about undefined names, escaping by default."""
    folder = cache_dir("templates")
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        # Compiling the templates costs ~30 ms a build; Jinja2 checks the
        # cached code against each template's checksum.
        bytecode_cache=jinja2.FileSystemBytecodeCache(str(folder)) if folder else None,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(markdown=_markdown_html, icon_split=icon_split, css_string=css_string,
                       num=number)
    env.globals.update(cos=math.cos, sin=math.sin)
    return env


_HEADING_TAG = re.compile(r"<(/?)h([1-6])>")


def _markdown_html(text: Markdown | Inline | None) -> Markup:
    """Content Markdown as HTML; headings inside a body sit below the section's h2.

    Raw HTML is never passed through, so every ``<hN>`` here came from
    Markdown: demoting them keeps the outline, bookmarks and PDF tags in order.
    """
    if text is None:
        return Markup("")
    html = text.html()
    if isinstance(text, Markdown) and "<h" in html:
        html = _HEADING_TAG.sub(lambda m: f"<{m[1]}h{min(int(m[2]) + 2, 6)}>", html)
    return Markup(html)


def icon_split(text: str) -> tuple[str, str]:
    """Split a leading icon (emoji or symbol run) off a line: "🌌 Explore" → ("🌌", "Explore")."""
    head, sep, rest = text.partition(" ")
    if sep and rest.strip() and all(_is_icon_char(c) for c in head):
        return head, rest.strip()
    return "", text


def _is_icon_char(char: str) -> bool:
    # So: emoji and symbols; Sk: skin tones; Mn/Cf: variation selectors, ZWJ, tags.
    return unicodedata.category(char) in ("So", "Sk", "Mn", "Cf")


_HANGUL = "\u1100-\u11FF\u3130-\u318F\uA960-\uA97F\uAC00-\uD7AF\uD7B0-\uD7FF"
# A Korean run: Hangul words and what sits between them (spaces, digits, punctuation).
_BETWEEN = "\\s\\d.,·:;!?%()\u2018\u2019\u201c\u201d'-"
_KOREAN_RUN = re.compile(f"[{_HANGUL}]+(?:[{_BETWEEN}]*[{_HANGUL}]+)*")
_TAGS = re.compile(r"(<[^>]*>)")
_EXTERNAL = re.compile(r'<a href="(?=https?:)')


def lang_spans(text, page_lang: str = "en") -> Markup:
    """Text (or HTML from the ``markdown`` filter) for the web page: each Korean run in a page
    of another language marked ``<span lang="ko">`` (screen readers switch voice, browsers
    pick Korean fonts), external links marked ``rel="external"``. The text is unchanged."""
    parts = _TAGS.split(str(escape(text)))
    if page_lang.split("-")[0].lower() != "ko":
        parts[::2] = [_KOREAN_RUN.sub(r'<span lang="ko">\g<0></span>', p) for p in parts[::2]]
    parts[1::2] = [_EXTERNAL.sub('<a rel="external" href="', p) for p in parts[1::2]]
    return Markup("".join(parts))


def number(value: float) -> str:
    """A chart value as people write it: 12.4, 63.9, 1,250, -2 (at most two decimals)."""
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def css_string(text: str) -> Markup:
    """``text`` as a quoted CSS string, safe inside a <style> element."""
    escaped = "".join(c if c.isalnum() or c in " .,:;-_/()" else f"\\{ord(c):x} "
                      for c in text)
    return Markup(f'"{escaped}"')


def edition_date(date: dt.date | None, fmt: str) -> str:
    """The edition date in the label's strftime format ("%-d %B %Y" → 27 November 2026),
    the same in every output and on every platform: ``%-d`` (no leading zero) is glibc's,
    so it is expanded here rather than by strftime, which raises on Windows."""
    if date is None:
        return ""
    fmt = _UNPADDED.sub(lambda m: str(int(date.strftime("%" + m[1]))), fmt)
    try:
        return date.strftime(fmt)
    except ValueError as err:
        raise TemplateError(f"theme.yaml: labels.date_format {fmt!r}: {err}; expected "
                            "strftime codes such as %-d %B %Y") from None


_UNPADDED = re.compile(r"%-([dmHIMSjy])")
