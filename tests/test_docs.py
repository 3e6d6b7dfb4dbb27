"""The README stays honest: its --help block, Quick start, exit codes, fields and pictures."""

from __future__ import annotations

import importlib
import re

import pytest
from conftest import ROOT
from pydantic import BaseModel

from briefing.cli import ExitStatus, main
from briefing.content.model import Briefing

README = (ROOT / "README.md").read_text(encoding="utf-8")


def fenced_after(marker: str) -> str:
    match = re.search(re.escape(marker) + r".*?```[a-z]*\n(.*?)```", README, re.S)
    assert match, marker
    return match.group(1)


def test_help_block_is_the_real_help(monkeypatch, capsys):
    monkeypatch.setenv("COLUMNS", "80")
    assert main(["--help"]) == 0
    assert fenced_after("<!-- help:") == capsys.readouterr().out


def test_quick_start_is_two_commands_and_ci_runs_the_second():
    commands = [line for line in fenced_after("## Quick start").splitlines() if line.strip()]
    assert len(commands) == 2
    setup, test = commands
    assert "build.py" in setup and "pip install" in setup
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert f"exec {test}\n" in ci


def test_exit_code_table_matches_the_code():
    table = README[README.index("### Exit codes"):]
    codes = [int(c) for c in re.findall(r"^\| (\d+) \|", table, re.M)]
    assert codes == [status.value for status in ExitStatus]


def field_names(model: type[BaseModel]) -> set[str]:
    """Every field of ``model`` and of the content models inside it (any module of
    briefing.content: a section's parts live in parts.py)."""
    names = set(model.model_fields)
    for field in model.model_fields.values():
        for module, inner in re.findall(r"briefing\.content\.(\w+)\.(\w+)",
                                        str(field.annotation)):
            found = getattr(importlib.import_module(f"briefing.content.{module}"), inner)
            if isinstance(found, type) and issubclass(found, BaseModel):  # not Inline & co.
                names |= field_names(found)
    return names


@pytest.mark.parametrize("name", sorted(field_names(Briefing)))
def test_every_content_field_is_documented(name):
    example = fenced_after("## Writing content")
    assert re.search(rf"(^\s*(- )?|[{{,] ){name}:", example, re.M), name


def test_pictures_exist():
    for path in re.findall(r"\]\((docs/[^)]+\.png)\)", README):
        assert (ROOT / path).is_file(), path
