"""Render tasks → results, in this process or in worker processes.

One document's formats render side by side in forked workers on Linux; when
one of them is its PDF, a worker forked first imports WeasyPrint (~0.2 s)
while this process loads the content and makes the print page, then prints
it. A batch of documents renders in spawned workers, which stay alive across
tasks (and across rebuilds under --watch): WeasyPrint is imported once per
worker.
"""

from __future__ import annotations

import gc
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from .render import Printing, Result, Task, discard, prepare_task, print_task, run_task

if TYPE_CHECKING:  # the pool machinery is imported when a pool starts (~10 ms otherwise)
    from concurrent.futures import ProcessPoolExecutor

COST = {"pdf": 0, "pptx": 1, "html": 2}  # slowest first, so the pool ends together


def cores() -> int:
    """The cores this process may run on (a container's CPU set, not the host's count)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def start_pool(jobs: int | None = None, method: str = "spawn",
               preload: Callable[[], None] | None = None) -> ProcessPoolExecutor:
    """Worker processes (``jobs``, default one per core) that live until shut down;
    each calls ``preload`` first (a module-level function: it may cross to a spawned
    process)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context(method)
    return ProcessPoolExecutor(jobs or cores(), mp_context=context, initializer=_init_worker,
                               initargs=(os.getpid(), preload))


def run_all(tasks: list[Task], jobs: int,
            pool: ProcessPoolExecutor | None = None) -> Iterator[Result]:
    """Results of ``tasks``, in a pool of ``jobs`` workers or in this process.

    The formats of one document render side by side in forked workers where
    the platform is Linux: a forked worker starts in milliseconds, where a
    spawned one would first re-import what it needs (that costs more than
    the overlap saves, so without fork one document renders here). This
    process has started no threads yet, so forking it is safe.
    """
    single = len({t.source for t in tasks}) <= 1
    fork = single and sys.platform.startswith("linux")  # macOS: fork is unsafe there
    if pool is None and jobs > 1 and fork and any(t.fmt == "pdf" for t in tasks):
        yield from _printed_beside(tasks)
        return
    if pool is None and (jobs <= 1 or len(tasks) <= 1 or (single and not fork)):
        yield from (_here(task, index) for index, task in enumerate(tasks))
        return
    from concurrent.futures.process import BrokenProcessPool

    own = pool is None
    pool = pool or start_pool(min(jobs, len(tasks)), "fork" if single else "spawn")
    # Submitted slowest first, so the workers finish together; reported in the
    # order asked for, so the output lines are the same from run to run.
    futures = {t: pool.submit(run_task, t) for t in sorted(tasks, key=lambda t: COST[t.fmt])}
    try:
        for task in tasks:
            try:
                yield futures[task].result()
            except BrokenProcessPool:  # a worker was killed (out of memory, a crash)
                yield _died(task)
    finally:
        for future in futures.values():
            future.cancel()
        if own:
            pool.shutdown(wait=True, cancel_futures=True)


def _here(task: Task, index: int) -> Result:
    """The task run in this process, the ``index``-th of a row."""
    if index and not gc.isenabled():  # build.py runs without the collector:
        gc.collect()  # free the cycles the last task left,
        gc.freeze()  # and spare the next pass what is still alive (modules)
    return run_task(task)


def _printed_beside(tasks: list[Task]) -> Iterator[Result]:
    """One document's tasks, its PDF printed by a worker forked before anything else.

    The worker imports WeasyPrint while this process loads the content and
    makes the print page (prepare_task), then WeasyPrint prints it there
    while the other formats render here: the content's import and the
    page's making no longer come before WeasyPrint's import. Results come in
    the order asked for.
    """
    from concurrent.futures.process import BrokenProcessPool

    from ..pdf.engine import preload

    printer = start_pool(1, "fork", preload)
    printing: dict[Task, tuple[Printing, object]] = {}
    results: dict[Task, Result] = {}
    try:
        printer.submit(int)  # forks the worker now, so that its import starts now
        for index, task in enumerate(sorted(tasks, key=lambda t: COST[t.fmt])):
            step = prepare_task(task) if task.fmt == "pdf" else _here(task, index)
            if not isinstance(step, Printing):
                results[task] = step
                continue
            try:
                printing[task] = (step, printer.submit(print_task, step))
            except BrokenProcessPool:  # it died before the job came (importing WeasyPrint)
                step.job.target.unlink(missing_ok=True)
                results[task] = _died(task)
        for task, (step, future) in printing.items():
            try:
                results[task] = future.result()
            except BrokenProcessPool:  # the worker was killed (out of memory, a crash)
                step.job.target.unlink(missing_ok=True)
                results[task] = _died(task)
    finally:
        printer.shutdown(wait=True, cancel_futures=True)
        if len(results) < len(tasks):  # interrupted (Ctrl-C): nothing is handed over
            for step, _ in printing.values():
                step.job.target.unlink(missing_ok=True)
            for result in results.values():
                discard(result)
    yield from (results[task] for task in tasks)


def _died(task: Task) -> Result:
    return Result(task, errors=(
        f"{task.named}: the process rendering the {task.fmt.upper()} died (out of memory, or "
        "a crash in a library); the outputs from before are kept",))


def usable(pool: ProcessPoolExecutor) -> bool:
    """Whether ``pool`` still runs tasks (a killed worker breaks the whole pool)."""
    from concurrent.futures.process import BrokenProcessPool

    try:
        return pool.submit(int).result(timeout=60) == 0
    except BrokenProcessPool:
        return False


def _init_worker(parent: int, preload: Callable[[], None] | None = None) -> None:
    # Ctrl-C goes to the whole process group: the parent decides what happens.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()
    if preload is not None:
        preload()


def _exit_with_parent(parent: int) -> None:
    """A worker whose build was killed stops too, rather than finish writing alone."""
    while os.getppid() == parent:
        time.sleep(0.2)
    os._exit(1)
