"""--templates DIR, a project's own fonts, titles on a one-line title placeholder, and
--check agreeing with the build on a project folder's reference deck."""

from __future__ import annotations

import shutil
import subprocess

from conftest import ROOT, SEED_YAML, copy_seed, dump, needs
from pptx import Presentation
from pptx.util import Pt

from briefing.cli import main
from briefing.deck.fonts import deck_fonts
from briefing.theme import load_theme

PLUM, TEAL, OCHRE = "#7A1F5C", "#0F5257", "#8A5A00"


def _folder(tmp_path, name="briefings"):
    folder = tmp_path / name
    folder.mkdir()
    copy_seed(folder / "kpop.yaml")
    return folder


def test_templates_folder_stacks_over_the_project_folder(tmp_path, capsys):
    """built-in < <content folder>/templates/ < --templates DIR, theme.yaml merged at each
    step; removing the flag makes the outputs stale."""
    folder = _folder(tmp_path)
    (folder / "templates").mkdir()
    (folder / "templates" / "theme.yaml").write_text(
        f'colors:\n  primary: "{PLUM}"\n  accent: "{OCHRE}"\n')
    ci = tmp_path / "ci-theme"
    ci.mkdir()
    (ci / "theme.yaml").write_text(f'colors:\n  primary: "{TEAL}"\n')
    out = tmp_path / "out"
    assert main([str(folder / "kpop.yaml"), "-o", str(out), "-f", "html",
                 "--templates", str(ci)]) == 0
    html = (out / "kpop.html").read_text()
    assert TEAL in html and PLUM not in html  # --templates wins where both set a colour
    assert OCHRE in html  # the project's accent, which --templates does not set
    capsys.readouterr()
    assert main([str(folder / "kpop.yaml"), "-o", str(out), "-f", "html"]) == 0
    assert "kpop.html" in capsys.readouterr().out  # rebuilt without the flag
    html = (out / "kpop.html").read_text()
    assert PLUM in html and TEAL not in html
    (ci / "theme.yaml").write_text(f'colors:\n  primary: "{OCHRE}"\n')
    assert main([str(folder / "kpop.yaml"), "-o", str(out), "-f", "html",
                 "--templates", str(ci)]) == 0
    assert main([str(folder / "kpop.yaml"), "-o", str(out), "-f", "html",
                 "--templates", str(ci)]) == 0
    assert "1 output(s) up to date" in capsys.readouterr().out
    (ci / "theme.yaml").write_text(f'colors:\n  primary: "{TEAL}"\n')  # edited: stale
    assert main([str(folder / "kpop.yaml"), "-o", str(out), "-f", "html",
                 "--templates", str(ci)]) == 0
    assert TEAL in (out / "kpop.html").read_text()


def test_templates_must_be_a_folder(tmp_path, capsys):
    assert main([str(SEED_YAML), "--check", "--templates", str(tmp_path / "nope")]) == 2
    assert "--templates" in capsys.readouterr().err and "no such folder" in \
        capsys.readouterr().err + f"--templates {tmp_path / 'nope'}: no such folder"
    (tmp_path / "file").write_text("x")
    assert main([str(SEED_YAML), "--check", "--templates", str(tmp_path / "file")]) == 2
    assert "not a folder" in capsys.readouterr().err


def test_a_reference_deck_in_templates_draws_the_decks(tmp_path):
    folder = _folder(tmp_path)
    ci = tmp_path / "ci"
    ci.mkdir()
    Presentation().save(str(ci / "reference.pptx"))  # 4:3 Office
    out = tmp_path / "out"
    assert main([str(folder / "kpop.yaml"), "-o", str(out), "-f", "pptx",
                 "--templates", str(ci)]) == 0
    prs = Presentation(str(out / "kpop.pptx"))
    assert (prs.slide_width, prs.slide_height) == (9144000, 6858000)


def _house_font(templates):
    """templates/fonts/ with Carlito renamed HouseSans, declared in its own fonts.css."""
    from fontTools.ttLib import TTFont

    fonts = templates / "fonts"
    fonts.mkdir(parents=True)
    font = TTFont(ROOT / "templates" / "fonts" / "Carlito-Regular.ttf")
    for record in font["name"].names:
        if record.nameID in (1, 4, 16):
            record.string = "HouseSans"
        elif record.nameID == 6:
            record.string = "HouseSans-Regular"
    font.save(fonts / "HouseSans-Regular.ttf")
    (fonts / "fonts.css").write_text('@font-face { font-family: "HouseSans"; '
                                     'src: url("HouseSans-Regular.ttf"); }\n')
    (templates / "theme.yaml").write_text("fonts:\n  text: HouseSans\n  deck: HouseSans\n")
    return fonts


def test_a_house_font_in_the_project_folder_is_used_by_the_pdf(tmp_path, capsys):
    folder = _folder(tmp_path)
    _house_font(folder / "templates")
    out = tmp_path / "out"
    assert main([str(folder / "kpop.yaml"), "-o", str(out), "-f", "pdf,pptx"]) == 0
    assert "warning" not in capsys.readouterr().err  # no glyph reported missing
    fonts = subprocess.run([needs("pdffonts"), str(out / "kpop.pdf")], capture_output=True,
                           text=True, check=True).stdout
    assert "+HouseSans" in fonts and "Carlito" not in fonts
    prs = Presentation(str(out / "kpop.pptx"))
    names = {r.font.name for s in prs.slides for sh in s.shapes if sh.has_text_frame
             for p in sh.text_frame.paragraphs for r in p.runs}
    assert "HouseSans" in names


def test_a_house_font_measures_the_deck(tmp_path):
    fonts = _house_font(tmp_path / "t")
    theme = load_theme(project=tmp_path / "t")
    found = deck_fonts(theme, None, (fonts,))
    assert found.body_files.regular == fonts / "HouseSans-Regular.ttf"
    template = deck_fonts(theme, {"minor_latin": "HouseSans", "major_latin": "HouseSans"},
                          (fonts,))
    assert template.title_files.regular == fonts / "HouseSans-Regular.ttf"
    assert template.unmeasured == ()


def _short_title_template(path, height_pt=40):
    """python-pptx's template, 16:9, its title placeholders one line tall (as Metropolis's
    57 pt at 34 pt type), with free room below them."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = Pt(960), Pt(540)
    for master in prs.slide_masters:
        owners = [master, *master.slide_layouts]
        for owner in owners:
            for shape in owner.placeholders:
                kind = shape.placeholder_format.type
                if kind is not None and kind.name in ("TITLE", "CENTER_TITLE"):
                    shape.left, shape.top, shape.width, shape.height = (
                        Pt(60), Pt(30), Pt(500), Pt(height_pt))
                elif kind is not None and kind.name in ("BODY", "OBJECT", "SUBTITLE"):
                    shape.left, shape.top, shape.width, shape.height = (
                        Pt(60), Pt(170), Pt(840), Pt(300))
    prs.save(str(path))
    return path


def test_titles_wrap_to_two_lines_before_they_shrink(tmp_path, capsys):
    template = _short_title_template(tmp_path / "short.pptx")
    out = tmp_path / "out"
    assert main([str(SEED_YAML), "-o", str(out), "-f", "pptx", "--reference-deck",
                 str(template)]) == 0
    assert "shrunk" not in capsys.readouterr().err
    theme = load_theme()
    prs = Presentation(str(out / "kpop-soft-power.pptx"))
    two_lines = 0
    for slide in prs.slides:
        title = slide.shapes.title
        size = title.text_frame.paragraphs[0].runs[0].font.size.pt
        assert size >= theme.deck.min_title_size, (slide.name, title.text, size)
        if title.height > Pt(40):  # grown into the free room, at the largest size
            two_lines += 1
            assert title.top >= Pt(6) and title.top + title.height <= Pt(170)
    assert two_lines >= 3


def test_a_title_too_long_for_two_lines_is_a_located_error(tmp_path, write_content,
                                                           capsys):
    template = _short_title_template(tmp_path / "short.pptx")
    path = write_content({"title": "T", "sections": [
        {"title": "A title that keeps going " * 6, "body": "Body."}]})
    assert main([str(path), "-o", str(tmp_path / "out"), "-f", "pptx", "--reference-deck",
                 str(template)]) == 1
    err = capsys.readouterr().err
    assert f"{path}:" in err and "sections[0].title" in err, err
    assert "deck.min_title_size" in err and "shorten it to about" in err, err


def test_check_agrees_with_the_build_on_a_project_reference_deck(tmp_path, write_content,
                                                                  capsys):
    template = _short_title_template(tmp_path / "short.pptx")
    for title in ("A title that keeps going " * 6, "Short"):
        path = write_content({"title": "T", "sections": [{"title": title, "body": "B."}]})
        (path.parent / "templates").mkdir(exist_ok=True)
        shutil.copy(template, path.parent / "templates" / "reference.pptx")
        capsys.readouterr()
        built = main([str(path), "-o", str(tmp_path / "out"), "-f", "pptx"])
        built_err = capsys.readouterr().err
        checked = main([str(path), "--check", "-f", "pptx"])
        checked_err = capsys.readouterr().err
        assert built == checked
        assert [line for line in built_err.splitlines() if "error" in line.lower()
                or "too long" in line] == \
            [line for line in checked_err.splitlines() if "error" in line.lower()
             or "too long" in line]
        assert (built == 1) == (title != "Short")


def test_the_advice_for_a_title_too_long_is_followed_and_fits(tmp_path, write_content,
                                                             capsys):
    """"Shorten it to about N characters": a title cut to N characters, at a word, fits
    its place, and N is what the place holds, not a proportion of the lines (a title of
    43 characters on LibreOffice's Sunset was told 25 where about 40 fit)."""
    import re

    template = _short_title_template(tmp_path / "short.pptx")
    words = "Offshore wind supply chains need ports quays vessels cables and skilled crews"
    title = " ".join([words] * 3)
    path = write_content({"title": "T", "sections": [{"title": title, "body": "Body."}]})
    out = tmp_path / "out"
    args = ["-o", str(out), "-f", "pptx", "--reference-deck", str(template)]
    assert main([str(path), *args]) == 1
    keep = int(re.search(r"shorten it to about (\d+) characters", capsys.readouterr().err)[1])
    shorter = title[:keep + 1].rsplit(" ", 1)[0] if len(title) > keep else title
    assert keep >= len(shorter) > keep - 15
    path.write_text(dump({"title": "T", "sections": [{"title": shorter, "body": "Body."}]}),
                    "utf-8")
    assert main([str(path), *args]) == 0, capsys.readouterr().err
    longer = title[:keep + 20].rsplit(" ", 1)[0]
    path.write_text(dump({"title": "T", "sections": [{"title": longer, "body": "Body."}]}),
                    "utf-8")
    assert main([str(path), *args]) == 1  # and not much more: the advice is close
