"""What each output was built from, kept in the output folder, and the lock around a build.

``<output>/.briefing-manifest.json`` maps every output file name to a key: a
hash of everything the output depends on (the content file's bytes, the files
it references, every file under templates/ including theme and fonts, the
package's code and version, the versions of the libraries that render, and the
format options). An output whose key is unchanged, and which is still the file
that build wrote, is up to date.

Deciding that needs no YAML parser and no validation: if the content bytes are
the ones whose previous build succeeded, the list of referenced files recorded
then is still the right list. So this module imports only the standard
library, and an up-to-date build costs little more than starting Python.

File digests are cached by (size, mtime) as git does, so the 16 MB of fonts
are read once, not on every build; a file modified within the last seconds
is never cached, so an edit that keeps size and timestamp is not missed.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import time
from pathlib import Path

from ..cache import stamp
from ..files import file_digest, write_atomically
from ..paths import PACKAGE, TEMPLATES

NAME = ".briefing-manifest.json"
SCHEMA = 1
RACY_NS = 3_000_000_000  # a file younger than this is hashed again next time
# The libraries whose version changes the bytes they write (dist-info names, normalised).
RENDERERS = ("weasyprint", "pydyf", "tinycss2", "tinyhtml5", "cssselect2", "pyphen",
             "python_pptx", "xlsxwriter", "lxml", "fonttools", "pillow", "jinja2",
             "markupsafe", "markdown_it_py", "mdurl", "pydantic", "pydantic_core", "pyyaml")

class Manifest:
    """The manifest of one output folder: entries by output name, plus the digest cache."""

    def __init__(self, out_dir: Path):
        self.out_dir = out_dir
        self.path = out_dir / NAME
        # Per output name, what it was built from: source (content file), content
        # (digest of its bytes), deps (other files it read: images), dated (the
        # content has a date, so SOURCE_DATE_EPOCH is moot), key (output_key() of
        # all that and the environment), output ([size, mtime_ns] as written).
        self.entries: dict[str, dict] = {}
        self._cache: dict[str, list] = {}  # path -> [size, mtime_ns, digest]
        self._used: dict[str, list] = {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if data.get("schema") == SCHEMA:
                self.entries = dict(data["outputs"])
                self._cache = data.get("digests", {})
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            pass  # missing or damaged: everything is stale, which is safe

    # -- digests ---------------------------------------------------------
    def digest(self, path: Path | str) -> str | None:
        """The file's sha256, from the cache when its size and mtime are unchanged."""
        name = str(path)
        found = stamp(name)
        if found is None:
            return None
        size, mtime_ns = found
        hit = self._cache.get(name)
        if hit and hit[0] == size and hit[1] == mtime_ns:
            self._used[name] = hit
            return hit[2]
        digest = file_digest(name)
        if time.time_ns() - mtime_ns > RACY_NS:
            self._used[name] = [size, mtime_ns, digest]
        return digest

    def environment(self) -> str:
        """One digest of what every output depends on: templates, code, library versions."""
        # The package's own files include __init__.py and so its __version__.
        h = hashlib.sha256(f"{SCHEMA}".encode())
        for root in (TEMPLATES, PACKAGE):
            for path in _files(root):
                h.update(f"{path.relative_to(root.parent)} {self.digest(path)}\n".encode())
        h.update(" ".join(library_versions()).encode())
        return h.hexdigest()

    # -- staleness -------------------------------------------------------
    def up_to_date(self, output: str, *, source: str, content: str, environment: str,
                   options: dict) -> bool:
        entry = self.entries.get(output)
        try:
            if entry["source"] != source or entry["content"] != content:
                return False
            deps = {dep: self.digest(dep) for dep in entry["deps"]}
            key = output_key(source, content, deps, environment, options, entry["dated"])
            return key == entry["key"] and _stamp(self.out_dir / output) == entry["output"]
        except (TypeError, KeyError):  # no entry, or a damaged one: rebuild
            return False

    def record(self, output: str, *, source: str, content: str, deps: dict[str, str | None],
               dated: bool, environment: str, options: dict) -> None:
        key = output_key(source, content, deps, environment, options, dated)
        self.entries[output] = {"source": source, "content": content, "deps": sorted(deps),
                                "dated": dated, "key": key,
                                "output": _stamp(self.out_dir / output)}

    def remove_orphans(self) -> list[Path]:
        """Delete the outputs whose content file no longer exists (deleted or renamed), and
        forget them; return their paths. Only files this tool wrote and nobody changed
        since: an output whose size or mtime differs from the recorded one is kept."""
        removed = []
        for output, entry in sorted(self.entries.items()):
            try:
                if os.path.exists(entry["source"]):
                    continue
                path = self.out_dir / output
                if _stamp(path) == entry["output"]:
                    path.unlink()
                    removed.append(path)
            except (TypeError, KeyError, OSError):  # a damaged entry, a file in use: keep it
                continue
            del self.entries[output]
        return removed

    @property
    def cache_changed(self) -> bool:
        return any(self._cache.get(name) != stamp for name, stamp in self._used.items())

    def save(self) -> None:
        digests = {name: stamp for name, stamp in {**self._cache, **self._used}.items()
                   if os.path.exists(name)}
        data = {"schema": SCHEMA, "outputs": dict(sorted(self.entries.items())),
                "digests": dict(sorted(digests.items()))}
        write_atomically(self.path, json.dumps(data, indent=1).encode("utf-8"))


def output_key(source: str, content: str, deps: dict[str, str | None], environment: str,
               options: dict, dated: bool) -> str:
    """The hash that must match for an output to be up to date."""
    epoch = None if dated else os.environ.get("SOURCE_DATE_EPOCH")
    payload = [SCHEMA, source, content, sorted(deps.items()), environment,
               sorted(options.items()), epoch]
    return hashlib.sha256(json.dumps(payload).encode("utf-8")).hexdigest()


def library_versions() -> list[str]:
    """``name-version`` of each renderer library, read from dist-info folder names.

    importlib.metadata would take ~70 ms; listing site-packages takes ~1 ms.
    """
    found = set()
    for folder in sys.path:
        try:
            names = os.listdir(folder or ".")
        except OSError:
            continue
        for name in names:
            if name.endswith(".dist-info"):
                dist, _, version = name[: -len(".dist-info")].partition("-")
                if re.sub(r"[-_.]+", "_", dist).lower() in RENDERERS:
                    found.add(f"{dist.lower()}-{version}")
    return sorted(found)


def _files(root: Path) -> list[Path]:
    out = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "__")))
        out += [Path(folder, f) for f in sorted(files)
                if not f.startswith(".") and not f.endswith((".pyc", ".tmp"))]
    return out


def _stamp(path: Path) -> list[int] | None:
    """cache.stamp as the manifest stores it (JSON has lists, not tuples)."""
    found = stamp(path)
    return None if found is None else list(found)
