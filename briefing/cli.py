"""Command line: arguments in, exit code out. Everything else lives in the package."""

from __future__ import annotations

import argparse
import sys
from enum import IntEnum
from pathlib import Path

from .build import FORMATS, build
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
    formats = _formats(args.format)
    files = _content_files(args.files)
    report = build(files, args.output, formats, check_only=args.check, strict=args.strict,
                   on_written=_print_written)
    for line in report.warnings:
        print(f"warning: {line}", file=sys.stderr)
    for line in report.errors:
        print(line, file=sys.stderr)
    if args.check and report.ok:
        print(f"{len(files)} content file(s) OK")
    return ExitStatus.OK if report.ok else ExitStatus.ERROR


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
    return paths
