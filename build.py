#!/usr/bin/env python3
"""Build briefings: `python build.py --help`. The work is done by the briefing package."""

import sys

from briefing.cli import main

if __name__ == "__main__":
    sys.exit(main())
