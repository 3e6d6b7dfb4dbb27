"""Data files: the rows of a table or chart read from a CSV or Excel file beside the content file.

A data file is an input like an image: a path relative to the content file,
inside its folder, a regular file of at most MAX_BYTES (the content file's
own limit). It is read when the content is loaded, into a grid of cells
that remember where they were (row and column from 1), so every problem
names the file and the cell: ``exports.csv:4:3: 'n/a' is not a number``.

CSV: UTF-8 (a byte-order mark is allowed), comma-separated, quoted as
Excel and Python's csv module write it; blank lines are skipped; the
first row is the header. Excel (.xlsx, openpyxl): the first sheet or
``sheet``; the whole used area or ``range`` (``A1:D12``, a defined name or
the name of an Excel table); formulas give their last computed value.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from .fields import bad_character, drawable, shown_number

DATA_TYPES = (".csv", ".xlsx")
MAX_BYTES = 1_000_000  # as content/load.py: a data file is content
MAX_UNPACKED = 50_000_000  # an .xlsx (a zip) unpacks to at most this many bytes
MAX_CELLS = 100_000
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


class DataProblem(ValueError):
    """A problem with a data file; its text starts with the file (and cell) it concerns,
    ``at`` is the field of the table or chart it is reported at."""

    def __init__(self, message: str, at: tuple = ("file",)):
        super().__init__(message)
        self.at = at


@dataclass(frozen=True)
class Cell:
    value: object  # str from CSV; str, int, float, bool, date or None from Excel
    where: str     # "exports.csv:4:3" or "exports.xlsx: cell C4 of sheet Exports"

    @property
    def text(self) -> str:
        """The cell as text: a whole number without '.0', a date as YYYY-MM-DD."""
        value = self.value
        if value is None:
            return ""
        if isinstance(value, bool):
            return "TRUE" if value else "FALSE"
        if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        if isinstance(value, dt.datetime):
            return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
        if isinstance(value, dt.date):
            return value.isoformat()
        return str(value)


Grid = list[list[Cell]]


def resolve(path: str, base: Path) -> Path:
    """The data file's absolute path, or DataProblem if it is not one the content may name."""
    base = base.resolve()
    target = (base / path).resolve()
    if Path(path).is_absolute() or not target.is_relative_to(base):
        raise DataProblem(f"data file {path!r} is outside the content folder; expected a path "
                          "relative to the content file, inside its folder")
    if target.suffix.lower() not in DATA_TYPES:
        raise DataProblem(f"data file {path!r} is not a .csv or .xlsx file")
    return target


def read_grid(path: str, base: Path, sheet: str | None = None,
              cells: str | None = None) -> Grid:
    """The file's rows of cells (header first), every row as long as the header."""
    target = resolve(path, base)
    raw = _read_bytes(target, path)
    if target.suffix.lower() == ".csv":
        if sheet is not None or cells is not None:
            raise DataProblem(f"{path}: a CSV file has no sheets or ranges; remove sheet and "
                              "range, or use an .xlsx file")
        grid = _csv_grid(raw, path)
    else:
        grid = _xlsx_grid(raw, path, sheet, cells)
    if not grid:
        raise DataProblem(f"{path}: file has no rows; expected a header row and at least "
                          "one row of data")
    header = grid[0]
    for number, cell in enumerate(header):
        if not cell.text.strip():
            raise DataProblem(f"{cell.where}: the header cell of column {number + 1} is empty; "
                              "expected a column name")
    if len(grid) < 2:
        raise DataProblem(f"{path}: file has a header row but no data; expected at least one "
                          "row below the header")
    return grid


def _read_bytes(target: Path, path: str) -> bytes:
    try:
        fd = os.open(target, _OPEN_FLAGS)
    except OSError as err:
        raise DataProblem(f"cannot read data file {path!r}: {err.strerror or err}") from None
    status = os.fstat(fd)
    if not stat.S_ISREG(status.st_mode):
        os.close(fd)
        raise DataProblem(f"data file {path!r} is not a regular file")
    with os.fdopen(fd, "rb") as file:
        raw = file.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise DataProblem(f"data file {path!r} is over {MAX_BYTES:,} bytes, the limit for "
                          "content files; split it")
    return raw


def _csv_grid(raw: bytes, path: str) -> Grid:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        before = raw[:err.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        raise DataProblem(f"{path}:{line}:{column}: byte 0x{raw[err.start]:02x} is not valid "
                          "UTF-8; save the file as CSV UTF-8") from None
    if "\x00" in text:
        line = text[:text.index("\x00")].count("\n") + 1
        raise DataProblem(f"{path}:{line}: the file contains a NUL byte; expected text")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    grid: Grid = []
    line = 1  # where the next row starts
    try:
        for row in reader:
            start, line = line, reader.line_num + 1
            if not any(field.strip() for field in row):
                continue  # a blank line, or one of empty fields
            grid.append([Cell(value, f"{path}:{start}:{n + 1}") for n, value in enumerate(row)])
    except csv.Error as err:
        raise DataProblem(f"{path}:{reader.line_num}: not valid CSV ({err}); quote a field "
                          'that holds a comma, a quote or a line break: "a, b"') from None
    _check_shape(grid, path, lambda cell: cell.where.rsplit(":", 1)[0])
    return grid


def _check_shape(grid: Grid, path: str, row_of) -> None:
    if not grid:
        return
    width = len(grid[0])
    for row in grid[1:]:
        if len(row) != width:
            at = row_of(row[0])
            raise DataProblem(f"{at}:{min(len(row), width) + 1}: row has {len(row)} "
                              f"{'field' if len(row) == 1 else 'fields'}; expected {width}, "
                              "one per column of the header")


_A1 = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]{1,7})(?::\$?([A-Za-z]{1,3})\$?([0-9]{1,7}))?")


def _xlsx_grid(raw: bytes, path: str, sheet: str | None, cells: str | None) -> Grid:
    import warnings
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise DataProblem(f"{path}: not an Excel workbook (.xlsx); save it from Excel as "
                          "'Excel Workbook'") from None
    if unpacked > MAX_UNPACKED:
        raise DataProblem(f"{path}: the workbook unpacks to {unpacked:,} bytes; the limit is "
                          f"{MAX_UNPACKED:,}")
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles and extensions
            book = load_workbook(io.BytesIO(raw), data_only=True)
    except Exception as err:  # noqa: BLE001  (openpyxl raises many kinds)
        raise DataProblem(f"{path}: cannot read the workbook "
                          f"({type(err).__name__}); save it again from Excel") from None
    name, area = sheet, cells
    if area is not None and not _A1.fullmatch(area):
        name, area = _named_area(book, area, path, sheet)
    if name is None:
        ws = book.worksheets[0]
    elif name in book.sheetnames:
        ws = book[name]
    else:
        raise DataProblem(f"{path}: no sheet {name!r}; the workbook has "
                          + ", ".join(repr(n) for n in book.sheetnames))
    if not hasattr(ws, "iter_rows"):
        raise DataProblem(f"{path}: sheet {ws.title!r} is a chart sheet, not cells")
    if area is None:
        if ws.max_row * ws.max_column > MAX_CELLS:
            raise DataProblem(f"{path}: sheet {ws.title!r} has more than {MAX_CELLS:,} cells; "
                              "give a range")
        rows = ws.iter_rows(min_row=ws.min_row, max_row=ws.max_row, min_col=ws.min_column,
                            max_col=ws.max_column)
    else:
        first, last = _bounds(area, path)
        if (last[0] - first[0] + 1) * (last[1] - first[1] + 1) > MAX_CELLS:
            raise DataProblem(f"{path}: range {area} has more than {MAX_CELLS:,} cells")
        rows = ws.iter_rows(min_row=first[0], max_row=last[0], min_col=first[1],
                            max_col=last[1])
    grid: Grid = []
    for row in rows:
        cells_ = [Cell(c.value, f"{path}: cell {c.coordinate} of sheet {ws.title!r}")
                  for c in row]
        if all(c.value is None or (isinstance(c.value, str) and not c.value.strip())
               for c in cells_):
            continue  # an empty row
        grid.append(cells_)
    if area is None and grid:
        # The used area may hold empty columns at its right: drop them.
        width = max(i + 1 for row in grid for i, c in enumerate(row) if c.value is not None)
        grid = [row[:width] for row in grid]
    return grid


def _named_area(book, name: str, path: str, sheet: str | None) -> tuple[str, str]:
    """The sheet and A1 range of an Excel table or a defined name."""
    for ws in book.worksheets:
        tables = getattr(ws, "tables", {})
        if name in tables:
            return ws.title, tables[name].ref
    defined = book.defined_names.get(name) if hasattr(book.defined_names, "get") else None
    if defined is not None:
        for title, ref in defined.destinations:
            return title, ref.replace("$", "")
    raise DataProblem(f"{path}: range {name!r} is neither cells such as A1:D12 nor the name "
                      "of a table or a defined name in the workbook")


def _bounds(area: str, path: str) -> tuple[tuple[int, int], tuple[int, int]]:
    from openpyxl.utils import column_index_from_string

    found = _A1.fullmatch(area)
    if found is None:
        raise DataProblem(f"{path}: range {area!r} is not cells such as A1:D12")
    col1, row1, col2, row2 = found.groups()
    col2, row2 = col2 or col1, row2 or row1
    try:
        c1, c2 = column_index_from_string(col1.upper()), column_index_from_string(col2.upper())
    except ValueError:
        raise DataProblem(f"{path}: range {area!r} is not cells such as A1:D12") from None
    r1, r2 = int(row1), int(row2)
    if r1 < 1 or r2 < r1 or c2 < c1:
        raise DataProblem(f"{path}: range {area!r} is empty; expected top-left:bottom-right, "
                          "such as A1:D12")
    return (r1, c1), (r2, c2)


_NUMBER = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
_GROUPED = re.compile(r"[-+]?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]*)?")


def number(cell: Cell) -> float:
    """The cell as a chart value, or DataProblem naming the cell."""
    value = cell.value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        result = float(value)
    else:
        text = cell.text.strip()
        if not text:
            raise DataProblem(f"{cell.where}: empty cell; expected a number")
        plain = text.replace(",", "") if _GROUPED.fullmatch(text) else text
        if not _NUMBER.fullmatch(plain):
            raise DataProblem(f"{cell.where}: {text!r} is not a number; expected digits such "
                              "as 12.5 or -3")
        result = float(plain)
    try:
        drawable(result)  # the loader's rule for chart values, said about the cell
    except ValueError as err:
        rest = str(err)[len(shown_number(result)):]
        raise DataProblem(f"{cell.where}: {cell.text.strip()!r}{rest}") from None
    return result


# -- a table's or a chart's fields from its data file ------------------------------------

def _grid_for(data: dict, base: Path, *taken: str) -> Grid:
    for name in taken:
        if name in data:
            raise DataProblem(f"{name} come from the data file {data['file']!r}; remove "
                              f"{name}, or file", (name,))
    sheet, cells = data.get("sheet"), data.get("range")
    return read_grid(data["file"], base, sheet if isinstance(sheet, str) else None,
                     cells if isinstance(cells, str) else None)


def _selected(grid: Grid, data: dict) -> Grid:
    """The columns named in ``columns`` (by their header), in that order; else all."""
    wanted = data.get("columns")
    if not isinstance(wanted, (list, tuple)):
        return grid
    names = [cell.text.strip() for cell in grid[0]]
    picks = []
    for index, name in enumerate(wanted):
        if not isinstance(name, str):
            continue  # the model reports it
        text = name.strip()
        if text not in names:
            raise DataProblem(f"{data['file']}: no column {text!r} in the header; the file's "
                              "columns are " + ", ".join(repr(n) for n in names),
                              ("columns", index))
        picks.append(names.index(text))
    return [[row[i] for i in picks] for row in grid]


def _text(cell: Cell, lang: str | None, what: str) -> str:
    from .markdown import Inline

    text = cell.text
    problem = bad_character(text)
    if problem:
        raise DataProblem(f"{cell.where}: {problem}")
    try:
        Inline(text, lang)
    except ValueError as err:
        raise DataProblem(f"{cell.where}: {err}") from None
    if what and not text.strip():
        raise DataProblem(f"{cell.where}: empty cell; expected {what}")
    return text


def table_from_file(data: dict, base: Path, lang: str | None) -> dict:
    """The table's fields with ``columns`` (the header) and ``rows`` from its file."""
    grid = _selected(_grid_for(data, base, "rows"), data)
    columns = tuple(_text(cell, lang, "a column name") for cell in grid[0])
    rows = tuple(tuple(_text(cell, lang, "") for cell in row) for row in grid[1:])
    return {**data, "columns": columns, "rows": rows}


def chart_from_file(data: dict, base: Path, lang: str | None) -> dict:
    """The chart's fields with ``categories`` (the first column) and one series per other
    column (named by its header) from its file."""
    grid = _selected(_grid_for(data, base, "data", "categories", "series"), data)
    if len(grid[0]) < 2:
        raise DataProblem(f"{data['file']}: has one column; expected a column of categories "
                          "and at least one column of values")
    if data.get("kind") == "pie" and len(grid[0]) > 2:
        raise DataProblem(f"{data['file']}: has {len(grid[0]) - 1} columns of values; a pie "
                          "chart shows one (name it with columns: [category, values])")
    categories = tuple(_text(row[0], lang, "a category label") for row in grid[1:])
    series = []
    for column in range(1, len(grid[0])):
        values = tuple(number(row[column]) for row in grid[1:])
        if data.get("kind") == "pie":
            for row, value in zip(grid[1:], values, strict=True):
                if value < 0:
                    raise DataProblem(f"{row[column].where}: a pie chart cannot show a "
                                      "negative value")
            if not any(value > 0 for value in values):
                raise DataProblem(f"{data['file']}: a pie chart needs at least one value "
                                  "above zero; every value is 0")
        series.append({"name": _text(grid[0][column], lang, "a series name"),
                       "values": values})
    return {**data, "categories": categories, "series": tuple(series)}


def from_file(kind: str, data: object, info) -> object:
    """A model validator's hook: ``data`` (a table's or chart's fields, ``kind`` "table" or
    "chart") with the rows of the data file its ``file`` names read in, or as it was when
    it names none; a DataProblem is reported at the field it names."""
    if not isinstance(data, dict) or not isinstance(data.get("file"), str):
        return data
    from pydantic_core import PydanticCustomError

    read = {"table": table_from_file, "chart": chart_from_file}[kind]
    context = info.context or {}
    try:
        return read(data, Path(context.get("base_dir") or "."), context.get("lang"))
    except DataProblem as err:
        raise PydanticCustomError("value_error", "{error}",
                                  {"error": str(err), "at": err.at}) from None
