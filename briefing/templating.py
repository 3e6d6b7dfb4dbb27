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
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from . import charts
from .cache import cache_dir
from .content.fields import is_emoji
from .content.markdown import Inline, Markdown
from .errors import TemplateError
from .paths import TEMPLATES


def template_env(project: Path | tuple[Path, ...] | None = None) -> jinja2.Environment:
    """The one Jinja2 environment: strict about undefined names, escaping by default.
    A ``project`` templates folder's files come before the built-in ones of that name."""
    folder = cache_dir("templates")
    if isinstance(project, Path):
        project = (project,)
    folders = [*map(str, project or ()), str(TEMPLATES)]
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folders),
        # Compiling the templates costs ~30 ms a build; Jinja2 checks the
        # cached code against each template's checksum.
        bytecode_cache=jinja2.FileSystemBytecodeCache(str(folder)) if folder else None,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(markdown=_markdown_html, entry=entry_filter, icon_split=icon_split,
                       css_string=css_string,
                       num=number, heading=heading, key_points=key_points,
                       url_breaks=url_breaks)
    env.globals.update(cos=math.cos, sin=math.sin, chart_colors=charts.series_colors,
                       chart_scale=charts.scale, value_title=charts.value_title,
                       pie_text=charts.pie_text, ink=charts.ink,
                       legend_rows=charts.legend_rows, chart_summary=charts.summary,
                       format_number=number)
    return env


_HEADING_TAG = re.compile(r"<(/?)h([1-6])>")


# A number and its unit sign stay on one line ("55 %", "20 °C"): the space is made a
# no-break space, as the deck does for stat values. No URL holds a space.
_UNIT_SPACE = re.compile(r"(\d) (?=[%‰‱]|°[CF]?(?!\w))")


_LINK = re.compile(r'(<a href="((?:https?|mailto):[^"]*)">(.*?)</a>)', re.S)


def _markdown_html(text: Markdown | Inline | None, addresses: bool = False, *,
                   notes: str = "web", note_label: str = "Note") -> Markup:
    """Content Markdown as HTML; headings inside a body sit below the section's h2.

    Raw HTML is never passed through, so every ``<hN>`` here came from
    Markdown: demoting them keeps the outline, bookmarks and PDF tags in order.
    With ``addresses`` (paper), each web link is followed by its address, which
    may break only after / or before . (``url_breaks``). ``notes`` ("web",
    "print") is how footnote calls print (content/notes.py).
    """
    if text is None:
        return Markup("")
    html = _UNIT_SPACE.sub("\\1\u00a0", text.html(notes, note_label))
    if isinstance(text, Markdown) and "<h" in html:
        html = _HEADING_TAG.sub(lambda m: f"<{m[1]}h{min(int(m[2]) + 2, 6)}>", html)
    if addresses and "<a " in html:
        html = _LINK.sub(lambda m: m[1] if m[3] == m[2] else
                         f'{m[1]} <span class="address">({_breakable(m[2])})</span>', html)
    return Markup(html)


def entry_filter(text: Markdown | Inline | None) -> Markup:
    """The ``entry`` filter: a caption as an entry of the list of figures (text.html)."""
    return _markdown_html(text, notes="entry")


def markdown_filter(notes: str, note_label: str = "Note"):
    """The ``markdown`` filter for one kind of page: "print" (footnotes at the page's
    foot) or "web" (numbered links to the notes after each section)."""
    return lambda text, addresses=False: _markdown_html(text, addresses, notes=notes,
                                                         note_label=note_label)


def url_breaks(url: str) -> Markup:
    """An address that may break only after a slash or before a dot, never with a hyphen
    (the template sets hyphens: manual on it); the scheme's ``://`` stays whole."""
    return Markup(_breakable(str(Markup.escape(url))))


def _breakable(escaped: str) -> str:
    scheme, sep, rest = escaped.partition("://")
    if not sep:
        scheme, rest = "", escaped
    rest = re.sub(r"(/+)(?=.)", r"\1<wbr>", rest)
    rest = re.sub(r"(?<=[^.<])\.(?=[^.\s])", "<wbr>.", rest)
    return scheme + sep + rest


def heading(text: str, icons: bool = False) -> str:
    """A heading's text: a leading emoji is left out unless ``icons`` (theme.yaml
    report.heading_icons): headings carry words, not pictures."""
    return text if icons else icon_split(text)[1]


_STOP = frozenset({"the", "and", "for", "with", "from", "into", "that", "this", "its", "their",
                   "than", "not", "but", "are", "was", "were", "has", "have", "had", "our",
                   "out", "who", "what", "which"})
_SENTENCE = re.compile(r"(?<=[.!?…])[”’\"')\]]*\s+")
LONG_BODY = 150  # words: above this, key points help a reader scan even if they repeat


def key_points(section) -> list:
    """The section's highlights worth printing beside its body: all of them for a long or
    missing body; otherwise those that do not repeat a sentence of the body (most words
    of the point in one sentence), which a reader would read twice."""
    body = section.body.source if section.body else ""
    if not body or len(body.split()) > LONG_BODY:
        return list(section.highlights)
    sentences = [_words(s) for s in _SENTENCE.split(body)]
    fresh = []
    for point in section.highlights:
        words = _words(point.plain)
        if not words or max(len(words & s) for s in sentences) < 0.7 * len(words):
            fresh.append(point)
    return fresh


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"\w+", text.lower()) if len(w) > 2 and w not in _STOP}


def icon_split(text: str) -> tuple[str, str]:
    """Split a leading icon off a line: "🌌 Explore" → ("🌌", "Explore"). An icon is a run of
    pictographs (content.fields.is_emoji) with their joiners and variation selectors; a
    symbol that is text ("© 2026", "¦ 0", "° C") stays."""
    head, sep, rest = text.partition(" ")
    if head and sep and rest.strip() and any(is_emoji(ord(c)) for c in head) and \
            all(is_emoji(ord(c)) or unicodedata.category(c) in ("Mn", "Cf") for c in head):
        return head, rest.strip()
    return "", text


_HANGUL = "\u1100-\u11FF\u3130-\u318F\uA960-\uA97F\uAC00-\uD7AF\uD7B0-\uD7FF"
# A Korean run: Hangul words and what sits between them (spaces, digits, punctuation).
_BETWEEN = "\\s\\d.,·:;!?%()\u2018\u2019\u201c\u201d'-"
_KOREAN_RUN = re.compile(f"[{_HANGUL}]+(?:[{_BETWEEN}]*[{_HANGUL}]+)*")
_TAGS = re.compile(r"(<[^>]*>)")
_EXTERNAL = re.compile(r'<a href="(?=https?:)')


def lang_spans(text, page_lang: str = "en") -> Markup:
    """Text (or HTML from the ``markdown`` filter) for the web page: each Korean run in a page
    of another language marked ``<span lang="ko">`` (screen readers switch voice, browsers
    pick Korean fonts), external links marked ``rel="external"``. The text is unchanged.
    In a section with its own ``lang``, ``page_lang`` is the section's: Korean text in a
    Korean section needs no span, and Latin runs there are left unmarked (names and
    terms such as "BTS" are part of Korean text, and their language is not known)."""
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
