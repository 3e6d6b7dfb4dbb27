"""One task (a content file × a format) → a Result: the file rendered to a temporary path
beside its output, or the located errors that stopped it.

The task is plain data and so is its result, so both cross a process
boundary. Each task loads and validates its content file itself: the check
is a few milliseconds, and it keeps the parent free of pydantic, Jinja2 and
the renderers, so an up-to-date build stays cheap. The build moves the
temporary file into place (``commit``) or removes it (``discard``).

A PDF task may also run in two halves: ``prepare_task`` (the content, the
print page: a Printing) here and ``print_task`` (WeasyPrint) in a worker
that imported WeasyPrint meanwhile (workers.py).
"""

from __future__ import annotations

import dataclasses
import errno
import gc
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import BriefingError, TemplateError
from ..files import file_digest, replace, temp_beside
from ..options import Options
from ..rendered import Rendered

if TYPE_CHECKING:
    from ..pdf import PrintJob


@dataclass(frozen=True)
class Task:
    source: str          # the content file, absolute
    named: str           # the content file as the user named it, for messages
    fmt: str
    out_dir: str
    options: Options
    fallback_epoch: int  # the date for content without one (reproducible.fallback_epoch)

    @property
    def target(self) -> Path:
        return Path(self.out_dir) / f"{Path(self.source).stem}.{self.fmt}"


@dataclass(frozen=True)
class Result:
    task: Task
    rendered: Rendered | None = None  # its path is the temporary file; None if it failed
    errors: tuple[str, ...] = ()
    deps: dict[str, str | None] = field(default_factory=dict)  # files it read → digest
    dated: bool = False  # the content has a date, so SOURCE_DATE_EPOCH is moot
    traceback: str | None = None  # of a bug, for --traceback

    @property
    def warnings(self) -> tuple[str, ...]:
        return self.rendered.warnings if self.rendered else ()


def run_task(task: Task) -> Result:
    """Load and validate the content file, then render one format of it.

    Whatever goes wrong ends as a Result with one error line naming the file:
    a user's mistake as the renderer located it, a full disk as the file it
    could not write, a bug as a request to report it (with its traceback kept
    for --traceback). Only Ctrl-C (KeyboardInterrupt) passes through.
    """
    return _guarded(task, lambda: _run_task(task))


def prepare_task(task: Task) -> Result | Printing:
    """A PDF task up to WeasyPrint: the content loaded and checked, the print page made.

    ``print_task`` finishes it, in a process that imported WeasyPrint meanwhile
    (workers.run_all); a task that fails here is a Result already.
    """
    return _guarded(task, lambda: _run_task(task, prepare_only=True))


def print_task(printing: Printing) -> Result:
    """The rest of a prepared PDF task: WeasyPrint writes its temporary file."""
    from ..pdf import print_pdf
    from .reproducible import pinned_epoch

    def draw() -> Rendered:
        with pinned_epoch(printing.epoch):
            return print_pdf(printing.job)

    return _guarded(printing.task, lambda: _drawn(
        printing.task, printing.source, printing.job.target, printing.deps, printing.dated, draw))


@dataclass(frozen=True)
class Printing:
    """A PDF task halfway: its print job made, WeasyPrint still to run."""

    task: Task
    job: PrintJob
    source: Path        # the content file, to locate the engine's errors
    deps: dict[str, str | None]
    dated: bool
    epoch: int


def _guarded(task: Task, run: Callable[[], Result | Printing]) -> Result | Printing:
    """``run()``, with whatever goes wrong made a Result of one line (see run_task)."""
    with _collector_paused():
        try:
            return run()
        except OSError as err:
            if err.errno not in WRITE_ERRORS:
                return _bug(task, err)
            return Result(task, errors=(f"{task.named}: cannot write {task.target}: "
                                        f"{err.strerror}; the outputs from before are kept",))
        except Exception as err:  # noqa: BLE001  (a bug: reported, not a crash)
            return _bug(task, err)


# Errors of the disk rather than of the document (ENOSPC, EDQUOT, EACCES, EROFS, EIO).
WRITE_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EACCES, errno.EROFS, errno.EIO}


def _bug(task: Task, err: Exception) -> Result:
    import traceback

    what = f"{type(err).__name__}: {err}".splitlines()[0][:300]
    return Result(task, errors=(
        f"{task.named}: internal error while writing the {task.fmt.upper()} ({what}); "
        "this is a bug in briefing: please report it with the output of --traceback",),
        traceback=traceback.format_exc())


@contextmanager
def _collector_paused():
    """No cyclic garbage collection while a task runs.

    Imports and a layout allocate millions of objects that live until the
    task ends, and each full collection walks them all again: 8 % of a deck
    build and 13 % of a 54-page PDF, measured here. The cycles a task leaves
    (~80 MB for that PDF) are collected after it, when the collector was on
    before; build.py runs with it off and exits instead (see workers.run_all).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _run_task(task: Task, prepare_only: bool = False) -> Result | Printing:
    from .. import content
    from ..paths import project_inputs, project_templates
    from ..theme import load_theme
    from .reproducible import source_epoch

    try:
        briefing = content.load_briefing(task.named)
    except BriefingError as err:
        return Result(task, errors=tuple(err.lines()))
    briefing.with_templates(project_templates(briefing.base_dir, task.options.templates))
    # Hashed before rendering: a file edited meanwhile then looks stale next time,
    # never the other way round.
    deps = {}
    for path in project_inputs(briefing.templates):  # the project's own templates and theme
        deps[str(path)] = file_digest(path) if path.is_file() else None
    for section in briefing.sections:
        for part in (section.table, section.chart):  # data files
            if part is not None and part.file:
                path = str((briefing.base_dir / part.file).resolve())
                deps[path] = file_digest(path)
        if section.image:  # the image, and what it draws (an SVG's <image href>)
            for used in (briefing.base_dir / section.image.path, *section.image.references):
                path = str(used.resolve())
                deps[path] = file_digest(path)
    dated = briefing.date is not None
    target = task.target
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_beside(target)
    epoch = source_epoch(briefing.date, task.fallback_epoch)

    def draw() -> Rendered | Printing:
        theme = load_theme(project=briefing.templates)
        options = task.options
        if prepare_only:
            from ..pdf import prepare_pdf

            return Printing(task, prepare_pdf(briefing, theme, tmp, options), briefing.source,
                            deps, dated, epoch)
        reference = project_reference(briefing.templates)
        if task.fmt == "pptx" and options.reference_deck is None and reference is not None:
            options = dataclasses.replace(options, reference_deck=reference)
        return render(briefing, theme, task.fmt, tmp, options, epoch=epoch)

    return _drawn(task, briefing.source, tmp, deps, dated, draw)


def _drawn(task: Task, source: Path, tmp: Path, deps: dict, dated: bool,
           draw: Callable[[], Rendered | Printing]) -> Result | Printing:
    """``draw()``'s file at ``tmp`` as a Result, or the located errors that stopped it
    (the temporary file removed)."""
    try:
        rendered = draw()
    except TemplateError as err:
        tmp.unlink(missing_ok=True)
        return Result(task, errors=tuple(err.lines()), deps=deps, dated=dated)
    except BriefingError as err:
        tmp.unlink(missing_ok=True)
        return Result(task, errors=tuple(_located(source, line) for line in err.lines()),
                      deps=deps, dated=dated)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if isinstance(rendered, Printing):
        return rendered
    warnings = tuple(_located(source, w) for w in rendered.warnings)
    return Result(task, Rendered(tmp, rendered.bytes, rendered.seconds, rendered.facts,
                                 warnings), deps=deps, dated=dated)


def render(briefing, theme, fmt: str, target: Path, options: Options, *,
           epoch: int) -> Rendered:
    """Render one format of one briefing to ``target``.

    ``epoch`` is the moment every date in the output shows (the date rule in
    reproducible.py).
    """
    from .reproducible import normalize_zip, pinned_epoch

    started = time.perf_counter()
    if fmt == "html":
        from ..html import write_html

        rendered = write_html(briefing, theme, target, options)
    elif fmt == "pdf":
        from ..pdf import write_pdf

        with pinned_epoch(epoch):
            rendered = write_pdf(briefing, theme, target, options)
    else:
        from ..deck import write_deck

        rendered = write_deck(briefing, theme, target, options)
        normalize_zip(target, epoch)
    return dataclasses.replace(rendered, bytes=target.stat().st_size,
                               seconds=time.perf_counter() - started)


def commit(result: Result) -> Path:
    """Move a result's temporary file into place; return the output's path."""
    replace(result.rendered.path, result.task.target)
    return result.task.target


def discard(result: Result) -> None:
    if result.rendered:
        result.rendered.path.unlink(missing_ok=True)


def project_reference(folders: tuple[Path, ...]) -> Path | None:
    """The reference.pptx of the strongest templates folder that has one."""
    from ..paths import REFERENCE_DECK

    return next((folder / REFERENCE_DECK for folder in folders
                 if (folder / REFERENCE_DECK).is_file()), None)


def _located(source: Path, line: str) -> str:
    """The line, starting with the content file's name unless it does already."""
    return line if line.startswith(f"{source}:") else f"{source}: {line}"
