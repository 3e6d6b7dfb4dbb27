"""--reference-deck and --inspect-deck: decks built on a user's PowerPoint template,
found by Pandoc's layout names, with a warning and a fallback for a missing one."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SEED_YAML
from pptx import Presentation
from pptx.util import Emu
from test_deck_fit import RICH_YAML, frames

from briefing.cli import main

KIND_LAYOUTS = {"title": "Title Slide", "agenda": "Title and Content",
                "section": "Title and Content", "links": "Title and Content",
                "stats": "Title Only", "quote": "Title Only", "table": "Title Only",
                "chart": "Title Only", "image": "Title Only", "closing": "Section Header"}


def office_template(path: Path, *, wide: bool = True, drop: tuple[str, ...] = (),
                    keep_only: str | None = None) -> Path:
    """python-pptx's Office template (Pandoc's layout names), stretched to 16:9, with a
    slide of its own that must not reach the built deck, minus some layouts."""
    prs = Presentation()
    if wide:
        shapes = list(prs.slide_master.placeholders)
        shapes += [s for layout in prs.slide_layouts for s in layout.placeholders]
        for shape in shapes:
            if shape._element.xfrm is not None:
                shape.left, shape.width = shape.left * 4 // 3, shape.width * 4 // 3
        prs.slide_width = Emu(12192000)
    for layout in list(prs.slide_layouts):
        if layout.name in drop or (keep_only and layout.name != keep_only):
            prs.slide_layouts.remove(layout)
    slide = prs.slides.add_slide(prs.slide_layouts[0])
    if slide.shapes.title is not None:
        slide.shapes.title.text = "An old slide of the template"
    prs.save(str(path))
    return path


def build(tmp_path, reference: Path, *extra: str, source: Path = RICH_YAML) -> Path:
    out = tmp_path / "out"
    code = main([str(source), "--format", "pptx", "--output", str(out),
                 "--reference-deck", str(reference), *extra])
    assert code == 0
    return out / f"{source.stem}.pptx"


def test_a_pandoc_style_template_serves_every_kind_by_name(tmp_path, capsys):
    deck = build(tmp_path, office_template(tmp_path / "corporate.pptx"))
    assert "warning" not in capsys.readouterr().err
    prs = Presentation(str(deck))
    assert prs.slide_width == 12192000
    assert "An old slide of the template" not in [s.shapes.title.text_frame.text
                                                  for s in prs.slides]
    kinds = {s.name for s in prs.slides}
    assert kinds == set(KIND_LAYOUTS)
    for slide in prs.slides:
        assert slide.slide_layout.name == KIND_LAYOUTS[slide.name]
        assert slide.shapes.title.is_placeholder
    for where, text, _, room, needed in frames(deck):
        assert needed <= room + 0.01, f"{where}: {text[:40]!r}"


def test_a_4_3_template_keeps_its_size_and_still_fits(tmp_path):
    deck = build(tmp_path, office_template(tmp_path / "old.pptx", wide=False))
    prs = Presentation(str(deck))
    assert (prs.slide_width, prs.slide_height) == (9144000, 6858000)
    for slide in prs.slides:
        for shape in slide.shapes:
            assert shape.left >= 0 and shape.left + shape.width <= prs.slide_width, shape.name
    for where, text, _, room, needed in frames(deck):
        assert needed <= room + 0.01, f"{where}: {text[:40]!r}"


def test_a_missing_layout_warns_once_and_falls_back(tmp_path, capsys):
    reference = office_template(tmp_path / "partial.pptx", drop=("Title Only",))
    deck = build(tmp_path, reference)
    warnings = [line for line in capsys.readouterr().err.splitlines() if "warning" in line]
    assert len(warnings) == 1
    assert "no layout named 'Title Only'" in warnings[0]
    assert "stats, quote, table, chart and image slides use 'Title and Content'" in warnings[0]
    prs = Presentation(str(deck))
    for slide in prs.slides:
        if slide.name in ("stats", "table", "chart", "quote", "image"):
            assert slide.slide_layout.name == "Title and Content"
            assert [p.placeholder_format.idx for p in slide.placeholders
                    if p.placeholder_format.idx == 1] == []  # the unused body is removed
    for where, text, _, room, needed in frames(deck):
        assert needed <= room + 0.01, f"{where}: {text[:40]!r}"


def test_strict_makes_a_missing_layout_an_error(tmp_path, capsys):
    reference = office_template(tmp_path / "partial.pptx", drop=("Title Only",))
    out = tmp_path / "out"
    assert main([str(SEED_YAML), "-f", "pptx", "-o", str(out), "--strict",
                 "--reference-deck", str(reference)]) == 1
    assert "no layout named 'Title Only'" in capsys.readouterr().err
    assert not (out / "kpop-soft-power.pptx").exists()


def test_a_template_without_titled_layouts_still_gets_real_titles(tmp_path, capsys):
    deck = build(tmp_path, office_template(tmp_path / "blank.pptx", keep_only="Blank"),
                 source=SEED_YAML)
    assert "the first layout, 'Blank'" in capsys.readouterr().err
    for slide in Presentation(str(deck)).slides:
        title = slide.shapes.title
        assert title is not None and title.is_placeholder and title.text_frame.text


def test_a_changed_reference_deck_rebuilds_the_deck(tmp_path, capsys):
    reference = office_template(tmp_path / "corporate.pptx")
    build(tmp_path, reference, source=SEED_YAML)
    build(tmp_path, reference, source=SEED_YAML)
    assert "1 output(s) up to date" in capsys.readouterr().out
    office_template(reference, drop=("Comparison",))
    build(tmp_path, reference, source=SEED_YAML)
    assert "up to date" not in capsys.readouterr().out


@pytest.mark.parametrize("content, message", [
    (None, "no such reference deck"), (b"not a zip", "not a PowerPoint (.pptx) file")])
def test_a_bad_reference_deck_is_a_usage_error(tmp_path, capsys, content, message):
    reference = tmp_path / "template.pptx"
    if content is not None:
        reference.write_bytes(content)
    assert main([str(SEED_YAML), "-f", "pptx", "-o", str(tmp_path),
                 "--reference-deck", str(reference)]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "kpop-soft-power.pptx").exists()


def test_inspect_deck_lists_layouts_placeholders_and_kinds(tmp_path, capsys):
    reference = office_template(tmp_path / "partial.pptx", drop=("Title Only",))
    assert main(["--inspect-deck", str(reference)]) == 0
    report = capsys.readouterr().out
    assert "13.33 × 7.50 in" in report and "1 slides (ignored)" in report
    assert "layout 0: 'Title Slide'" in report
    assert "  - center_title (idx 0), at 72,168 pt, 816 × 116 pt" in report
    assert "  title    → 'Title Slide'\n" in report
    assert "  stats    → 'Title and Content' (fallback: no 'Title Only')" in report


def test_inspect_deck_names_what_a_layout_lacks(tmp_path, capsys):
    reference = office_template(tmp_path / "blank.pptx", keep_only="Blank")
    assert main(["--inspect-deck", str(reference)]) == 0
    report = capsys.readouterr().out
    assert "  section  → 'Blank' (first layout: no 'Title and Content' or fallback); " \
           "no title placeholder: one is added" in report
