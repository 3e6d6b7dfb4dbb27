"""Content files → outputs: validate everything first, then render, then replace atomically.

A file with errors writes nothing and leaves its earlier outputs as they were;
the other files of a batch are still built.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .content import load_briefing
from .errors import BriefingError
from .model import Briefing
from .theme import Theme, load_theme

FORMATS = ("pdf", "pptx", "html")


@dataclass
class Written:
    path: Path
    bytes: int
    seconds: float


@dataclass
class Report:
    """What a build did: files written, and the error lines of the files that failed."""

    written: list[Written] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def build(files: Iterable[Path], out_dir: Path, formats: Iterable[str] = FORMATS, *,
          check_only: bool = False, strict: bool = False,
          on_written: Callable[[Written], None] | None = None) -> Report:
    """Validate every file, then render each valid one into ``out_dir``."""
    report = Report()
    theme = load_theme()
    briefings: list[Briefing] = []
    for path in files:
        try:
            briefings.append(load_briefing(path))
        except BriefingError as err:
            report.errors.extend(err.lines())
    if check_only:
        return report
    for briefing in briefings:
        try:
            for fmt in formats:
                written = render(briefing, theme, fmt, out_dir, strict=strict, report=report)
                report.written.append(written)
                if on_written:
                    on_written(written)
        except BriefingError as err:
            report.errors.extend(f"{briefing.source}: {line}" for line in err.lines())
    return report


def render(briefing: Briefing, theme: Theme, fmt: str, out_dir: Path, *,
           strict: bool = False, report: Report | None = None) -> Written:
    """Render one format of one briefing to ``out_dir/<slug>.<fmt>``, atomically."""
    started = time.perf_counter()
    target = out_dir / f"{briefing.slug}.{fmt}"
    with atomic_output(target) as tmp:
        if fmt == "html":
            from .html import relative_image_url, render_html

            html = render_html(briefing, theme, image_url=relative_image_url(briefing, out_dir))
            tmp.write_text(html, encoding="utf-8")
        elif fmt == "pdf":
            from .html import render_html
            from .pdf import write_pdf

            warnings = write_pdf(render_html(briefing, theme, media="print"), tmp,
                                 allowed=[briefing.base_dir], strict=strict)
            if report is not None:
                report.warnings.extend(f"{briefing.source}: {w}" for w in warnings)
        else:
            from .deck import write_deck

            write_deck(briefing, theme, tmp)
    return Written(target, target.stat().st_size, time.perf_counter() - started)


@contextmanager
def atomic_output(target: Path):
    """Yield a temporary path beside ``target``; move it into place only on success."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
