"""Hostile content: every input ends in outputs or in one located line, never a traceback.

Characters the outputs cannot hold (controls, non-characters, lone surrogates, also
written as YAML escapes), chart values that cannot be drawn, edition dates the
outputs cannot store, Markdown nested deeper than a layout can follow, and
document properties longer than a PPTX holds.
"""

from __future__ import annotations

import math
import unicodedata

import pytest
import yaml
from conftest import minimal
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pptx import Presentation

from briefing.cli import main
from briefing.content import load_briefing
from briefing.errors import ContentError

# -- characters --------------------------------------------------------------------------

# Each text field on a line of its own: (field path, line, column) of its value.
TEMPLATE = [
    ("title", "title: {}"),
    ("subtitle", "subtitle: {}"),
    (None, "topics:"),
    ("topics[0]", "  - {}"),
    ("author", "author: {}"),
    (None, "sections:"),
    ("sections[0].title", "  - title: {}"),
    ("sections[0].body", "    body: {}"),
    ("sections[0].notes", "    notes: {}"),
    ("sections[0].quote", "    quote: {}"),
    (None, "    highlights:"),
    ("sections[0].highlights[0]", "      - {}"),
    (None, "    stats:"),
    ("sections[0].stats[0].value", "      - value: {}"),
    ("sections[0].stats[0].label", "        label: {}"),
    (None, "    chart:"),
    (None, "      kind: bar"),
    ("sections[0].chart.unit", "      unit: {}"),
    (None, "      data:"),
    ("sections[0].chart.data[0].label", "        - label: {}"),
    (None, "          value: 1.5"),
    (None, "    table:"),
    (None, "      columns:"),
    ("sections[0].table.columns[0]", "        - {}"),
    (None, "      rows:"),
    ("sections[0].table.rows[0][0]", "        - - {}"),
    (None, "links:"),
    (None, "  items:"),
    ("links.items[0].title", "    - title: {}"),
    (None, "      url: https://example.org/"),
    ("links.items[0].note", "      note: {}"),
]
FIELDS = [field for field, _ in TEMPLATE if field]
# Fields whose text is kept as written (not Markdown), with where the model keeps it.
PLAIN = {
    "title": lambda b: b.title, "subtitle": lambda b: b.subtitle,
    "topics[0]": lambda b: b.topics[0], "author": lambda b: b.author,
    "sections[0].title": lambda b: b.sections[0].title,
    "sections[0].notes": lambda b: b.sections[0].notes,
    "sections[0].stats[0].value": lambda b: b.sections[0].stats[0].value,
    "sections[0].stats[0].label": lambda b: b.sections[0].stats[0].label,
    "sections[0].chart.unit": lambda b: b.sections[0].chart.unit,
    "sections[0].chart.data[0].label": lambda b: b.sections[0].chart.data[0].label,
    "links.items[0].title": lambda b: b.links.items[0].title,
}


def quoted(text: str) -> str:
    """``text`` as PyYAML writes it in double quotes: escapes for what YAML cannot hold
    raw (\\0, \\e, \\x01, \\uFFFE, \\uD800 …), the rest as it is."""
    return yaml.safe_dump(text, allow_unicode=True, default_style='"', width=math.inf).strip()


def content_with(field: str, text: str) -> tuple[str, int, int]:
    """The content file with ``text`` in ``field``; the line and column of its value."""
    lines, where = [], None
    for name, line in TEMPLATE:
        value = quoted(text) if name == field else "Plain words"
        if name == field:
            where = (len(lines) + 1, line.index("{}") + 1)
        lines.append(line.format(value))
    return "\n".join(lines) + "\n", *where


def not_text(char: str) -> bool:
    """The rule, restated independently: C0/C1 controls and DEL except tab, line feed,
    carriage return and NEL; surrogates; the 66 Unicode non-characters."""
    code = ord(char)
    category = unicodedata.category(char)
    return ((category == "Cc" and char not in "\t\n\r\x85") or category == "Cs"
            or 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE)


NOT_TEXT = ([chr(c) for c in range(0x20) if chr(c) not in "\t\n\r"] + ["\x7f", "\x80", "\x9f"]
            + ["\ud800", "\udbff", "\udc00", "\udfff"]
            + [chr(c) for c in range(0xFDD0, 0xFDF0)]
            + [chr(plane << 16 | low) for plane in range(17) for low in (0xFFFE, 0xFFFF)])
any_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(FIELDS), before=any_text, bad=st.sampled_from(NOT_TEXT),
       after=any_text)
def test_a_character_no_output_can_hold_is_one_located_error(write_content, field, before,
                                                             bad, after):
    text = before + bad + after
    content, line, column = content_with(field, text)
    path = write_content(content.encode("utf-8", "surrogatepass"))
    with pytest.raises(ContentError) as caught:
        load_briefing(path)
    first = next(c for c in text if not_text(c))
    [problem] = caught.value.lines()
    assert problem.startswith(f"{path}:{line}:{column}: {field}: "), problem
    assert f"U+{ord(first):04X}" in problem
    assert "remove it" in problem or "surrogate pair" in problem


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(sorted(PLAIN)),
       text=any_text.filter(lambda t: t.strip() and not any(map(not_text, t))))
def test_any_other_text_loads_exactly_as_written(write_content, field, text):
    content, _, _ = content_with(field, text)
    briefing = load_briefing(write_content(content))
    assert PLAIN[field](briefing) == text


def test_escaped_controls_in_the_reported_example_are_located(write_content, capsys):
    path = write_content('title: "Hello \\x01 world"\nsections:\n  - title: Overview\n'
                         '    body: "Reservoirs \\0 at 61 \\e percent \\uFFFE."\n')
    assert main([str(path), "--output", str(path.parent / "out")]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"{path}:1:8: title: text contains the control character U+0001; remove it",
        f"{path}:4:11: sections[0].body: text contains the control character U+0000; "
        "remove it",
    ]
    assert not list((path.parent / "out").glob("doc.*"))
    assert main([str(path), "--check"]) == 1


def test_a_json_surrogate_pair_gets_the_escape_to_write(write_content):
    path = write_content('title: "Smile \\ud83d\\ude00"\nsections: [{title: S, body: b}]\n')
    with pytest.raises(ContentError) as caught:
        load_briefing(path)
    assert caught.value.lines() == [
        f"{path}:1:8: title: U+D83D is half of a UTF-16 surrogate pair, not a character; "
        "write the character itself or the escape \\U0001F600"]


def test_a_raw_control_character_is_not_told_to_become_an_escape(write_content):
    path = write_content("title: T\x08\nsections: [{title: S, body: b}]\n")
    with pytest.raises(ContentError) as caught:
        load_briefing(path)
    assert caught.value.lines() == [
        f"{path}:1:9: character U+0008 is not allowed in YAML; remove it"]


ALLOWED = "a\tb\nc\rd\x85e\u2028f\u2029 \ufdf0 \ufffd 😀 \U0010fffd"


def test_every_allowed_odd_character_builds_all_three_formats(write_content, tmp_path):
    # The author shares one line with the date on the title slide: no line breaks there.
    text = "\n".join(line.format(quoted(ALLOWED if name != "author" else ALLOWED[12:]))
                     if name else line for name, line in TEMPLATE)
    path = write_content(text + "\n")
    out = tmp_path / "out"
    assert main([str(path), "--output", str(out), "--jobs", "1"]) == 0
    assert {p.name for p in out.glob("doc.*")} == {"doc.pdf", "doc.pptx", "doc.html"}


# -- chart values ------------------------------------------------------------------------

def chart(kind: str, *values) -> dict:
    return minimal(sections=[{"title": "Data", "chart": {
        "kind": kind, "data": [{"label": f"P{i}", "value": v} for i, v in enumerate(values)]}}])


RANGE = "expected a number between -1,000,000,000,000,000 and 1,000,000,000,000,000"


def test_the_chart_value_position_is_where_the_tests_expect_it(write_content):
    path = write_content(chart("bar", 1.5, 2.5))
    assert load_briefing(path).position("sections", 0, "chart", "data", 0, "value") == (8, 14)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(kind=st.sampled_from(["bar", "column", "line", "pie"]),
       value=st.one_of(st.floats(), st.floats(-2e15, 2e15), st.integers(-10**20, 10**20),
                       st.sampled_from([1.0e308, -1.0e308, 5e-324, 1e15, -1e15, 10**400])))
def test_a_chart_value_is_drawn_or_located(write_content, tmp_path_factory, kind, value):
    if kind == "pie" and not (isinstance(value, int) or math.isfinite(value)):
        value = abs(value)  # a negative pie value is refused on its own
    if kind == "pie" and value < 0:
        value = -value
    path = write_content(chart(kind, value, 2))
    drawable = (not isinstance(value, float) or math.isfinite(value)) and abs(value) <= 1e15
    if drawable:
        out = tmp_path_factory.mktemp("chart")
        assert main([str(path), "--output", str(out), "--format", "html,pptx",
                     "--jobs", "1"]) == 0
        return
    with pytest.raises(ContentError) as caught:
        load_briefing(path)
    [problem] = caught.value.lines()
    assert problem.startswith(f"{path}:8:14: sections[0].chart.data[0].value: "), problem
    assert problem.endswith(RANGE)


@pytest.mark.parametrize("written, says", [
    (".nan", ".nan (not a number) cannot be drawn"),
    (".inf", ".inf (infinity) cannot be drawn"),
    ("-.inf", "-.inf (minus infinity) cannot be drawn"),
    ("1.0e+308", "1e+308 is too large to draw"),
    ("-1.0e+16", "-1e+16 is too far below zero to draw"),
    ("1" + "0" * 400, "a 401-digit number is too large to draw"),
])
def test_an_undrawable_value_says_why_and_the_range(write_content, written, says):
    path = write_content("title: T\nsections:\n  - title: S\n    chart:\n      kind: pie\n"
                         f"      data:\n        - {{label: a, value: {written}}}\n")
    with pytest.raises(ContentError) as caught:
        load_briefing(path)
    assert caught.value.lines() == [
        f"{path}:7:29: sections[0].chart.data[0].value: {says}; {RANGE}"]


def test_a_number_too_long_for_python_to_read_is_located(write_content):
    path = write_content("title: T\nsections:\n  - title: S\n    chart:\n      kind: bar\n"
                         f"      data:\n        - {{label: a, value: {'9' * 5000}}}\n")
    with pytest.raises(ContentError) as caught:
        load_briefing(path)
    assert caught.value.lines() == [
        f"{path}:7:29: sections[0].chart.data[0].value: a 5,000-character number is too long "
        "to read; expected a chart value between -1,000,000,000,000,000 and "
        "1,000,000,000,000,000, or text in quotes"]


def test_a_pie_of_zeros_is_refused(write_content):
    path = write_content(chart("pie", 0, 0.0))
    with pytest.raises(ContentError) as caught:
        load_briefing(path)
    assert caught.value.lines() == [
        f"{path}:7:5: sections[0].chart.data: a pie chart needs at least one value above "
        "zero; every value is 0"]


def test_the_extreme_values_build_a_pdf(write_content, tmp_path):
    path = write_content(minimal(sections=[
        {"title": kind, "chart": {"kind": kind, "data": [
            {"label": "a", "value": 1e15}, {"label": "b", "value": 5e-324},
            {"label": "c", "value": 0.0 if kind == "pie" else -1e15}]}}
        for kind in ("bar", "column", "line", "pie")]))
    assert main([str(path), "--output", str(tmp_path / "out"), "--jobs", "1"]) == 0
    assert (tmp_path / "out" / "doc.pdf").stat().st_size > 0


# -- dates -------------------------------------------------------------------------------

@pytest.mark.parametrize("date", ["1979-12-31", "2108-01-01", "1903-12-31", "0001-01-01",
                                  "9999-12-31", "'2108-01-01'"])
def test_an_edition_date_the_outputs_cannot_store_is_located(write_content, capsys, date):
    path = write_content(f"title: T\ndate: {date}\nsections: [{{title: S, body: b}}]\n")
    assert main([str(path), "--output", str(path.parent / "out")]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"{path}:2:7: date: {date.strip(chr(39))} is outside the dates the outputs can store; "
        "expected a date from 1980-01-01 to 2107-12-31"]
    assert not list((path.parent / "out").glob("doc.*"))


@pytest.mark.parametrize("date", ["1980-01-01", "2107-12-31"])
def test_the_first_and_last_dates_build_every_format(write_content, tmp_path, date):
    path = write_content(f"title: T\ndate: {date}\nsections: [{{title: S, body: b}}]\n")
    assert main([str(path), "--output", str(tmp_path), "--jobs", "1"]) == 0
    deck = Presentation(str(tmp_path / "doc.pptx"))
    assert deck.core_properties.created.date().isoformat() == date


@pytest.mark.parametrize("epoch", ["²", "٣", "99999999999", "253402300800", "4354819200",
                                   "-1", "1e9", "9" * 5000])
def test_a_source_date_epoch_out_of_range_is_a_usage_error(write_content, monkeypatch, capsys,
                                                           epoch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    path = write_content(minimal())
    assert main([str(path), "--output", str(path.parent / "out")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("build.py: SOURCE_DATE_EPOCH must be a whole number of seconds "
                          "since 1970 from 0 to 4354819199 (the end of 2107"), err
    assert len(err.splitlines()) == 1


@pytest.mark.parametrize("epoch", ["0", "4354819199"])
def test_the_first_and_last_epochs_build_a_deck(write_content, monkeypatch, tmp_path, epoch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    path = write_content(minimal())
    assert main([str(path), "--output", str(tmp_path), "--format", "pptx,pdf",
                 "--jobs", "1"]) == 0


# -- nesting -----------------------------------------------------------------------------

NESTED = "**" * 400 + "word" + "**" * 400  # 1.6 KB


@pytest.mark.parametrize("field, where, line", [
    ("body", "sections[0].body", "    body: "),
    ("quote", "sections[0].quote", "    quote: "),
    ("highlights", "sections[0].highlights[0]", "    highlights:\n      - "),
])
def test_emphasis_nested_too_deep_is_located(write_content, capsys, field, where, line):
    path = write_content(f"title: T\nsections:\n  - title: S\n{line}{quoted(NESTED)}\n")
    assert main([str(path), "--output", str(path.parent / "out")]) == 1
    row, column = (5, 9) if field == "highlights" else (4, len(line) + 1)
    assert capsys.readouterr().err.splitlines() == [
        f"{path}:{row}:{column}: {where}: emphasis and links are nested more than 20 levels "
        "deep; expected fewer levels"]


def nested_list(depth: int) -> str:
    return "\n".join("  " * level + "- item" for level in range(depth))


@pytest.mark.parametrize("body", [nested_list(21), "> " * 21 + "quote",
                                  "> - " * 11 + "both"])
def test_lists_and_quotes_nested_too_deep_are_located(write_content, body):
    path = write_content(minimal(sections=[{"title": "S", "body": body}]))
    with pytest.raises(ContentError) as caught:
        load_briefing(path)
    assert caught.value.lines() == [
        f"{path}:4:9: sections[0].body: lists and quotes are nested more than 20 levels deep;"
        " expected fewer levels"]


def test_nesting_at_the_limit_builds_every_format(write_content, tmp_path):
    deep = "**" * 10 + "*" * 10 + "[a](https://example.org/)" + "*" * 10 + "**" * 10
    assert len(load_briefing(write_content(minimal(title=deep))).title) == len(deep)
    body = "\n".join("  " * level + "- " + ("*x* " if level < 19 else deep)
                     for level in range(20))
    path = write_content(minimal(sections=[{"title": "S", "body": body, "quote": deep,
                                            "highlights": [deep]}]))
    assert main([str(path), "--output", str(tmp_path), "--jobs", "1"]) == 0
    assert (tmp_path / "doc.pdf").exists()


# -- document properties -----------------------------------------------------------------

def test_long_document_properties_are_cut_on_the_deck_not_on_the_slides(write_content,
                                                                        tmp_path):
    title = "Water " * 50 + "end"  # 303 characters
    data = minimal(title=title, subtitle="Sub " * 80,
                   topics=[f"topic number {n:02}" for n in range(20)])
    path = write_content(data)
    assert main([str(path), "--output", str(tmp_path), "--format", "pptx",
                 "--jobs", "1"]) == 0
    deck = Presentation(str(tmp_path / "doc.pptx"))
    props = deck.core_properties
    for value in (props.title, props.subject, props.author, props.keywords):
        assert len(value) <= 255
    assert props.title.endswith("…") and title.startswith(props.title[:-1])
    first = " ".join(" ".join(shape.text_frame.text.split())
                     for shape in deck.slides[0].shapes if shape.has_text_frame)
    assert " ".join(title.split()) in first


def test_a_language_tag_longer_than_35_characters_is_located(write_content):
    path = write_content("title: T\nlang: en" + "-abcdefgh" * 4 + "\n"
                         "sections: [{title: S, body: b}]\n")
    with pytest.raises(ContentError) as caught:
        load_briefing(path)
    assert caught.value.lines() == [
        f"{path}:2:7: lang: language tag is 38 characters; expected at most 35, "
        "such as 'en' or 'ko-KR'"]


@pytest.mark.parametrize("written, write", [("1e12", "1.0e+12"), ("-2.5E3", "-2.5e+3"),
                                            ("3e-2", "3.0e-2")])
def test_a_number_yaml_reads_as_text_gets_the_form_to_write(write_content, written, write):
    path = write_content("title: T\nsections:\n  - title: S\n    chart:\n      kind: bar\n"
                         f"      data:\n        - {{label: a, value: {written}}}\n")
    with pytest.raises(ContentError) as caught:
        load_briefing(path)
    assert caught.value.lines() == [
        f"{path}:7:29: sections[0].chart.data[0].value: expected a number, got the text "
        f"'{written}'; YAML reads this form as text: write {write}"]
    fixed = path.read_text(encoding="utf-8").replace(written, write)
    assert load_briefing(write_content(fixed)).sections[0].chart.data[0].value == float(write)
