"""A broken theme is reported like broken content: every problem, each at its line."""

from __future__ import annotations

import pytest
from conftest import minimal

from briefing.cli import main
from briefing.errors import TemplateError
from briefing.paths import TEMPLATES
from briefing.theme import load_theme

PROJECT_THEME = """\
colors:
  primry: "#7A1F5C"
deck:
  body_size: [24]
labels:
  en:
    agenda: Today
"""


def test_every_problem_of_a_project_theme_is_located(write_content, tmp_path, capsys):
    path = write_content(minimal())
    (path.parent / "templates").mkdir()
    theme = path.parent / "templates" / "theme.yaml"
    theme.write_text(PROJECT_THEME, "utf-8")
    assert main([str(path), "-o", str(tmp_path / "out"), "-f", "html"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        f"{theme}:2:3: colors.primry: unknown field 'primry'; did you mean 'primary'?",
        f"{theme}:4:14: deck.body_size: expected a number, got a list",
    ]


def test_a_problem_in_the_built_in_theme_is_located_there(tmp_path):
    broken = tmp_path / "theme.yaml"
    text = (TEMPLATES / "theme.yaml").read_text("utf-8")
    broken.write_text(text.replace("colors:", "colors:\n  glow: '#FFFFFF'", 1), "utf-8")
    with pytest.raises(TemplateError) as caught:
        load_theme(broken)
    line = text[:text.index("colors:")].count("\n") + 2
    assert caught.value.lines() == [
        f"{broken}:{line}:3: colors.glow: unknown field 'glow'; expected one of: "
        + ", ".join(type(load_theme().colors).model_fields)]


def test_a_theme_that_is_not_yaml_is_located(tmp_path):
    broken = tmp_path / "theme.yaml"
    broken.write_text("colors: [unclosed\n", "utf-8")
    with pytest.raises(TemplateError, match=rf"^{broken}:2:1: YAML syntax error"):
        load_theme(broken)
