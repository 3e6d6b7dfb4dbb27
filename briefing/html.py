"""Briefing + Theme → HTML text, from templates/briefing.html.j2: the web page, and the
page the PDF is laid out from.

Python passes data; all markup and layout live in the template and its CSS.
Content is never treated as a template: Jinja2 autoescapes every value, and
Markdown arrives already parsed (raw HTML disabled), so ``<script>`` or
``{{ x }}`` in content shows up literally.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from urllib.parse import quote

from .content import Briefing
from .options import DEFAULT, Options
from .paths import project_templates
from .rendered import Rendered
from .templating import edition_date, template_env
from .theme import Theme


def render_html(briefing: Briefing, theme: Theme, *, image_url=None,
                page_size: str | None = None) -> str:
    """The briefing as one HTML document, its stylesheet inlined.

    ``image_url`` maps an image of the content to the URL to use (default: a
    file: URL, for WeasyPrint); ``page_size`` (A4, letter) overrides the theme's.
    """
    image_url = image_url or (lambda image: (briefing.base_dir / image.path).resolve().as_uri())
    env = template_env(project_templates(briefing.base_dir))

    def label(key: str) -> str:
        return theme.label(briefing.lang, key)

    env.filters["edition_date"] = lambda date: edition_date(date, label("date_format"))
    return env.get_template("briefing.html.j2").render(
        b=briefing, theme=theme, labels=label,
        image_url=image_url, page_size=page_size or theme.page.size,
    )


def relative_image_url(briefing: Briefing, out_dir: Path):
    """Image URLs relative to where the HTML page is written, for the web page."""

    def url(image) -> str:
        target = (briefing.base_dir / image.path).resolve()
        return url_path(Path(os.path.relpath(target, out_dir.resolve())))

    return url


def url_path(path: Path) -> str:
    """A relative path as a URL: each segment percent-encoded, so 'chart #1.png' or
    'q?.png' is not read as a fragment or a query."""
    return quote(path.as_posix())


def write_html(briefing: Briefing, theme: Theme, target: Path,
               options: Options = DEFAULT) -> Rendered:
    """The web page: the briefing's HTML with image URLs relative to ``target``'s folder."""
    started = time.perf_counter()
    html = render_html(briefing, theme, image_url=relative_image_url(briefing, target.parent))
    target.write_text(html, encoding="utf-8")
    return Rendered(target, target.stat().st_size, time.perf_counter() - started)
