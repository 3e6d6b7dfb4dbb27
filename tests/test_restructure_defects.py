"""Defects mended with the house of stages: each test failed on the code before it."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SEED_YAML, minimal
from pptx import Presentation

from briefing.cli import main
from briefing.content import load_briefing
from briefing.deck import plan_deck
from briefing.errors import TemplateError
from briefing.templating import edition_date

SEED = load_briefing(SEED_YAML)


@pytest.mark.parametrize("template, message", [
    ("- {section: 0}", r"slide 1 of the plan \({'section': 0}\): expected {kind: …"),
    ("- {kind: title}\n- 3", r"slide 2 of the plan \(3\): expected {kind: …"),
    ("kind: title", r"the rendered plan is a dict .*expected a list of slides"),
    ("just text", r"the rendered plan is a str .*expected a list of slides"),
    ("- {kind: section, section: true}", r"slide 1 of the plan .*no section True"),
    ("- {kind: section, section: '0'}", r"no section '0'"),
    ("- {kind: [title]}", r"unknown slide kind \['title'\]"),
])
def test_a_malformed_plan_is_a_located_template_error(template, message):
    with pytest.raises(TemplateError, match=message) as caught:
        plan_deck(SEED, template)
    assert str(caught.value).startswith("deck.yaml.j2: ")


class WindowsDate(dt.date):
    """A date whose strftime refuses glibc's %-d, as Windows' C library does."""

    def strftime(self, fmt):
        if "%-" in fmt:
            raise ValueError("Invalid format string")
        return super().strftime(fmt)


def test_the_edition_date_needs_no_glibc_format_codes():
    day = WindowsDate(2026, 1, 5)
    assert edition_date(day, "%-d %B %Y") == "5 January 2026"
    assert edition_date(day, "%Y년 %-m월 %-d일") == "2026년 1월 5일"
    assert edition_date(day, "%d/%m/%Y") == "05/01/2026"


def test_the_deck_and_the_pdf_print_the_same_date(write_content, tmp_path):
    path = write_content(minimal(date="2026-03-07", author="Desk", lang="ko"))
    out = tmp_path / "out"
    assert main([str(path), "-o", str(out), "-f", "pptx,html"]) == 0
    cover = Presentation(str(out / "doc.pptx")).slides[0]
    text = " ".join(shape.text_frame.text for shape in cover.shapes if shape.has_text_frame)
    assert "2026년 3월 7일" in text
    assert "2026년 3월 7일" in (out / "doc.html").read_text("utf-8")


def test_the_console_script_names_itself(tmp_path):
    script = Path(sys.executable).parent / "briefing"
    if not script.exists():
        pytest.skip("the briefing console script is not installed (pip install -e .)")
    run = subprocess.run([str(script), "--format", "docx", "--check"], cwd=tmp_path,
                         capture_output=True, text=True, timeout=60,
                         env={**os.environ, "COLUMNS": "80"})
    assert run.returncode == 2
    assert run.stderr.startswith("briefing: ")
    assert "build.py" not in run.stderr
