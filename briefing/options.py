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
    templates: Path | None = None  # --templates DIR, absolute: stacks over templates/

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
        depends on its reference deck's bytes, which the manifest adds; the files of a
        --templates folder are dependencies, so only which folder is part of the key)."""
        found = self._key(fmt)
        if self.templates is not None:
            found["templates"] = str(self.templates)
        return found

    def _key(self, fmt: str) -> dict:
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


def templates_folder(path: Path) -> Path:
    """``path`` made absolute, if it is a folder; else a UsageError now, before any
    build (--templates)."""
    if not path.is_dir():
        what = "not a folder" if path.exists() else "no such folder"
        raise UsageError(f"--templates {path}: {what}; expected a folder of templates "
                         "(theme.yaml, deck.yaml.j2, reference.pptx, fonts/ …)")
    return path.resolve()


def page_size(text: str) -> str:
    """The page size as the options spell it, whatever its case: 'a4' → 'A4'."""
    for size in PAGE_SIZES:
        if text.lower() == size.lower():
            return size
    raise UsageError(f"unknown page size {text!r}; expected " + " or ".join(PAGE_SIZES))


# A reference deck is a zip archive that python-pptx reads whole into memory, so its
# declared sizes are checked before it is opened (zipfile never inflates a part past
# the size it declares: a part that lies fails its checksum). A PowerPoint template
# is a few MB; a part of zeros compresses about 1,000 to 1.
MAX_DECK_PARTS = 5_000
MAX_DECK_PART_BYTES = 100_000_000   # one part, inflated
MAX_DECK_BYTES = 200_000_000        # every part, inflated
MAX_DECK_RATIO = 100                # inflated / compressed, for a part over DECK_RATIO_FROM
DECK_RATIO_FROM = 1_000_000

_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_SLIDE_LAYOUT = f"{_REL_NS}/slideLayout"


def reference_deck(path: Path) -> Path:
    """``path`` made absolute, if it is a PowerPoint file within the limits above, whose
    parts are intact, well-formed XML without DTDs, and whose first slide master has
    layouts; else a UsageError now, before any build (--reference-deck and --inspect-deck
    both come here)."""
    import stat
    import zipfile  # here: the up-to-date path has no use for it

    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise UsageError(f"no such reference deck: {path}") from None
    except OSError as err:
        raise UsageError(f"{path}: cannot read the reference deck: {err.strerror}") from None
    if not stat.S_ISREG(mode):
        raise UsageError(f"{path}: not a regular file; expected a PowerPoint (.pptx) file")
    try:
        with zipfile.ZipFile(path) as archive:
            _check_deck(archive)
    except _NotADeck as err:
        raise UsageError(f"{path}: {err}") from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError,
            NotImplementedError) as err:  # damaged archive, unknown compression …
        raise UsageError(f"{path}: not a PowerPoint (.pptx) file: {err}") from None
    return path.resolve()


class _NotADeck(Exception):
    pass


def _check_deck(archive) -> None:
    import posixpath
    from urllib.parse import unquote

    infos = [info for info in archive.infolist() if not info.is_dir()]
    if len(infos) > MAX_DECK_PARTS:
        raise _NotADeck(f"the archive holds {len(infos):,} parts; the limit for a reference "
                        f"deck is {MAX_DECK_PARTS:,}")
    for info in infos:
        if info.file_size > MAX_DECK_PART_BYTES:
            raise _NotADeck(f"part {info.filename} declares {info.file_size:,} bytes; the "
                            f"limit is {MAX_DECK_PART_BYTES:,} bytes per part")
        if info.file_size > DECK_RATIO_FROM and \
                info.file_size > MAX_DECK_RATIO * max(info.compress_size, 1):
            raise _NotADeck(f"part {info.filename} inflates {info.compress_size:,} bytes to "
                            f"{info.file_size:,}, more than {MAX_DECK_RATIO} to 1 "
                            "(a zip bomb?); save the template again from PowerPoint")
    total = sum(info.file_size for info in infos)
    if total > MAX_DECK_BYTES:
        raise _NotADeck(f"the parts declare {total:,} bytes in all; the limit is "
                        f"{MAX_DECK_BYTES:,} bytes")
    names = {info.filename for info in infos}
    for required in ("[Content_Types].xml", "ppt/presentation.xml"):
        if required not in names:
            raise _NotADeck(f"not a PowerPoint (.pptx) file: it has no {required}")
    xml = {info.filename: _read_part(archive, info) for info in infos}
    xml = {name: found for name, found in xml.items() if found is not None}

    def targets(part: str) -> list[tuple[str, str]]:
        """(type, part name) of each internal relationship of ``part``."""
        folder, name = posixpath.split(part)
        rels = xml.get(posixpath.join(folder, "_rels", name + ".rels"), [])
        return [(attrs.get("Type", ""), posixpath.normpath(posixpath.join(
                    folder, unquote(attrs.get("Target", ""))).lstrip("/")))
                for tag, attrs in rels
                if tag.endswith(" Relationship") and attrs.get("TargetMode") != "External"]

    for part in [""] + sorted(names):
        for _, target in targets(part):
            if target not in names:
                raise _NotADeck(f"part {part or 'the package'} refers to {target}, which "
                                "the archive lacks; save the template again from PowerPoint")
    rel_ids = {attrs.get("Id"): posixpath.normpath(posixpath.join("ppt", unquote(
                   attrs.get("Target", "")))) for tag, attrs in xml.get(
                   "ppt/_rels/presentation.xml.rels", []) if tag.endswith(" Relationship")}
    masters = [attrs.get(f"{_REL_NS} id") for tag, attrs in xml["ppt/presentation.xml"]
               if tag.endswith(" sldMasterId")]
    master = rel_ids.get(masters[0]) if masters else None
    if master is None or not any(kind == _SLIDE_LAYOUT for kind, _ in targets(master)):
        raise _NotADeck("the deck has no slide layouts (its first slide master lists none); "
                        "expected a template with layouts such as 'Title Slide' and "
                        "'Title and Content'")


def _read_part(archive, info) -> list[tuple[str, dict]] | None:
    """Read one part to its end (so its checksum is checked); for XML, its elements as
    (namespace + " " + name, attributes), refusing a DTD (forbidden in Office files, and
    the way to an entity bomb)."""
    from xml.parsers import expat

    is_xml = info.filename.endswith((".xml", ".rels"))
    elements: list[tuple[str, dict]] = []
    parser = expat.ParserCreate(namespace_separator=" ")

    def refuse(*args) -> None:
        raise _NotADeck(f"part {info.filename} declares a DTD, which Office files may not")

    parser.StartDoctypeDeclHandler = refuse
    parser.StartElementHandler = lambda tag, attrs: elements.append((tag, attrs))
    with archive.open(info) as stream:
        while chunk := stream.read(1 << 20):
            if is_xml:
                _parse(parser, info.filename, chunk, False)
    if not is_xml:
        return None
    _parse(parser, info.filename, b"", True)
    return elements


def _parse(parser, name: str, chunk: bytes, final: bool) -> None:
    from xml.parsers import expat

    try:
        parser.Parse(chunk, final)
    except expat.ExpatError as err:
        raise _NotADeck(f"not a PowerPoint (.pptx) file: part {name} is not well-formed XML "
                        f"({expat.ErrorString(err.code)} at line {err.lineno})") from None
