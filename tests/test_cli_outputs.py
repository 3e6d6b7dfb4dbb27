"""What the command line builds, read back from the files: not only their names and the
exit code, but the PDF's text (pypdf), the deck's slides (python-pptx) and the web
page's title, each from the content file that named it."""

from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, URBAN_HEAT, dump, minimal, squash
from pptx import Presentation
from pypdf import PdfReader

from briefing.cli import main


def pdf_text(path: Path) -> str:
    return squash(" ".join(page.extract_text() for page in PdfReader(path).pages))


def slide_titles(path: Path) -> list[str]:
    return [slide.shapes.title.text_frame.text for slide in Presentation(str(path)).slides]


def page_title(path: Path) -> str:
    return html.unescape(re.search(r"<title>(.*?)</title>", path.read_text("utf-8"), re.S)[1])


def test_a_process_build_writes_the_content_into_every_format(write_content, tmp_path):
    path = write_content(URBAN_HEAT, "urban-heat.yaml")
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "build.py", str(path), "--output", str(out)],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr

    text = pdf_text(out / "urban-heat.pdf")
    for expected in ("Urban Heat Adaptation", "Cooling cities for 2030", "Why heat matters",
                     "Heatwaves are getting longer.", "Hospital admissions rise",
                     "+1.8 °C", "summer mean since 1990", "Street trees", "Cool roofs",
                     "Hot days a year", "https://wmo.int/"):
        assert squash(expected) in text, f"{expected!r} is not in the PDF"

    titles = slide_titles(out / "urban-heat.pptx")
    assert titles[0] == "Urban Heat Adaptation"
    assert {"Why heat matters", "Measures"} <= set(titles), titles
    assert len(titles) >= 6  # title, agenda, two sections, their data slides, links, closing

    assert page_title(out / "urban-heat.html") == "Urban Heat Adaptation"
    assert "Heatwaves are getting <strong>longer</strong>." in (
        out / "urban-heat.html").read_text("utf-8")


def test_each_output_holds_its_own_content_file(tmp_path, monkeypatch):
    (tmp_path / "content").mkdir()
    for name in ("alpha", "beta"):
        (tmp_path / "content" / f"{name}.yaml").write_text(
            dump(minimal(title=f"{name.title()} briefing")), "utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["--format", "html,pptx"]) == 0
    for name in ("alpha", "beta"):
        assert page_title(tmp_path / "output" / f"{name}.html") == f"{name.title()} briefing"
        assert slide_titles(tmp_path / "output" / f"{name}.pptx")[0] == f"{name.title()} briefing"
    assert not list((tmp_path / "output").glob("*.pdf"))  # only the formats asked for


def test_a_rebuild_after_a_save_writes_the_new_text(write_content, tmp_path):
    path = write_content(minimal(title="Before the save"))
    out = tmp_path / "out"
    assert main([str(path), "-o", str(out), "-f", "pdf,html"]) == 0
    assert squash("Before the save") in pdf_text(out / "doc.pdf")
    path.write_text(dump(minimal(title="After the save, longer")), "utf-8")
    assert main([str(path), "-o", str(out), "-f", "pdf,html"]) == 0
    assert squash("After the save, longer") in pdf_text(out / "doc.pdf")
    assert squash("Before the save") not in pdf_text(out / "doc.pdf")
    assert page_title(out / "doc.html") == "After the save, longer"
