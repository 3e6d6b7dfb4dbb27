"""A section's parts beside its text: stat cards, a table, a chart, an image.

Each validates itself at load time: a table's rows against its columns, a
chart's series against its categories, an image against the content folder
and what the file holds (images.py); tables and charts may take their rows
from a data file (datafiles.py). model.py assembles them into a Section.
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
from .fields import ChartValue, FigureId, NonEmpty, TableId, Text
from .images import ImageProblem, check_image
from .markdown import Inline


class StrictModel(BaseModel):
    """Strict (no conversions), frozen, and no field the contract does not name."""

    model_config = ConfigDict(strict=True, frozen=True, extra="forbid")


class Stat(StrictModel):
    value: Text
    label: Text


class Table(StrictModel):
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


class Point(StrictModel):
    label: Text
    value: ChartValue


class Series(StrictModel):
    name: Text
    values: tuple[ChartValue, ...] = NonEmpty


class Chart(StrictModel):
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


class Image(StrictModel):
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
