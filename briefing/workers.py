"""Render tasks (one content file × one format) → outcomes, here or in worker processes.

A task holds only paths and numbers and its outcome is plain data, so both
cross a process boundary; nothing relies on fork, so the pool uses spawn on
every platform. Workers stay alive across tasks (and across rebuilds under
--watch): WeasyPrint, ~0.7 s to import, is imported once per worker.

Each task loads and validates its content file itself: the check is a few
milliseconds, and it keeps the parent free of pydantic, Jinja2 and the
renderers, so an up-to-date build stays cheap and a batch is not serialised
behind the parent's validation.
"""

from __future__ import annotations

import gc
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import BriefingError, TemplateError

if TYPE_CHECKING:  # the pool machinery is imported when a pool starts (~10 ms otherwise)
    from concurrent.futures import ProcessPoolExecutor

COST = {"pdf": 0, "pptx": 1, "html": 2}  # slowest first, so the pool ends together


@dataclass(frozen=True)
class Task:
    source: str          # the content file, absolute
    fmt: str
    out_dir: str
    strict: bool
    fallback_epoch: int  # the date for content without one (reproducible.fallback_epoch)
    reference_deck: str | None = None  # --reference-deck, absolute
    pdf_variant: str = "pdf/ua-1"      # --pdf-variant
    page_size: str | None = None       # --page-size; None: the theme's
    named: str | None = None           # the content file as the user named it, for messages


@dataclass
class Outcome:
    task: Task
    target: str | None = None        # the output written, None if it failed
    size: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    deps: dict[str, str | None] = field(default_factory=dict)  # referenced files → digest
    facts: dict = field(default_factory=dict)  # {"pages": n} or {"slides": n}
    dated: bool = False


def run_task(task: Task) -> Outcome:
    """Load and validate the content file, then render one format of it."""
    with _collector_paused():
        return _run_task(task)


@contextmanager
def _collector_paused():
    """No cyclic garbage collection while a task runs.

    Imports and a layout allocate millions of objects that live until the
    task ends, and each full collection walks them all again: 8 % of a deck
    build and 13 % of a 54-page PDF, measured here. The cycles a task leaves
    (~80 MB for that PDF) are collected after it, when the collector was on
    before; build.py runs with it off and exits instead (see run_all).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _run_task(task: Task) -> Outcome:
    from .build import render
    from .content import load_briefing
    from .manifest import file_digest
    from .reproducible import source_epoch
    from .theme import load_theme

    outcome = Outcome(task)
    try:
        briefing = load_briefing(task.named or task.source)
    except BriefingError as err:
        outcome.errors = err.lines()
        return outcome
    outcome.dated = briefing.date is not None
    # Hashed before rendering: a file edited meanwhile then looks stale next time,
    # never the other way round.
    for section in briefing.sections:
        if section.image:
            path = str((briefing.base_dir / section.image.path).resolve())
            outcome.deps[path] = file_digest(path)
    try:
        written = render(briefing, load_theme(), task.fmt, Path(task.out_dir), strict=task.strict,
                         epoch=source_epoch(briefing.date, task.fallback_epoch),
                         warnings=outcome.warnings, reference_deck=Path(task.reference_deck)
                         if task.reference_deck else None, pdf_variant=task.pdf_variant,
                         page_size=task.page_size)
    except TemplateError as err:
        outcome.errors = err.lines()
    except BriefingError as err:
        outcome.errors = [_located(briefing.source, line) for line in err.lines()]
    else:
        outcome.target, outcome.size, outcome.seconds = str(written.path), written.bytes, \
            written.seconds
        outcome.facts = written.facts
    outcome.warnings = [_located(briefing.source, w) for w in outcome.warnings]
    return outcome


def _located(source: Path, line: str) -> str:
    """The line, starting with the content file's name unless it does already."""
    return line if line.startswith(f"{source}:") else f"{source}: {line}"


def cores() -> int:
    """The cores this process may run on (a container's CPU set, not the host's count)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def start_pool(jobs: int | None = None, method: str = "spawn") -> ProcessPoolExecutor:
    """Worker processes (``jobs``, default one per core) that live until shut down."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context(method)
    return ProcessPoolExecutor(jobs or cores(), mp_context=context, initializer=_init_worker,
                               initargs=(os.getpid(),))


def run_all(tasks: list[Task], jobs: int,
            pool: ProcessPoolExecutor | None = None) -> Iterator[Outcome]:
    """Outcomes of ``tasks``, in a pool of ``jobs`` workers or in this process.

    The formats of one document render side by side in forked workers where
    the platform is Linux: a forked worker starts in milliseconds, where a
    spawned one would first re-import what it needs (that costs more than
    the overlap saves, so without fork one document renders here). This
    process has started no threads yet, so forking it is safe.
    """
    single = len({t.source for t in tasks}) <= 1
    fork = single and sys.platform.startswith("linux")  # macOS: fork is unsafe there
    if pool is None and (jobs <= 1 or len(tasks) <= 1 or (single and not fork)):
        for index, task in enumerate(tasks):
            if index and not gc.isenabled():  # build.py runs without the collector:
                gc.collect()  # free the cycles the last task left,
                gc.freeze()  # and spare the next pass what is still alive (modules)
            yield run_task(task)
        return
    own = pool is None
    pool = pool or start_pool(min(jobs, len(tasks)), "fork" if single else "spawn")
    # Submitted slowest first, so the workers finish together; reported in the
    # order asked for, so the output lines are the same from run to run.
    futures = {t: pool.submit(run_task, t) for t in sorted(tasks, key=lambda t: COST[t.fmt])}
    try:
        for task in tasks:
            yield futures[task].result()
    finally:
        for future in futures.values():
            future.cancel()
        if own:
            pool.shutdown(wait=True, cancel_futures=True)


def _init_worker(parent: int) -> None:
    # Ctrl-C goes to the whole process group: the parent decides what happens.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()


def _exit_with_parent(parent: int) -> None:
    """A worker whose build was killed stops too, rather than finish writing alone."""
    while os.getppid() == parent:
        time.sleep(0.2)
    os._exit(1)
