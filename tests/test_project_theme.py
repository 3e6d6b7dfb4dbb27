"""A project's own templates folder beside its content: theme.yaml merged over the built-in
theme, templates overriding the built-in ones by name, and both inputs of the build."""

from __future__ import annotations

import re

from conftest import SEED_YAML, copy_seed
from pptx import Presentation

from briefing.cli import main
from briefing.theme import load_theme, merge

PLUM = "#7A1F5C"


def project(tmp_path):
    """A content folder with templates/theme.yaml (one colour) and a plan without agenda,
    and a second briefing beside it."""
    folder = tmp_path / "briefings"
    (folder / "templates").mkdir(parents=True)
    copy_seed(folder / "kpop.yaml")
    copy_seed(folder / "other.yaml")
    (folder / "templates" / "theme.yaml").write_text(f'colors:\n  primary: "{PLUM}"\n')
    plan = (SEED_YAML.parents[1] / "templates" / "deck.yaml.j2").read_text()
    (folder / "templates" / "deck.yaml.j2").write_text(
        "\n".join(line for line in plan.splitlines() if "kind: agenda" not in line) + "\n")
    return folder


def test_merge_is_deep_for_mappings_only():
    base = {"colors": {"primary": "#000000", "accent": "#111111"}, "fallbacks": ["a", "b"]}
    assert merge(base, {"colors": {"primary": PLUM}, "fallbacks": ["c"]}) == {
        "colors": {"primary": PLUM, "accent": "#111111"}, "fallbacks": ["c"]}


def test_a_project_theme_and_template_are_used(tmp_path, capsys):
    folder = project(tmp_path)
    out = tmp_path / "out"
    assert main([str(folder / "kpop.yaml"), "-o", str(out), "-f", "html,pptx"]) == 0
    html = (out / "kpop.html").read_text()
    # the project's primary, not the house one (chart series keep their own palette,
    # colors.series, which this project does not set)
    assert PLUM in html and "#14365D" not in re.sub(r"--c: #[0-9A-F]{6}", "", html)
    house = load_theme().colors.accent
    assert house in html  # the colours it does not name stay the house ones
    kinds = [slide.name for slide in Presentation(str(out / "kpop.pptx")).slides]
    assert "agenda" not in kinds and kinds[0] == "title" and "closing" in kinds
    titles = Presentation(str(out / "kpop.pptx")).slides[1].shapes.title
    run = titles.text_frame.paragraphs[0].runs[0]
    assert str(run.font.color.rgb) == PLUM.lstrip("#")


def test_editing_the_project_theme_or_a_template_rebuilds_its_briefings_only(tmp_path,
                                                                               capsys):
    folder = project(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    copy_seed(elsewhere / "third.yaml")
    out = tmp_path / "out"
    files = [str(folder / "kpop.yaml"), str(folder / "other.yaml"),
             str(elsewhere / "third.yaml")]
    assert main([*files, "-o", str(out), "-f", "html"]) == 0
    capsys.readouterr()
    assert main([*files, "-o", str(out), "-f", "html"]) == 0
    assert "3 output(s) up to date" in capsys.readouterr().out
    for edited in ("theme.yaml", "deck.yaml.j2"):
        (folder / "templates" / edited).write_text(
            (folder / "templates" / edited).read_text() + "# edited\n")
        assert main([*files, "-o", str(out), "-f", "html"]) == 0
        printed = capsys.readouterr().out
        assert "1 output(s) up to date" in printed  # third.yaml: not in that project
        assert "kpop.html" in printed and "other.html" in printed
    # A template added to the folder later counts too.
    (folder / "templates" / "briefing.css").write_text(
        (SEED_YAML.parents[1] / "templates" / "briefing.css").read_text())
    assert main([*files, "-o", str(out), "-f", "html"]) == 0
    assert "kpop.html" in capsys.readouterr().out


def test_a_reference_deck_in_the_project_folder_draws_the_decks(tmp_path):
    folder = project(tmp_path)
    Presentation().save(str(folder / "templates" / "reference.pptx"))  # 4:3 Office
    out = tmp_path / "out"
    assert main([str(folder / "kpop.yaml"), "-o", str(out), "-f", "pptx"]) == 0
    prs = Presentation(str(out / "kpop.pptx"))
    assert (prs.slide_width, prs.slide_height) == (9144000, 6858000)
