"""Command-line paths → the content files to build: found, checked, de-duplicated, sharded.

Only the standard library: the up-to-date path imports this.
"""

from __future__ import annotations

import zlib
from pathlib import Path

from ..errors import UsageError

CONTENT = Path("content")


def content_files(paths: list[Path]) -> list[Path]:
    """The files named, or every content/*.yaml; a UsageError for a missing file, or two
    files whose outputs would overwrite each other."""
    if not paths:
        found = sorted(CONTENT.glob("*.yaml"))
        if not found:
            raise UsageError("no content files given and none found in content/*.yaml")
        return found
    missing = [p for p in paths if not p.is_file()]
    if missing:
        raise UsageError(f"no such content file: {missing[0]}")
    unique: dict[Path, Path] = {}  # the same file named twice is built once
    for path in paths:
        unique.setdefault(path.resolve(), path)
    seen: dict[str, Path] = {}
    for path in unique.values():
        other = seen.setdefault(path.stem, path)
        if other is not path:  # the slug names the outputs: one would overwrite the other
            raise UsageError(f"{other} and {path} would both write {path.stem}.*; "
                             "rename one of them or build them into different --output folders")
    return list(unique.values())


def select_shard(files: list[Path], index: int, count: int) -> list[Path]:
    """The files of shard ``index`` of ``count``: stable across runs and machines.

    A file's shard depends only on its name (a hash, not its position), so
    adding a briefing does not move the others between CI runners.
    """
    return [f for f in files if zlib.crc32(f.name.encode()) % count == index - 1]
