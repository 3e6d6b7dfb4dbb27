"""The Briefing model: the one immutable value every renderer reads.

Field names are the public content contract (shared CONTENT.md): add fields
freely, rename or remove none. Validation is strict: YAML that would turn a
text field into a number, a boolean or a date is an error, not a conversion.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from .markdown import Inline, Markdown, check_url


def _not_blank(text: str) -> str:
    if not text.strip():
        raise ValueError("must not be empty")
    return text


def _edition_date(value: object) -> object:
    # YAML gives a date for an unquoted 2026-11-27; accept the quoted form too.
    if isinstance(value, dt.datetime):
        raise ValueError("expected a date as YYYY-MM-DD, without a time")
    if isinstance(value, str):
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError(f"expected a date as YYYY-MM-DD, got {value!r}")
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{value!r} is not a real date; expected YYYY-MM-DD") from None
    return value


def _language_tag(value: str) -> str:
    if not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*", value):
        raise ValueError(f"expected a BCP 47 language tag such as 'en' or 'ko-KR', got {value!r}")
    return value


Text = Annotated[str, AfterValidator(_not_blank)]
Url = Annotated[str, AfterValidator(check_url)]
EditionDate = Annotated[dt.date, BeforeValidator(_edition_date)]
LanguageTag = Annotated[str, AfterValidator(_language_tag)]
NonEmpty = Field(min_length=1)


class _Model(BaseModel):
    model_config = ConfigDict(strict=True, frozen=True, extra="forbid")


class Stat(_Model):
    value: Text
    label: Text


class Table(_Model):
    caption: Inline | None = None
    columns: tuple[Inline, ...] = NonEmpty
    rows: tuple[tuple[Inline, ...], ...] = NonEmpty

    @field_validator("rows", mode="wrap")
    @classmethod
    def _rows_match_columns(cls, rows, handler, info: ValidationInfo):
        # A wrap validator, so a row of the wrong length is reported together
        # with the errors inside the cells, not only once they are fixed.
        columns = info.data.get("columns")
        shape = []
        if isinstance(columns, tuple) and isinstance(rows, tuple):
            shape = [InitErrorDetails(type=PydanticCustomError(
                "row_length", "row has {cells} cells; expected {expected}, one per column",
                {"cells": len(row), "expected": len(columns)}), loc=(index,), input=row)
                for index, row in enumerate(rows)
                if isinstance(row, tuple) and len(row) != len(columns)]
        try:
            value = handler(rows)
        except ValidationError as err:
            if not shape:
                raise
            shape += [InitErrorDetails(type=e["type"], loc=e["loc"], input=e["input"],
                                       ctx=e.get("ctx", {})) for e in err.errors()]
        if shape:
            raise ValidationError.from_exception_data("rows", shape)
        return value


class Point(_Model):
    label: Text
    value: float


class Chart(_Model):
    kind: Literal["bar", "column", "line", "pie"]
    caption: Inline | None = None
    unit: Text | None = None
    data: tuple[Point, ...] = NonEmpty

    @model_validator(mode="after")
    def _pie_is_positive(self) -> Chart:
        for index, point in enumerate(self.data):
            if self.kind == "pie" and point.value < 0:
                raise PydanticCustomError(
                    "pie_negative", "a pie chart cannot show a negative value",
                    {"at": ("data", index, "value")},
                )
        return self


IMAGE_TYPES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp")


class Image(_Model):
    path: Text
    alt: Text
    caption: Inline | None = None

    @field_validator("path")
    @classmethod
    def _inside_content_folder(cls, path: str, info: ValidationInfo) -> str:
        base = (info.context or {}).get("base_dir")
        if base is None:
            return path
        base = Path(base).resolve()
        target = (base / path).resolve()
        if Path(path).is_absolute() or not target.is_relative_to(base):
            raise ValueError(f"image {path!r} is outside the content folder; "
                             "expected a path relative to the content file, inside its folder")
        if target.suffix.lower() not in IMAGE_TYPES:
            raise ValueError(f"image {path!r} is not a picture; expected one of "
                             + ", ".join(IMAGE_TYPES))
        if not target.is_file():
            raise ValueError(f"image {path!r} does not exist next to the content file")
        return path


class Section(_Model):
    title: Text
    body: Markdown | None = None
    highlights: tuple[Inline, ...] = ()
    quote: Inline | None = None
    notes: str | None = None
    stats: tuple[Stat, ...] = ()
    table: Table | None = None
    chart: Chart | None = None
    image: Image | None = None

    @model_validator(mode="after")
    def _has_content(self) -> Section:
        if not any((self.body, self.highlights, self.quote, self.stats,
                    self.table, self.chart, self.image)):
            raise PydanticCustomError(
                "empty_section",
                "section has a title but nothing else; add at least one of "
                "body, highlights, quote, stats, table, chart or image", {},
            )
        return self


class Link(_Model):
    title: Text
    url: Url
    note: Inline | None = None


class Links(_Model):
    title: Text = "Official links"
    items: tuple[Link, ...] = NonEmpty


class Briefing(_Model):
    title: Text
    subtitle: Text | None = None
    kicker: Text | None = None
    topics: tuple[Text, ...] = ()
    lang: LanguageTag = "en"
    date: EditionDate | None = None
    author: Text | None = None
    organization: Text | None = None
    sections: tuple[Section, ...] = NonEmpty
    links: Links | None = None
    url: Url | None = None  # where the web page is published: its canonical address

    _source: Path = PrivateAttr(default=Path("briefing.yaml"))
    _positions: dict = PrivateAttr(default_factory=dict)

    @property
    def source(self) -> Path:
        """The content file this briefing was loaded from."""
        return self._source

    @property
    def slug(self) -> str:
        """The file name without ``.yaml``: it names every output."""
        return self._source.stem

    @property
    def base_dir(self) -> Path:
        """The folder images are resolved against."""
        return self._source.parent

    def position(self, *path: str | int) -> tuple[int, int]:
        """Line and column (from 1) where the value at ``path`` starts in the source."""
        return self._positions.get(path, (1, 1))

    def with_source(self, path: Path, positions: dict | None = None) -> Briefing:
        self._source = path
        self._positions = positions or {}
        return self
