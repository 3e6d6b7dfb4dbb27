"""Where per-user caches live: compiled templates and parsed hyphenation patterns.

Both only save start-up time; each is checked against its source (Jinja2
compares a checksum of the template, hyphens.py keys on Pyphen's version and
the dictionary file), so a stale entry is never used. Without a writable
cache folder everything still works, just a little slower.
"""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir(kind: str) -> Path | None:
    """``$XDG_CACHE_HOME/briefing/<kind>`` (default ~/.cache), created; None if impossible."""
    root = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    folder = Path(root) / "briefing" / kind
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder
