"""PDF options and helpers: page size, PDF/A, labels by language, WeasyPrint's log,
cached hyphenation, and the small filters the template relies on."""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from pathlib import Path

import pytest
import yaml
from conftest import minimal, needs
from pypdf import PdfReader
from test_pdf import page_text

from briefing.cli import main
from briefing.content import load_briefing
from briefing.html import render_html
from briefing.templating import css_string, edition_date, icon_split, number
from briefing.theme import load_theme

THEME = load_theme()
KOREAN = minimal(
    title="물 안보 전망", lang="ko", date="2026-11-27", organization="물 정책실",
    sections=[{"title": "개요", "body": "저수율은 61퍼센트입니다.", "highlights": ["핵심"]},
              {"title": "지역별 현황", "body": "# 소제목\n\n지역별 현황입니다."}],
    links={"items": [{"title": "환경부", "url": "https://www.me.go.kr/"}]},
)


@pytest.fixture(scope="module")
def korean_archive(tmp_path_factory):
    """A Korean briefing as PDF/A-3u on US Letter."""
    folder = tmp_path_factory.mktemp("ko")
    path = folder / "ko.yaml"
    path.write_text(yaml.safe_dump(KOREAN, allow_unicode=True), encoding="utf-8")
    out = folder / "out"
    assert main([str(path), "-o", str(out), "-f", "pdf", "--strict",
                 "--page-size", "letter", "--pdf-variant", "pdf/a-3u"]) == 0
    return out / "ko.pdf"


def test_letter_pages(korean_archive):
    for page in PdfReader(korean_archive).pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == \
            (612, 792)


def test_pdf_a_3u_is_declared_and_still_tagged(korean_archive):
    reader = PdfReader(korean_archive)
    root = reader.trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
    assert re.search(r"pdfaid:part[^0-9]*3", xmp) and re.search(r"pdfaid:conformance[^A-Z]*U",
                                                                 xmp)
    assert "/StructTreeRoot" in root and root["/Lang"] == "ko"
    assert "/OutputIntents" in root


def test_korean_labels_and_date(korean_archive):
    contents = " ".join(page_text(korean_archive, 2).split())
    assert "목차" in contents
    assert "페이지 2 / " in contents
    assert "2026년 11월 27일" in contents
    cover = " ".join(page_text(korean_archive, 1).split())
    assert "발행일" in cover and "물 정책실" in cover


def test_markdown_headings_sit_below_the_section_heading(korean_archive):
    html = render_html(load_briefing_dict(KOREAN), THEME)
    assert "<h3>소제목</h3>" in html and "<h1>소제목" not in html
    outline = PdfReader(korean_archive).outline
    assert [item.title for item in outline if not isinstance(item, list)] == \
        ["1. 개요", "2. 지역별 현황", "Official links"]
    assert [item.title for item in outline[2]] == ["소제목"]  # nested under its section


def load_briefing_dict(data):
    folder = Path(tempfile.mkdtemp())
    path = folder / "doc.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return load_briefing(path)


def test_theme_page_size_reaches_the_page():
    briefing = load_briefing_dict(minimal())
    letter = THEME.model_copy(update={"page": THEME.page.model_copy(update={"size": "letter"})})
    assert "@page { size: letter; }" in render_html(briefing, letter)
    assert "@page { size: A4; }" in render_html(briefing, THEME)
    # The command line wins over the theme.
    assert "@page { size: A4; }" in render_html(briefing, letter,
                                                page_size="A4")


def test_unknown_page_size_is_a_usage_error(write_content, tmp_path, capsys):
    path = write_content(minimal())
    assert main([str(path), "-o", str(tmp_path), "--page-size", "B5"]) == 2
    assert "A4 or letter" in capsys.readouterr().err


def test_weasyprint_log_is_reported_and_strict_fails(write_content, tmp_path, capsys):
    # A damaged picture is a content error now (test_images.py); an SVG style rule
    # WeasyPrint cannot apply still reaches its log.
    path = write_content(minimal(sections=[{"title": "Picture", "image": {
        "path": "odd.svg", "alt": "A picture WeasyPrint complains about"}}]))
    (path.parent / "odd.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9">'
        '<style>!!! { fill: red }</style><rect width="9" height="9"/></svg>')
    assert main([str(path), "-o", str(tmp_path / "a"), "-f", "pdf"]) == 0
    err = capsys.readouterr().err
    assert f"warning: {path}: weasyprint: Failed to apply CSS rule in SVG rule" in err
    assert main([str(path), "-o", str(tmp_path / "b"), "-f", "pdf", "--strict"]) == 1
    assert "weasyprint:" in capsys.readouterr().err
    assert not (tmp_path / "b" / "doc.pdf").exists()


def test_cached_hyphenation_matches_pyphen(tmp_path, monkeypatch):
    import pyphen

    from briefing.pdf import hyphens

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    words = ["hyphenation", "infrastructure", "understanding", "representation", "diplomacy"]
    path = pyphen.LANGUAGES[pyphen.language_fallback("en")]
    monkeypatch.delitem(pyphen.hdcache, path, raising=False)
    hyphens.preload("en")  # parses, writes the cache
    assert list((tmp_path / "briefing" / "hyphens").glob("pyphen-*.json"))
    parsed = {w: pyphen.Pyphen(lang="en").positions(w) for w in words}
    pyphen.hdcache.pop(path)
    hyphens.preload("en")  # reads the cache
    assert {w: pyphen.Pyphen(lang="en").positions(w) for w in words} == parsed
    hyphens.preload("ko")  # no dictionary: nothing to do, no error
    for damaged in ('{"not": "patterns"}', "[]", "{}"):  # parsed again, and rewritten
        for entry in (tmp_path / "briefing" / "hyphens").glob("pyphen-*.json"):
            entry.write_text(damaged, encoding="utf-8")
        pyphen.hdcache.pop(path)
        hyphens.preload("en")
        assert {w: pyphen.Pyphen(lang="en").positions(w) for w in words} == parsed


def test_icon_split():
    assert icon_split("🌌 Explore the Full Legacy") == ("🌌", "Explore the Full Legacy")
    assert icon_split("✅ Official Links") == ("✅", "Official Links")
    assert icon_split("👩‍💻 Team") == ("👩‍💻", "Team")
    assert icon_split("Official links") == ("", "Official links")
    assert icon_split("2024 review") == ("", "2024 review")
    assert icon_split("🌌") == ("", "🌌")


def test_css_string_cannot_leave_the_string_or_the_style():
    assert css_string("Page") == '"Page"'
    quoted = str(css_string('a"b</style><script>'))
    assert '"' not in quoted[1:-1] and "<" not in quoted and ">" not in quoted
    assert css_string("페이지") == '"페이지"'


def test_number_and_date_formats():
    assert [number(v) for v in (12.4, 48.0, 1250, -2, 0.125, -0.001)] == \
        ["12.4", "48", "1,250", "-2", "0.12", "0"]
    date = dt.date(2026, 11, 7)
    assert edition_date(date, "%-d %B %Y") == "7 November 2026"
    assert edition_date(date, "%Y년 %-m월 %-d일") == "2026년 11월 7일"
    assert edition_date(None, "%Y") == ""


def test_pdf_options_refuse_unknown_values():
    from briefing.errors import UsageError
    from briefing.options import Options

    assert Options(pdf_variant="pdf/a-3u", page_size="Letter").page_size == "Letter"
    with pytest.raises(UsageError, match="pdf/ua-1, pdf/a-3u"):
        Options(pdf_variant="pdf/x-4")
    with pytest.raises(UsageError, match="A4 or letter"):
        Options(page_size="B5")


def test_a_page_that_declares_no_font_still_gets_the_bundled_ones(tmp_path):
    """The fonts do not depend on the template: with the isolated Fontconfig, a page
    without @font-face used to crash the process inside Pango."""
    import subprocess

    from briefing.pdf.engine import html_to_pdf

    target = tmp_path / "plain.pdf"
    html_to_pdf("<!DOCTYPE html><html lang='en'><title>t</title><p>Plain page 한국어</p></html>",
              target, allowed=[])
    fonts = subprocess.run([needs("pdffonts"), str(target)], capture_output=True,
                           text=True).stdout
    assert "+Carlito " in fonts and "+Nanum-Gothic " in fonts
