"""Language tag → Pyphen hyphenation patterns, parsed once per machine instead of once per build.

WeasyPrint hyphenates with Pyphen, which parses its ``hyph_*.dic`` file on
first use: ~0.1 s for English, in every PDF build. The parsed patterns are
kept as JSON in the user's cache folder (cache.py; keyed by Pyphen's version and the
dictionary file), and put into Pyphen's own in-process cache before
WeasyPrint asks for them. Anything unexpected (no cache folder, a pattern
with non-standard hyphenation) falls back to Pyphen's normal parsing.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from .cache import cache_dir


def preload(lang: str) -> None:
    """Make Pyphen's patterns for ``lang`` ready, from the disk cache when possible."""
    import pyphen

    name = pyphen.language_fallback(lang.replace("-", "_"))
    if name is None:
        return  # no dictionary: WeasyPrint does not hyphenate this language
    path = Path(pyphen.LANGUAGES[name])
    if path in pyphen.hdcache:
        return
    cache = _cache_file(pyphen.__version__, path)
    hyph = _read(cache, pyphen) if cache else None
    if hyph is None:
        hyph = pyphen.HyphDict(path)
        if cache:
            _write(cache, hyph)
    pyphen.hdcache[path] = hyph


def _cache_file(version: str, path: Path) -> Path | None:
    folder = cache_dir("hyphens")
    try:
        stat = path.stat()
    except OSError:
        return None
    if folder is None:
        return None
    return folder / f"pyphen-{version}-{path.stem}-{stat.st_size}-{stat.st_mtime_ns}.json"


def _read(cache: Path, pyphen):
    try:
        data = json.loads(cache.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    hyph = pyphen.HyphDict.__new__(pyphen.HyphDict)
    hyph.patterns = {key: (start, tuple(values)) for key, (start, values) in data.items()}
    hyph.cache = {}
    hyph.maxlen = max(len(key) for key in hyph.patterns)
    return hyph


def _write(cache: Path, hyph) -> None:
    patterns = hyph.patterns
    # Patterns with alternatives (Pyphen's DataInt) carry more than numbers.
    if any(type(v) is not int for _, values in patterns.values() for v in values):
        return
    tmp = cache.with_suffix(f".{os.getpid()}.tmp")
    try:
        tmp.write_text(json.dumps({k: [s, list(v)] for k, (s, v) in patterns.items()}),
                       encoding="utf-8")
        os.replace(tmp, cache)
    except OSError:
        tmp.unlink(missing_ok=True)
