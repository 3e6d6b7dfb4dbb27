"""Briefing + Theme → PDF file: glyph check, the print page (html.py), then WeasyPrint.

``write_pdf`` is the stage's entry point. ``glyphs`` finds characters no
bundled font draws, ``hyphens`` keeps Pyphen's parsed patterns between
builds, and ``engine`` is the only module that imports WeasyPrint.
"""

from __future__ import annotations

import time
from pathlib import Path

from ..options import DEFAULT, Options
from ..rendered import Rendered


def write_pdf(briefing, theme, target: Path, options: Options = DEFAULT) -> Rendered:
    """Check every character has a glyph, lay the briefing out and write the PDF.

    Warnings are ``FILE:LINE:COL: path: message`` for a missing glyph and
    ``weasyprint: message`` for WeasyPrint's log; under ``options.strict``
    any of them is a RenderError and nothing is written.
    """
    from ..html import render_html, url_path
    from ..paths import project_fonts
    from .engine import CONTENT_URL, html_to_pdf
    from .glyphs import MissingGlyphs, missing_glyphs
    from .hyphens import preload as preload_hyphenation

    started = time.perf_counter()
    house = tuple(folder / "fonts.css" for folder in project_fonts(briefing.templates)
                  if (folder / "fonts.css").is_file())  # a project's own @font-face rules
    problems = missing_glyphs(briefing, theme, extra=house)
    if options.strict and problems:
        raise MissingGlyphs(problems)
    base = briefing.base_dir.resolve()

    def image_url(image) -> str:
        # Relative to the content folder, never absolute: WeasyPrint names an image
        # in the PDF after its URL, and the same content must give the same bytes
        # in any folder.
        return CONTENT_URL + url_path((base / image.path).resolve().relative_to(base))

    html = render_html(briefing, theme, image_url=image_url, page_size=options.page_size)
    for lang in dict.fromkeys([briefing.lang, *(s.lang for s in briefing.sections if s.lang)]):
        preload_hyphenation(lang)  # WeasyPrint hyphenates each element by its lang
    written = html_to_pdf(html, target, allowed=[base, *(c.parent for c in house)],
                          content=base, strict=options.strict, variant=options.pdf_variant,
                          section_langs=tuple(s.lang for s in briefing.sections), fonts=house)
    return Rendered(written.path, written.bytes, time.perf_counter() - started, written.facts,
                    tuple(str(problem) for problem in problems) + written.warnings)
