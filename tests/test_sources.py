"""Sources under figures and the briefing's references: "Source: …" under the table in the
PDF, on the web page and on the slide's foot; every reference listed in a Sources section
and slide, cited as numbers linked to it; every bad input located."""

from __future__ import annotations

import re

import pytest
from conftest import SEED_YAML, minimal
from pptx import Presentation
from test_footnotes import FIXTURE, built, find, pdf_pages  # noqa: F401  (the fixture)

from briefing.cli import main
from briefing.content import load_briefing
from briefing.errors import ContentError

SEED = load_briefing(SEED_YAML)
TABLE_SOURCE = "Source: Cultural Policy Desk, from MCST and KOCCA programme descriptions"


def test_the_seed_has_a_source_a_footnote_and_a_reference():
    assert any(s.table and s.table.source for s in SEED.sections)
    assert any(s.body and s.body.footnotes() for s in SEED.sections)
    assert SEED.references and any(s.body and s.body.citations() for s in SEED.sections)


def test_the_source_sits_under_the_table_in_the_pdf(seed_build):
    pages = pdf_pages(seed_build["pdf"])
    page, top, _ = find(pages, TABLE_SOURCE)
    last_cell = find(pages, "Long-term global cultural literacy")
    assert last_cell[0] == page and last_cell[2] <= top


def test_the_source_follows_the_table_on_the_web_page(seed_build):
    html = seed_build["html"].read_text(encoding="utf-8")
    after = html[html.index("Long-term global cultural literacy"):]
    assert re.search(r"</table>\s*</div>\s*<p class=\"source\">Source: Cultural Policy Desk",
                     after)


def test_the_source_is_on_the_table_slide_foot_above_the_footer(seed_build):
    deck = Presentation(str(seed_build["pptx"]))
    slide = next(s for s in deck.slides if any(sh.has_table for sh in s.shapes))
    source = next(sh for sh in slide.shapes if sh.name == "Source")
    assert source.text_frame.text == TABLE_SOURCE
    table = next(sh for sh in slide.shapes if sh.has_table)
    footer = min(sh.top for sh in slide.shapes if sh.name in ("Footer", "Slide number"))
    assert table.top + sum(r.height for r in table.table.rows) <= source.top
    assert source.top + source.height <= footer


def test_citations_are_numbers_linked_to_the_sources_list(seed_build):
    html = seed_build["html"].read_text(encoding="utf-8")
    assert '<span class="cite">[<a href="#ref-1">1</a>]</span>' in html
    assert re.search(r'<li id="ref-1"><span class="num">\[1\]</span> Korea Creative Content '
                     r"Agency \(KOCCA\), <a rel=\"external\" href=\"https://www.kocca.kr/\">"
                     r"<cite>Content Industry Survey</cite></a>, 2024\.", html)


def test_every_reference_is_listed_in_every_output(built):  # noqa: F811
    briefing = load_briefing(FIXTURE)
    titles = [ref.title for ref in briefing.references]
    assert "A source listed but not cited" in titles  # an unused entry is listed anyway
    pages = pdf_pages(built["pdf"])
    page = find(pages, "Basic Safety Training standard")[0]  # the Sources section's page
    lines = " ".join(text for _, _, text in pages[page]["lines"])
    listed = lines[lines.rindex("Sources"):]
    for number, title in enumerate(titles, start=1):
        assert re.search(rf"\[{number}\] [^[]*{re.escape(title)}", listed), title
    html = built["html"].read_text(encoding="utf-8")
    for number, title in enumerate(titles, start=1):
        item = re.search(rf'<li id="ref-{number}">(.*?)</li>', html, re.S)
        assert item and title in item[1]
    deck = Presentation(str(built["pptx"]))
    slides = [s for s in deck.slides if s.shapes.title is not None
              and s.shapes.title.text_frame.text.startswith("Sources")]
    text = " ".join(sh.text_frame.text for s in slides for sh in s.shapes if sh.has_text_frame)
    for number, title in enumerate(titles, start=1):
        assert f"[{number}]  " in text and title in text


def test_every_figure_source_reaches_the_deck(built):  # noqa: F811
    deck = Presentation(str(built["pptx"]))
    feet = [sh.text_frame.text for s in deck.slides for sh in s.shapes if sh.name == "Source"]
    for expected in ("Source: GWEC offshore pipeline data [1]",
                     "Source: Manufacturers’ announcements, 2024–2026 [3, 1]",
                     "Source: IEA [3]", "Source: Example Institute",
                     "Source: Project databases of the Example Institute, February 2027 [1]"):
        assert expected in feet


# -- located errors -------------------------------------------------------------------------

def problems(write_content, content: str) -> list[str]:
    path = write_content(content)
    with pytest.raises(ContentError) as info:
        load_briefing(path)
    return [f"{p.line}:{p.column}: {p.path}: {p.message}" for p in info.value.problems]


REFS = "title: T\nreferences:\n  - id: a2024\n    title: A report\n"


@pytest.mark.parametrize("body, line, field, key", [
    ("    body: |\n      One.\n      Two [@nope].\n", 9, "body", "nope"),
    ("    body: One [@a2024; @zz].\n", 7, "body", "zz"),
    ("    highlights: [\"See [@x1]\"]\n", 7, "highlights[0]", "x1"),
    ("    table:\n      columns: [A]\n      rows: [[\"x [@q]\"]]\n", 9, "table.rows[0][0]", "q"),
    ("    table:\n      columns: [A]\n      rows: [[x]]\n      source: S [@s]\n", 10,
     "table.source", "s"),
    ("    image: {path: p.png, alt: A, caption: \"C [@c]\"}\n", 7, "image.caption", "c"),
])
def test_an_unknown_citation_is_located_where_it_is_written(write_content, tmp_path, body,
                                                            line, field, key):
    from PIL import Image
    (tmp_path / "content").mkdir()
    Image.new("RGB", (4, 4)).save(tmp_path / "content" / "p.png")
    content = REFS + "sections:\n  - title: T\n" + body
    found = problems(write_content, content)
    assert len(found) == 1, found
    where, column, rest = found[0].split(":", 2)
    assert int(where) == line
    # the column points at the citation itself
    assert content.splitlines()[line - 1][int(column) - 1:].startswith(f"@{key}]")
    assert rest.startswith(f" sections[0].{field}: citation [@{key}] names no entry of "
                           "references; expected one of the ids: a2024")


@pytest.mark.parametrize("entry, expected", [
    ("  - id: a2024\n    title: Twice\n",
     "5:9: references[1].id: reference id 'a2024' is used twice (first at references[0])"),
    ("  - id: b\n    title: B\n    date: 2024-02-30\n",
     "7:11: references[1].date: '2024-02-30' is not a real date"),
    ("  - id: b\n    title: B\n    date: March 2024\n",
     "7:11: references[1].date: expected a date as YYYY-MM-DD, got 'March 2024'"),
    ("  - id: b c\n    title: B\n", "5:9: references[1].id: reference id 'b c' cannot be cited"),
    ("  - id: b\n    title: B\n    url: www.example.org\n",
     "7:10: references[1].url: link 'www.example.org' must start with http://"),
    ("  - id: b\n", "5:5: references[1].title: required field is missing"),
    ("  - id: b\n    title: B\n    author: Me\n",
     "7:5: references[1].author: unknown field 'author'"),
])
def test_a_bad_reference_is_located(write_content, entry, expected):
    found = problems(write_content, REFS + entry + "sections:\n  - {title: T, body: x}\n")
    assert any(f.startswith(expected) for f in found), found


def test_a_stats_source_without_stats_is_located(write_content):
    found = problems(write_content, "title: T\nsections:\n  - title: A\n    body: x\n"
                     "    stats_source: Somebody\n")
    assert found[0].startswith("5:19: sections[0].stats_source: stats_source names where")


def test_references_and_sources_are_optional_and_years_may_be_numbers(write_content):
    path = write_content(minimal(references=[{"id": "y", "title": "T", "date": 2024}]))
    briefing = load_briefing(path)
    assert briefing.references[0].date == "2024"
    assert briefing.sections[0].table is None or briefing.sections[0].table.source is None


def test_a_bracketed_at_sign_before_a_link_stays_a_link(write_content):
    path = write_content(minimal(sections=[{"title": "A", "body":
                                            "Ask [@desk](https://example.org/desk)."}]))
    body = load_briefing(path).sections[0].body
    assert body.links() == ["https://example.org/desk"] and body.citations() == []


def test_the_cli_reports_an_unknown_citation_and_exits_1(write_content, capsys):
    path = write_content("title: T\nsections:\n  - title: A\n    body: See [@who].\n")
    assert main([str(path), "--check"]) == 1
    assert (f"{path}:4:16: sections[0].body: citation [@who] names no entry of references; "
            "expected one of the ids: none: add a references list") in capsys.readouterr().err
