"""Footnotes: at the foot of the PDF page that calls them, linked both ways on the web
page, on the slide's foot or in its speaker notes, numbered through the document,
and every mistake located at the line where it is written."""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from conftest import minimal, needs, squash
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pptx import Presentation

from briefing.cli import main
from briefing.content import load_briefing
from briefing.errors import ContentError

FIXTURE = Path(__file__).parent / "fixtures" / "sourced" / "sourced-wind.yaml"
# The fixture's notes in the order they are called: a few words of each.
NOTES = ["Capacity with a final investment decision", "Average of published day rates",
         "In nominal euros per megawatt", "Net of retirements", "Germany, the Netherlands"]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("sourced")
    shutil.copytree(FIXTURE.parent, folder / "content")
    out = folder / "out"
    assert main([str(folder / "content" / FIXTURE.name), "-o", str(out)]) == 0
    return {fmt: out / f"{FIXTURE.stem}.{fmt}" for fmt in ("pdf", "pptx", "html")}


# -- PDF ------------------------------------------------------------------------------------

def pdf_pages(path: Path) -> list[dict]:
    """Each page's height and its lines as (y top, y bottom, text)."""
    needs("pdftotext")
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(path), "-"], check=True,
                         capture_output=True, text=True).stdout
    pages = []
    for page in re.findall(r"<page width=\"[\d.]+\" height=\"([\d.]+)\">(.*?)</page>", xml,
                           re.S):
        lines = []
        for line in re.findall(r"<line [^>]*>(.*?)</line>", page[1], re.S):
            words = re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<', line)
            if words:
                lines.append((float(words[0][0]), float(words[0][1]),
                              " ".join(w[2] for w in words)))
        pages.append({"height": float(page[0]), "lines": lines})
    return pages


def find(pages, text: str) -> tuple[int, float, float]:
    squashed = text.replace(" ", "")
    for number, page in enumerate(pages):
        for top, bottom, line in page["lines"]:
            if squashed in line.replace(" ", ""):
                return number, top, bottom
    raise AssertionError(f"{text!r} is not in the PDF")


CALLS = ["two years", "since 2021", "eased.", "by 2030.",
         "indexed contracts."]


def test_each_footnote_sits_at_the_foot_of_the_page_that_calls_it(built):
    pages = pdf_pages(built["pdf"])
    briefing = load_briefing(FIXTURE)
    notes_text = squash(" ".join(n.text for s in briefing.sections if s.body
                                 for n in s.body.footnotes()))
    for number, (call, note) in enumerate(zip(CALLS, NOTES, strict=True), start=1):
        call_page, call_top, _ = find(pages, call)
        note_page, note_top, _ = find(pages, note)
        assert note_page == call_page, f"note {number} is on another page than its call"
        page = pages[note_page]
        assert note_top > call_top
        # nothing but notes between it and the running foot: it is below the page's text
        foot = page["height"] - 22 * 72 / 25.4
        for top, bottom, text in page["lines"]:
            if note_top <= top and bottom < foot:
                # less the number and a printed address: "(https://www.iea.org/…)"
                words = re.sub(r"\S*[/:]\S*", "", re.sub(r"^\d+\.", "", text))
                assert squash(words) in notes_text, text
        # numbered through the document: "3. In nominal euros …"
        line = next(t for top, _, t in page["lines"] if note.split()[0] in t and top == note_top)
        assert line.startswith(f"{number}.")


# -- web page -------------------------------------------------------------------------------

class Anchors(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()
        self.calls: list[dict] = []
        self.backs: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if attrs.get("role") == "doc-noteref":
            self.calls.append(attrs)
        if attrs.get("role") == "doc-backlink":
            self.backs.append(attrs)


def test_web_notes_link_both_ways_and_are_numbered_through_the_page(built):
    page = Anchors()
    html = built["html"].read_text(encoding="utf-8")
    page.feed(html)
    numbers = [int(call["href"].removeprefix("#note-")) for call in page.calls]
    assert numbers == list(range(1, len(NOTES) + 1))
    for call in page.calls:
        assert call["href"][1:] in page.ids  # call → note
        assert call["id"] in page.ids and call["aria-label"].startswith("Note ")
    assert len(page.backs) == len(NOTES)
    for back in page.backs:
        assert back["href"][1:] in page.ids  # note → back to its call
    for number, note in enumerate(NOTES, start=1):
        item = re.search(rf'<li id="note-{number}" value="{number}">(.*?)</li>', html, re.S)
        assert item and note in item[1]


# -- deck -----------------------------------------------------------------------------------

def slide_texts(path: Path) -> list[tuple[str, str]]:
    deck = Presentation(str(path))
    found = []
    for slide in deck.slides:
        shapes = " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
        notes = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
        found.append((shapes, notes))
    return found


def test_the_deck_keeps_every_note_on_a_slide_foot_or_in_the_notes(built):
    slides = slide_texts(built["pptx"])
    for note in NOTES:
        assert any(note in shapes or note in notes for shapes, notes in slides), note
    # the first section's slide shows the call, and the note on its foot
    deck = Presentation(str(built["pptx"]))
    feet = [(slide, shape) for slide in deck.slides for shape in slide.shapes
            if shape.name == "Footnotes"]
    assert feet, "no note on any slide's foot"
    for slide, shape in feet:
        assert re.match(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]+ ", shape.text_frame.text)
        footer = [s for s in slide.shapes if s.name in ("Footer", "Slide number")]
        assert shape.top + shape.height <= min(s.top for s in footer)
        body = [s for s in slide.shapes if s.name not in ("Footnotes", "Footer", "Slide number")
                and s.top < shape.top and s.left < shape.left + shape.width]
        assert all(s.top + s.height <= shape.top for s in body if s.has_text_frame
                   and s.text_frame.text.startswith(("Europe", "Capital", "The industry")))


def test_a_note_too_long_for_the_slide_foot_goes_into_the_speaker_notes(write_content,
                                                                        tmp_path):
    long_note = " ".join(["The note goes on and on with details of the method."] * 40)
    path = write_content(minimal(sections=[{
        "title": "One", "body": f"Short point.[^m] Second sentence.\n\n[^m]: {long_note}\n"}]))
    assert main([str(path), "-o", str(tmp_path / "out"), "-f", "pptx"]) == 0
    slides = slide_texts(tmp_path / "out" / f"{path.stem}.pptx")
    section = next((shapes, notes) for shapes, notes in slides if "Short point.¹" in shapes)
    assert long_note not in section[0]
    assert "¹ " + long_note in section[1]


# -- located errors -------------------------------------------------------------------------

def errors(write_content, content: str) -> list[str]:
    path = write_content(content)
    with pytest.raises(ContentError) as info:
        load_briefing(path)
    return [f"{p.line}:{p.column}: {p.path}: {p.message}" for p in info.value.problems]


def test_an_undefined_footnote_is_located_at_its_call(write_content):
    found = errors(write_content, "title: T\nsections:\n  - title: A\n    body: |\n"
                   "      First line.\n      Then a call[^x] here.\n")
    assert found == ["6:18: sections[0].body: footnote [^x] is called but not defined; "
                     "add a line '[^x]: the note' after the paragraph"]


def test_an_unused_footnote_definition_is_located(write_content):
    found = errors(write_content, "title: T\nsections:\n  - title: A\n    body: |\n"
                   "      Text.[^a]\n\n      [^a]: Used.\n      [^b]: Never called.\n")
    assert found == ["8:7: sections[0].body: footnote [^b] is defined but never called; "
                     "call it with [^b] in the text or delete the definition"]


def test_a_footnote_outside_a_body_is_located(write_content):
    found = errors(write_content, "title: T\nsections:\n  - title: A\n    body: Text.\n"
                   "    highlights:\n      - A point[^1]\n")
    assert len(found) == 1 and found[0].startswith("6:16: sections[0].highlights[0]: "
                                                   "footnote [^1] here: footnotes work in")


def test_the_cli_prints_one_located_line_and_exits_1(write_content, capsys):
    path = write_content("title: T\nsections:\n  - title: A\n    body: Call[^n].\n")
    assert main([str(path), "--check"]) == 1
    err = capsys.readouterr().err
    assert f"{path}:4:15: sections[0].body: footnote [^n] is called but not defined" in err


# -- any ids and texts ----------------------------------------------------------------------

labels = st.text(st.sampled_from("abcxyz0189-_"), min_size=1, max_size=8)
words = st.text(st.sampled_from("abcdefghij klm,."), min_size=1, max_size=40).map(
    lambda t: " ".join(t.split())).filter(lambda t: t and t[0].isalpha())


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(notes=st.lists(st.tuples(labels, words), min_size=1, max_size=5,
                      unique_by=lambda n: n[0]),
       split=st.integers(0, 5))
def test_any_footnote_ids_and_texts_are_numbered_in_call_order(write_content, notes, split):
    # two sections; the notes called in order across them
    first, second = notes[:split], notes[split:]

    def body(part):
        calls = " ".join(f"Point {n}[^{label}]." for n, (label, _) in enumerate(part))
        defs = "\n".join(f"[^{label}]: {text}" for label, text in part)
        return f"{calls}\n\n{defs}\n" if part else "No notes here."

    path = write_content(yaml.safe_dump(minimal(sections=[
        {"title": "A", "body": body(first)}, {"title": "B", "body": body(second)}]),
        allow_unicode=True))
    briefing = load_briefing(path)
    found = [(n.number, n.text) for s in briefing.sections for n in s.body.footnotes()]
    assert found == [(number, " ".join(text.split())) for number, (_, text)
                     in enumerate(notes, start=1)]
    html = "".join(s.body.html("web") for s in briefing.sections)
    assert re.findall(r'href="#note-(\d+)"', html) == [str(n) for n in range(1, len(notes) + 1)]
