"""Shared test helpers: content builders, the seed article, one cached build of the seed."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from briefing.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEED_YAML = ROOT / "content" / "kpop-soft-power.yaml"
SEED_TEXT = Path(__file__).parent / "fixtures" / "seed.txt"


def needs(tool: str) -> str:
    """Path of an external tool (pdftoppm, soffice …); skip without it, but fail under CI.

    A fresh clone with only Python and Pango runs every other test; CI (CI=true)
    installs these tools, so there a missing tool is an error, not a skip.
    """
    found = shutil.which(tool)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"{tool} is required in CI (.ci/run installs it)")
        pytest.skip(f"{tool} is not installed")
    return found


def wait_until(condition, timeout: float = 60, step: float = 0.01) -> bool:
    """Poll ``condition`` until it holds (True) or ``timeout`` seconds pass (False)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return False


def libreoffice_pdf(decks: dict[str, Path], work: Path) -> dict[str, Path]:
    """Decks ({name: .pptx}) converted to PDF by LibreOffice in one run: {name: .pdf}.

    A private profile, so parallel runs do not clash, and a Fontconfig file that
    adds the bundled fonts to the system ones (NanumGothic, for Hangul, is bundled).
    """
    fonts = work / "fonts.conf"
    fonts.write_text('<?xml version="1.0"?>\n<fontconfig>\n'
                     '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
                     f'  <dir>{ROOT / "templates" / "fonts"}</dir>\n</fontconfig>\n')
    env = dict(os.environ, FONTCONFIG_FILE=str(fonts), HOME=str(work))
    for name, deck in decks.items():
        (work / f"{name}.pptx").write_bytes(deck.read_bytes())
    subprocess.run([needs("soffice"), f"-env:UserInstallation={(work / 'profile').as_uri()}",
                    "--headless", "--convert-to", "pdf", "--outdir", str(work),
                    *(str(work / f"{name}.pptx") for name in decks)],
                   check=True, env=env, capture_output=True, timeout=240)
    return {name: work / f"{name}.pdf" for name in decks}


def minimal(**fields) -> dict:
    """The smallest valid briefing, with ``fields`` added or replaced."""
    data = {"title": "Water Security Outlook",
            "sections": [{"title": "Overview", "body": "Reservoirs are at 61 percent."}]}
    data.update(fields)
    return data


def dump(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@pytest.fixture
def write_content(tmp_path):
    """Write a content file from a dict (dumped as YAML) or raw text; return its path."""

    def write(data, name: str = "doc.yaml") -> Path:
        folder = tmp_path / "content"
        folder.mkdir(exist_ok=True)
        path = folder / name
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data if isinstance(data, str) else dump(data), encoding="utf-8")
        return path

    return write


def seed_sentences() -> list[str]:
    """Every sentence of the seed's prose (the sections' paragraphs), as written."""
    sentences = []
    for line in SEED_TEXT.read_text(encoding="utf-8").splitlines():
        if len(line) > 120 and not line.startswith("|") and "·" not in line:
            sentences += re.split(r"(?<=[.!?”])\s+(?=[A-Z])", line.strip())
    return sentences


def seed_table_cells() -> list[str]:
    cells = []
    for line in SEED_TEXT.read_text(encoding="utf-8").splitlines():
        if line.startswith("|") and "---" not in line:
            cells += [c.strip() for c in line.strip("|").split("|")]
    return cells


def squash(text: str) -> str:
    """Without white space or hyphens, which line breaks and hyphenation add."""
    return re.sub(r"[\s\-\u2010\u00ad]+", "", text)


class _TextOnly(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)


def html_text(page: str) -> str:
    """An HTML page's text, entities decoded and white space collapsed."""
    parser = _TextOnly()
    parser.feed(page)
    return " ".join(" ".join(parser.parts).split())


def deck_texts(path) -> list[str]:
    """Every text of a deck: text frames, table cells and speaker notes."""
    from pptx import Presentation

    parts = []
    for slide in Presentation(str(path)).slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if shape.has_table:
                parts += [cell.text for row in shape.table.rows for cell in row.cells]
        if slide.has_notes_slide:
            parts.append(slide.notes_slide.notes_text_frame.text)
    return parts


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory) -> dict[str, Path]:
    """The seed built once, in-process, into a temporary folder: {format: path}."""
    out = tmp_path_factory.mktemp("seed-output")
    assert main([str(SEED_YAML), "--output", str(out)]) == 0
    return {fmt: out / f"kpop-soft-power.{fmt}" for fmt in ("pdf", "pptx", "html")}
