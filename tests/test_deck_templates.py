"""Decks on templates no one here made: python-pptx's default template and LibreOffice's
shipped Impress templates (converted to .pptx here, once). On each, the seed deck takes a
layout of the right role for every kind, every word stays on its slide and clear of the
others, every text run reads on what is behind it (4.5:1), and --check agrees with the
build. One LibreOffice run converts the templates, one renders the decks."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from conftest import (
    ROOT,
    SEED_YAML,
    needs,
    outside_words,
    overlapping_words,
    run_contrasts,
)
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from test_deck_render import words

from briefing.cli import main
from briefing.deck.backdrop import Backdrops
from briefing.deck.colors import MIN_CONTRAST, brightened
from briefing.deck.kinds import layout_roles
from briefing.deck.oxml import shapes
from briefing.deck.template import classify

SHIPPED = Path("/usr/lib/libreoffice/share/template/common/presnt")
LIBREOFFICE = ("Vivid", "Metropolis", "Blue_Curve", "Focus")  # masters: 3, 1, 2, 4
NAMES = ("Default", *LIBREOFFICE)


def _soffice(work: Path, *args: str) -> None:
    fonts = work / "fonts.conf"
    fonts.write_text('<?xml version="1.0"?>\n<fontconfig>\n'
                     '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
                     f'  <dir>{ROOT / "templates" / "fonts"}</dir>\n</fontconfig>\n')
    env = dict(os.environ, FONTCONFIG_FILE=str(fonts), HOME=str(work))
    subprocess.run([needs("soffice"), f"-env:UserInstallation={(work / 'profile').as_uri()}",
                    "--headless", *args], check=True, env=env, capture_output=True,
                   timeout=300)


@pytest.fixture(scope="module")
def templates(tmp_path_factory) -> dict[str, Path]:
    work = tmp_path_factory.mktemp("templates")
    sources = [SHIPPED / f"{name}.otp" for name in LIBREOFFICE]
    needs("soffice")
    if not all(p.is_file() for p in sources):
        pytest.fail(f"LibreOffice's Impress templates are missing from {SHIPPED}")
    _soffice(work, "--convert-to", "pptx", "--outdir", str(work), *map(str, sources))
    Presentation().save(str(work / "Default.pptx"))
    return {name: work / f"{name}.pptx" for name in NAMES}


@pytest.fixture(scope="module")
def built(templates, tmp_path_factory) -> dict[str, tuple[int, Path, str]]:
    """Each template → (exit code, the deck, stderr) of the seed built on it."""
    import contextlib
    import io

    found = {}
    for name, template in templates.items():
        out = tmp_path_factory.mktemp(f"deck-{name}")
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            code = main([str(SEED_YAML), "-f", "pptx", "-o", str(out),
                         "--reference-deck", str(template)])
        found[name] = (code, out / "kpop-soft-power.pptx", err.getvalue())
    return found


@pytest.fixture(scope="module")
def rendered(built, tmp_path_factory) -> dict[str, Path]:
    work = tmp_path_factory.mktemp("render")
    for name, (_, deck, _) in built.items():
        (work / f"{name}.pptx").write_bytes(deck.read_bytes())
    _soffice(work, "--convert-to", "pdf", "--outdir", str(work),
             *(str(work / f"{name}.pptx") for name in built))
    return {name: work / f"{name}.pdf" for name in built}


# The placeholders a layout of each role must have (type names as in the XML).
def _role_fits(role: str, types: set[str]) -> bool:
    text = {"body", "obj"} & types
    if role == "title":
        return bool({"title", "ctrTitle"} & types) and ("subTitle" in types or not text)
    if role == "content":
        return bool({"title", "ctrTitle"} & types) and bool(text)
    if role == "title only":
        return "title" in types and not text and "subTitle" not in types
    return True


@pytest.mark.parametrize("name", NAMES)
def test_every_kind_is_drawn_on_a_layout_of_its_role(built, templates, name):
    code, deck, err = built[name]
    assert code == 0, err
    roles = layout_roles()
    prs = Presentation(str(deck))
    table = classify(Presentation(str(templates[name])), Backdrops(prs))
    have = {entry.role for entry in table}
    drawn = {slide.name for slide in prs.slides}
    assert {"title", "agenda", "section", "quote", "table", "stats", "links",
            "closing"} <= drawn
    for slide in prs.slides:
        role = roles[slide.name]
        types = {kind for kind, _, _ in shapes.placeholders(slide.slide_layout)}
        if role in have:  # a layout of that role exists: it is the one used
            assert _role_fits(role, types), (slide.name, slide.slide_layout.name, types)
    if name == "Default":
        assert {s.slide_layout.name for s in prs.slides if s.name == "agenda"} == \
            {"Title and Content"}
    else:  # LibreOffice's names: no name matches Pandoc's, yet the roles are found
        assert {s.slide_layout.name for s in prs.slides if s.name in ("agenda", "section")} \
            == {"Title, Content"}
        assert {s.slide_layout.name for s in prs.slides if s.name in ("stats", "table")} \
            == {"Title Only"}


def test_content_avoids_the_title_master_with_a_band(built):
    """Vivid's first master has a wide band across its lower half; content goes on a
    master whose background is plain behind the body."""
    prs = Presentation(str(built["Vivid"][1]))
    masters = list(prs.slide_masters)
    for slide in prs.slides:
        if slide.name in ("agenda", "section", "table", "stats", "links"):
            assert masters.index(slide.slide_layout.slide_master) != 0, slide.name


@pytest.mark.parametrize("name", NAMES)
def test_every_title_sits_on_one_backdrop_never_across_a_bands_edge(built, name):
    """Vivid's title placeholder (21–99 pt) crosses the edge of its blue band (85 pt):
    titles anchored at their foot sat half on the band and half on white. A title box
    that a band mostly holds must lie inside it (a textured backdrop, Metropolis's, has
    no such band: many short runs of rows)."""
    prs = Presentation(str(built[name][1]))
    backdrops = Backdrops(prs)
    crossing = []
    for number, slide in enumerate(prs.slides, 1):
        for shape in slide.placeholders:
            if shape.placeholder_format.type in (PP_PLACEHOLDER.TITLE,
                                                 PP_PLACEHOLDER.CENTER_TITLE):
                top, bottom = shape.top, shape.top + shape.height
                under = [min(b, bottom) - max(t, top) for t, b in backdrops.bands(
                    slide.slide_layout, shape.left, shape.width) if b > top and t < bottom]
                if len(under) > 1 and max(under) >= (bottom - top) / 2:
                    crossing.append((number, slide.name, shape.text_frame.text))
    assert crossing == []


@pytest.mark.parametrize("name", NAMES)
def test_libreoffice_renders_every_word_on_its_slide_and_clear_of_the_others(rendered,
                                                                            name):
    found = words(rendered[name])
    assert len(found) > 200
    assert outside_words(found) == []
    assert overlapping_words(found) == []


@pytest.mark.parametrize("name", NAMES)
def test_every_text_run_reads_on_what_is_behind_it(built, name):
    found = run_contrasts(built[name][1])
    assert len(found) > 50
    assert [f for f in found if f[-1] < MIN_CONTRAST] == []
    assert brightened("#000000", 0.0) == "#000000"


@pytest.mark.parametrize("name", NAMES)
def test_check_agrees_with_the_build(built, templates, name, capsys):
    code, _, err = built[name]
    capsys.readouterr()
    assert main([str(SEED_YAML), "--check", "-f", "pptx", "--reference-deck",
                 str(templates[name])]) == code
    checked = capsys.readouterr().err
    assert [line for line in checked.splitlines() if "error" in line.lower()] == \
        [line for line in err.splitlines() if "error" in line.lower()]


def test_inspect_names_each_layouts_master_and_role(templates, capsys):
    assert main(["--inspect-deck", str(templates["Vivid"])]) == 0
    report = capsys.readouterr().out
    assert "3 masters" in report
    assert "'Title, Content' (master 2; role: content" in report
    assert "'Title Only' (master 3; role: title only" in report
    assert "  agenda   → 'Title, Content' of master " in report


@pytest.mark.parametrize("name", NAMES)
def test_every_title_is_at_least_the_minimum_and_clear_of_the_other_placeholders(built,
                                                                                 name):
    """Titles wrap to two lines (their placeholder grown into free room) before they
    shrink, and never below deck.min_title_size, without a 'shrunk' warning."""
    from briefing.theme import load_theme

    code, deck, err = built[name]
    assert code == 0 and "shrunk" not in err, err
    least = load_theme().deck.min_title_size
    for number, slide in enumerate(Presentation(str(deck)).slides, start=1):
        title = slide.shapes.title
        sizes = [r.font.size.pt for p in title.text_frame.paragraphs for r in p.runs]
        assert sizes and min(sizes) >= least, (name, number, title.text, sizes)
        for other in slide.placeholders:
            if other.placeholder_format.idx == title.placeholder_format.idx or \
                    other.left is None:
                continue
            apart = (other.top >= title.top + title.height - 12700 or
                     title.top >= other.top + other.height - 12700 or
                     other.left >= title.left + title.width or
                     title.left >= other.left + other.width)
            assert apart, (name, number, title.text, other.name)


def test_the_title_slide_stacks_inside_its_placeholders(built, templates):
    """On each template the subtitle, topics and kicker sit inside the subtitle
    placeholder's columns and below the title, the title inside the slide."""
    for name in NAMES:
        prs = Presentation(str(built[name][1]))
        slide = prs.slides[0]
        title = slide.shapes.title
        assert title.top >= 0 and title.top + title.height <= prs.slide_height
        for shape in slide.shapes:
            if shape.name in ("Kicker", "Topics") or shape.name.startswith("Subtitle"):
                assert shape.top >= title.top + title.height - 12700, (name, shape.name)


@pytest.mark.parametrize("name", NAMES)
def test_no_icon_on_a_templates_slides_either(built, name):
    """As on the house deck: the kicker ("🌌 Explore …") and links title lose their icon,
    which a client without the emoji font draws as a box (LibreOffice) or nothing."""
    prs = Presentation(str(built[name][1]))
    texts = [shape.text_frame.text for slide in prs.slides for shape in slide.shapes
             if shape.has_text_frame]
    assert any("Explore the Full Legacy" in text for text in texts)
    assert not any(ch in text for text in texts for ch in "✅🌌")
