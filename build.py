#!/usr/bin/env python3
"""Build briefings: `python build.py --help`. The work is done by the briefing package."""

import os
import sys

from briefing.cli import main

if __name__ == "__main__":
    code = main()
    # Skip the interpreter's teardown: freeing WeasyPrint's and pydantic's
    # state costs ~0.1 s per build, and nothing is left to clean up (outputs
    # are in place, temporary files removed, worker pools shut down).
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
