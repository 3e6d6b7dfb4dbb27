"""What a renderer returns: one value, the same for the PDF, the deck and the web page."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Rendered:
    """One written file: where, how big, how long it took, what it holds, what went wrong.

    ``facts`` is {"pages": n} for a PDF and {"slides": n} for a deck;
    ``warnings`` are lines for the user (located where the renderer can).
    """

    path: Path
    bytes: int
    seconds: float
    facts: dict = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
