"""The Briefing model: the one immutable value every renderer reads.

Field names are the public content contract (shared CONTENT.md): add fields
freely, rename or remove none. Validation is strict: YAML that would turn a
text field into a number, a boolean or a date is an error, not a conversion.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from .datafiles import from_file
from .fields import (
    ChartValue,
    CitationKey,
    EditionDate,
    FigureId,
    LanguageTag,
    NonEmpty,
    ReferenceDate,
    TableId,
    Text,
    Url,
)
from .images import ImageProblem, check_image
from .locate import link_values
from .markdown import Inline, Markdown
from .notes import number_notes, resolve_citations


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
        return from_file("table", data, info)

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
        return from_file("chart", data, info)

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
    _templates: tuple[Path, ...] | None = PrivateAttr(default=None)

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

    @property
    def templates(self) -> tuple[Path, ...]:
        """The folders whose templates, theme and fonts override the built-in ones, the
        strongest first: those the build names (``with_templates``: --templates), else the
        content folder's own templates/ (paths.project_templates)."""
        if self._templates is None:
            from ..paths import project_templates

            return project_templates(self.base_dir)
        return self._templates

    def with_templates(self, folders: tuple[Path, ...]) -> Briefing:
        self._templates = folders
        return self

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
