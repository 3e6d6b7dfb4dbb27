"""Briefing → PDF file: glyph check, print HTML, then WeasyPrint, sandboxed, log captured.

WeasyPrint is imported here only, and only when a PDF is made: the deck and
the no-op build never pay for it. Fonts come from templates/fonts/ alone
(fonts.css, always added to the page, through an isolated Fontconfig setup),
so the PDF is the same on every machine and the glyph check in glyphs.py sees
the fonts that are used.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .errors import MissingDependency, RenderError, UsageError
from .theme import TEMPLATES

VARIANTS = ("pdf/ua-1", "pdf/a-3u")
PAGE_SIZES = ("A4", "letter")
FONTS_CONF = TEMPLATES / "fonts" / "fonts.conf"
FONTS_CSS = TEMPLATES / "fonts" / "fonts.css"


@dataclass(frozen=True)
class PdfOptions:
    """How to write the PDF: the standard it follows and the page size (None: the theme's)."""

    variant: str = "pdf/ua-1"
    page_size: str | None = None

    def __post_init__(self):
        if self.variant not in VARIANTS:
            raise UsageError(f"unknown PDF variant {self.variant!r}; expected one of "
                             + ", ".join(VARIANTS))
        if self.page_size is not None and \
                self.page_size.lower() not in [size.lower() for size in PAGE_SIZES]:
            raise UsageError(f"unknown page size {self.page_size!r}; expected "
                             + " or ".join(PAGE_SIZES))


def write_briefing_pdf(briefing, theme, target, *, options: PdfOptions | None = None,
                       strict: bool = False, facts: dict | None = None) -> list[str]:
    """Check every character has a glyph, lay the briefing out and write the PDF.

    Returns warning lines (``FILE:LINE:COL: path: message`` for a missing
    glyph, ``weasyprint: message`` for WeasyPrint's log); under ``strict``
    any of them is a RenderError and nothing is written.
    """
    from .glyphs import MissingGlyphs, missing_glyphs
    from .html import render_html
    from .hyphens import preload as preload_hyphenation

    options = options or PdfOptions()
    problems = missing_glyphs(briefing, theme)
    if strict and problems:
        raise MissingGlyphs(problems)
    html = render_html(briefing, theme, media="print", page_size=options.page_size)
    preload_hyphenation(briefing.lang)
    logged = write_pdf(html, target, allowed=[briefing.base_dir], strict=strict,
                       variant=options.variant, facts=facts)
    return [str(problem) for problem in problems] + [f"weasyprint: {m}" for m in logged]


def write_pdf(html: str, target, *, allowed: list[Path], strict: bool = False,
              variant: str = "pdf/ua-1", facts: dict | None = None) -> list[str]:
    """Lay out ``html`` and write the PDF to ``target`` (a path or a binary file).

    Only files inside ``allowed`` folders (and templates/) may be read;
    nothing is fetched from the network. The PDF is tagged (structure tree,
    /Lang) whatever the ``variant``. Returns WeasyPrint's warnings; under
    ``strict`` any warning is a RenderError. The page count goes to
    ``facts["pages"]``.
    """
    with _bundled_fonts_only():
        weasyprint = import_weasyprint()
        from weasyprint.text.fonts import FontConfiguration

        font_config = FontConfiguration()
    fetcher = _sandboxed_fetcher(weasyprint, [TEMPLATES, *allowed])
    with _captured_log() as logged, warnings.catch_warnings():
        # WeasyPrint 70 leaves its sRGB profile open for PDF/A: a harmless ResourceWarning.
        warnings.filterwarnings("ignore", "unclosed file .*sRGB2014", ResourceWarning)
        try:
            options = {"pdf_variant": variant, "pdf_tags": True}
            # The bundled fonts come from here, not from the template: with the
            # isolated Fontconfig, a page with no @font-face has no font at all,
            # and Pango crashes the process.
            fonts = weasyprint.CSS(filename=str(FONTS_CSS), url_fetcher=fetcher,
                                   font_config=font_config)
            document = weasyprint.HTML(string=html, base_url=str(TEMPLATES) + "/",
                                       url_fetcher=fetcher).render(
                font_config=font_config, stylesheets=[fonts], **options)
            document.write_pdf(target, finisher=_scope_table_headers, **options)
            if facts is not None:
                facts["pages"] = len(document.pages)
        finally:
            # The configuration sits in a reference cycle: delete its copies of
            # the font files now, not at a garbage collection that a fast exit
            # (build.py) may never run.
            font_config.__del__()
    if strict and logged:
        raise RenderError("; ".join(f"weasyprint: {m}" for m in logged))
    return logged


def _scope_table_headers(document, pdf) -> None:
    """Give every /TH structure element /Scope /Column (PDF/UA 7.5).

    WeasyPrint 70 tags <th> without the scope attribute; the template's
    header cells are all column headers (thead).
    """
    import pydyf

    for element in pdf.objects:
        if isinstance(element, dict) and element.get("S") == "/TH":
            element["A"] = pydyf.Dictionary({"O": "/Table", "Scope": "/Column"})


_ENV_LOCK = threading.Lock()


@contextmanager
def _bundled_fonts_only():
    """Point Fontconfig at templates/fonts/fonts.conf while it loads, then restore.

    With the system configuration, Pango takes digits from the emoji font
    whatever fonts.css says; the isolated one has no system fonts at all.
    The variable is restored so child processes (LibreOffice) see the system.
    """
    with _ENV_LOCK, warnings.catch_warnings():
        # WeasyPrint warns at import that this configuration lists no fonts:
        # by design, the @font-face fonts are the only ones.
        warnings.filterwarnings("ignore", "No fonts configured", UserWarning)
        old = os.environ.get("FONTCONFIG_FILE")
        os.environ["FONTCONFIG_FILE"] = str(FONTS_CONF)
        try:
            yield
        finally:
            if old is None:
                del os.environ["FONTCONFIG_FILE"]
            else:
                os.environ["FONTCONFIG_FILE"] = old


PANGO_HINT = (
    "WeasyPrint needs the Pango library, which is not installed. Install it with "
    "'sudo apt install libpango-1.0-0 libpangoft2-1.0-0' (Debian/Ubuntu), "
    "'sudo dnf install pango' (Fedora) or 'brew install pango' (macOS), then run again."
)


def import_weasyprint():
    """Import WeasyPrint, turning a missing system library into one clear line."""
    try:
        with _no_library_search():
            import weasyprint
    except OSError as err:  # cffi could not open libpango / libgobject
        raise MissingDependency(f"{PANGO_HINT} ({err})") from None
    except ImportError:
        raise MissingDependency("WeasyPrint is not installed in this Python; run "
                                "'pip install -e .' in the project folder") from None
    return weasyprint


@contextmanager
def _no_library_search():
    """Skip ctypes' library search while WeasyPrint opens Pango & co. (Linux only).

    WeasyPrint tries names such as 'libgobject-2.0-0' before the Linux soname
    'libgobject-2.0.so.0'; for each miss cffi calls ctypes.util.find_library,
    which runs ldconfig, gcc and ld: ~50 processes, 0.2 s per build. Every
    list also names the soname, which the dynamic loader finds by itself.
    """
    import ctypes.util

    if not sys.platform.startswith("linux"):
        yield
        return
    original = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        yield
    finally:
        ctypes.util.find_library = original


def _sandboxed_fetcher(weasyprint, roots: list[Path]):
    roots = [root.resolve() for root in roots]

    class SandboxedFetcher(weasyprint.URLFetcher):
        """Serves file: URLs inside the allowed folders and refuses everything else."""

        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            if parts.scheme == "data":
                return super().fetch(url, headers)
            if parts.scheme != "file":
                raise ValueError(f"refused to fetch {url}: only local files are used")
            # Decode first: %2e%2e arrives un-normalised.
            path = Path(unquote(parts.path)).resolve()
            if not any(path.is_relative_to(root) for root in roots):
                raise ValueError(f"refused to read {path}: outside the allowed folders")
            return super().fetch(path.as_uri(), headers)

    return SandboxedFetcher(allowed_protocols={"file", "data"})


class _ListHandler(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage().strip().splitlines()[0])


@contextmanager
def _captured_log():
    """Collect what WeasyPrint logs (missing images, bad CSS) instead of losing it."""
    logger = logging.getLogger("weasyprint")
    handler = _ListHandler()
    old_propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = old_propagate
