"""Content files + Options → outputs: skip what is up to date, render the rest, swap atomically.

A build holds the output folder's lock (files.locked), asks the manifest
which outputs are stale, renders one task per stale (file, format) through
workers.run_all, moves each rendered file into place and records it. A file
with errors writes nothing and leaves its earlier outputs as they were; the
other files of a batch are still built. Every output is rendered to a
temporary file beside it and renamed into place, so a failed or killed build
never leaves a broken one.

This package imports only the standard library at load time: the up-to-date
path must not pay for pydantic, Jinja2, WeasyPrint or python-pptx.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import BriefingError, UsageError
from ..files import file_digest, locked
from ..options import DEFAULT, Options
from .manifest import Manifest

TYPE_CHECKING = False  # typing itself costs the up-to-date path 3 ms
if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

    from .render import Result


@dataclass(frozen=True)
class Output:
    """One output this build wrote."""

    path: Path
    source: str  # the content file as the user named it
    fmt: str
    bytes: int
    seconds: float
    facts: dict  # {"pages": n} or {"slides": n}
    warnings: tuple[str, ...]
    content: str  # sha256 of the content file it was built from


@dataclass
class Report:
    """What a build did: outputs written and skipped, and the error lines of the files
    that failed."""

    written: list[Output] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)  # outputs of content files now gone
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    tracebacks: list[str] = field(default_factory=list)  # of bugs, for --traceback

    @property
    def ok(self) -> bool:
        return not self.errors


def build(files: Iterable[Path], out_dir: Path, options: Options = DEFAULT, *,
          pool: ProcessPoolExecutor | None = None,
          on_written: Callable[[Output], None] | None = None,
          on_wait: Callable[[], None] | None = None) -> Report:
    """Bring every output of ``files`` in ``out_dir`` up to date.

    One content file is one transaction: its stale formats are rendered to
    temporary files, and moved into place together only when every one of
    them succeeded; otherwise all its earlier outputs stay as they were.
    ``options.jobs`` worker processes render in parallel (default: one per
    core); ``pool`` reuses running workers (--watch).
    """
    from .reproducible import fallback_epoch

    files = list(files)
    report = Report()
    errors: dict[str, list[str]] = {}  # by content file, in the order given
    epoch = fallback_epoch()
    with _output_folder(out_dir), locked(out_dir, on_wait):
        manifest = Manifest(out_dir)
        environment = manifest.environment()
        contents: dict[str, str] = {}
        stale: list[tuple[str, str, str]] = []  # (source, the path as given, format)
        named: dict[str, str] = {}  # output name → the content file as given
        for path in files:
            source = str(path.resolve())
            errors[source] = []
            # Hashed before anything reads the file: an edit during the build
            # makes the output look stale next time, never fresh.
            try:
                contents[source] = file_digest(source)
            except OSError as err:  # gone, or swapped for a FIFO since it was found
                errors[source].append(f"{path}: cannot read it: {err.strerror}")
                continue
            for fmt in options.formats:
                output = f"{path.stem}.{fmt}"
                named[output] = str(path)
                if not options.force and manifest.up_to_date(
                        output, source=source, content=contents[source],
                        environment=environment, options=_key(manifest, options, fmt)):
                    report.skipped.append(out_dir / output)
                    continue
                stale.append((source, str(path), fmt))
        report.removed = manifest.remove_orphans()
        rendering = _render_all(stale, out_dir, options, epoch, pool)
        try:
            if stale:  # here, not at load time: the up-to-date path never needs it
                from .render import discard
            for results in _by_file(rendering):
                source = results[0].task.source
                for result in results:
                    errors[source] += result.errors
                    report.warnings += result.warnings
                    if result.traceback:
                        report.tracebacks.append(result.traceback)
                if errors[source]:  # one format failed: none of this file's outputs change
                    for result in results:
                        discard(result)
                    continue
                for result in results:
                    written = _commit(result, contents[source], manifest, environment, options)
                    report.written.append(written)
                    if on_written:
                        on_written(written)
        finally:
            # After Ctrl-C the workers stop (and are waited for) now, before the
            # lock's release removes what they were writing.
            rendering.close()
            # Also after Ctrl-C: what was written is recorded, the rest stays stale.
            # A build that wrote nothing into a folder without a manifest leaves
            # no trace (a file with errors writes nothing at all).
            if report.written or report.removed or (
                    manifest.cache_changed and manifest.path.exists()):
                manifest.save()
        report.errors = [line for lines in errors.values() for line in dict.fromkeys(lines)]
        if manifest.path.exists():  # a folder this tool builds into, not a stray one
            from .report import write_report

            failed = {source: lines for source, lines in errors.items() if lines}
            write_report(out_dir, report, named, failed)
    report.warnings = list(dict.fromkeys(report.warnings))
    return report


def _by_file(results: Iterator[Result]) -> Iterator[list[Result]]:
    """The results of one content file together (tasks come grouped by file)."""
    group: list[Result] = []
    for result in results:
        if group and result.task.source != group[0].task.source:
            yield group
            group = []
        group.append(result)
    if group:
        yield group


def _commit(result: Result, content: str, manifest: Manifest, environment: str,
            options: Options) -> Output:
    from .render import commit

    task, rendered = result.task, result.rendered
    target = commit(result)
    manifest.record(target.name, source=task.source, content=content, deps=result.deps,
                    dated=result.dated, environment=environment,
                    options=_key(manifest, options, task.fmt))
    return Output(target, task.named, task.fmt, rendered.bytes, rendered.seconds,
                  rendered.facts, rendered.warnings, content)


@contextmanager
def _output_folder(out_dir: Path):
    """The output folder made if needed; a path that cannot be one is a usage error."""
    if out_dir.exists() and not out_dir.is_dir():
        raise UsageError(f"--output {out_dir} is a file, not a folder; name a folder")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise UsageError(f"cannot make the output folder {out_dir}: {err.strerror}") from None
    if not os.access(out_dir, os.W_OK | os.X_OK):
        raise UsageError(f"cannot write into the output folder {out_dir}: permission denied")
    yield


def _render_all(stale: list[tuple[str, str, str]], out_dir: Path, options: Options, epoch: int,
                pool: ProcessPoolExecutor | None):
    if not stale:  # up to date: no need to even import the worker machinery
        return
    from .render import Task
    from .workers import cores, run_all

    tasks = [Task(source, named, fmt, str(out_dir), options, epoch)
             for source, named, fmt in stale]
    yield from run_all(tasks, options.jobs or cores(), pool)


def _key(manifest: Manifest, options: Options, fmt: str) -> dict:
    """The build options an output depends on, for its manifest key."""
    key = options.key(fmt)
    if "reference_deck" in key:  # a deck depends on its reference deck's bytes
        key["reference_digest"] = manifest.digest(options.reference_deck)
    return key


def check(files: Iterable[Path], options: Options = DEFAULT) -> Report:
    """Every check a build makes, writing nothing: each file is validated, then each
    format rendered into a temporary folder that is thrown away (a stat too long for its
    slide is found only by drawing it)."""
    import tempfile

    from .. import content  # here, not at load time: pydantic costs the up-to-date path 0.2 s

    report = Report()
    valid = []
    for path in files:
        try:
            content.load_briefing(path)
        except BriefingError as err:
            report.errors.extend(err.lines())
        else:
            valid.append(path)
    if valid:
        with tempfile.TemporaryDirectory(prefix="briefing-check-") as folder:
            built = build(valid, Path(folder), dataclasses.replace(options, force=True))
        report.errors += built.errors
        report.warnings += built.warnings
    return report
