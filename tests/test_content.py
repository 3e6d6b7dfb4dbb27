"""The loader against every rule of the content contract (shared CONTENT.md).

Each bad input is run through the real command line, in-process: one located
line per problem, exit code 1, no traceback, and nothing written.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.cli import main
from briefing.content import load_briefing
from briefing.content.load import MAX_BYTES
from briefing.errors import ContentError

HEAD = "title: T\nsections:\n  - title: S\n"  # a valid start; cases append to a section

BAD = {
    # --- YAML itself ---------------------------------------------------------
    "syntax error": ("title: [unclosed\nsections: []\n",
                     "2:9: YAML syntax error: expected ',' or ']'"),
    "tab indentation": ("title: T\nsections:\n\t- title: S\n",
                        "3:1: YAML syntax error: found character '\\t'"),
    "empty file": ("", "1:1: file is empty"),
    "top level is a list": ("- title: T\n", "1:1: expected a mapping of fields"),
    "top level is text": ("just words\n", "1:1: expected a mapping of fields"),
    "duplicate key": ("title: A\nsections: [{title: S, body: b}]\ntitle: B\n",
                      "3:1: title: duplicate key 'title' (first at line 1)"),
    "python tag": ("title: !!python/object/apply:os.system ['echo hi']\n"
                   "sections: [{title: S, body: b}]\n",
                   "1:8: title: unsupported YAML tag"),
    "control character": ("title: T\x08\nsections: [{title: S, body: b}]\n",
                          "1:9: character U+0008 is not allowed in YAML"),
    "custom tag": ("title: !shout T\nsections: [{title: S, body: b}]\n",
                   "1:8: title: unsupported YAML value"),
    "merge key": ("base: &b {title: S, body: b}\ntitle: T\nsections:\n  - <<: *b\n",
                  "4:5: sections[0]: '<<' merge keys are not supported"),
    "non-text key": ("title: T\n2024: x\nsections: [{title: S, body: b}]\n",
                     "2:1: expected a field name as the key, got '2024'"),
    "alias bomb": ("a: &a [x, x, x, x, x, x, x, x, x, x]\n"
                   + "".join(f"{n}: &{n} [{', '.join(['*' + p] * 10)}]\n"
                             for p, n in zip("abcdefg", "bcdefgh", strict=True))
                   + "title: T\nsections: [{title: S, body: b}]\n",
                   "5:4: e: the file expands to more than 100,000 values"),
    "nested too deeply": ("title: T\nsections: " + "[" * 3000 + "]" * 3000 + "\n",
                          "1:1: YAML is nested too deeply"),
    # --- the contract's own examples -----------------------------------------
    "number as title": ("title: 2024\nsections: [{title: S, body: b}]\n",
                        '1:8: title: expected text, got the number 2024; put it in quotes: "2024"'),
    "boolean as lang": ("title: T\nlang: no\nsections: [{title: S, body: b}]\n",
                        '2:7: lang: expected text, got the boolean false; put it in quotes: "no"'),
    "impossible date": ("title: T\ndate: 2026-02-30\nsections: [{title: S, body: b}]\n",
                        "2:7: date: '2026-02-30' is not a real date; expected YYYY-MM-DD"),
    "quoted impossible date": ("title: T\ndate: '2026-13-01'\nsections: [{title: S, body: b}]\n",
                               "2:7: date: '2026-13-01' is not a real date"),
    "date in another format": ("title: T\ndate: 27/11/2026\nsections: [{title: S, body: b}]\n",
                               "2:7: date: expected a date as YYYY-MM-DD, got '27/11/2026'"),
    "date with a time": ("title: T\ndate: 2026-11-27 10:00:00\nsections: [{title: S, body: b}]\n",
                         "2:7: date: expected a date as YYYY-MM-DD, without a time"),
    "unknown top-level key": ("titel: T\nsections: [{title: S, body: b}]\n",
                              "1:1: titel: unknown field 'titel'; did you mean 'title'?"),
    "unknown section key": (HEAD + "    body: b\n    higlights: [x]\n",
                            "5:5: sections[0].higlights: unknown field 'higlights'; "
                            "did you mean 'highlights'?"),
    "unknown key, nothing close": (HEAD + "    body: b\n    zzz: 1\n",
                                   "5:5: sections[0].zzz: unknown field 'zzz'; expected one of:"),
    # --- required fields and shapes -----------------------------------------
    "missing title": ("subtitle: S\nsections: [{title: S, body: b}]\n",
                      "1:1: title: required field is missing"),
    "missing sections": ("title: T\n", "1:1: sections: required field is missing"),
    "no sections": ("title: T\nsections: []\n",
                    "2:11: sections: expected at least one item, got none"),
    "sections is a mapping": ("title: T\nsections:\n  title: S\n",
                              "3:3: sections: expected a list, got a mapping"),
    "section without title": ("title: T\nsections:\n  - body: b\n",
                              "3:5: sections[0].title: required field is missing"),
    "section with only a title": ("title: T\nsections:\n  - title: Lonely\n",
                                  "3:5: sections[0]: section has a title but nothing else"),
    "empty title": ("title: ''\nsections: [{title: S, body: b}]\n",
                    "1:8: title: must not be empty"),
    "list as subtitle": ("title: T\nsubtitle: [a, b]\nsections: [{title: S, body: b}]\n",
                         "2:11: subtitle: expected text, got a list"),
    "number as topic": ("title: T\ntopics: [Water, 42]\nsections: [{title: S, body: b}]\n",
                        '2:17: topics[1]: expected text, got the number 42; put it in quotes'),
    "bad language tag": ("title: T\nlang: english please\nsections: [{title: S, body: b}]\n",
                         "2:7: lang: expected a BCP 47 language tag"),
    "stat without label": (HEAD + "    stats:\n      - value: 3%\n",
                           "5:9: sections[0].stats[0].label: required field is missing"),
    # --- tables and charts ----------------------------------------------------
    "table row too short": (HEAD + "    table:\n      columns: [A, B, C]\n      rows:\n"
                            "        - [a, b, c]\n        - [a, b]\n",
                            "8:11: sections[0].table.rows[1]: row has 2 cells; expected 3"),
    "table without columns": (HEAD + "    table:\n      rows: [[a]]\n",
                              "5:7: sections[0].table.columns: required field is missing"),
    "number in a table cell": (HEAD + "    table:\n      columns: [A]\n      rows: [[12]]\n",
                               '6:15: sections[0].table.rows[0][0]: expected text, got the '
                               'number 12; put it in quotes: "12"'),
    "unknown chart kind": (HEAD + "    chart:\n      kind: donut\n"
                           "      data: [{label: a, value: 1}]\n",
                           "5:13: sections[0].chart.kind: expected one of 'bar', 'column', "
                           "'line' or 'pie', got 'donut'"),
    "chart value as text": (HEAD + "    chart:\n      kind: bar\n      data:\n"
                            "        - {label: a, value: ten}\n",
                            "7:29: sections[0].chart.data[0].value: expected a number, "
                            "got the text 'ten'"),
    "negative pie slice": (HEAD + "    chart:\n      kind: pie\n      data:\n"
                           "        - {label: a, value: 2}\n        - {label: b, value: -1}\n",
                           "8:29: sections[0].chart.data[1].value: a pie chart cannot show "
                           "a negative value"),
    # --- links ---------------------------------------------------------------
    "ftp link": ("title: T\nsections: [{title: S, body: b}]\nlinks:\n  items:\n"
                 "    - {title: X, url: 'ftp://example.org/'}\n",
                 "5:23: links.items[0].url: link 'ftp://example.org/' must start with http://"),
    "javascript link": ("title: T\nsections: [{title: S, body: b}]\nlinks:\n  items:\n"
                        "    - title: X\n      url: javascript:alert(1)\n",
                        "6:12: links.items[0].url: link 'javascript:alert(1)' must start"),
    "link without host": ("title: T\nsections: [{title: S, body: b}]\nlinks:\n  items:\n"
                          "    - {title: X, url: 'https://'}\n",
                          "5:23: links.items[0].url: link 'https://' has no host"),
    "no link items": ("title: T\nsections: [{title: S, body: b}]\nlinks:\n  title: More\n",
                      "4:3: links.items: required field is missing"),
    "ftp link in Markdown": (HEAD + "    body: 'See [the archive](ftp://example.org/a).'\n",
                             "4:11: sections[0].body: link 'ftp://example.org/a' must start"),
    "Markdown image": (HEAD + "    body: 'Look ![chart](https://example.org/c.png)'\n",
                       "4:11: sections[0].body: Markdown images (![alt](…)) are not supported"),
    # --- images ----------------------------------------------------------------
    "image leaving content/": (HEAD + "    image: {path: ../secret.png, alt: A}\n",
                               "4:19: sections[0].image.path: image '../secret.png' is outside "
                               "the content folder"),
    "absolute image path": (HEAD + "    image: {path: /etc/passwd.png, alt: A}\n",
                            "4:19: sections[0].image.path: image '/etc/passwd.png' is outside"),
    "image without alt": (HEAD + "    image: {path: pic.png}\n",
                          "4:12: sections[0].image.alt: required field is missing"),
    "missing image file": (HEAD + "    image: {path: nothere.png, alt: A}\n",
                           "4:19: sections[0].image.path: image 'nothere.png' does not exist"),
    "image that is not a picture": (HEAD + "    image: {path: notes.txt, alt: A}\n",
                                    "4:19: sections[0].image.path: image 'notes.txt' is not a "
                                    "picture"),
}


@pytest.mark.parametrize("text, expected", BAD.values(), ids=BAD.keys())
def test_bad_input_is_one_located_line(write_content, tmp_path, capsys, text, expected):
    path = write_content(text)
    (path.parent / "pic.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (path.parent / "notes.txt").write_text("x")
    out = tmp_path / "out"
    out.mkdir()
    (out / "doc.pdf").write_bytes(b"earlier output")

    assert main([str(path), "--output", str(out)]) == 1

    err = capsys.readouterr().err
    assert "Traceback" not in err
    lines = err.splitlines()
    assert any(line.startswith(f"{path}:{expected}") for line in lines), err
    assert all(re.match(rf"{re.escape(str(path))}:\d+:\d+: ", line) for line in lines), err
    assert sorted(p.name for p in out.iterdir()) == ["doc.pdf"]
    assert (out / "doc.pdf").read_bytes() == b"earlier output"


def test_every_error_of_a_file_is_reported_at_once(write_content, capsys):
    path = write_content("title: 2024\nlang: no\nsections:\n  - title: S\n    higlights: [x]\n"
                         "    body: b\n  - body: b\n")
    assert main([str(path), "--check"]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert [line.split(": ")[0].removeprefix(str(path)) for line in lines] == [
        ":1:8", ":2:7", ":5:5", ":7:5"]


def test_row_length_is_reported_with_the_errors_in_cells(write_content, capsys):
    path = write_content(HEAD + "    table:\n      columns: [A, B]\n      rows:\n"
                         "        - [a, 2]\n        - [only]\n")
    assert main([str(path), "--check"]) == 1
    assert [line.removeprefix(str(path)) for line in capsys.readouterr().err.splitlines()] == [
        ':7:15: sections[0].table.rows[0][1]: expected text, got the number 2; '
        'put it in quotes: "2"',
        ":8:11: sections[0].table.rows[1]: row has 1 cells; expected 2, one per column"]


def test_invalid_utf8_is_located(write_content, capsys):
    path = write_content(b"title: T\nsubtitle: caf\xe9\nsections: [{title: S, body: b}]\n")
    assert main([str(path), "--check"]) == 1
    assert f"{path}:2:14: byte 0xe9 is not valid UTF-8" in capsys.readouterr().err


def test_huge_file_is_refused_before_parsing(write_content, capsys):
    path = write_content("title: T\n" + "# padding\n" * (MAX_BYTES // 10 + 1))
    assert main([str(path), "--check"]) == 1
    assert f"{path}:1:1: file is" in capsys.readouterr().err


def test_missing_content_file_is_a_usage_error(tmp_path, capsys):
    assert main([str(tmp_path / "nope.yaml")]) == 2
    assert "no such content file" in capsys.readouterr().err


def test_batch_builds_good_files_and_fails_for_bad(write_content, tmp_path, capsys):
    good = write_content({"title": "Good", "sections": [{"title": "S", "body": "b"}]}, "good.yaml")
    bad = write_content("title: [\n", "bad.yaml")
    out = tmp_path / "out"
    assert main([str(good), str(bad), "--output", str(out), "--format", "html"]) == 1
    assert (out / "good.html").is_file()
    assert not (out / "bad.html").exists()
    assert str(bad) in capsys.readouterr().err


# --- what valid content keeps ---------------------------------------------------

def test_text_is_kept_exactly(write_content):
    text = "Korea’s “Creative Economy” — 한국 🌌 <script>alert(1)</script> {{ x }}"
    path = write_content({"title": text, "kicker": "✅ Links",
                          "sections": [{"title": text, "body": text}]})
    briefing = load_briefing(path)
    assert briefing.title == text
    assert briefing.sections[0].body.source == text + ""


def test_quoted_date_and_optional_fields(write_content):
    briefing = load_briefing(write_content(
        "title: T\ndate: '2026-11-27'\nsubtitle:\nsections: [{title: S, quote: Q}]\n"))
    assert str(briefing.date) == "2026-11-27" and briefing.subtitle is None
    assert briefing.lang == "en"


def test_model_is_immutable(write_content):
    briefing = load_briefing(write_content("title: T\nsections: [{title: S, body: b}]\n"))
    with pytest.raises(Exception, match="frozen"):
        briefing.title = "changed"


def test_seed_loads_with_the_contract(tmp_path):
    from conftest import SEED_YAML
    briefing = load_briefing(SEED_YAML)
    assert len(briefing.sections) == 7
    assert [len(r) for r in briefing.sections[3].table.rows] == [3, 3, 3]
    assert [link.url for link in briefing.links.items] == [
        "https://www.kocca.kr/", "https://www.mcst.go.kr/", "https://www.unesco.org/"]


# --- property: the loader never crashes --------------------------------------------

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                    st.text(max_size=20), st.dates().map(str))
keys = st.sampled_from(["title", "sections", "body", "highlights", "table", "rows", "columns",
                        "links", "items", "url", "image", "path", "alt", "chart", "kind",
                        "data", "value", "label", "stats", "date", "lang", "zzz"])
yamlish = st.recursive(scalars, lambda children: st.one_of(
    st.lists(children, max_size=4), st.dictionaries(keys, children, max_size=5)), max_leaves=25)


FIXTURE_OK = [HealthCheck.function_scoped_fixture]  # write_content overwrites the same file


@settings(max_examples=300, deadline=None, suppress_health_check=FIXTURE_OK)
@given(data=yamlish)
def test_loader_yields_a_model_or_located_errors(write_content, data):
    from conftest import dump
    path = write_content(dump(data))
    try:
        load_briefing(path)
    except ContentError as err:
        assert err.problems
        for line in err.lines():
            assert re.match(rf"{re.escape(str(path))}:\d+:\d+: ", line), line


@settings(max_examples=200, deadline=None, suppress_health_check=FIXTURE_OK)
@given(text=st.text(max_size=200))
def test_loader_survives_any_text(write_content, text):
    path = write_content(text)
    try:
        load_briefing(path)
    except ContentError as err:
        assert all(re.match(rf"{re.escape(str(path))}:\d+:\d+: ", x) for x in err.lines())
