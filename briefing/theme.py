"""templates/theme.yaml → Theme: the colours, fonts, sizes and labels both outputs use."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from .errors import TemplateError
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
        return table.get(key) or self.labels["en"][key]

    def font_file(self, style: str) -> Path:
        return TEMPLATES / getattr(self.fonts.deck_files, style)


def merge(base: dict, over: dict) -> dict:
    """``over`` merged into ``base``: mappings deeply, any other value replaced."""
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def load_theme(path: Path | None = None, project: Path | None = None) -> Theme:
    """Read the theme, with ``project``/theme.yaml (a project templates folder's) merged
    over it; a broken theme is a TemplateError naming the file."""
    path = path or TEMPLATES / "theme.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        own = project / "theme.yaml" if project else None
        if own is not None and own.is_file():
            path = own
            extra = yaml.safe_load(own.read_text(encoding="utf-8")) or {}
            if not isinstance(extra, dict):
                raise TemplateError(f"{own}: expected a mapping of theme settings "
                                    "(colors:, fonts:, deck: …)")
            data = merge(data, extra)
        return Theme.model_validate(data)
    except yaml.YAMLError as err:
        raise TemplateError(f"{path}: {err}") from None
    except ValidationError as err:
        first = err.errors()[0]
        where = ".".join(map(str, first["loc"]))
        raise TemplateError(f"{path}: {where}: {first['msg']}") from None
