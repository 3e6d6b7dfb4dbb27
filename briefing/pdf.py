"""HTML text → PDF file, through WeasyPrint, sandboxed and with its log captured.

WeasyPrint is imported here only, and only when a PDF is made: the deck and
the no-op build never pay for it.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .errors import MissingDependency, RenderError
from .theme import TEMPLATES


def write_pdf(html: str, target, *, allowed: list[Path], strict: bool = False) -> list[str]:
    """Lay out ``html`` and write the PDF to ``target`` (a path or a binary file).

    Only files inside ``allowed`` folders (and templates/) may be read;
    nothing is fetched from the network. Returns WeasyPrint's warnings;
    under ``strict`` any warning is a RenderError.
    """
    weasyprint = import_weasyprint()
    fetcher = _sandboxed_fetcher(weasyprint, [TEMPLATES, *allowed])
    with _captured_log() as warnings:
        document = weasyprint.HTML(string=html, base_url=str(TEMPLATES) + "/",
                                   url_fetcher=fetcher)
        document.write_pdf(target)
    if strict and warnings:
        raise RenderError("; ".join(warnings))
    return warnings


PANGO_HINT = (
    "WeasyPrint needs the Pango library, which is not installed. Install it with "
    "'sudo apt install libpango-1.0-0 libpangoft2-1.0-0' (Debian/Ubuntu), "
    "'sudo dnf install pango' (Fedora) or 'brew install pango' (macOS), then run again."
)


def import_weasyprint():
    """Import WeasyPrint, turning a missing system library into one clear line."""
    try:
        import weasyprint
    except OSError as err:  # cffi could not open libpango / libgobject
        raise MissingDependency(f"{PANGO_HINT} ({err})") from None
    except ImportError:
        raise MissingDependency("WeasyPrint is not installed in this Python; run "
                                "'pip install -e .' in the project folder") from None
    return weasyprint


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
