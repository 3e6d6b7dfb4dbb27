"""Builds at scale: a long briefing (the seed's sections 20 times: 140 sections) builds
within 400 MB, and the garbage collector is left as a build found it."""

from __future__ import annotations

import html
import os
import shutil
import subprocess
import sys

import yaml
from conftest import ROOT, SEED_YAML, squash
from pptx import Presentation
from pypdf import PdfReader

from briefing.deck.text import bare

LIMIT_MB = 400


def test_140_sections_build_every_format_within_the_memory_bound(tmp_path):
    data = yaml.safe_load(SEED_YAML.read_text("utf-8"))
    data["sections"] = data["sections"] * 20
    assert len(data["sections"]) == 140
    path = tmp_path / "large.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    shutil.copytree(SEED_YAML.parent / "data", tmp_path / "data")  # its chart's numbers
    out = tmp_path / "out"
    # One process renders everything (--jobs 1), so its peak is the build's peak.
    proc = subprocess.Popen([sys.executable, "build.py", str(path), "-o", str(out), "--jobs", "1"],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    errors = proc.stderr.read().decode()
    proc.stderr.close()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    assert proc.returncode == 0, errors
    assert {p.name for p in out.iterdir() if not p.name.startswith(".")} == {
        "large.pdf", "large.pptx", "large.html", "build-report.json"}
    peak_mb = usage.ru_maxrss / 1024  # KB on Linux
    print(f"peak RSS {peak_mb:.0f} MB")
    assert peak_mb < LIMIT_MB
    # What was built holds all 140 sections, the last one included.
    last = f"140 {data['sections'][-1]['title']}"
    page = (out / "large.html").read_text("utf-8")
    assert page.count('<section class="section"') == 140
    assert f'<span class="num">140</span> {html.escape(data["sections"][-1]["title"])}</h2>' \
        in page
    assert squash(last) in squash(" ".join(p.extract_text() for p in PdfReader(
        out / "large.pdf").pages))
    slides = Presentation(str(out / "large.pptx")).slides
    assert sum(slide.name == "section" for slide in slides) >= 140
    last_titles = [slide.shapes.title.text_frame.text for slide in slides][-3:-1]
    # the links title as slides show it: its icon left out (#13); then the sources, if any
    assert bare(data["links"]["title"]) in last_titles


def test_builds_leave_the_garbage_collector_as_they_found_it(tmp_path, monkeypatch):
    """Each render runs with the collector paused; a process that had it on (tests, workers,
    --watch) gets it back, and one that runs without it (build.py) collects between
    documents, so cycles never pile up across a batch."""
    import gc

    from briefing.cli import main

    data = yaml.safe_load(SEED_YAML.read_text("utf-8"))
    shutil.copytree(SEED_YAML.parent / "data", tmp_path / "data")  # its chart's numbers
    paths = []
    for name in ("one", "two"):
        paths.append(tmp_path / f"{name}.yaml")
        paths[-1].write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    args = [*map(str, paths), "-f", "html", "--jobs", "1", "--force"]
    assert gc.isenabled()
    assert main([*args, "-o", str(tmp_path / "a")]) == 0
    assert gc.isenabled()

    collections = []
    monkeypatch.setattr(gc, "collect", lambda *a: collections.append("collect") or 0)
    monkeypatch.setattr(gc, "freeze", lambda: collections.append("freeze"))
    gc.disable()
    try:
        assert main([*args, "-o", str(tmp_path / "b")]) == 0
        assert not gc.isenabled()
    finally:
        gc.enable()
    assert collections == ["collect", "freeze"]  # between the two documents, not after them
