"""Briefing + Theme → the characters no bundled font can draw (they would print as boxes).

The PDF uses only the fonts declared in templates/fonts/fonts.css, so a
character is drawable when some face of a family in the theme's font stack
lists it both in its ``unicode-range`` (if any) and in its cmap. Each font's
cmap is read with fontTools once per machine and cached (cache.py), so the
check costs about a millisecond.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..cache import stamp
from ..cmaps import code_points
from ..errors import Problem, RenderError
from ..fontfaces import faces as declared
from ..paths import FONTS_CSS
from ..templating import edition_date
from ..theme import Theme

# Fields that never reach the PDF as text (speaker notes, file names, codes).
_NOT_PRINTED = {"notes", "path", "lang", "kind", "date", "alt"}
# Labels the PDF prints (theme.yaml), checked like content.
_PRINTED_LABELS = ("contents", "page", "of", "key_points", "edition", "author", "organization",
                   "summary")
# Labels a section prints in its own language (its `lang`).
SECTION_LABELS = ("key_points",)


class MissingGlyphs(RenderError):
    """Characters that would print as boxes, under --strict: one located line each."""


@dataclass(frozen=True)
class Face:
    """One @font-face: its family, font file and the code points it may serve."""

    family: str
    path: Path
    ranges: tuple[tuple[int, int], ...]  # empty: every code point in the cmap
    stamp: tuple[int, int] | None = None  # the font file's (cache.stamp): cached tables follow it

    def draws(self, codepoint: int) -> bool:
        in_range = not self.ranges or any(lo <= codepoint <= hi for lo, hi in self.ranges)
        return in_range and codepoint in code_points(self.path, self.stamp)


def missing_glyphs(briefing, theme: Theme, css: Path = FONTS_CSS,
                   extra: tuple[Path, ...] = ()) -> list[Problem]:
    """One located problem per character of ``briefing`` that no font of the stack draws
    (``extra``: a project's own fonts.css files, read before ``css``)."""
    faces = font_stack(theme, css, extra)
    seen: set[str] = set()
    problems = []
    source = _source_text(briefing.source)
    for path, text in printed_text(briefing, theme):
        for char in text:
            if char in seen or _needs_no_glyph(char):
                continue
            seen.add(char)
            if not any(face.draws(ord(char)) for face in faces):
                problems.append(_problem(briefing.source, source, path, char, faces))
    return problems


def font_stack(theme: Theme, css: Path = FONTS_CSS, extra: tuple[Path, ...] = ()
               ) -> list[Face]:
    """The faces of fonts.css that belong to the theme's text font and fallbacks.

    Faces limited by a unicode-range come first: the range rejects most
    characters before any cmap is read.
    """
    families = [theme.fonts.text, *theme.fonts.fallbacks]
    faces = [dataclasses.replace(face, stamp=stamp(face.path))
             for family in families for sheet in (*extra, css)
             for face in _stack_faces(sheet) if face.family == family]
    return sorted(faces, key=lambda face: not face.ranges)


def printed_text(briefing, theme: Theme) -> Iterator[tuple[str, str]]:
    """(field path, text) for every piece of content and label the PDF prints."""
    yield from _walk(briefing.model_dump(mode="json"), "")  # Markdown as its source text
    lang = briefing.lang
    for key in _PRINTED_LABELS:
        yield f"theme labels.{key}", theme.label(lang, key)
    if briefing.date is not None:
        yield "date", edition_date(briefing.date, theme.label(lang, "date_format"))
    for index, section in enumerate(briefing.sections):
        if section.lang:
            for key in SECTION_LABELS:
                yield f"sections[{index}].lang: theme labels.{key}", theme.label(section.lang, key)


def _walk(value, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key not in _NOT_PRINTED:
                yield from _walk(item, f"{path}.{key}" if path else key)
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from _walk(item, f"{path}[{index}]")
    elif isinstance(value, str):
        yield path, value


def _needs_no_glyph(char: str) -> bool:
    # White space, controls and format characters (ZWJ, tags) and variation
    # selectors are not drawn by themselves.
    category = unicodedata.category(char)
    return category[0] == "Z" or category in ("Cc", "Cf") or "\ufe00" <= char <= "\ufe0f" \
        or "\U000e0100" <= char <= "\U000e01ef"


def _problem(file: Path, source: str, path: str, char: str, faces: list[Face]) -> Problem:
    index = source.find(char)
    line = source.count("\n", 0, index) + 1 if index >= 0 else 1
    column = index - source.rfind("\n", 0, index) if index >= 0 else 1
    name = unicodedata.name(char, _CATEGORY_NAMES.get(unicodedata.category(char), "unnamed"))
    families = ", ".join(dict.fromkeys(face.family for face in faces)) or "none"
    return Problem(str(file), line, column, path,
                   f"no glyph for {char!r} (U+{ord(char):04X} {name}) in the bundled fonts "
                   f"({families}); it would print as a box")


_CATEGORY_NAMES = {"Co": "private use", "Cn": "unassigned", "Cs": "surrogate"}


def _source_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


def _stack_faces(css: Path) -> list[Face]:
    """The faces of ``css`` as the glyph check reads them: family, font file, ranges."""
    return [Face(face.family, face.file.resolve(), face.ranges) for face in declared(css)]
