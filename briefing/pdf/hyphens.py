"""Language tag → Pyphen hyphenation patterns, parsed once per machine instead of once per build.

WeasyPrint hyphenates with Pyphen, which parses its ``hyph_*.dic`` file on
first use: ~0.1 s for English, in every PDF build. The parsed patterns are
kept as JSON in the user's cache folder (cache.py; keyed by Pyphen's version and the
dictionary file), and put into Pyphen's own in-process cache before
WeasyPrint asks for them. Anything unexpected (no cache folder, a pattern
with non-standard hyphenation) falls back to Pyphen's normal parsing.
"""

from __future__ import annotations

from pathlib import Path

from ..cache import entry_name, read_json, write_json


def preload(lang: str) -> None:
    """Make Pyphen's patterns for ``lang`` ready, from the disk cache when possible."""
    import pyphen

    name = pyphen.language_fallback(lang.replace("-", "_"))
    if name is None:
        return  # no dictionary: WeasyPrint does not hyphenate this language
    path = Path(pyphen.LANGUAGES[name])
    if path in pyphen.hdcache:
        return
    entry = entry_name(path, "pyphen", pyphen.__version__)
    hyph = _from_cache(read_json("hyphens", entry), pyphen) if entry else None
    if hyph is None:
        hyph = pyphen.HyphDict(path)
        # Patterns with alternatives (Pyphen's DataInt) carry more than numbers.
        if entry and all(type(v) is int for _, values in hyph.patterns.values() for v in values):
            write_json("hyphens", entry,
                       {k: [s, list(v)] for k, (s, v) in hyph.patterns.items()})
    pyphen.hdcache[path] = hyph


def _from_cache(data, pyphen):
    """Pyphen's patterns from a cache entry; None for a missing or damaged one."""
    hyph = pyphen.HyphDict.__new__(pyphen.HyphDict)
    try:
        hyph.patterns = {key: (start, tuple(values)) for key, (start, values) in data.items()}
        hyph.maxlen = max(len(key) for key in hyph.patterns)
    except (AttributeError, TypeError, ValueError):  # None, or not {pattern: [start, values]}
        return None
    hyph.cache = {}
    return hyph
