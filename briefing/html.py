"""Briefing + Theme → HTML text, from templates/briefing.html.j2.

Python passes data; all markup and layout live in the template and its CSS.
Content is never treated as a template: Jinja2 autoescapes every value, and
Markdown arrives already parsed (raw HTML disabled), so ``<script>`` or
``{{ x }}`` in content shows up literally.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
import unicodedata
from pathlib import Path

import jinja2
from markupsafe import Markup

from .cache import cache_dir
from .markdown import Inline, Markdown
from .model import Briefing
from .theme import TEMPLATES, Theme


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
    """The edition date in the label's strftime format ("%-d %B %Y" → 27 November 2026)."""
    if date is None:
        return ""
    fmt = fmt.replace("%-d", str(date.day)).replace("%-m", str(date.month))
    return date.strftime(fmt)


def render_html(briefing: Briefing, theme: Theme, *, media: str = "screen",
                image_url=None, page_size: str | None = None) -> str:
    """The briefing as one HTML document.

    ``media`` is "print" for the page WeasyPrint lays out (stylesheet linked,
    bundled fonts) and "screen" for the stand-alone web page (CSS inlined).
    ``image_url`` maps an image path from the content to the URL to use;
    ``page_size`` (A4, letter) overrides the theme's.
    """
    image_url = image_url or (lambda image: (briefing.base_dir / image.path).resolve().as_uri())
    env = template_env()

    def label(key: str) -> str:
        return theme.label(briefing.lang, key)

    env.filters["edition_date"] = lambda date: edition_date(date, label("date_format"))
    return env.get_template("briefing.html.j2").render(
        b=briefing, theme=theme, media=media, labels=label,
        image_url=image_url, page_size=page_size or theme.page.size,
    )


def relative_image_url(briefing: Briefing, out_dir: Path):
    """Image URLs relative to where the HTML page is written, for the web page."""

    def url(image) -> str:
        target = (briefing.base_dir / image.path).resolve()
        return Path(os.path.relpath(target, out_dir.resolve())).as_posix()

    return url
