"""A section in another language than its briefing (issue 12, item 6), on real outputs:
an English briefing with a Korean (and a German) section, and a Korean briefing with an
English section. The section's language reaches its smart quotes, its labels, the lang
attribute of the print and web pages, /Lang in the PDF's structure tree, hyphenation,
the deck's runs and continuation titles, and the glyph check; a bad tag is located."""

from __future__ import annotations

import functools
import http.server
import re
import threading

import pytest
from conftest import dump
from pptx import Presentation
from pypdf import PdfReader

from briefing.cli import main
from briefing.content import load_briefing
from briefing.content.markdown import QUOTES
from briefing.html import render_html
from briefing.pdf.glyphs import printed_text
from briefing.theme import load_theme

THEME = load_theme()
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
HANGUL = re.compile("[\uac00-\ud7af]")

KOREAN_TITLE = "부산 항만의 전망"
# A closing quote directly followed by a particle ("…"고) stays straight: markdown-it's
# smart quotes take a quote between two letters for an apostrophe.
KOREAN_BODY = ("부산과 인천의 컨테이너 처리량은 2026년에 크게 늘었으며 새 부두가 문을 "
               '열었습니다. 항만 당국은 이렇게 밝혔습니다: "물동량이 늘었습니다."')
ENGLISH_WORDS = ("Internationalisation of telecommunications infrastructure requires "
                 "comprehensive interoperability, characteristically underestimated "
                 "responsibilities and institutionalised accountability. ") * 6


def english_with_korean() -> dict:
    """An English briefing; section 1 is Korean (with a long table: continued slides),
    section 2 German."""
    return {
        "title": "Harbour outlook",
        "lang": "en",
        "sections": [
            {"title": "Overview", "body": 'The port authority said "cargo grew" in 2026.',
             "highlights": ["Tariffs were reformed in March"]},
            {"title": KOREAN_TITLE, "lang": "ko", "body": KOREAN_BODY,
             "highlights": ["관세가 '3월에' 개편되었습니다", "새 부두가 문을 열었습니다"],
             "table": {"columns": ["항구", "물동량"],
                       "rows": [[f"부두 {n}번", f"{n * 3}"] for n in range(1, 41)]}},
            {"title": "Ausblick", "lang": "de", "body": 'Die Behörde sagte "es wächst".'},
        ],
    }


def korean_with_english() -> dict:
    return {
        "title": "항만 전망",
        "lang": "ko",
        "sections": [
            {"title": "개요", "body": KOREAN_BODY, "highlights": ["관세가 개편되었습니다"]},
            {"title": "Outlook", "lang": "en", "body": ENGLISH_WORDS + "Busan (부산) grew.",
             "highlights": ["Tariffs were reformed in March"]},
        ],
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Both briefings built in every format: {name: (content file, output folder)}."""
    folder = tmp_path_factory.mktemp("section-lang")
    out = folder / "out"
    sources = []
    for name, data in (("en-ko", english_with_korean()), ("ko-en", korean_with_english())):
        path = folder / f"{name}.yaml"
        path.write_text(dump(data), encoding="utf-8")
        sources.append(path)
    assert main([*map(str, sources), "-o", str(out), "--jobs", "1", "--strict"]) == 0
    return {path.stem: (path, out) for path in sources}


# -- the print page and the PDF ------------------------------------------------------

def print_sections(path) -> list[str]:
    html = render_html(load_briefing(path), THEME)
    return re.findall(r'<section class="section".*?</section>', html, re.S)


def test_the_print_page_marks_the_section_and_prints_its_own_key_points_label(built):
    english, korean, german = print_sections(built["en-ko"][0])
    assert 'lang="ko"' in korean.split(">")[0]
    assert "lang=" not in english.split(">")[0]
    assert THEME.labels["ko"]["key_points"] in korean
    assert THEME.labels["en"]["key_points"] not in korean
    assert THEME.labels["en"]["key_points"] in english
    outlook = print_sections(built["ko-en"][0])[1]
    assert 'lang="en"' in outlook.split(">")[0]
    assert THEME.labels["en"]["key_points"] in outlook


def test_smart_quotes_follow_the_sections_language(built):
    _, korean, german = print_sections(built["en-ko"][0])
    opening, closing, single_open, single_close = QUOTES["ko"]
    assert f"{opening}물동량이 늘었습니다.{closing}" in korean
    assert f"{single_open}3월에{single_close}" in korean  # in a highlight (Inline)
    opening, closing, *_ = QUOTES["de"]
    assert f"{opening}es wächst{closing}" in german
    web = (built["en-ko"][1] / "en-ko.html").read_text(encoding="utf-8")
    assert f"{opening}es wächst{closing}" in web
    deck = Presentation(built["en-ko"][1] / "en-ko.pptx")
    texts = "".join(r.text for s in deck.slides for sh in s.shapes if sh.has_text_frame
                    for p in sh.text_frame.paragraphs for r in p.runs)
    assert f"{opening}es wächst{closing}" in texts


def structure_elements(pdf):
    """Every structure element of a tagged PDF, with its page's number (from 0)."""
    reader = PdfReader(pdf)
    pages = {page.indirect_reference.idnum: n for n, page in enumerate(reader.pages)}
    found, todo = [], [reader.trailer["/Root"]["/StructTreeRoot"]]
    while todo:
        node = todo.pop().get_object()
        if "/S" in node:
            page = node.get("/Pg")
            found.append((node, pages.get(page.idnum) if page is not None else None))
        kids = node.get("/K", [])
        for kid in kids if isinstance(kids, list) else [kids]:
            kid = kid.get_object() if hasattr(kid, "get_object") else kid
            if hasattr(kid, "get") and kid.get("/Type") != "/OBJR" and "/MCID" not in kid:
                todo.append(kid)
    return reader, found


def test_the_pdf_tags_the_sections_structure_elements_with_its_language(built):
    path, out = built["en-ko"]
    reader, elements = structure_elements(out / "en-ko.pdf")
    assert reader.trailer["/Root"]["/Lang"] == "en"
    korean = [(e, page) for e, page in elements if e.get("/Lang") == "ko"]
    sections = [(e, page) for e, page in korean if e["/S"] == "/Sect"]
    assert sections, "no /Sect carries /Lang ko"
    # The Korean section's pages are the ones it is printed on; no other element is Korean
    # but its contents entry (a /Span).
    for _, page in sections:
        assert HANGUL.search(reader.pages[page].extract_text())
    assert {e["/S"] for e, _ in korean} <= {"/Sect", "/Span"}
    german = [e for e, _ in elements if e.get("/Lang") == "de"]
    assert any(e["/S"] == "/Sect" for e in german)
    reader, elements = structure_elements(built["ko-en"][1] / "ko-en.pdf")
    assert reader.trailer["/Root"]["/Lang"] == "ko"
    assert any(e["/S"] == "/Sect" and e.get("/Lang") == "en" for e, _ in elements)


def test_an_english_section_in_a_korean_briefing_is_hyphenated(built):
    # Korean has no hyphenation patterns: without its own lang the section's long English
    # words would never be hyphenated.
    text = "\n".join(page.extract_text() for page in
                     PdfReader(built["ko-en"][1] / "ko-en.pdf").pages)
    assert re.search(r"[a-z][\u2010-]\n[a-z]", text), "no word hyphenated at a line end"


def test_the_glyph_check_reads_the_sections_labels_in_its_language(built):
    printed = dict(printed_text(load_briefing(built["en-ko"][0]), THEME))
    assert printed["sections[1].lang: theme labels.key_points"] == THEME.labels["ko"]["key_points"]
    assert printed["theme labels.key_points"] == THEME.labels["en"]["key_points"]


def test_a_section_label_no_font_draws_is_a_warning(write_content, capsys):
    # A theme without a Hangul font: the Korean section's English text draws, its label not.
    path = write_content({"title": "Harbour", "sections": [
        {"title": "Overview", "lang": "ko", "body": "Cargo grew in 2026.",
         "highlights": ["Tariffs were reformed in March"]}]})
    (path.parent / "templates").mkdir()
    (path.parent / "templates" / "theme.yaml").write_text(
        "fonts:\n  fallbacks: []\n", encoding="utf-8")
    assert main([str(path), "-o", str(path.parent / "out"), "-f", "pdf", "--strict"]) == 1
    err = capsys.readouterr().err
    label = THEME.labels["ko"]["key_points"]
    assert f"sections[0].lang: theme labels.key_points: no glyph for {label[0]!r}" in err


# -- the web page --------------------------------------------------------------------

def web_sections(built, name) -> list[str]:
    html = (built[name][1] / f"{name}.html").read_text(encoding="utf-8")
    return re.findall(r'<section class="section".*?</section>', html, re.S)


def test_the_web_page_marks_the_section_and_its_korean_runs_against_its_language(built):
    english, korean, _ = web_sections(built, "en-ko")
    assert 'lang="ko"' in korean.split(">")[0]
    assert THEME.labels["ko"]["key_points"] in korean
    assert '<span lang="ko">' not in korean  # already Korean: no span needed
    outlook = web_sections(built, "ko-en")[1]
    assert 'lang="en"' in outlook.split(">")[0]
    assert '<span lang="ko">부산</span>' in outlook  # Korean inside the English section
    assert THEME.labels["en"]["key_points"] in outlook


# -- the deck --------------------------------------------------------------------------

def runs(slide):
    for element in slide._element.iter(f"{A}r"):
        props = element.find(f"{A}rPr")
        east_asian = props.find(f"{A}ea")
        yield (element.findtext(f"{A}t"), props.get("lang"),
               east_asian.get("typeface") if east_asian is not None else None)


def test_the_decks_runs_in_the_section_carry_its_language_and_the_east_asian_font(built):
    deck = Presentation(built["en-ko"][1] / "en-ko.pptx")
    korean = [s for s in deck.slides if s.shapes.title is not None
              and s.shapes.title.text_frame.text.startswith(KOREAN_TITLE)]
    assert len(korean) >= 3  # the section slide and its table, continued
    continued = THEME.labels["ko"]["continued"]
    assert any(f"({continued})" in s.shapes.title.text_frame.text for s in korean)
    footer = "Harbour outlook"
    for slide in korean:
        for text, lang, east_asian in runs(slide):
            if HANGUL.search(text):
                assert lang in ("ko", "ko-KR") and east_asian == THEME.fonts.deck_east_asian
            if text.endswith(footer):  # the footer is the document's
                assert lang == "en"
    other = [s for s in deck.slides if s not in korean and s.shapes.title is not None
             and s.shapes.title.text_frame.text == "Overview"]
    assert other and all(lang == "en" for s in other for _, lang, _ in runs(s))
    # The agenda names the Korean section in Korean.
    agenda = [r for s in deck.slides for r in runs(s) if r[0] == KOREAN_TITLE]
    assert agenda and all(lang == "ko" for _, lang, _ in agenda)


def test_an_english_section_in_a_korean_deck_speaks_english(built):
    deck = Presentation(built["ko-en"][1] / "ko-en.pptx")
    outlook = [s for s in deck.slides if s.shapes.title is not None
               and s.shapes.title.text_frame.text.startswith("Outlook")]
    assert outlook
    langs = {lang for s in outlook for text, lang, _ in runs(s) if "Tariffs" in text}
    assert langs == {"en"}


# -- errors ----------------------------------------------------------------------------

@pytest.mark.parametrize("tag, message", [
    ("ko_KR", "expected a BCP 47 language tag such as 'en' or 'ko-KR', got 'ko_KR'"),
    ("x" * 2 + "-abcdefgh" * 4, "language tag is 38 characters; expected at most 35"),
    (12, "expected text, got the number 12"),
])
def test_a_bad_section_tag_is_a_located_error(write_content, capsys, tag, message):
    data = {"title": "Harbour", "sections": [
        {"title": "Overview", "body": "Cargo grew."},
        {"title": "개요", "lang": tag, "body": "물동량이 늘었습니다."}]}
    path = write_content(dump(data))
    assert main([str(path), "-o", str(path.parent / "out")]) == 1
    err = capsys.readouterr().err
    line = dump(data).splitlines().index(next(line for line in dump(data).splitlines()
                                              if "lang:" in line)) + 1
    assert f"{path}:{line}:" in err
    assert f"sections[1].lang: {message}" in err


# -- a browser: axe on a page with a Korean section -----------------------------------

try:
    from test_web_page import axe_module, browser, open_page  # noqa: F401 (fixture)
except pytest.skip.Exception:  # no Playwright: the browser test is skipped
    browser = None


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def served(built):
    out = built["en-ko"][1]
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(out)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.mark.skipif(browser is None, reason="Playwright is not installed")
@pytest.mark.parametrize("name, own", [("en-ko.html", "ko"), ("ko-en.html", "en")])
def test_axe_finds_no_violation_with_a_section_in_another_language(browser, served, name,
                                                                    own):
    page = open_page(browser, served, name, 1440)
    try:
        found = axe_module.Axe().run(page, options={"runOnly": {"type": "tag", "values": [
            "wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}})
        problems = [(v["id"], [n["html"][:80] for n in v["nodes"][:3]])
                    for v in found.response["violations"]]
        assert problems == []
        assert page.locator(f"section[lang={own}] h2").count() == 1
    finally:
        page.close()
