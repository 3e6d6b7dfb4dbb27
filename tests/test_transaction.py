"""One briefing, one transaction: its outputs are replaced together or not at all, and
whatever stops a build ends as one line naming the file."""

from __future__ import annotations

import errno
import json
import os

import pytest
from conftest import dump, minimal

from briefing.cli import main

FORMATS = ("pdf", "pptx", "html")


def stats_briefing(value: str) -> dict:
    return minimal(sections=[{"title": "Supply", "body": "Capacity grew.",
                              "stats": [{"value": "38 GW", "label": "installed"},
                                        {"value": value, "label": "planned"}]}])


@pytest.fixture
def built(write_content, tmp_path):
    """A briefing built once in all formats: (content path, output folder, bytes by format)."""
    path = write_content(stats_briefing("12 GW"))
    out = tmp_path / "out"
    assert main([str(path), "-o", str(out)]) == 0
    return path, out, {fmt: (out / f"doc.{fmt}").read_bytes() for fmt in FORMATS}


def unchanged(out, before) -> bool:
    return all((out / f"doc.{fmt}").read_bytes() == data for fmt, data in before.items())


def test_a_stat_that_no_longer_fits_changes_no_output_and_is_located(built, capsys):
    path, out, before = built
    text = dump(stats_briefing("W" * 600 + " GW"))
    path.write_text(text, "utf-8")
    assert main([str(path), "-o", str(out)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    line, row = next((n, row) for n, row in enumerate(text.splitlines(), 1) if "WWW" in row)
    column = row.index("WWW") + 1  # the scalar is unquoted: it starts with its first W
    assert err == [f"{path}:{line}:{column}: sections[0].stats[1].value: the value of "
                   "sections[0].stats[1] is too long for its place on a slide; shorten it"]
    assert unchanged(out, before)  # the PDF and the page rendered fine, yet stay old
    report = json.loads((out / "build-report.json").read_text("utf-8"))
    assert [e["status"] for e in report["outputs"]] == ["failed"]
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def test_check_finds_what_the_build_finds(built, capsys):
    path, out, before = built
    path.write_text(dump(stats_briefing("W" * 600 + " GW")), "utf-8")
    assert main([str(path), "--check"]) == 1
    assert "sections[0].stats[1].value: the value of" in capsys.readouterr().err
    assert unchanged(out, before)


def test_a_crash_in_one_renderer_is_one_line_and_keeps_every_output(built, write_content,
                                                                     monkeypatch, capsys):
    import briefing.pdf

    path, out, before = built
    path.write_text(dump(stats_briefing("14 GW")), "utf-8")
    other = write_content(minimal(title="Other"), "other.yaml")

    def broken(briefing, *args, **kwargs):
        if briefing.title != "Other":
            return 1 / 0
        return real(briefing, *args, **kwargs)

    real = briefing.pdf.write_pdf
    monkeypatch.setattr(briefing.pdf, "write_pdf", broken)
    assert main([str(path), str(other), "-o", str(out), "--jobs", "1"]) == 1
    err = capsys.readouterr().err
    assert err.splitlines() == [
        f"{path}: internal error while writing the PDF (ZeroDivisionError: division by zero); "
        "this is a bug in briefing: please report it with the output of --traceback"]
    assert unchanged(out, before)
    assert (out / "other.pdf").exists()  # the rest of the batch still built

    assert main([str(path), "-o", str(out), "--jobs", "1", "--traceback"]) == 1
    assert "Traceback (most recent call last)" in capsys.readouterr().err


def test_a_full_disk_is_one_line_and_keeps_every_output(built, monkeypatch, capsys):
    import briefing.html

    path, out, before = built
    path.write_text(dump(stats_briefing("14 GW")), "utf-8")

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(briefing.html, "write_html", full)
    assert main([str(path), "-o", str(out), "--jobs", "1"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"{path}: cannot write {out / 'doc.html'}: No space left on device; the outputs "
        "from before are kept"]
    assert unchanged(out, before)


def test_a_killed_worker_fails_its_file_only(built, monkeypatch, capsys):
    """A renderer that takes its process down (out of memory, a crash in C) breaks the
    pool: the file is reported and its outputs are kept."""
    import briefing.pdf

    path, out, before = built
    path.write_text(dump(stats_briefing("14 GW")), "utf-8")
    # With two jobs the PDF is printed by a forked worker (workers._printed_beside):
    # the half of the PDF stage that runs there takes it down.
    monkeypatch.setattr(briefing.pdf, "print_pdf", lambda *a, **k: os._exit(9))
    assert main([str(path), "-o", str(out), "--jobs", "2"]) == 1
    err = capsys.readouterr().err
    assert f"{path}: the process rendering the PDF died" in err
    assert "Traceback" not in err
    assert unchanged(out, before)
    assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp")]  # its file removed


@pytest.mark.parametrize("shape", ["a file", "inside a file"])
def test_an_output_folder_that_cannot_be_one_is_a_usage_error(write_content, tmp_path,
                                                              capsys, shape):
    path = write_content(minimal())
    blocker = tmp_path / "taken"
    blocker.write_text("mine", "utf-8")
    out = blocker if shape == "a file" else blocker / "sub"
    assert main([str(path), "-o", str(out)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and err[0].startswith("build.py: ") and str(blocker) in err[0]
    assert blocker.read_text("utf-8") == "mine"


def test_outputs_of_a_deleted_content_file_are_removed_and_reported(write_content, tmp_path,
                                                                     capsys):
    keep = write_content(minimal(title="Keep"), "keep.yaml")
    gone = write_content(minimal(title="Gone"), "gone.yaml")
    edited = write_content(minimal(title="Edited"), "edited.yaml")
    out = tmp_path / "out"
    assert main([str(keep), str(gone), str(edited), "-o", str(out), "-f", "html,pptx"]) == 0
    (out / "mine.html").write_text("not built by briefing", "utf-8")
    (out / "edited.html").write_text("changed by hand", "utf-8")
    gone.unlink()
    edited.unlink()
    capsys.readouterr()
    assert main([str(keep), "-o", str(out), "-f", "html,pptx"]) == 0
    said = capsys.readouterr().out
    assert f"removed {out / 'gone.html'}: its content file no longer exists" in said
    names = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    # ours and unchanged: removed; changed by hand or never ours: kept
    assert names == ["build-report.json", "edited.html", "keep.html", "keep.pptx", "mine.html"]
    report = json.loads((out / "build-report.json").read_text("utf-8"))
    assert {e["path"] for e in report["outputs"] if e["status"] == "removed"} == {
        str(out / "gone.html"), str(out / "gone.pptx"), str(out / "edited.pptx")}


def test_a_printer_that_dies_before_its_job_fails_its_file_only(built, monkeypatch, capsys):
    """The worker that prints one document's PDF is forked first and imports WeasyPrint
    while the content loads; if it dies then (a crash in a library at import), the pool
    is broken before the job is handed over."""
    import briefing.pdf.engine

    path, out, before = built
    path.write_text(dump(stats_briefing("14 GW")), "utf-8")
    monkeypatch.setattr(briefing.pdf.engine, "preload", lambda: os._exit(9))
    assert main([str(path), "-o", str(out), "--jobs", "2"]) == 1
    err = capsys.readouterr().err
    assert f"{path}: the process rendering the PDF died" in err
    assert "internal error" not in err and "Traceback" not in err
    assert unchanged(out, before)
    assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp")]
