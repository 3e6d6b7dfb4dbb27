#!/usr/bin/env python3
"""Build briefings: `python build.py --help`. The work is done by the briefing package."""

import gc
import os
import sys
import threading

# A one-off build: no cyclic garbage collection, which would walk every object
# of a layout again and again (8-13 % of a build). The process ends with the
# build; briefing.workers collects between documents, --watch turns it back on.
gc.disable()

from briefing.cli import main  # noqa: E402  (after the collector is off: imports too)


def _quiet() -> bool:
    """No worker process or foreground thread left that an exit handler must stop."""
    processes = sys.modules.get("multiprocessing")
    if processes is not None and processes.active_children():
        return False
    return all(t.daemon or t is threading.main_thread() for t in threading.enumerate())


if __name__ == "__main__":
    code = main()
    if not _quiet():
        sys.exit(code)
    # Skip the interpreter's teardown: freeing WeasyPrint's and pydantic's
    # state costs ~0.1 s per build, and nothing is left to clean up (outputs
    # are in place, temporary files removed, no worker running).
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
