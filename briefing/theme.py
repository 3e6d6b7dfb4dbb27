"""templates/theme.yaml → Theme: the colours, fonts, sizes and labels both outputs use."""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import BaseModel, ConfigDict, field_validator

from .content.load import load_settings, merge  # noqa: F401  (merge: how project themes combine)
from .paths import TEMPLATES


class _Settings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Colors(_Settings):
    primary: str
    accent: str
    text: str
    muted: str
    background: str
    panel: str
    rule: str
    on_primary: str
    accent_on_primary: str = "#FF9A85"
    # Chart series and pie slices, in order (briefing/charts.py): at least 6 colours.
    series: tuple[str, ...] = ("#14365D", "#C0392B", "#2A7F9E", "#E0A030", "#4A7C59",
                               "#8E5572", "#8A96A3")

    @field_validator("series")
    @classmethod
    def _enough_colours(cls, series: tuple[str, ...]) -> tuple[str, ...]:
        if len({c.upper() for c in series}) < 6:
            raise ValueError("expected at least 6 different chart colours")
        for colour in series:
            if not re.fullmatch(r"#[0-9A-Fa-f]{6}", colour):
                raise ValueError(f"expected colours as #RRGGBB, got {colour!r}")
        return series


class DeckFonts(_Settings):
    regular: str
    bold: str
    italic: str
    bold_italic: str
    hangul: str = "fonts/NanumGothic-Regular.ttf"
    hangul_bold: str = "fonts/NanumGothic-Bold.ttf"


class Fonts(_Settings):
    text: str
    fallbacks: tuple[str, ...] = ()
    deck: str
    deck_east_asian: str = "NanumGothic"
    deck_files: DeckFonts


class Page(_Settings):
    size: str = "A4"


class DeckSizes(_Settings):
    title_size: float = 34
    min_title_size: float = 24
    cover_title_size: float = 44
    body_size: float = 24
    min_body_size: float = 16
    table_size: float = 18
    stat_size: float = 66
    quote_size: float = 36
    footer_size: float = 12


class ReportSizes(_Settings):
    """The PDF's type scale in points, and whether headings keep a leading emoji."""

    title_size: float = 28
    heading_size: float = 15
    body_size: float = 10.5
    small_size: float = 8.5
    heading_icons: bool = False
    list_of_figures: bool = True


class Theme(_Settings):
    colors: Colors
    fonts: Fonts
    page: Page = Page()
    deck: DeckSizes = DeckSizes()
    report: ReportSizes = ReportSizes()
    labels: dict[str, dict[str, str]]

    def label(self, lang: str, key: str) -> str:
        """The label for ``key`` in ``lang`` (primary subtag), falling back to English."""
        table = self.labels.get(lang.split("-")[0].lower(), {})
        return table.get(key) or self.labels["en"].get(key) or LATER_LABELS[key]

    def font_file(self, style: str) -> Path:
        return TEMPLATES / getattr(self.fonts.deck_files, style)


# Labels added after themes were first written, for a theme file that does not name them.
LATER_LABELS = {"source": "Source", "sources": "Sources", "note": "Note", "notes": "Notes",
                "back_to_text": "Back to the text"}


def load_theme(path: Path | None = None,
               project: Path | tuple[Path, ...] | None = None) -> Theme:
    """Read the theme, with ``project``/theme.yaml (a project templates folder's) merged
    over it (mappings deeply, other values replaced); ``project`` is one folder or several,
    strongest first (--templates, then the content folder's templates/). A broken theme
    is a TemplateError with every problem of every file, located like content errors."""
    paths = [path or TEMPLATES / "theme.yaml"]
    if isinstance(project, Path):
        project = (project,)
    for folder in reversed(project or ()):  # the weakest first: the strongest wins
        own = folder / "theme.yaml"
        if own.is_file():
            paths.append(own)
    return load_settings(paths, Theme, "a mapping of theme settings (colors:, fonts:, "
                                       "deck:, labels: …)")
