"""The glyph check: every printed character has a glyph in the bundled fonts, else a
located warning (an error under --strict, with nothing written)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import minimal

from briefing.cli import main
from briefing.content import load_briefing
from briefing.pdf.glyphs import font_stack, missing_glyphs
from briefing.theme import load_theme

THEME = load_theme()


def problems(write_content, data) -> list[str]:
    return [str(p) for p in missing_glyphs(load_briefing(write_content(data)), THEME)]


def test_seed_and_rich_content_have_every_glyph():
    root = Path(__file__).resolve().parent
    for path in (root.parent / "content" / "kpop-soft-power.yaml",
                 root / "fixtures" / "rich" / "rich.yaml"):
        assert missing_glyphs(load_briefing(path), THEME) == []


def test_private_use_character_is_located(write_content):
    path = write_content(minimal(sections=[
        {"title": "Overview", "body": "Reservoirs at 61 percent \ue000 today."}]))
    found = [str(p) for p in missing_glyphs(load_briefing(path), THEME)]
    lines = path.read_text(encoding="utf-8").splitlines()
    row = next(n for n, text in enumerate(lines, 1) if "\ue000" in text)
    column = lines[row - 1].index("\ue000") + 1
    assert len(found) == 1
    assert found[0].startswith(f"{path}:{row}:{column}: sections[0].body: no glyph for ")
    assert "U+E000" in found[0] and "private use" in found[0] and "box" in found[0]


@pytest.mark.parametrize("text, codepoint", [
    ("नमस्ते", "U+0928"),           # Devanagari: no bundled font has it
    ("สวัสดี", "U+0E2A"),           # Thai
    ("漢字", "U+6F22"),              # Han: the Hangul subset has no hanja
])
def test_unsupported_scripts_are_reported(write_content, text, codepoint):
    found = problems(write_content, minimal(title=f"Greeting {text}"))
    assert found and all("title: no glyph" in line for line in found)
    assert any(codepoint in line for line in found)


def test_hangul_emoji_and_typography_need_nothing_more(write_content):
    data = minimal(title="물 안보 전망 💧🌍 ✅ “quoted” — 12 % € £ ©", kicker="🇰🇷 Seoul",
                   topics=["한국어", "ZWJ 👩‍💻"])
    assert problems(write_content, data) == []


def test_speaker_notes_and_alt_text_are_not_printed(write_content):
    data = minimal(sections=[{"title": "Overview", "body": "Text.", "notes": "\ue000 aside"}])
    assert problems(write_content, data) == []


def test_each_character_is_reported_once(write_content):
    data = minimal(title="\ue001 one", subtitle="\ue001 again \ue002")
    found = problems(write_content, data)
    assert len(found) == 2
    assert "title:" in found[0] and "subtitle:" in found[1]


def test_the_stack_is_the_themes_fonts_in_fonts_css():
    families = {face.family for face in font_stack(THEME)}
    assert families == {THEME.fonts.text, *THEME.fonts.fallbacks}
    # Faces limited by unicode-range are asked first: they reject most characters cheaply.
    ranged = [bool(face.ranges) for face in font_stack(THEME)]
    assert ranged == sorted(ranged, reverse=True)


def test_build_warns_and_strict_fails_writing_nothing(write_content, tmp_path, capsys):
    path = write_content(minimal(sections=[{"title": "Overview",
                                            "body": "Reservoirs \ue000 here."}]))
    out = tmp_path / "out"
    assert main([str(path), "--output", str(out), "--format", "pdf"]) == 0
    err = capsys.readouterr().err
    assert f"warning: {path}:" in err and "U+E000" in err
    assert (out / "doc.pdf").exists()

    strict_out = tmp_path / "strict"
    assert main([str(path), "--output", str(strict_out), "--format", "pdf", "--strict"]) == 1
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if "U+E000" in line]
    assert len(lines) == 1 and lines[0].startswith(f"{path}:")
    assert not (strict_out / "doc.pdf").exists()


def test_cached_cmaps_match_the_font_files(tmp_path, monkeypatch):
    from fontTools.ttLib import TTFont

    from briefing.cmaps import code_points

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    hangul = next(face for face in font_stack(THEME) if face.family == "Nanum Gothic")
    with TTFont(hangul.path, lazy=True) as font:
        expected = frozenset(font.getBestCmap())
    code_points.cache_clear()
    assert code_points(hangul.path, hangul.stamp) == expected  # read, then cached
    entries = list((tmp_path / "briefing" / "cmaps").glob("NanumGothic-*.json"))
    assert len(entries) == 1
    code_points.cache_clear()
    assert code_points(hangul.path, hangul.stamp) == expected  # from the cache
    entries[0].write_text('{"not": "runs"}', encoding="utf-8")  # damaged: read the font again
    code_points.cache_clear()
    assert code_points(hangul.path, hangul.stamp) == expected
    code_points.cache_clear()
