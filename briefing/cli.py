"""Command line: arguments → one Options value → a command → exit code.

Everything else lives in the package: this module parses, dispatches and
prints. ``build.py`` at the top of the project and the ``briefing`` console
script both call ``main``.
"""

from __future__ import annotations

import argparse
import gc
import sys
from enum import IntEnum
from pathlib import Path

from . import options as opts
from .build.sources import content_files, select_shard
from .errors import BriefingError, UsageError


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


def parser(prog: str = "build.py") -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog=prog,
        description="Build print-ready PDF briefings, HTML pages and 16:9 decks from YAML.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.set_defaults(prog=prog)  # for messages: build.py or briefing
    p.add_argument("files", nargs="*", type=Path, metavar="CONTENT_FILE",
                   help="content files to build (default: every content/*.yaml)")
    p.add_argument("-o", "--output", type=Path, default=Path("output"), metavar="DIR",
                   help="folder for the built files (default: output)")
    p.add_argument("-f", "--format", default=",".join(opts.FORMATS), metavar="LIST",
                   help="comma-separated formats to build: pdf,pptx,html (default: all)")
    p.add_argument("--check", action="store_true",
                   help="validate the content files only; write nothing")
    p.add_argument("--strict", action="store_true",
                   help="treat renderer warnings (missing resources, bad CSS) as errors")
    p.add_argument("--pdf-variant", choices=opts.PDF_VARIANTS, default=opts.PDF_VARIANTS[0],
                   help="PDF standard: pdf/ua-1 (tagged for accessibility; the default) or "
                        "pdf/a-3u (for archives; tagged too)")
    p.add_argument("--page-size", type=_argument(opts.page_size), metavar="SIZE",
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
    p.add_argument("--templates", type=Path, metavar="DIR",
                   help="use this folder's theme.yaml (merged over the theme), templates, "
                        "reference.pptx and fonts/ before those of a templates/ folder "
                        "beside the content files and the built-in ones")
    p.add_argument("--inspect-deck", type=Path, metavar="FILE.pptx",
                   help="list a deck's layouts and placeholders and which slide kinds it can "
                        "serve; build nothing")
    p.add_argument("--traceback", action="store_true",
                   help="on an internal error (a bug), print its Python traceback to "
                        "include in a bug report")
    p.add_argument("--watch", action="store_true",
                   help="build, then rebuild what changed whenever a content file, template, "
                        "theme or font is saved; errors are printed and the watch goes on "
                        "until Ctrl-C")
    return p


def main(argv: list[str] | None = None) -> int:
    prog = _program() if argv is None else "build.py"
    try:
        args = parser(prog).parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    try:
        return _run(args)
    except UsageError as err:
        print(f"{prog}: {err}", file=sys.stderr)
        return ExitStatus.USAGE
    except BriefingError as err:
        for line in err.lines():
            print(line, file=sys.stderr)
        return ExitStatus.ERROR
    except KeyboardInterrupt:
        print(f"{prog}: interrupted", file=sys.stderr)
        return ExitStatus.INTERRUPTED
    except Exception as err:  # a bug: one line, the traceback on request
        if args.traceback:
            raise
        what = f"{type(err).__name__}: {err}".splitlines()[0][:300]
        print(f"{prog}: internal error ({what}); this is a bug in briefing: please report it "
              "with the output of the same command with --traceback", file=sys.stderr)
        return ExitStatus.ERROR


def _program() -> str:
    """The name the command was run by: build.py, or the briefing console script."""
    name = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else ""
    return name if name in ("build.py", "briefing") else "build.py"


def _run(args: argparse.Namespace) -> int:
    if args.inspect_deck:
        from .deck import inspect_deck

        print(inspect_deck(opts.reference_deck(args.inspect_deck)))
        return ExitStatus.OK
    options = opts.Options(
        formats=opts.parse_formats(args.format), strict=args.strict, force=args.force,
        jobs=args.jobs, pdf_variant=args.pdf_variant, page_size=args.page_size,
        reference_deck=opts.reference_deck(args.reference_deck) if args.reference_deck
        else None,
        templates=opts.templates_folder(args.templates) if args.templates else None)
    files = _selected(args)
    if args.check_links:
        return _check_links(files)
    if args.watch and not args.check:
        from .watch import watch

        gc.enable()  # build.py turns it off for one-off builds; a watch lives on
        return watch(lambda pool: _build(args, _selected(args), options, pool),
                     args.files or [Path("content")], args.output, options.jobs,
                     name=args.prog)
    if args.check:
        return _check(files, options)
    return _build(args, files, options)


def _selected(args: argparse.Namespace) -> list[Path]:
    """The content files to work on (looked up again on each rebuild of a watch)."""
    files = content_files(args.files)
    return select_shard(files, *args.shard) if args.shard else files


def _build(args: argparse.Namespace, files: list[Path], options: opts.Options,
           pool=None) -> int:
    from .build import build

    def waiting() -> None:
        print(f"{args.prog}: waiting for another build of this output folder to finish",
              file=sys.stderr)

    report = build(files, args.output, options, pool=pool, on_written=_print_written,
                   on_wait=waiting)
    if report.skipped:
        print(f"{len(report.skipped)} output(s) up to date in {args.output} (--force rebuilds)")
    for path in report.removed:
        print(f"removed {path}: its content file no longer exists")
    for line in report.warnings:
        print(f"warning: {line}", file=sys.stderr)
    for line in report.errors:
        print(line, file=sys.stderr)
    if args.traceback:
        for text in report.tracebacks:
            print(text, file=sys.stderr, end="")
    return ExitStatus.OK if report.ok else ExitStatus.ERROR


def _check(files: list[Path], options: opts.Options) -> int:
    from .build import check

    report = check(files, options)
    for line in report.warnings:
        print(f"warning: {line}", file=sys.stderr)
    for line in report.errors:
        print(line, file=sys.stderr)
    if report.ok:
        print(f"{len(files)} content file(s) OK")
    return ExitStatus.OK if report.ok else ExitStatus.ERROR


def _check_links(files: list[Path]) -> int:
    from .linkcheck import check_files

    results = check_files(files)
    for result in results:
        if result.broken:
            print(result, file=sys.stderr)
        elif result.final_url:
            print(result)
    broken = sum(r.broken for r in results)
    print(f"{len(results)} link(s) checked, {broken} broken")
    return ExitStatus.ERROR if broken else ExitStatus.OK


def _argument(convert):
    """An argparse type from a converter that raises UsageError."""

    def parse(text: str):
        try:
            return convert(text)
        except UsageError as err:
            raise argparse.ArgumentTypeError(str(err)) from None

    parse.__name__ = convert.__name__
    return parse


def _shard(text: str) -> tuple[int, int]:
    try:
        index, count = (int(x) for x in text.split("/"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected I/N such as 2/4, got {text!r}") from None
    if not 1 <= index <= count:
        raise argparse.ArgumentTypeError(f"expected 1 <= I <= N, got {text!r}")
    return index, count


def _jobs(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of processes >= 1, got {text!r}")
    return int(text)


def _print_written(written) -> None:
    print(f"{written.path}  {written.bytes / 1024:,.1f} KB  {written.seconds:.2f} s")
