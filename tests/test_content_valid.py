"""Valid content always loads, unchanged: the other half of the loader's property tests.

The fuzz tests accept any input that is rejected with a located error, so a loader
that rejected everything would pass them. Here hypothesis writes VALID briefings
(every kind of field, text from a broad alphabet without control characters), dumps
them with yaml.safe_dump, and the loaded model must hold exactly what was written
(Markdown fields compared by their source text).
"""

from __future__ import annotations

import datetime as dt

from conftest import dump
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from briefing.content import load_briefing
from briefing.content.markdown import _Text

# Any character but surrogates, control characters and non-characters (U+FFFE …, category
# Cn with the unassigned ones): the loader refuses those, as no output can hold them.
chars = st.characters(blacklist_categories=("Cs", "Cc", "Cn"))
text = st.text(chars, min_size=1, max_size=30).filter(str.strip)
# Markdown: free text without the characters that start links or images (whose
# targets must be valid), and some of each inline style.
free = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Cn"),
                             blacklist_characters="[]<>!\\"), min_size=1, max_size=30)
styled = st.sampled_from(["**bold**", "*italic*", "`code`", "[a link](https://example.org/a)",
                          "[mail](mailto:desk@example.org)", "[back](#s1)", "한글", "🌌", "—"])
inline = st.lists(st.one_of(free, styled), min_size=1, max_size=4).map(" ".join).filter(
    str.strip)
block = st.lists(st.one_of(inline, inline.map("- {}".format), inline.map("1. {}".format)),
                 min_size=1, max_size=4).map("\n\n".join)
url = st.builds("{}{}".format, st.sampled_from(["https://example.org/", "http://a.example/x?",
                                                 "mailto:desk@example.org?subject="]),
                st.text(st.sampled_from("abc123-._~%/?=&#+"), max_size=12))
# Chart values must be finite and within ±10^15 (every whole number exact as a float).
number = st.floats(min_value=-1e15, max_value=1e15, allow_nan=False, width=64)


def some(strategy):
    """A field that may be left out (None: not written)."""
    return st.none() | strategy


@st.composite
def tables(draw) -> dict:
    columns = draw(st.lists(inline, min_size=1, max_size=4))
    rows = draw(st.lists(st.lists(inline, min_size=len(columns), max_size=len(columns)),
                         min_size=1, max_size=4))
    return {"caption": draw(some(inline)), "columns": columns, "rows": rows}


@st.composite
def charts(draw) -> dict:
    kind = draw(st.sampled_from(["bar", "column", "line", "pie"]))
    values = number.map(abs) if kind == "pie" else number
    data = draw(st.lists(st.fixed_dictionaries({"label": text, "value": values}),
                         min_size=1, max_size=5))
    if kind == "pie" and not any(point["value"] > 0 for point in data):
        data[0]["value"] = 1.0  # a pie needs a share to draw: all zeros is refused
    return {"kind": kind, "caption": draw(some(inline)), "unit": draw(some(text)),
            "data": data}


@st.composite
def sections(draw) -> dict:
    section = {"title": draw(text), "body": draw(some(block)),
               "highlights": draw(some(st.lists(inline, min_size=1, max_size=3))),
               "quote": draw(some(inline)), "notes": draw(some(text)),
               "stats": draw(some(st.lists(st.fixed_dictionaries({"value": text,
                                                                  "label": text}),
                                           min_size=1, max_size=3))),
               "table": draw(some(tables())), "chart": draw(some(charts()))}
    if not any(section[k] for k in ("body", "highlights", "quote", "stats", "table", "chart")):
        section["body"] = draw(block)  # a section needs something to show
    return section


@st.composite
def briefings(draw) -> dict:
    links = draw(some(st.fixed_dictionaries(
        {"items": st.lists(st.fixed_dictionaries({"title": text, "url": url},
                                                 optional={"note": inline}),
                           min_size=1, max_size=3)},
        optional={"title": text})))
    data = {"title": draw(text), "subtitle": draw(some(text)), "kicker": draw(some(text)),
            "topics": draw(some(st.lists(text, min_size=1, max_size=4))),
            "lang": draw(some(st.from_regex(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,2}",
                                            fullmatch=True))),
            "date": draw(some(st.dates(dt.date(1980, 1, 1), dt.date(2107, 12, 31)))),  # ZIP dates
            "author": draw(some(text)), "organization": draw(some(text)),
            "sections": draw(st.lists(sections(), min_size=1, max_size=3)), "links": links}
    return written(data)


def written(value):
    """``value`` without the fields left out (None)."""
    if isinstance(value, dict):
        return {k: written(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [written(v) for v in value]
    return value


def as_data(value):
    """A loaded model's value as plain data: Markdown by its source text, tuples as lists."""
    if isinstance(value, BaseModel):
        return {k: as_data(getattr(value, k)) for k in type(value).model_fields}
    if isinstance(value, list | tuple):
        return [as_data(v) for v in value]
    if isinstance(value, _Text):
        return str(value)
    return value


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
@given(briefings())
def test_valid_content_loads_with_exactly_what_was_written(tmp_path, data):
    path = tmp_path / "doc.yaml"
    path.write_text(dump(data), encoding="utf-8")
    briefing = load_briefing(path)  # a ContentError here is a valid file refused
    loaded = {name: as_data(getattr(briefing, name)) for name in data}
    loaded["sections"] = [{k: as_data(getattr(s, k)) for k in d}
                          for s, d in zip(briefing.sections, data["sections"], strict=True)]
    if "links" in data:
        loaded["links"] = {"title": briefing.links.title, "items": [
            {k: as_data(getattr(item, k)) for k in d}
            for item, d in zip(briefing.links.items, data["links"]["items"], strict=True)]}
        data = {**data, "links": {"title": "Official links", **data["links"]}}
    for section, written_section in zip(loaded["sections"], data["sections"], strict=True):
        for key in ("table", "chart"):  # nested models: every field, set or not
            if key in written_section:
                model = written_section[key]
                section[key] = {k: v for k, v in section[key].items() if k in model}
    assert loaded == data
    assert str(briefing.sections[0].body or "") == data["sections"][0].get("body", "")
