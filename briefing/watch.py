"""Saved files → rebuilds: watch the content, templates, theme and fonts until Ctrl-C.

Each batch of changes (debounced) runs the same build as the command line.
The manifest decides what is stale, so saving one content file rebuilds that
briefing only and saving a template or font rebuilds them all. Errors are
printed and the watch carries on. One pool of worker processes serves every
rebuild, so WeasyPrint is imported once, not on every save.
"""

from __future__ import annotations

import multiprocessing
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from .build.workers import start_pool, usable
from .errors import BriefingError
from .paths import TEMPLATES

Rebuild = Callable[[ProcessPoolExecutor], object]


def watch(rebuild: Rebuild, content: list[Path], out_dir: Path, jobs: int | None = None, *,
          debounce_ms: int = 300, stop_event: threading.Event | None = None,
          name: str = "build.py") -> int:
    """Build once, then again after every change under ``content`` or templates/.

    Returns 130 on Ctrl-C (the usual exit status for SIGINT), 0 if
    ``stop_event`` ends the watch.
    """
    import watchfiles

    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(line_buffering=True)  # each rebuild line shows at once
    # Folders, not files: an editor that saves by renaming a new file over the
    # old one would leave a watched file behind; images live there too.
    roots = sorted({(p if p.is_dir() else p.parent).resolve() for p in content} | {TEMPLATES})
    ignored = out_dir.resolve()

    def relevant(change, path: str) -> bool:
        p = Path(path)
        return (not p.is_relative_to(ignored) and not p.name.startswith(".")
                and watchfiles.DefaultFilter()(change, path))

    pool = start_pool(jobs)
    armed = False
    try:
        # An empty batch comes when nothing changed for a while: the first one
        # means the watcher runs, so the first build starts then and nothing
        # saved during or after it is missed.
        for changes in watchfiles.watch(*roots, watch_filter=relevant, debounce=debounce_ms,
                                        step=50, stop_event=stop_event, raise_interrupt=True,
                                        rust_timeout=100, yield_on_timeout=True):
            if not armed:
                armed = True
                pool = _rebuild(rebuild, pool, jobs, name)
                print(f"watching {', '.join(_shown(r) for r in roots)} for changes "
                      "(Ctrl-C to stop)")
            elif changes:
                if any(Path(path).is_relative_to(TEMPLATES) for _change, path in changes):
                    # Workers keep what they read of fonts and templates (glyph
                    # tables, parsed CSS): new ones start from the saved files.
                    pool.shutdown(wait=True, cancel_futures=True)
                    pool = start_pool(jobs)
                pool = _rebuild(rebuild, pool, jobs, name)
    except KeyboardInterrupt:
        return 130
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
        # A stopped watch has nothing left to render: end the workers now rather than
        # have the interpreter's exit wait for them (one still starting up under load
        # could keep a Ctrl-C'd watch alive; their temporary files are removed by the
        # next build).
        for child in multiprocessing.active_children():
            child.terminate()
    return 0


def _rebuild(rebuild: Rebuild, pool: ProcessPoolExecutor, jobs: int | None, name: str):
    """Run one build; report what stops it and keep watching. Returns the pool to use next."""
    try:
        rebuild(pool)
    except BriefingError as err:  # e.g. the last content file was deleted
        for line in err.lines():
            print(f"{name}: {line}", file=sys.stderr)
    except BrokenProcessPool:
        pass  # the pool broke between rebuilds: replaced below
    if not usable(pool):  # a worker died: its tasks were reported as failed
        print(f"{name}: a worker process died; starting new ones", file=sys.stderr)
        pool.shutdown(wait=False, cancel_futures=True)
        return start_pool(jobs)
    return pool


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
