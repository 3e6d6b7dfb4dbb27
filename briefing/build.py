"""Content files → outputs: skip what is up to date, render the rest in parallel, swap atomically.

A build holds the output folder's lock (manifest.locked), asks the manifest
which outputs are stale, runs one task per stale (file, format) through
workers.run_all, and records each output written. A file with errors writes
nothing and leaves its earlier outputs as they were; the other files of a
batch are still built. Every output is written to a temporary file beside it
and renamed into place, so a failed or killed build never leaves a broken one.

This module imports only the standard library at load time: the up-to-date
path must not pay for pydantic, Jinja2, WeasyPrint or python-pptx.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .errors import BriefingError
from .manifest import file_digest, locked, replace, temp_beside

TYPE_CHECKING = False  # typing itself costs the up-to-date path 3 ms
if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

    from .model import Briefing
    from .theme import Theme

FORMATS = ("pdf", "pptx", "html")


@dataclass
class Written:
    path: Path
    bytes: int
    seconds: float
    facts: dict = field(default_factory=dict)  # {"pages": n} or {"slides": n}


@dataclass
class Report:
    """What a build did: files written and skipped, and the error lines of the files that failed."""

    written: list[Written] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
    outcomes: list = field(default_factory=list)  # (workers.Outcome, content digest) written
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def build(files: Iterable[Path], out_dir: Path, formats: Iterable[str] = FORMATS, *,
          check_only: bool = False, strict: bool = False, force: bool = False,
          jobs: int | None = None, pool: ProcessPoolExecutor | None = None,
          on_written: Callable[[Written], None] | None = None,
          on_wait: Callable[[], None] | None = None,
          reference_deck: Path | None = None, pdf_variant: str = "pdf/ua-1",
          page_size: str | None = None) -> Report:
    """Bring every output of ``files`` in ``out_dir`` up to date.

    ``jobs`` worker processes render in parallel (default: one per core);
    ``pool`` reuses running workers (--watch). ``force`` ignores the manifest.
    ``pdf_variant`` and ``page_size`` (None: the theme's) shape the PDF.
    """
    pdf = {"pdf_variant": pdf_variant, "page_size": page_size}
    from .reproducible import fallback_epoch

    files, formats = list(files), list(formats)
    if check_only:
        return _check(files)
    report = Report()
    errors: dict[str, list[str]] = {}  # by content file, in the order given
    epoch = fallback_epoch()
    with locked(out_dir, on_wait) as manifest:
        environment = manifest.environment()
        contents: dict[str, str] = {}
        stale: list[tuple[str, str, str]] = []  # (source, format, the path as given)
        named: dict[str, str] = {}  # output name → the content file as given
        for path in files:
            source = str(path.resolve())
            errors[source] = []
            # Hashed before anything reads the file: an edit during the build
            # makes the output look stale next time, never fresh.
            contents[source] = file_digest(source)
            for fmt in formats:
                output = f"{path.stem}.{fmt}"
                named[output] = str(path)
                if not force and manifest.up_to_date(
                        output, source=source, content=contents[source],
                        environment=environment,
                        options=_options(fmt, strict, reference_deck, pdf)):
                    report.skipped.append(out_dir / output)
                    continue
                stale.append((source, fmt, str(path)))
        try:
            for outcome in _render_all(stale, out_dir, strict, epoch, jobs, pool, reference_deck,
                                       pdf):
                task = outcome.task
                errors[task.source] += outcome.errors
                report.warnings += outcome.warnings
                if outcome.target is None:
                    continue
                written = Written(Path(outcome.target), outcome.size, outcome.seconds,
                                  outcome.facts)
                report.written.append(written)
                report.outcomes.append((outcome, contents[task.source]))
                manifest.record(written.path.name, source=task.source,
                                content=contents[task.source], deps=outcome.deps,
                                dated=outcome.dated, environment=environment,
                                options=_options(task.fmt, strict, reference_deck, pdf))
                if on_written:
                    on_written(written)
        finally:
            # Also after Ctrl-C: what was written is recorded, the rest stays stale.
            # A build that wrote nothing into a folder without a manifest leaves
            # no trace (a file with errors writes nothing at all).
            if report.written or (manifest.cache_changed and manifest.path.exists()):
                manifest.save()
        report.errors = [line for lines in errors.values() for line in dict.fromkeys(lines)]
        if manifest.path.exists():  # a folder this tool builds into, not a stray one
            from .buildreport import write_report

            failed = {source: lines for source, lines in errors.items() if lines}
            write_report(out_dir, report, named, failed)
    report.warnings = list(dict.fromkeys(report.warnings))
    return report


def _render_all(stale: list[tuple[str, str, str]], out_dir: Path, strict: bool, epoch: int,
                jobs: int | None, pool: ProcessPoolExecutor | None,
                reference_deck: Path | None = None, pdf: dict | None = None):
    if not stale:  # up to date: no need to even import the worker machinery
        return
    from .workers import Task, cores, run_all

    reference = str(reference_deck.resolve()) if reference_deck else None
    tasks = [Task(source, fmt, str(out_dir), strict, epoch, reference, **(pdf or {}),
                  named=named) for source, fmt, named in stale]
    yield from run_all(tasks, jobs or cores(), pool)


def _options(fmt: str, strict: bool, reference_deck: Path | None = None,
             pdf: dict | None = None) -> dict:
    """The build options an output depends on, for its manifest key."""
    if fmt == "pdf" and pdf:  # the standard and the paper size
        return {"format": fmt, "strict": strict, **pdf}
    if fmt == "pptx" and reference_deck:  # a deck depends on its reference deck's bytes
        return {"format": fmt, "strict": strict, "reference_deck": str(reference_deck.resolve()),
                "reference_digest": file_digest(str(reference_deck))}
    return {"format": fmt, "strict": strict}


def _check(files: list[Path]) -> Report:
    from . import content  # here, not at load time: pydantic costs the up-to-date path 0.2 s

    report = Report()
    for path in files:
        try:
            content.load_briefing(path)
        except BriefingError as err:
            report.errors.extend(err.lines())
    return report


def render(briefing: Briefing, theme: Theme, fmt: str, out_dir: Path, *,
           strict: bool = False, epoch: int | None = None,
           warnings: list[str] | None = None, reference_deck: Path | None = None,
           pdf_variant: str = "pdf/ua-1", page_size: str | None = None) -> Written:
    """Render one format of one briefing to ``out_dir/<slug>.<fmt>``, atomically.

    ``epoch`` is the moment every date in the output shows (the date rule in
    reproducible.py); renderer warnings are appended to ``warnings``.
    """
    from .reproducible import fallback_epoch, pinned_epoch, source_epoch

    started = time.perf_counter()
    facts: dict = {}
    if epoch is None:
        epoch = source_epoch(briefing.date, fallback_epoch())
    target = out_dir / f"{briefing.slug}.{fmt}"
    with atomic_output(target) as tmp:
        if fmt == "html":
            from .html import relative_image_url, render_html

            html = render_html(briefing, theme, image_url=relative_image_url(briefing, out_dir))
            tmp.write_text(html, encoding="utf-8")
        elif fmt == "pdf":
            from .pdf import PdfOptions, write_briefing_pdf

            with pinned_epoch(epoch):
                found = write_briefing_pdf(briefing, theme, tmp, strict=strict, facts=facts,
                                           options=PdfOptions(pdf_variant, page_size))
            if warnings is not None:
                warnings.extend(found)
        else:
            from .deck import write_deck
            from .reproducible import normalize_zip

            found = write_deck(briefing, theme, tmp, reference=reference_deck, strict=strict,
                               facts=facts)
            if warnings is not None:
                warnings.extend(found)
            normalize_zip(tmp, epoch)
    return Written(target, target.stat().st_size, time.perf_counter() - started, facts)


@contextmanager
def atomic_output(target: Path):
    """Yield a temporary path beside ``target``; move it into place only on success."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_beside(target)
    try:
        yield tmp
        replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
