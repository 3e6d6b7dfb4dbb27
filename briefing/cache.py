"""Where per-user caches live: compiled templates, parsed hyphenation patterns, font cmaps.

Each only saves start-up time and is keyed on its source (Jinja2 compares a
checksum of the template; hyphenation and cmap entries are named after the
source file's size and modification time), so a stale entry is never used.
Without a writable cache folder everything still works, just a little slower.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

from .files import write_atomically


def cache_dir(kind: str) -> Path | None:
    """``$XDG_CACHE_HOME/briefing/<kind>`` (default ~/.cache), created; None if impossible."""
    root = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    folder = Path(root) / "briefing" / kind
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder


def stamp(path: Path) -> tuple[int, int] | None:
    """Size and modification time: what changes when the file does (None: no file)."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns


def entry_name(path: Path, *prefix: str) -> str | None:
    """The name of ``path``'s cache entry, new whenever the file changes."""
    found = stamp(path)
    return None if found is None else "-".join([*prefix, path.stem, *map(str, found)]) + ".json"


def read_json(kind: str, name: str):
    """The value cached as ``name``, or None (no cache folder, no entry, unreadable)."""
    folder = cache_dir(kind)
    if folder is None:
        return None
    try:
        return json.loads((folder / name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_json(kind: str, name: str, value) -> None:
    """Cache ``value`` as ``name``, atomically (a concurrent build reads all or nothing);
    a cache that cannot be written is skipped."""
    folder = cache_dir(kind)
    if folder is None:
        return
    with contextlib.suppress(OSError):
        write_atomically(folder / name, json.dumps(value).encode("utf-8"), durable=False)
