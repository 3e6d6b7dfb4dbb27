"""Random valid and invalid content through the build: success or located errors, never a crash.

Most examples go through --check and HTML builds (milliseconds each); a few
go through every renderer.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import re

import pytest
import yaml
from conftest import minimal
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from briefing.cli import main

LOCATED = re.compile(r"^.+:\d+:\d+: ")
FIELDS = ["title", "subtitle", "kicker", "topics", "lang", "date", "author", "organization",
          "sections", "links", "body", "highlights", "quote", "notes", "stats", "table",
          "chart", "image", "value", "label", "caption", "columns", "rows", "kind", "unit",
          "data", "path", "alt", "items", "url", "note", "titel"]

text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
markdownish = st.lists(st.sampled_from(["**b**", "*i*", "`c`", "[l](https://x.org)", "- item",
                                        "1. one", "\n\n", "<script>", "{{ x }}", "# h", "한글",
                                        "🌌", "—", " ", "![i](http://x.org/a.png)"]),
                       max_size=8).map("".join)
scalar = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6),
                   st.floats(allow_nan=False, allow_infinity=False), text, markdownish,
                   st.dates(dt.date(1900, 1, 1), dt.date(2100, 1, 1)))
value = st.recursive(scalar, lambda inner: st.lists(inner, max_size=3)
                     | st.dictionaries(st.sampled_from(FIELDS), inner, max_size=3), max_leaves=8)


good_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40)
texts = st.lists(good_text, min_size=1, max_size=3)
TOP = ["title", "subtitle", "kicker", "topics", "lang", "date", "author", "organization", "links"]
SECTION = ["title", "body", "highlights", "quote", "notes", "stats", "table", "chart", "image"]
TABLE = ["caption", "columns", "rows"]


@st.composite
def briefings(draw, wild: bool = True):
    """A valid briefing, then a few random edits that may or may not break it.

    Tame edits (``wild=False``) only put text where the contract allows a field."""
    section = {"title": "Overview", "body": "Reservoirs are at 61 percent."}
    table = {"columns": ["A", "B"], "rows": [["1", "2"]]}
    data = minimal(sections=[section, {"title": "Table", "table": table}])
    places = [(data, TOP), (section, SECTION), (table, TABLE)]
    for _ in range(draw(st.integers(0, 3))):
        where, fields = draw(st.sampled_from(places))
        key = draw(st.sampled_from([*fields, "titel"] if wild else fields))  # a typo, at times
        if draw(st.booleans()) and key in where and key != "sections":
            del where[key]
        else:  # mostly text or lists of text, which most fields take; sometimes anything
            where[key] = draw(st.one_of(good_text, markdownish, texts, value) if wild
                              else st.one_of(good_text, markdownish))
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


documents = st.one_of(briefings(), text.map(lambda t: f"title: T\nsections:\n{t}"), text)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzz")
    (folder / "content").mkdir()
    return folder


def run(argv: list[str]) -> tuple[int, list[str]]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(argv)
    return code, err.getvalue().splitlines()


def assert_located_or_ok(code: int, lines: list[str]) -> None:
    event(f"exit {code}")
    assert code in (0, 1), lines
    errors = [line for line in lines if not line.startswith("warning: ")]
    assert all(LOCATED.match(line) for line in errors), errors
    assert (code == 1) == bool(errors), lines


FAST = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@FAST
@given(documents)
def test_check_reports_located_errors_or_nothing(workdir, document):
    path = workdir / "content" / "doc.yaml"
    path.write_text(document, encoding="utf-8")
    assert_located_or_ok(*run([str(path), "--check"]))


@FAST
@given(documents)
def test_html_builds_or_reports_located_errors(workdir, document):
    path = workdir / "content" / "doc.yaml"
    path.write_text(document, encoding="utf-8")
    assert_located_or_ok(*run([str(path), "-o", str(workdir / "out"), "-f", "html",
                               "--jobs", "1", "--force"]))


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(briefings(wild=False))
def test_every_renderer_builds_or_reports_located_errors(workdir, document):
    path = workdir / "content" / "full.yaml"
    path.write_text(document, encoding="utf-8")
    code, lines = run([str(path), "-o", str(workdir / "out"), "--jobs", "1", "--force"])
    assert_located_or_ok(code, lines)
    if code == 0:
        assert all((workdir / "out" / f"full.{fmt}").stat().st_size > 0
                   for fmt in ("pdf", "pptx", "html"))
