"""Briefing + Theme → HTML text, from templates/briefing.html.j2.

Python passes data; all markup and layout live in the template and its CSS.
Content is never treated as a template: Jinja2 autoescapes every value, and
Markdown arrives already parsed (raw HTML disabled), so ``<script>`` or
``{{ x }}`` in content shows up literally.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

import jinja2
from markupsafe import Markup

from .markdown import Inline, Markdown
from .model import Briefing
from .theme import TEMPLATES, Theme


def template_env() -> jinja2.Environment:
    """The one Jinja2 environment: strict about undefined names, escaping by default."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["markdown"] = _markdown_html
    env.globals.update(cos=math.cos, sin=math.sin)
    return env


def _markdown_html(text: Markdown | Inline | None) -> Markup:
    return Markup(text.html()) if text is not None else Markup("")


def render_html(briefing: Briefing, theme: Theme, *, media: str = "screen",
                image_url=None) -> str:
    """The briefing as one HTML document.

    ``media`` is "print" for the page WeasyPrint lays out (stylesheet linked,
    bundled fonts) and "screen" for the stand-alone web page (CSS inlined).
    ``image_url`` maps an image path from the content to the URL to use.
    """
    image_url = image_url or (lambda image: (briefing.base_dir / image.path).resolve().as_uri())
    stylesheet = None if media == "print" else (TEMPLATES / "briefing.css").read_text("utf-8")
    return template_env().get_template("briefing.html.j2").render(
        b=briefing, theme=theme, media=media, inline_css=stylesheet,
        labels=lambda key: theme.label(briefing.lang, key), image_url=image_url,
    )


def relative_image_url(briefing: Briefing, out_dir: Path):
    """Image URLs relative to where the HTML page is written, for the web page."""

    def url(image) -> str:
        target = (briefing.base_dir / image.path).resolve()
        return Path(os.path.relpath(target, out_dir.resolve())).as_posix()

    return url
