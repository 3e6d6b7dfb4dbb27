"""Briefing + Theme → PDF file: glyph check, the print page (html.py), then WeasyPrint.

``write_pdf`` is the stage's entry point, in two halves that may run in two
processes: ``prepare_pdf`` (the briefing → a PrintJob of plain values: the
print page's HTML and what the engine needs) and ``print_pdf`` (the job →
the PDF file, with WeasyPrint). The build runs the second half in a process
that imported WeasyPrint while this one loaded the content (build/workers.py).
``glyphs`` finds characters no bundled font draws, ``hyphens`` keeps Pyphen's
parsed patterns between builds, and ``engine`` is the only module that
imports WeasyPrint.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from ..options import DEFAULT, Options
from ..rendered import Rendered


@dataclass(frozen=True)
class PrintJob:
    """What WeasyPrint needs to write one PDF: plain values, so it crosses processes."""

    html: str
    faces: str                     # the bundled @font-face rules the page needs (page_faces)
    target: Path
    allowed: tuple[Path, ...]      # folders the page may read (content, fonts.css folders)
    content: Path                  # the content folder, served under engine.CONTENT_URL
    strict: bool
    variant: str
    section_langs: tuple[str | None, ...]
    langs: tuple[str, ...]         # every language of the page, for hyphenation
    fonts: tuple[Path, ...]        # the project's own fonts.css files
    warnings: tuple[str, ...]      # found while preparing (missing glyphs)
    seconds: float                 # spent preparing


def write_pdf(briefing, theme, target: Path, options: Options = DEFAULT) -> Rendered:
    """Check every character has a glyph, lay the briefing out and write the PDF.

    Warnings are ``FILE:LINE:COL: path: message`` for a missing glyph and
    ``weasyprint: message`` for WeasyPrint's log; under ``options.strict``
    any of them is a RenderError and nothing is written.
    """
    return print_pdf(prepare_pdf(briefing, theme, target, options))


def prepare_pdf(briefing, theme, target: Path, options: Options = DEFAULT) -> PrintJob:
    """The glyph check and the print page: everything of a PDF that needs the content."""
    from ..html import render_html, url_path
    from ..paths import project_fonts
    from .engine import CONTENT_URL, page_faces
    from .glyphs import MissingGlyphs, missing_glyphs

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
    section_langs = tuple(s.lang for s in briefing.sections)
    return PrintJob(html, page_faces(html), Path(target), (base, *(c.parent for c in house)),
                    base,
                    options.strict, options.pdf_variant, section_langs,
                    tuple(dict.fromkeys([briefing.lang, *filter(None, section_langs)])),
                    house, tuple(str(problem) for problem in problems),
                    time.perf_counter() - started)


def print_pdf(job: PrintJob) -> Rendered:
    """Lay the job's page out and write the PDF (WeasyPrint)."""
    from .engine import html_to_pdf
    from .hyphens import preload as preload_hyphenation

    started = time.perf_counter()
    for lang in job.langs:
        preload_hyphenation(lang)  # WeasyPrint hyphenates each element by its lang
    written = html_to_pdf(job.html, job.target, allowed=list(job.allowed), content=job.content,
                          strict=job.strict, variant=job.variant,
                          section_langs=job.section_langs, fonts=job.fonts, faces=job.faces)
    return Rendered(written.path, written.bytes,
                    job.seconds + time.perf_counter() - started, written.facts,
                    job.warnings + written.warnings)


