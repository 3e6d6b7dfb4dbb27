"""Command line: arguments in, exit code out. Everything else lives in the package."""

from __future__ import annotations

import argparse
import gc
import sys
import zlib
from enum import IntEnum
from pathlib import Path

from .build import FORMATS, build
from .errors import BriefingError, UsageError

PDF_VARIANTS = ("pdf/ua-1", "pdf/a-3u")  # as briefing.pdf.VARIANTS, without importing it


class ExitStatus(IntEnum):
    OK = 0
    ERROR = 1  # content, template or render errors
    USAGE = 2  # bad arguments, missing files
    INTERRUPTED = 130


EPILOG = """\
exit codes:
  0    every briefing built (or checked) cleanly
  1    a content, template or render error (one line each: FILE:LINE:COL: field: message)
  2    usage error: unknown option or format, a content file that does not exist
  130  interrupted (Ctrl-C)
"""


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="build.py",
        description="Build print-ready PDF briefings, HTML pages and 16:9 decks from YAML.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("files", nargs="*", type=Path, metavar="CONTENT_FILE",
                   help="content files to build (default: every content/*.yaml)")
    p.add_argument("-o", "--output", type=Path, default=Path("output"), metavar="DIR",
                   help="folder for the built files (default: output)")
    p.add_argument("-f", "--format", default=",".join(FORMATS), metavar="LIST",
                   help="comma-separated formats to build: pdf,pptx,html (default: all)")
    p.add_argument("--check", action="store_true",
                   help="validate the content files only; write nothing")
    p.add_argument("--strict", action="store_true",
                   help="treat renderer warnings (missing resources, bad CSS) as errors")
    p.add_argument("--pdf-variant", choices=PDF_VARIANTS, default=PDF_VARIANTS[0],
                   help="PDF standard: pdf/ua-1 (tagged for accessibility; the default) or "
                        "pdf/a-3u (for archives; tagged too)")
    p.add_argument("--page-size", type=_page_size, metavar="SIZE",
                   help="PDF paper size, A4 or letter (default: page.size in the theme, A4)")
    p.add_argument("--check-links", action="store_true",
                   help="check every http(s) link of the selected briefings (HEAD, then GET; "
                        "redirects followed); print FILE:LINE:COL: url: status for each broken "
                        "link; build nothing")
    p.add_argument("--shard", type=_shard, metavar="I/N",
                   help="select a stable share of the content files, e.g. 1/4 … 4/4, "
                        "for a CI matrix")
    p.add_argument("--force", action="store_true",
                   help="rebuild every output; by default an output whose inputs (content, "
                        "images, templates, theme, fonts, version, options) are unchanged since "
                        "it was built is skipped, and one line counts the skipped outputs")
    p.add_argument("-j", "--jobs", type=_jobs, metavar="N",
                   help="render in N worker processes, documents and formats in parallel "
                        "(default: one per core; 1 renders everything in this process)")
    p.add_argument("--reference-deck", type=Path, metavar="FILE.pptx",
                   help="build decks on this PowerPoint template: its masters, theme and "
                        "layouts, found by Pandoc's layout names (\"Title Slide\", \"Title and "
                        "Content\", \"Section Header\", \"Title Only\" …)")
    p.add_argument("--inspect-deck", type=Path, metavar="FILE.pptx",
                   help="list a deck's layouts and placeholders and which slide kinds it can "
                        "serve; build nothing")
    p.add_argument("--watch", action="store_true",
                   help="build, then rebuild what changed whenever a content file, template, "
                        "theme or font is saved; errors are printed and the watch goes on "
                        "until Ctrl-C")
    return p


def main(argv: list[str] | None = None) -> int:
    try:
        args = parser().parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    try:
        return _run(args)
    except UsageError as err:
        print(f"build.py: {err}", file=sys.stderr)
        return ExitStatus.USAGE
    except BriefingError as err:
        for line in err.lines():
            print(line, file=sys.stderr)
        return ExitStatus.ERROR
    except KeyboardInterrupt:
        print("build.py: interrupted", file=sys.stderr)
        return ExitStatus.INTERRUPTED


def _run(args: argparse.Namespace) -> int:
    if args.inspect_deck:
        from .decktemplate import inspect_deck

        print(inspect_deck(args.inspect_deck))
        return ExitStatus.OK
    if args.reference_deck:
        _check_reference_deck(args.reference_deck)
    formats = _formats(args.format)
    files = _content_files(args.files)
    if args.shard:
        files = select_shard(files, *args.shard)
    if args.check_links:
        return _check_links(files)
    if args.watch and not args.check:
        from .watch import watch

        gc.enable()  # build.py turns it off for one-off builds; a watch lives on

        def rebuild(pool):  # the set of content files may change while watching
            selected = _content_files(args.files)
            if args.shard:
                selected = select_shard(selected, *args.shard)
            return _build(args, selected, formats, pool)

        return watch(rebuild, args.files or [Path("content")], args.output, args.jobs)
    return _build(args, files, formats)


def _build(args: argparse.Namespace, files: list[Path], formats: list[str], pool=None) -> int:
    report = build(files, args.output, formats, check_only=args.check, strict=args.strict,
                   force=args.force, jobs=args.jobs, pool=pool, on_written=_print_written,
                   on_wait=_print_waiting, reference_deck=args.reference_deck,
                   pdf_variant=args.pdf_variant, page_size=args.page_size)
    if report.skipped:
        print(f"{len(report.skipped)} output(s) up to date in {args.output} (--force rebuilds)")
    for line in report.warnings:
        print(f"warning: {line}", file=sys.stderr)
    for line in report.errors:
        print(line, file=sys.stderr)
    if args.check and report.ok:
        print(f"{len(files)} content file(s) OK")
    return ExitStatus.OK if report.ok else ExitStatus.ERROR


def _check_links(files: list[Path]) -> int:
    from .content import load_briefing
    from .linkcheck import check_links, collect_links

    refs = []
    for path in files:
        refs += collect_links(load_briefing(path))
    results = check_links(refs)
    for result in results:
        if result.broken:
            print(result, file=sys.stderr)
        elif result.final_url:
            print(result)
    broken = sum(r.broken for r in results)
    print(f"{len(results)} link(s) checked, {broken} broken")
    return ExitStatus.ERROR if broken else ExitStatus.OK


def _page_size(text: str) -> str:
    for size in ("A4", "letter"):
        if text.lower() == size.lower():
            return size
    raise argparse.ArgumentTypeError(f"unknown page size {text!r}; expected A4 or letter")


def _check_reference_deck(path: Path) -> None:
    """A usage error now, before any build, for a reference deck that is not a .pptx."""
    import zipfile

    if not path.is_file():
        raise UsageError(f"no such reference deck: {path}")
    if not zipfile.is_zipfile(path) or "ppt/presentation.xml" not in zipfile.ZipFile(
            path).namelist():
        raise UsageError(f"{path}: not a PowerPoint (.pptx) file")


def _shard(text: str) -> tuple[int, int]:
    try:
        index, count = (int(x) for x in text.split("/"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected I/N such as 2/4, got {text!r}") from None
    if not 1 <= index <= count:
        raise argparse.ArgumentTypeError(f"expected 1 <= I <= N, got {text!r}")
    return index, count


def select_shard(files: list[Path], index: int, count: int) -> list[Path]:
    """The files of shard ``index`` of ``count``: stable across runs and machines.

    A file's shard depends only on its name (a hash, not its position), so
    adding a briefing does not move the others between CI runners.
    """
    return [f for f in files if zlib.crc32(f.name.encode()) % count == index - 1]


def _jobs(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of processes >= 1, got {text!r}")
    return int(text)


def _print_waiting() -> None:
    print("build.py: waiting for another build of this output folder to finish", file=sys.stderr)


def _print_written(written) -> None:
    print(f"{written.path}  {written.bytes / 1024:,.1f} KB  {written.seconds:.2f} s")


def _formats(text: str) -> list[str]:
    formats = [f.strip().lower() for f in text.split(",") if f.strip()]
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise UsageError(f"unknown format {', '.join(unknown) or '(none)'}; "
                         f"expected a comma-separated list of {', '.join(FORMATS)}")
    return list(dict.fromkeys(formats))


def _content_files(paths: list[Path]) -> list[Path]:
    if not paths:
        found = sorted(Path("content").glob("*.yaml"))
        if not found:
            raise UsageError("no content files given and none found in content/*.yaml")
        return found
    missing = [p for p in paths if not p.is_file()]
    if missing:
        raise UsageError(f"no such content file: {missing[0]}")
    unique: dict[Path, Path] = {}  # the same file named twice is built once
    for path in paths:
        unique.setdefault(path.resolve(), path)
    seen: dict[str, Path] = {}
    for path in unique.values():
        other = seen.setdefault(path.stem, path)
        if other is not path:  # the slug names the outputs: one would overwrite the other
            raise UsageError(f"{other} and {path} would both write {path.stem}.*; "
                             "rename one of them or build them into different --output folders")
    return list(unique.values())
