"""Data files: a table's or chart's rows from a CSV or .xlsx file beside the content file.

Every bad data file is one located error naming the YAML field (``file:``'s
line) and the cell in the data file; an edited data file makes the next
build stale, and only then.
"""

from __future__ import annotations

import csv
import io
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.cli import main
from briefing.content import load_briefing
from briefing.errors import ContentError


def chart_doc(file: str = "data/x.csv", **chart) -> str:
    extra = "".join(f"      {k}: {v}\n" for k, v in chart.items())
    return ("title: T\nsections:\n  - title: A\n    chart:\n      kind: column\n"
            f"      file: {file}\n{extra}")


def write(folder, name: str, data: bytes | str) -> None:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))


def problems(path) -> list[str]:
    with pytest.raises(ContentError) as err:
        load_briefing(path)
    return err.value.lines()


def test_a_csv_gives_a_chart_categories_and_one_series_per_column(write_content):
    path = write_content(chart_doc())
    write(path.parent, "data/x.csv", '\ufeffYear,Music,"Film, TV"\n2022,1.5,"1,200"\n\n'
          "2023,2,3\n")
    chart = load_briefing(path).sections[0].chart
    assert chart.labels == ("2022", "2023")
    assert [(s.name, s.values) for s in chart.all_series] == [
        ("Music", (1.5, 2.0)), ("Film, TV", (1200.0, 3.0))]


def test_a_non_number_names_the_yaml_line_and_the_csv_cell(write_content):
    path = write_content(chart_doc())
    write(path.parent, "data/x.csv", "Year,A,B\n2021,1,2\n2022,3,4\n2023,5,n/a\n")
    assert problems(path) == [f"{path}:6:13: sections[0].chart.file: data/x.csv:4:3: 'n/a' "
                              "is not a number; expected digits such as 12.5 or -3"]


@pytest.mark.parametrize("content, says", [
    (None, "cannot read data file 'data/x.csv': No such file or directory"),
    ("", "data/x.csv: file has no rows; expected a header row and at least one row of data"),
    ("Year,A\n", "data/x.csv: file has a header row but no data"),
    ("Year,A\n2021,1\n2022,1,2\n", "data/x.csv:3:3: row has 3 fields; expected 2"),
    ("Year,A\n2021\n", "data/x.csv:2:2: row has 1 field; expected 2"),
    ("Year,A\n2021,\n", "data/x.csv:2:2: empty cell; expected a number"),
    ("Year,A\n2021,nan\n", "data/x.csv:2:2: 'nan' is not a number"),
    ("Year,A\n2021,1e16\n", "data/x.csv:2:2: '1e16' is too large to draw"),
    ("Year\n2021\n", "data/x.csv: has one column"),
    ("Year,\n2021,1\n", "data/x.csv:1:2: the header cell of column 2 is empty"),
    (b"Year,A\n2021,\xff\n", "data/x.csv:2:6: byte 0xff is not valid UTF-8"),
    ('Year,A\n2021,"1\n', "data/x.csv:2: not valid CSV"),
    (",A\n,1\n", "data/x.csv:1:1: the header cell of column 1 is empty"),
])
def test_every_bad_csv_is_located(write_content, content, says):
    path = write_content(chart_doc())
    if content is not None:
        write(path.parent, "data/x.csv", content)
    found = problems(path)
    assert len(found) == 1 and found[0].startswith(f"{path}:6:13: sections[0].chart.file: "
                                                   + says), found


def test_the_file_must_be_a_regular_file_inside_the_content_folder(write_content, tmp_path):
    write(tmp_path, "secret.csv", "a,b\nc,1\n")
    path = write_content(chart_doc("../secret.csv"))
    assert "is outside the content folder" in problems(path)[0]
    path = write_content(chart_doc("/etc/passwd.csv"))
    assert "is outside the content folder" in problems(path)[0]
    path = write_content(chart_doc("data/x.txt"))
    assert "is not a .csv or .xlsx file" in problems(path)[0]
    os.mkfifo(path.parent / "fifo.csv")
    path = write_content(chart_doc("fifo.csv"))
    assert problems(path) == [f"{path}:6:13: sections[0].chart.file: data file 'fifo.csv' is "
                              "not a regular file"]


def test_a_data_file_has_the_content_size_limit(write_content):
    path = write_content(chart_doc())
    write(path.parent, "data/x.csv", "Year,A\n" + "2021,1\n" * 150_000)
    assert "is over 1,000,000 bytes" in problems(path)[0]


def test_a_table_takes_its_columns_and_rows_and_a_missing_column_is_located(write_content):
    doc = ("title: T\nsections:\n  - title: A\n    table:\n      file: t.csv\n"
           "      columns: [Sector, Outcome]\n")
    path = write_content(doc)
    write(path.parent, "t.csv", "Sector,Strategy,Outcome\nTourism,\"Tours, films\",Growth\n")
    table = load_briefing(path).sections[0].table
    assert [c.source for c in table.columns] == ["Sector", "Outcome"]
    assert [[c.source for c in row] for row in table.rows] == [["Tourism", "Growth"]]
    write(path.parent, "t.csv", "Sector,Strategy\nTourism,Tours\n")
    assert problems(path) == [f"{path}:6:25: sections[0].table.columns[1]: t.csv: no column "
                              "'Outcome' in the header; the file's columns are 'Sector', "
                              "'Strategy'"]
    path.write_text(doc + "      rows: [[a, b]]\n")
    assert "rows come from the data file 't.csv'" in problems(path)[0]


def test_an_excel_sheet_range_and_named_table(write_content):
    openpyxl = pytest.importorskip("openpyxl")
    from openpyxl.worksheet.table import Table

    book = openpyxl.Workbook()
    book.active.title = "Notes"
    sheet = book.create_sheet("Exports")
    rows = [["Year", "Games", "Music"], [2022, 8.9, 0.9], [2023, 8.1, "n/a"]]
    for r, row in enumerate(rows, start=3):
        for c, value in enumerate(row, start=2):
            sheet.cell(r, c, value)
    sheet.add_table(Table(displayName="Exports2", ref="B3:D4"))
    buffer = io.BytesIO()
    book.save(buffer)
    path = write_content(chart_doc("x.xlsx", sheet="Exports", range="B3:C5"))
    write(path.parent, "x.xlsx", buffer.getvalue())
    chart = load_briefing(path).sections[0].chart
    assert chart.labels == ("2022", "2023") and chart.all_series[0].values == (8.9, 8.1)
    path = write_content(chart_doc("x.xlsx", range="Exports2"))
    assert [s.name for s in load_briefing(path).sections[0].chart.all_series] == ["Games",
                                                                                  "Music"]
    path = write_content(chart_doc("x.xlsx", sheet="Exports", range="B3:D5"))
    assert problems(path) == [f"{path}:6:13: sections[0].chart.file: x.xlsx: cell D5 of sheet "
                              "'Exports': 'n/a' is not a number; expected digits such as "
                              "12.5 or -3"]
    path = write_content(chart_doc("x.xlsx", sheet="Imports"))
    assert "no sheet 'Imports'; the workbook has 'Notes', 'Exports'" in problems(path)[0]
    write(path.parent, "x.xlsx", b"PK\x03\x04 not really")
    assert "not an Excel workbook" in problems(path)[0]


def test_an_edited_csv_makes_the_next_build_stale_and_only_then(write_content, tmp_path,
                                                               capsys):
    path = write_content(chart_doc())
    write(path.parent, "data/x.csv", "Year,A\n2021,1\n")
    out = tmp_path / "out"

    def build() -> str:
        capsys.readouterr()
        assert main([str(path), "-o", str(out), "-f", "html", "--jobs", "1"]) == 0
        return capsys.readouterr().out

    assert "doc.html" in build()
    assert "up to date" in build()
    write(path.parent, "data/x.csv", "Year,A\n2021,2\n")
    assert "doc.html" in build() and ">2<" in (out / "doc.html").read_text()
    assert "up to date" in build()


# -- hypothesis: any CSV a spreadsheet may write is read exactly, or refused with a location


cell_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Cn")),
                    min_size=1, max_size=8).filter(lambda t: t.strip() and "@" not in t)
value = st.one_of(st.integers(-10**6, 10**6).map(str),
                  st.floats(-1e6, 1e6, allow_nan=False).map(lambda f: repr(round(f, 3))),
                  st.sampled_from(["n/a", "", "-", "1,2,3", "inf", "NaN", "1e999", "12%"]))


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=st.lists(cell_text, min_size=1, max_size=3, unique_by=str.strip),
       rows=st.lists(st.tuples(cell_text, st.lists(value, min_size=0, max_size=4)),
                     min_size=1, max_size=5),
       bom=st.booleans(), crlf=st.booleans())
def test_csv_contents_load_exactly_or_fail_located(write_content, names, rows, bom, crlf):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n" if crlf else "\n")
    writer.writerow(["Category", *names])
    for label, values in rows:
        writer.writerow([label, *values])
    path = write_content(chart_doc())
    write(path.parent, "data/x.csv", ("\ufeff" if bom else "") + buffer.getvalue())
    try:
        chart = load_briefing(path).sections[0].chart
    except ContentError as err:
        lines = err.lines()
        assert len(lines) == 1, lines
        assert lines[0].startswith(f"{path}:6:13: sections[0].chart.file: data/x.csv"), lines
        return
    assert [s.name for s in chart.all_series] == names
    assert list(chart.labels) == [label for label, _ in rows]
    for index, one in enumerate(chart.all_series):
        assert list(one.values) == [float(values[index].replace(",", ""))
                                    for _, values in rows]
