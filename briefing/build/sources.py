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
        # Only regular files: a FIFO or a link to /dev/zero named *.yaml would hang the
        # build, a folder is not a file.
        found = sorted(p for p in CONTENT.glob("*.yaml") if p.is_file())
        if not found:
            raise UsageError("no content files given and none found in content/*.yaml")
        return found
    for path in paths:
        if not path.is_file():
            raise UsageError(_not_a_file(path))
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


def _not_a_file(path: Path) -> str:
    """Why ``path``, which is not a regular file, cannot be built."""
    if path.is_dir():
        return f"{path} is a folder, not a content file; name the .yaml files in it"
    if path.exists():  # a FIFO, a socket, a device (also through a link)
        return f"{path} is not a regular file; expected a YAML content file"
    return f"no such content file: {path}"


def select_shard(files: list[Path], index: int, count: int) -> list[Path]:
    """The files of shard ``index`` of ``count``: stable across runs and machines.

    A file's shard depends only on its name (a hash, not its position), so
    adding a briefing does not move the others between CI runners.
    """
    return [f for f in files if zlib.crc32(f.name.encode()) % count == index - 1]
