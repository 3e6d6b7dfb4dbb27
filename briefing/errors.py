"""The exceptions a user can cause, kept apart from bugs.

Anything raised here is reported as one line per problem and exit status 1
(2 for a UsageError: cli.ExitStatus); any other exception is a bug.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One located problem in an input file: ``FILE:LINE:COL: path: message``."""

    file: str
    line: int
    column: int
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        return f"{self.file}:{self.line}:{self.column}: {where}{self.message}"


class BriefingError(Exception):
    """Base class of every error a user can fix by changing their input.

    Given located problems it reports one line each (``lines``); given a message,
    that message."""

    def __init__(self, message: str | list[Problem]):
        self.problems = sorted(message) if isinstance(message, list) else []
        super().__init__("\n".join(map(str, self.problems)) if self.problems else message)

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems] if self.problems else [str(self)]


class ContentError(BriefingError):
    """A content file broke the contract; carries every problem found in it."""

    def __init__(self, problems: list[Problem]):
        super().__init__(list(problems))


class TemplateError(BriefingError):
    """A template or theme file is broken (located where Jinja2/YAML can say; the theme's
    problems all at once, like content's)."""


class RenderError(BriefingError):
    """A renderer refused the document: a warning under --strict, text that fits no
    slide (located at the content it came from, when it can be)."""


class MissingDependency(BriefingError):
    """A system library or package the renderer needs is not installed."""


class UsageError(BriefingError):
    """Bad command line: a missing file, an unknown format (exit status 2)."""
