"""A finished build → output/build-report.json, for CI summaries and dashboards.

One entry per output the build was asked for: what it is, whether it was
written now, was already up to date, was removed (its content file is gone),
or failed, and its size, page or slide
count, render time, warnings and the digest of the content it was built from.
Entries for up-to-date outputs are carried over from the previous report.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..files import write_atomically

NAME = "build-report.json"


def write_report(out_dir: Path, report, skipped_sources: dict[str, str],
                 failed: dict[str, list[str]]) -> Path:
    """Write ``report`` (a build.Report) into ``out_dir``; return its path.

    ``skipped_sources`` maps each up-to-date output's name to its content file;
    ``failed`` maps each content file with errors to its error lines.
    """
    path = out_dir / NAME
    previous = _previous_entries(path)
    entries = []
    for output in report.written:
        entries.append({
            "path": str(output.path), "source": output.source, "format": output.fmt,
            "status": "written", "bytes": output.bytes, **output.facts,
            "seconds": round(output.seconds, 3), "warnings": list(output.warnings),
            "content_sha256": output.content,
        })
    for output in report.skipped:
        entry = previous.get(str(output)) or {"path": str(output),
                                              "source": skipped_sources.get(output.name),
                                              "format": output.suffix.lstrip(".")}
        if output.exists():
            entry["bytes"] = output.stat().st_size
        entries.append({**entry, "status": "up to date"})
    for output in report.removed:
        entries.append({"path": str(output), "format": output.suffix.lstrip("."),
                        "status": "removed"})
    for source, errors in failed.items():
        entries.append({"source": source, "status": "failed", "errors": errors})
    data = (json.dumps({"ok": report.ok, "outputs": entries}, indent=2,
                       ensure_ascii=False) + "\n").encode()
    if not path.is_file() or path.read_bytes() != data:  # an up-to-date run writes nothing
        write_atomically(path, data)
    return path


def _previous_entries(path: Path) -> dict[str, dict]:
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))["outputs"]
        return {e["path"]: e for e in entries if e.get("status") != "failed" and "path" in e}
    except (OSError, ValueError, KeyError, TypeError):
        return {}
