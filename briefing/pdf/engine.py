"""HTML → PDF file with WeasyPrint: bundled fonts only, sandboxed fetcher, log captured.

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
import time
import warnings
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..errors import MissingDependency, RenderError
from ..paths import FONTS_CONF, FONTS_CSS, TEMPLATES
from ..rendered import Rendered

# Where the PDF's HTML finds the content folder's files (images). WeasyPrint names an
# image in the PDF after the MD5 of its URL (images.get_image_from_uri, WeasyPrint 70):
# with file: URLs, the same content built in another folder gave other bytes. The host
# is reserved (RFC 2606), and the fetcher serves it from the disk, never the network;
# relative URLs inside an SVG (<image href="inner.png">) resolve against it too.
CONTENT_URL = "https://content.invalid/"


def html_to_pdf(html: str, target: Path, *, allowed: list[Path], content: Path | None = None,
                strict: bool = False, variant: str = "pdf/ua-1",
                section_langs: tuple[str | None, ...] = (),
                fonts: tuple[Path, ...] = (), faces: str | None = None) -> Rendered:
    """Lay out ``html`` and write the PDF to ``target``.

    Only files inside ``allowed`` folders (and templates/) may be read;
    nothing is fetched from the network. A URL under CONTENT_URL is a file of
    the ``content`` folder. The PDF is tagged (structure tree,
    /Lang) whatever the ``variant``. Its warnings are WeasyPrint's log
    ("weasyprint: …"); under ``strict`` any of them is a RenderError.
    ``section_langs``: the own language (or None) of each section of ``<main>``, in
    order, written as /Lang on its structure elements (``_tag_sections``).
    ``faces``: the bundled fonts' rules (default ``page_faces(html)``); ``fonts``:
    a project's own fonts.css files, added whole.
    """
    started = time.perf_counter()
    with _bundled_fonts_only():
        weasyprint = import_weasyprint()
        from weasyprint.text.fonts import FontConfiguration

        font_config = FontConfiguration()
    fetcher = _sandboxed_fetcher(weasyprint, [TEMPLATES, *allowed], content)
    with _captured_log() as logged, warnings.catch_warnings():
        # WeasyPrint 70 leaves its sRGB profile open for PDF/A: a harmless ResourceWarning.
        warnings.filterwarnings("ignore", "unclosed file .*sRGB2014", ResourceWarning)
        try:
            options = {"pdf_variant": variant, "pdf_tags": True}
            # The bundled fonts come from here, not from the template: with the
            # isolated Fontconfig, a page with no @font-face has no font at all,
            # and Pango crashes the process.
            bundled = weasyprint.CSS(string=page_faces(html) if faces is None else faces,
                                     base_url=str(FONTS_CSS), url_fetcher=fetcher,
                                     font_config=font_config)
            sheets = [bundled, *(weasyprint.CSS(filename=str(css), url_fetcher=fetcher,
                                                font_config=font_config) for css in fonts)]
            document = weasyprint.HTML(string=html, base_url=str(TEMPLATES) + "/",
                                       url_fetcher=fetcher).render(
                font_config=font_config, stylesheets=sheets, **options)

            def finish(document, pdf) -> None:
                _scope_table_headers(document, pdf)
                _tag_sections(pdf, section_langs)

            document.write_pdf(target, finisher=finish, **options)
            pages = len(document.pages)
        finally:
            # The configuration sits in a reference cycle: delete its copies of
            # the font files now, not at a garbage collection that a fast exit
            # (build.py) may never run.
            font_config.__del__()
    found = tuple(f"weasyprint: {m}" for m in logged)
    if strict and found:
        raise RenderError("; ".join(found))
    return Rendered(Path(target), Path(target).stat().st_size, time.perf_counter() - started,
                    {"pages": pages}, found)


# Keycaps (1️⃣) take the digit from the emoji font too: a face of their own, which
# templates/briefing.css gives the keycap spans that html.mark_keycaps makes.
KEYCAP_FACE = '@font-face { font-family: "Keycap Emoji"; src: url("NotoColorEmoji.ttf"); }\n'


def page_faces(html: str) -> str:
    """The @font-face rules of the bundled fonts.css that ``html`` needs.

    WeasyPrint copies and scans every face it is given before laying out a
    line, where a browser fetches a face only for the characters it shows:
    the emoji and Korean faces are 20 MB of the bundled 23 MB. A face limited
    to a unicode-range is kept when the page holds one of its characters
    (attributes included: running heads print them); the others always.
    """
    from ..fontfaces import faces

    chars = {ord(char) for char in set(html)}
    rules = [face.rule for face in faces()
             if not face.ranges or any(lo <= code <= hi for code in chars
                                       for lo, hi in face.ranges)]
    if 0x20E3 in chars:
        rules.append(KEYCAP_FACE)
    return "\n".join(rules)


def _scope_table_headers(document, pdf) -> None:
    """Give every /TH structure element /Scope /Column (PDF/UA 7.5).

    WeasyPrint 70 tags <th> without the scope attribute; the template's
    header cells are all column headers (thead).
    """
    import pydyf

    for element in pdf.objects:
        if isinstance(element, dict) and element.get("S") == "/TH":
            element["A"] = pydyf.Dictionary({"O": "/Table", "Scope": "/Column"})


def _tag_sections(pdf, langs: tuple[str | None, ...]) -> None:
    """Give the structure elements of each section with its own language /Lang (PDF/UA
    7.2: a change of language is marked where it happens); descendants inherit it
    (ISO 32000-1 14.9.2).

    WeasyPrint 70 writes the document's /Lang in the catalogue only, whatever the
    ``lang`` attributes inside. Its tree has one /Part (``<main>``) per page; each
    holds a /Sect per section fragment on that page, and a section's first fragment
    holds its /H2 (the template keeps the heading with the section's first lines).
    """
    if not any(langs):
        return
    import pydyf

    def kids(element) -> list:
        found = element.get("K", [])
        return [pdf.objects[int(kid.split()[0])] for kid in found
                if isinstance(kid, bytes) and kid.endswith(b" R")]

    def has_heading(element) -> bool:
        return any(kid.get("S") == "/H2" or (kid.get("S") != "/Sect" and has_heading(kid))
                   for kid in kids(element) if isinstance(kid, dict))

    index = -1
    parts = [e for e in pdf.objects if isinstance(e, dict) and e.get("S") == "/Part"]
    for part in parts:
        for element in kids(part):
            if not isinstance(element, dict) or element.get("S") != "/Sect":
                continue
            if has_heading(element):
                index += 1
            if 0 <= index < len(langs) and langs[index]:
                element["Lang"] = pydyf.String(langs[index])


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


def preload() -> None:
    """Import WeasyPrint (with the bundled fonts' configuration, as html_to_pdf does);
    whatever fails is left for html_to_pdf to report, as one located line."""
    try:
        with _bundled_fonts_only():
            import_weasyprint()
    except Exception:  # noqa: BLE001  (MissingDependency & co., reported by the job)
        pass


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


def _sandboxed_fetcher(weasyprint, roots: list[Path], content: Path | None = None):
    roots = [root.resolve() for root in roots]

    class SandboxedFetcher(weasyprint.URLFetcher):
        """Serves file: URLs inside the allowed folders, and CONTENT_URL from the content
        folder; refuses everything else."""

        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            if parts.scheme == "data":
                return super().fetch(url, headers)
            if content is not None and url.startswith(CONTENT_URL):
                # Decode first: %2e%2e arrives un-normalised.
                path = (content / unquote(parts.path).lstrip("/")).resolve()
                if not path.is_relative_to(content.resolve()):
                    raise ValueError(f"refused to read {path}: outside the content folder")
            elif parts.scheme != "file":
                raise ValueError(f"refused to fetch {url}: only local files are used")
            else:
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
