"""Build options: one frozen value, validated once, carried from the command line to the
workers and into each output's manifest key.

The allowed values are defined here and nowhere else; the command line's
choices and help text read them. Only the standard library: the up-to-date
path imports this.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .errors import UsageError

FORMATS = ("pdf", "pptx", "html")
PDF_VARIANTS = ("pdf/ua-1", "pdf/a-3u")  # tagged for accessibility; for archives (tagged too)
PAGE_SIZES = ("A4", "letter")


@dataclass(frozen=True)
class Options:
    """How to build: which formats, how strictly, and how each format is shaped.

    ``page_size`` None means the theme's; ``reference_deck`` is absolute;
    ``jobs`` None means one worker per core.
    """

    formats: tuple[str, ...] = FORMATS
    strict: bool = False
    force: bool = False
    jobs: int | None = None
    pdf_variant: str = PDF_VARIANTS[0]
    page_size: str | None = None
    reference_deck: Path | None = field(default=None)

    def __post_init__(self):
        unknown = [f for f in self.formats if f not in FORMATS]
        if unknown or not self.formats:
            raise UsageError(f"unknown format {', '.join(unknown) or '(none)'}; "
                             f"expected a comma-separated list of {', '.join(FORMATS)}")
        if self.pdf_variant not in PDF_VARIANTS:
            raise UsageError(f"unknown PDF variant {self.pdf_variant!r}; expected one of "
                             + ", ".join(PDF_VARIANTS))
        if self.page_size is not None and \
                self.page_size.lower() not in [size.lower() for size in PAGE_SIZES]:
            raise UsageError(f"unknown page size {self.page_size!r}; expected "
                             + " or ".join(PAGE_SIZES))
        if self.jobs is not None and self.jobs < 1:
            raise UsageError(f"expected a whole number of processes >= 1, got {self.jobs}")

    def key(self, fmt: str) -> dict:
        """The options an output of ``fmt`` depends on, for its manifest key (a deck also
        depends on its reference deck's bytes, which the manifest adds)."""
        if fmt == "pdf":  # the standard and the paper size
            return {"format": fmt, "strict": self.strict, "pdf_variant": self.pdf_variant,
                    "page_size": self.page_size}
        if fmt == "pptx" and self.reference_deck:
            return {"format": fmt, "strict": self.strict,
                    "reference_deck": str(self.reference_deck)}
        return {"format": fmt, "strict": self.strict}


DEFAULT = Options()


def parse_formats(text: str) -> tuple[str, ...]:
    """'pdf, PPTX' → ('pdf', 'pptx'): lower case, blanks and repeats dropped."""
    return tuple(dict.fromkeys(f.strip().lower() for f in text.split(",") if f.strip()))


def page_size(text: str) -> str:
    """The page size as the options spell it, whatever its case: 'a4' → 'A4'."""
    for size in PAGE_SIZES:
        if text.lower() == size.lower():
            return size
    raise UsageError(f"unknown page size {text!r}; expected " + " or ".join(PAGE_SIZES))


def reference_deck(path: Path) -> Path:
    """``path`` made absolute, if it is a PowerPoint file; else a UsageError now,
    before any build."""
    import zipfile  # here: the up-to-date path has no use for it

    if not path.is_file():
        raise UsageError(f"no such reference deck: {path}")
    if not zipfile.is_zipfile(path) or "ppt/presentation.xml" not in zipfile.ZipFile(
            path).namelist():
        raise UsageError(f"{path}: not a PowerPoint (.pptx) file")
    return path.resolve()
