"""Incremental builds: the manifest skips what is up to date and rebuilds what changed.

Most checks build HTML only (milliseconds); what an output depends on is
decided the same way for every format.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import ROOT, minimal

from briefing import theme
from briefing.build import manifest
from briefing.build.manifest import NAME, Manifest
from briefing.cli import main

PNG = (ROOT / "tests" / "fixtures" / "rich" / "images" / "harbour.png").read_bytes()


@pytest.fixture
def html_build(tmp_path, capsys):
    """Run ``main`` for HTML into tmp/out; return (exit code, paths written, stdout)."""
    out = tmp_path / "out"

    def run(*args: str, formats: str = "html"):
        capsys.readouterr()
        code = main([*map(str, args), "-o", str(out), "-f", formats, "--jobs", "1"])
        stdout = capsys.readouterr().out
        written = [line.split()[0] for line in stdout.splitlines() if " KB " in line]
        return code, written, stdout

    run.out = out
    return run


def test_an_unchanged_build_writes_nothing_and_says_so(write_content, html_build):
    a, b = write_content(minimal(title="A"), "a.yaml"), write_content(minimal(title="B"), "b.yaml")
    assert html_build(a, b)[:2] == (0, [str(html_build.out / "a.html"),
                                        str(html_build.out / "b.html")])
    mtime = (html_build.out / "a.html").stat().st_mtime_ns
    code, written, stdout = html_build(a, b)
    assert (code, written) == (0, [])
    assert stdout.strip() == f"2 output(s) up to date in {html_build.out} (--force rebuilds)"
    assert (html_build.out / "a.html").stat().st_mtime_ns == mtime


def test_force_rebuilds_everything(write_content, html_build):
    path = write_content(minimal())
    html_build(path)
    code, written, stdout = html_build(path, "--force")
    assert written == [str(html_build.out / "doc.html")] and "up to date" not in stdout


def test_editing_one_file_rebuilds_that_file_only(write_content, html_build):
    a, b = write_content(minimal(title="A"), "a.yaml"), write_content(minimal(title="B"), "b.yaml")
    html_build(a, b)
    b.write_text(b.read_text("utf-8").replace("61 percent", "62 percent"), "utf-8")
    assert html_build(a, b)[1] == [str(html_build.out / "b.html")]
    assert "62 percent" in (html_build.out / "b.html").read_text("utf-8")


def test_a_changed_image_rebuilds_the_documents_that_show_it(write_content, html_build):
    path = write_content(minimal(sections=[{"title": "Pic", "image": {
        "path": "images/p.png", "alt": "A picture"}}]))
    (path.parent / "images").mkdir()
    image = path.parent / "images" / "p.png"
    image.write_bytes(PNG)
    html_build(path)
    assert html_build(path)[1] == []
    image.write_bytes(PNG + b"\0")  # same name, different bytes
    assert html_build(path)[1] == [str(html_build.out / "doc.html")]


def test_a_changed_template_theme_or_font_rebuilds_everything(write_content, html_build,
                                                               tmp_path, monkeypatch):
    # The manifest hashes its own copy of templates/, so the real one stays untouched.
    copy = tmp_path / "templates"
    subprocess.run(["cp", "-r", str(theme.TEMPLATES), str(copy)], check=True)
    monkeypatch.setattr(manifest, "TEMPLATES", copy)
    path = write_content(minimal())
    html_build(path)
    for changed in ("theme.yaml", "briefing.css", "fonts/fonts.css"):
        with open(copy / changed, "a", encoding="utf-8") as f:
            f.write("\n# edited\n" if changed.endswith("yaml") else "\n/* edited */\n")
        assert html_build(path)[1] == [str(html_build.out / "doc.html")], changed
        assert html_build(path)[1] == [], changed
    font = next((copy / "fonts").glob("*.ttf"))
    font.write_bytes(font.read_bytes() + b"\0")
    assert html_build(path)[1] == [str(html_build.out / "doc.html")]


def test_the_manifest_hashes_the_real_templates_folder():
    assert manifest.TEMPLATES == theme.TEMPLATES


def test_other_options_and_a_touched_output_are_rebuilt(write_content, html_build):
    path = write_content(minimal())
    html_build(path)
    assert html_build(path, "--strict")[1] == [str(html_build.out / "doc.html")]
    assert html_build(path, "--strict")[1] == []
    (html_build.out / "doc.html").write_text("damaged", "utf-8")
    assert html_build(path, "--strict")[1] == [str(html_build.out / "doc.html")]
    (html_build.out / "doc.html").unlink()
    assert html_build(path, "--strict")[1] == [str(html_build.out / "doc.html")]


def test_source_date_epoch_matters_only_without_a_content_date(write_content, html_build,
                                                                 monkeypatch):
    dated = write_content(minimal(date="2026-01-31"), "dated.yaml")
    undated = write_content(minimal(), "undated.yaml")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    html_build(dated, undated)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    assert html_build(dated, undated)[1] == [str(html_build.out / "undated.html")]


def test_a_failed_file_is_tried_again_and_its_old_output_kept(write_content, html_build):
    path = write_content(minimal())
    html_build(path)
    before = (html_build.out / "doc.html").read_bytes()
    good = path.read_text("utf-8")
    path.write_text(good.replace("title: Water", "titel: Water"), "utf-8")
    for _ in range(2):  # an error is not remembered as "up to date"
        assert html_build(path)[0] == 1
        assert (html_build.out / "doc.html").read_bytes() == before
    path.write_text(good.replace("61 percent", "63 percent"), "utf-8")
    assert html_build(path)[:2] == (0, [str(html_build.out / "doc.html")])


def test_a_damaged_manifest_means_a_full_rebuild(write_content, html_build):
    path = write_content(minimal())
    html_build(path)
    (html_build.out / NAME).write_text("{not json", "utf-8")
    assert html_build(path)[1] == [str(html_build.out / "doc.html")]
    data = json.loads((html_build.out / NAME).read_text("utf-8"))
    assert set(data["outputs"]) == {"doc.html"}


def test_formats_are_tracked_one_by_one(write_content, html_build):
    path = write_content(minimal())
    html_build(path)
    assert html_build(path, formats="html,pptx")[1] == [str(html_build.out / "doc.pptx")]


def test_digests_are_cached_by_size_and_mtime_but_not_for_fresh_files(tmp_path):
    old, fresh = tmp_path / "old.bin", tmp_path / "fresh.bin"
    old.write_bytes(b"a")
    fresh.write_bytes(b"b")
    os.utime(old, ns=(1_000_000_000, 1_000_000_000))
    m = Manifest(tmp_path)
    assert m.digest(old) != m.digest(fresh)
    m.save()
    cached = json.loads((tmp_path / NAME).read_text("utf-8"))["digests"]
    assert list(cached) == [str(old)]  # a file just written may change within its mtime tick


NOOP = """
import sys
from briefing.cli import main
code = main(sys.argv[1:])
heavy = sorted(m for m in ("weasyprint", "pptx", "pydantic", "jinja2", "yaml", "markdown_it",
                           "PIL", "fontTools", "concurrent.futures") if m in sys.modules)
print("HEAVY", heavy)
sys.exit(code)
"""


def test_an_up_to_date_build_imports_no_renderer_validator_or_parser(write_content, tmp_path):
    path = write_content(minimal())
    out = tmp_path / "out"
    assert main([str(path), "-o", str(out), "-f", "html,pptx"]) == 0
    result = subprocess.run([sys.executable, "-c", NOOP, str(path), "-o", str(out),
                             "-f", "html,pptx"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "2 output(s) up to date" in result.stdout
    assert "HEAVY []" in result.stdout


def test_errors_name_the_content_file_as_given(write_content, tmp_path, monkeypatch, capsys):
    write_content("title: T\nsections: [\n")
    monkeypatch.chdir(tmp_path)
    assert main(["content/doc.yaml", "-o", "out", "--jobs", "1"]) == 1
    assert capsys.readouterr().err.startswith("content/doc.yaml:3:1: ")
