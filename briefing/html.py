"""Briefing + Theme → HTML text: the page the PDF is laid out from (templates/briefing.html.j2)
and the web page (templates/web.html.j2).

The web page is one stand-alone file: images as data: URIs, the bundled fonts
as WOFF2 subsets of the characters it shows (webfonts.py), colours checked for
contrast in a light and a dark scheme (palette.py), no request but itself.

Python passes data; all markup and layout live in the template and its CSS.
Content is never treated as a template: Jinja2 autoescapes every value, and
Markdown arrives already parsed (raw HTML disabled), so ``<script>`` or
``{{ x }}`` in content shows up literally.
"""

from __future__ import annotations

import base64
import re
import time
import unicodedata
from pathlib import Path
from urllib.parse import quote

from markupsafe import Markup

from .content import Briefing
from .content.figures import numbering, reference_words
from .options import DEFAULT, Options
from .palette import web_palette
from .rendered import Rendered
from .templating import edition_date, lang_spans, markdown_filter, template_env
from .theme import Theme


def render_html(briefing: Briefing, theme: Theme, *, image_url=None,
                page_size: str | None = None) -> str:
    """The briefing as one HTML document, its stylesheet inlined.

    ``image_url`` maps an image of the content to the URL to use (default: a
    file: URL, for WeasyPrint); ``page_size`` (A4, letter) overrides the theme's.
    """
    image_url = image_url or (lambda image: (briefing.base_dir / image.path).resolve().as_uri())
    env = template_env(briefing.templates)

    def label(key: str, lang: str | None = None) -> str:
        """A label in the document's language, or in ``lang`` (a section's)."""
        return theme.label(lang or briefing.lang, key)

    env.filters["edition_date"] = lambda date: edition_date(date, label("date_format"))
    env.filters["markdown"] = markdown_filter("print")
    with reference_words(theme, briefing.lang):
        page = env.get_template("briefing.html.j2").render(
            b=briefing, theme=theme, labels=label, figures=numbering(briefing),
            image_url=image_url, page_size=page_size or theme.page.size,
        )
    return mark_keycaps(page) if "\u20e3" in page else page


# A keycap emoji: a digit, # or * (a variation selector may follow), then U+20E3.
_KEYCAP = re.compile("([0-9#*])\ufe0f?\u20e3")
# Text the marking must not touch: tags (their attribute values) and elements whose
# content is not markup (the document title, the stylesheet).
_NOT_TEXT = re.compile(r"(<title>.*?</title>|<style>.*?</style>|<[^>]*>)", re.S)


def mark_keycaps(page: str) -> str:
    """Each keycap emoji of the page's text in a ``keycap`` span: the print stylesheet
    takes the whole sequence, digit included, from the emoji font, where the font stack
    would take the digit from the text font and print a plain "1". The variation selector
    (U+FE0F, invisible) is left out: the emoji font has no glyph for it, so Pango would
    end the font's run before it and the keycap ligature would never form."""
    parts = _NOT_TEXT.split(page)
    return "".join(part if index % 2 else _KEYCAP.sub('<span class="keycap">\\1\u20e3</span>', part)
                   for index, part in enumerate(parts))


MIME_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
              ".gif": "image/gif", ".webp": "image/webp", ".svg": "image/svg+xml"}

# Labels the web page needs beyond the theme's, for themes that do not name them.
WEB_LABELS = {"skip": "Skip to the content", "topics": "Topics", "table": "Table",
              "figure": "Figure", "figures": "Figures and tables"}

# Characters the web stylesheet draws as generated content (bullets, quote mark).
GENERATED_TEXT = "\u2022\u201c"


def data_uri(briefing: Briefing):
    """An image of the content as a data: URI, so the page needs no other file."""

    def url(image) -> str:
        path = (briefing.base_dir / image.path).resolve()
        mime = MIME_TYPES.get(path.suffix.lower(), "application/octet-stream")
        return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"

    return url


def url_path(path: Path) -> str:
    """A relative path as a URL: each segment percent-encoded, so 'chart #1.png' or
    'q?.png' is not read as a fragment or a query."""
    return quote(path.as_posix())


RESERVED_IDS = frozenset({"main", "contents", "links", "top", "summary-title"})


def slug(text: str) -> str:
    """A heading's anchor: lower case words joined by '-', letters of any script kept."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"[\W_]+", "-", text).strip("-")[:64].rstrip("-")


def section_anchors(briefing: Briefing) -> list[str]:
    """One unique, stable id per section, from its title ("section-3" when it has no word)."""
    taken, anchors = set(RESERVED_IDS), []
    for number, section in enumerate(briefing.sections, 1):
        base = slug(section.title) or f"section-{number}"
        anchor, n = base, 2
        while anchor in taken:
            anchor, n = f"{base}-{n}", n + 1
        taken.add(anchor)
        anchors.append(anchor)
    return anchors


def description(briefing: Briefing) -> str:
    """One or two sentences for search results and link previews."""
    if briefing.subtitle:
        return briefing.subtitle
    for section in briefing.sections:
        if section.body:
            text = " ".join(" ".join(p.text for p in section.body.paragraphs()).split())
            return text if len(text) <= 200 else text[:199].rsplit(" ", 1)[0] + "…"
    return briefing.title


def render_web(briefing: Briefing, theme: Theme) -> str:
    """The web page: one stand-alone HTML document (fonts and images inside)."""
    from .webfonts import font_face_css, page_chars

    env = template_env(briefing.templates)

    def label(key: str, lang: str | None = None) -> str:
        """A label in the document's language, or in ``lang`` (a section's)."""
        lang = lang or briefing.lang
        if key in WEB_LABELS and key not in theme.labels.get("en", {}):
            table = theme.labels.get(lang.split("-")[0].lower(), {})
            return table.get(key) or WEB_LABELS[key]
        return theme.label(lang, key)

    env.filters["edition_date"] = lambda date: edition_date(date, label("date_format"))
    # Inside a section with its own language, runs are marked against that language.
    env.filters["lang_spans"] = lambda text, lang=None: lang_spans(text, lang or briefing.lang)
    env.filters["markdown"] = markdown_filter("web", label("note"))
    template = env.get_template("web.html.j2")
    context = dict(b=briefing, theme=theme, labels=label, image_url=data_uri(briefing),
                   anchors=section_anchors(briefing), palette=web_palette(theme.colors),
                   description=description(briefing), figures=numbering(briefing))
    # Rendered once: the fonts are subset to the characters of the page they go into.
    with reference_words(theme, briefing.lang):
        page = template.render(**context, fonts_css=Markup(FONTS_MARK))
    fonts = font_face_css(page_chars(page.replace(FONTS_MARK, ""), GENERATED_TEXT))
    return page.replace(FONTS_MARK, fonts, 1)


# Where the @font-face rules go, until the page's characters are known.
FONTS_MARK = "/* fonts: the page's @font-face rules */"


def write_html(briefing: Briefing, theme: Theme, target: Path,
               options: Options = DEFAULT) -> Rendered:
    """The web page, stand-alone, written to ``target``."""
    started = time.perf_counter()
    html = render_web(briefing, theme)
    target.write_text(html, encoding="utf-8")
    return Rendered(target, target.stat().st_size, time.perf_counter() - started)
