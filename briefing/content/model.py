"""The Briefing model: the one immutable value every renderer reads.

Field names are the public content contract (shared CONTENT.md): add fields
freely, rename or remove none. Validation is strict: YAML that would turn a
text field into a number, a boolean or a date is an error, not a conversion.
"""

from __future__ import annotations

import datetime as dt
import math
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

from .images import ImageProblem, check_image
from .locate import link_values
from .markdown import Inline, Markdown, check_url
from .notes import KEY, number_notes, resolve_citations


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


# The edition dates every output can store: a PPTX (a zip) holds 1980-01-01 …
# 2107-12-31, a PDF's embedded fonts (fontTools) nothing before 1904.
FIRST_DATE, LAST_DATE = dt.date(1980, 1, 1), dt.date(2107, 12, 31)


def _date_in_range(value: dt.date) -> dt.date:
    if not FIRST_DATE <= value <= LAST_DATE:
        raise ValueError(f"{value.isoformat()} is outside the dates the outputs can store; "
                         f"expected a date from {FIRST_DATE} to {LAST_DATE}")
    return value


MAX_TAG = 35  # RFC 5646 §4.4.1: the length every implementation must accept


def _language_tag(value: str) -> str:
    if not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*", value):
        raise ValueError(f"expected a BCP 47 language tag such as 'en' or 'ko-KR', got {value!r}")
    if len(value) > MAX_TAG:
        raise ValueError(f"language tag is {len(value)} characters; expected at most {MAX_TAG}, "
                         "such as 'en' or 'ko-KR'")
    return value


# Chart values: finite, and at most 10^15 either way: every whole number up to there
# is exact in a float, and sums, spans and percentages of them stay finite.
MAX_VALUE = 10**15


def _drawable(value: object) -> object:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return value  # the strict float check reports it
    if value != value or value in (math.inf, -math.inf):
        problem = "cannot be drawn"
    elif abs(value) > MAX_VALUE:
        problem = "is too large to draw" if value > 0 else "is too far below zero to draw"
    else:
        return value
    raise ValueError(f"{_number(value)} {problem}; expected a number between "
                     f"-{MAX_VALUE:,} and {MAX_VALUE:,}")


def _number(value: int | float) -> str:
    """A number out of range, as the author wrote it or shortly."""
    if isinstance(value, float):
        return {"nan": ".nan (not a number)", "inf": ".inf (infinity)",
                "-inf": "-.inf (minus infinity)"}.get(repr(value), repr(value))
    digits = str(abs(value))
    if len(digits) > 20:
        return f"a {len(digits)}-digit number"
    return str(value)


def _id_with(prefix: str):
    def check(value: str) -> str:
        if not re.fullmatch(ID_PATTERN, value) or not value.startswith(prefix + "-"):
            raise ValueError(f"expected an id such as '{prefix}-exports': '{prefix}-' then "
                             "letters, digits, '-' or '_', ending with a letter or digit; "
                             f"got {value!r}")
        return value
    return check


# Quarto's cross-reference ids: fig-… for charts and images, tbl-… for tables.
ID_PATTERN = r"(?:fig|tbl)-[A-Za-z0-9](?:[A-Za-z0-9_-]{0,62}[A-Za-z0-9])?"


Text = Annotated[str, AfterValidator(_not_blank)]
FigureId = Annotated[str, AfterValidator(_id_with("fig"))]
TableId = Annotated[str, AfterValidator(_id_with("tbl"))]
Url = Annotated[str, AfterValidator(check_url)]
EditionDate = Annotated[dt.date, BeforeValidator(_edition_date), AfterValidator(_date_in_range)]
ChartValue = Annotated[float, BeforeValidator(_drawable)]
LanguageTag = Annotated[str, AfterValidator(_language_tag)]
NonEmpty = Field(min_length=1)


class _Model(BaseModel):
    model_config = ConfigDict(strict=True, frozen=True, extra="forbid")


class Stat(_Model):
    value: Text
    label: Text


class Table(_Model):
    id: TableId | None = None
    caption: Inline | None = None
    source: Inline | None = None  # printed "Source: …" under the table
    # A data file beside the content file gives the columns (its header) and rows.
    file: Text | None = None
    sheet: Text | None = None
    range: Text | None = None
    columns: tuple[Inline, ...] = NonEmpty
    rows: tuple[tuple[Inline, ...], ...] = NonEmpty

    @model_validator(mode="before")
    @classmethod
    def _from_file(cls, data: object, info: ValidationInfo) -> object:
        return _from_file("table", data, info)

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
    value: ChartValue


class Series(_Model):
    name: Text
    values: tuple[ChartValue, ...] = NonEmpty


def _from_file(reader: str, data: object, info: ValidationInfo) -> object:
    """``data`` with the rows of the data file its ``file`` names read in (as a
    ``reader``: "table" or "chart"), or ``data`` as it was when it names none; a
    DataProblem is reported at the field it names."""
    if not isinstance(data, dict) or not isinstance(data.get("file"), str):
        return data
    from .datafiles import chart_from_file, table_from_file

    read = {"table": table_from_file, "chart": chart_from_file}[reader]
    return _located_file_problem(read, data, info)


def _located_file_problem(read, data: dict, info: ValidationInfo) -> dict:
    """``read(data, base_dir, lang)``, its DataProblem reported at the field it names."""
    from .datafiles import DataProblem

    context = info.context or {}
    checks = {"text": context.get("bad_character") or (lambda text: None),
              "value": _drawable, "shown": _number}
    try:
        return read(data, Path(context.get("base_dir") or "."), context.get("lang"), checks)
    except DataProblem as err:
        raise PydanticCustomError("value_error", "{error}",
                                  {"error": str(err), "at": err.at}) from None


class Chart(_Model):
    kind: Literal["bar", "column", "line", "pie"]
    id: FigureId | None = None
    caption: Inline | None = None
    source: Inline | None = None
    unit: Text | None = None
    # One series: data. Several: categories and series (one value per category each),
    # or a data file (first column: the categories; each other column: a series).
    data: Annotated[tuple[Point, ...], NonEmpty] | None = None
    categories: Annotated[tuple[Text, ...], NonEmpty] | None = None
    series: Annotated[tuple[Series, ...], NonEmpty] | None = None
    file: Text | None = None
    sheet: Text | None = None
    range: Text | None = None
    columns: Annotated[tuple[Text, ...], Field(min_length=2)] | None = None
    stacked: bool = False
    category_title: Text | None = None  # the axis of the categories
    value_title: Text | None = None  # the axis of the values (the unit is added to it)

    _labels: tuple[str, ...] = PrivateAttr(default=())
    _series: tuple[Series, ...] = PrivateAttr(default=())

    @property
    def labels(self) -> tuple[str, ...]:
        """The categories, in order, whichever form the chart was written in."""
        return self._labels

    @property
    def all_series(self) -> tuple[Series, ...]:
        """Every series, in order; a chart written with ``data`` has one."""
        return self._series

    @model_validator(mode="before")
    @classmethod
    def _from_file(cls, data: object, info: ValidationInfo) -> object:
        return _from_file("chart", data, info)

    @model_validator(mode="after")
    def _shape(self) -> Chart:
        def problem(message: str, *at) -> PydanticCustomError:
            return PydanticCustomError("value_error", "{error}", {"error": message, "at": at})

        if self.data is not None:
            for name in ("categories", "series"):
                if getattr(self, name) is not None:
                    raise problem("give either data (label and value points) or categories "
                                  "and series, not both", name)
            labels = tuple(p.label for p in self.data)
            name = self.unit or (self.caption.plain if self.caption else "Value")
            series = (Series.model_construct(name=name, values=tuple(p.value for p in self.data)),)
            values_at = [("data", i, "value") for i in range(len(self.data))]
            every_at = ("data",)
        elif self.categories is None and self.series is None:
            raise problem("a chart needs its numbers: data (a list of label and value "
                          "points), categories and series, or a data file")
        elif self.series is None:
            raise problem("categories need series: a list of {name, values}, one value per "
                          "category", "categories")
        elif self.categories is None:
            raise problem("series need categories: the list of labels their values belong "
                          "to", "series")
        else:
            labels, series = self.categories, self.series
            for index, one in enumerate(series):
                if len(one.values) != len(labels):
                    raise problem(f"series has {len(one.values)} values; expected "
                                  f"{len(labels)}, one per category", "series", index, "values")
            values_at = [("series", 0, "values", i) for i in range(len(labels))]
            every_at = ("series", 0, "values")
        if self.kind == "pie":
            if len(series) > 1:
                raise problem(f"a pie chart shows one series; got {len(series)}: use a bar or "
                              "column chart to compare series", "series", 1)
            for at, value in zip(values_at, series[0].values, strict=True):
                if value < 0:
                    raise PydanticCustomError(
                        "pie_negative", "a pie chart cannot show a negative value", {"at": at})
            if not any(value > 0 for value in series[0].values):
                raise PydanticCustomError(
                    "pie_empty", "a pie chart needs at least one value above zero; "
                    "every value is 0", {"at": every_at})
        if self.stacked and self.kind not in ("bar", "column"):
            raise problem(f"only bar and column charts stack; a {self.kind} chart cannot",
                          "stacked")
        self._labels, self._series = tuple(labels), tuple(series)
        return self


IMAGE_TYPES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp")


class Image(_Model):
    id: FigureId | None = None
    path: Text
    alt: Text
    caption: Inline | None = None
    source: Inline | None = None

    _references: tuple[Path, ...] = PrivateAttr(default=())

    @property
    def references(self) -> tuple[Path, ...]:
        """Other files the image draws (an SVG's ``<image href>``), resolved."""
        return self._references

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
        return path

    @model_validator(mode="after")
    def _readable(self, info: ValidationInfo) -> Image:
        # Once, at load time: a damaged image must not crash a renderer after an
        # output is written (images.py says what is checked, and the limits).
        base = (info.context or {}).get("base_dir")
        if base is not None:
            base = Path(base).resolve()
            try:
                self._references = check_image((base / self.path).resolve(), base,
                                               self.path)
            except ImageProblem as err:
                raise PydanticCustomError("image", "{message}",
                                          {"message": str(err), "at": ("path",)}) from None
        return self


class Section(_Model):
    title: Text
    body: Markdown | None = None
    highlights: tuple[Inline, ...] = ()
    quote: Inline | None = None
    notes: str | None = None
    stats: tuple[Stat, ...] = ()
    stats_source: Inline | None = None  # where the stats come from: one line under them
    table: Table | None = None
    chart: Chart | None = None
    image: Image | None = None
    # The section's language when it differs from the briefing's: its labels, smart
    # quotes, hyphenation, lang attributes and the deck's proofing language.
    lang: LanguageTag | None = None

    @model_validator(mode="wrap")
    @classmethod
    def _own_language(cls, data, handler, info: ValidationInfo):
        # Markdown is parsed while it is validated, with the quotes of the context's
        # language: inside this section, that is the section's own (if it is a tag).
        context = info.context if isinstance(info.context, dict) else None
        lang = data.get("lang") if isinstance(data, dict) else None
        if context is None or not isinstance(lang, str):
            return handler(data)
        outer = context.get("lang")
        context["lang"] = lang
        try:
            return handler(data)
        finally:
            context["lang"] = outer

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

    @model_validator(mode="after")
    def _stats_source_has_stats(self) -> Section:
        if self.stats_source is not None and not self.stats:
            raise PydanticCustomError(
                "stats_source", "stats_source names where the stats come from, but the "
                "section has no stats; add stats or move the source into the body",
                {"at": ("stats_source",)})
        return self


class Link(_Model):
    title: Text
    url: Url
    note: Inline | None = None


class Links(_Model):
    title: Text = "Official links"
    items: tuple[Link, ...] = NonEmpty


def _reference_date(value: object) -> object:
    # A year (2024, as a number or text) or a full date (YAML reads 2024-03-15 as a date).
    if isinstance(value, dt.datetime):
        raise ValueError("expected a year such as 2024 or a date as YYYY-MM-DD, without a time")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str):
        if re.fullmatch(r"\d{4}", value):
            return value
        return _edition_date(value).isoformat()
    return value


ReferenceDate = Annotated[str, BeforeValidator(_reference_date)]
def _citation_key(value: str) -> str:
    if not re.fullmatch(KEY, value) or len(value) > 100:
        raise ValueError(f"reference id {value!r} cannot be cited as [@{value}]; expected at "
                         "most 100 letters, digits and _ (and : . # $ % & - + ? < > ~ / "
                         "between them), such as kocca2024")
    return value


CitationKey = Annotated[str, AfterValidator(_citation_key)]


class Reference(_Model):
    """An entry of the briefing's sources, cited in text as [@id]."""

    id: CitationKey
    title: Text
    publisher: Text | None = None
    date: ReferenceDate | None = None
    url: Url | None = None


class Briefing(_Model):
    title: Text
    subtitle: Text | None = None
    kicker: Text | None = None
    topics: tuple[Text, ...] = ()
    lang: LanguageTag = "en"
    date: EditionDate | None = None
    author: Text | None = None
    organization: Text | None = None
    # The executive summary: 3–4 key messages, printed on the PDF's cover.
    summary: tuple[Inline, ...] = ()
    sections: tuple[Section, ...] = NonEmpty
    links: Links | None = None
    url: Url | None = None  # where the web page is published: its canonical address
    # Sources cited in text as [@id], listed in this order, numbered from 1.
    references: tuple[Reference, ...] = ()

    _source: Path = PrivateAttr(default=Path("briefing.yaml"))
    _positions: dict = PrivateAttr(default_factory=dict)

    @model_validator(mode="after")
    def _notes_and_citations(self) -> Briefing:
        # Footnotes are numbered through the document; each citation gets its entries'
        # numbers; a citation of an id not in references is an error where it is written.
        first = 1
        for section in self.sections:
            if section.body is not None:
                first += number_notes(section.body, first)
        numbers, problems = {}, []
        for index, reference in enumerate(self.references):
            if reference.id in numbers:
                problems.append(InitErrorDetails(type=PydanticCustomError(
                    "duplicate_reference", "reference id {id} is used twice (first at "
                    "references[{first}]); expected each id once",
                    {"id": repr(reference.id), "first": numbers[reference.id] - 1}),
                    loc=("references", index, "id"), input=reference.id))
            numbers.setdefault(reference.id, index + 1)
        known = ", ".join(numbers) or "none: add a references list"
        for path, value in link_values(self, ()):
            if isinstance(value, str):
                continue
            resolve_citations(value.all_tokens(), numbers)
            for key, offset in value.citations():
                if key not in numbers:
                    problems.append(InitErrorDetails(type=PydanticCustomError(
                        "citation", "citation [@{key}] names no entry of references; "
                        "expected one of the ids: {known}",
                        {"key": key, "known": known, "offset": offset}),
                        loc=path, input=value.source))
        if problems:
            raise ValidationError.from_exception_data("Briefing", problems)
        return self

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

    @model_validator(mode="after")
    def _references(self) -> Briefing:
        # Figure and table ids are unique; every @fig-…/@tbl-… in text names one.
        from .figures import resolve_references

        problems = resolve_references(self)
        if problems:
            raise ValidationError.from_exception_data("Briefing", [InitErrorDetails(
                type=PydanticCustomError("value_error", "{error}", {"error": message}),
                loc=at, input=None) for at, message in problems])
        return self

    def with_source(self, path: Path, positions: dict | None = None) -> Briefing:
        self._source = path
        self._positions = positions or {}
        return self
