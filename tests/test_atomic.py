"""Never lose a file: a failed, killed or concurrent build leaves every output whole.

Builds run as real processes and are killed with SIGKILL at chosen moments
(found by watching the output folder, not by sleeping); afterwards each
output must be either the old file or a complete new one, and the next build
must clean up and finish.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, dump, minimal, wait_until
from pypdf import PdfReader

from briefing import deck
from briefing.build.manifest import NAME
from briefing.cli import main
from briefing.errors import RenderError

FORMATS = ("pdf", "pptx", "html")
TEMP = re.compile(r"^\..+\.tmp$")


def title_of(path: Path) -> str:
    """The document title a complete output carries; raises if the file is broken."""
    if path.suffix == ".pdf":
        return PdfReader(path).metadata.title
    if path.suffix == ".pptx":
        with zipfile.ZipFile(path) as z:
            assert z.testzip() is None
            core = z.read("docProps/core.xml").decode()
        return re.search(r"<dc:title>(.*?)</dc:title>", core).group(1)
    page = path.read_text("utf-8")
    assert page.rstrip().endswith("</html>")
    return re.search(r"<title>(.*?)</title>", page).group(1)


def temps(out: Path) -> list[str]:
    return [p.name for p in out.iterdir() if TEMP.match(p.name)]


def build_process(path: Path | list[Path], out: Path, *extra: str,
                  quiet: bool = False) -> subprocess.Popen:
    """A build in its own process group; ``quiet`` for one to be killed (an orphan
    holding the pipes open would keep the test waiting for their end)."""
    paths = [str(p) for p in (path if isinstance(path, list) else [path])]
    stream = subprocess.DEVNULL if quiet else subprocess.PIPE
    return subprocess.Popen([sys.executable, "build.py", *paths, "-o", str(out), *extra],
                            cwd=ROOT, stdout=stream, stderr=stream, text=True,
                            start_new_session=True)


@pytest.fixture(scope="module")
def old_build(tmp_path_factory):
    """Outputs of a document titled "Old": (content file, output folder, {fmt: bytes})."""
    root = tmp_path_factory.mktemp("atomic")
    (root / "content").mkdir()
    path = root / "content" / "doc.yaml"
    path.write_text(dump(minimal(title="Old")), "utf-8")
    out = root / "old"
    assert main([str(path), "-o", str(out), "--jobs", "1"]) == 0
    return path, out, {fmt: (out / f"doc.{fmt}").read_bytes() for fmt in FORMATS}


@pytest.fixture
def new_content(old_build, tmp_path):
    """A fresh copy of the old outputs, and the content file retitled "New"."""
    path, old_out, old_bytes = old_build
    out = tmp_path / "out"
    shutil.copytree(old_out, out)
    new = tmp_path / "content" / "doc.yaml"
    new.parent.mkdir()
    new.write_text(dump(minimal(title="New")), "utf-8")
    return new, out, old_bytes


def assert_old_or_new(out: Path, old_bytes: dict[str, bytes]) -> None:
    for fmt in FORMATS:
        path = out / f"doc.{fmt}"
        if path.read_bytes() != old_bytes[fmt]:
            assert title_of(path) == "New", fmt


# The three renames follow each other within a millisecond, too fast to catch
# by watching the folder: for that moment the build runs with the rename wrapped
# so that it signals (a marker file) and waits after the first one.
PAUSE_AFTER_FIRST_RENAME = """
import sys, time
from pathlib import Path
import briefing.build.render as render
from briefing.cli import main

marker, real, calls = Path(sys.argv.pop(1)), render.replace, []

def replace(tmp, target, **kw):
    real(tmp, target, **kw)
    calls.append(target)
    if len(calls) == 1:
        marker.touch()
        time.sleep(120)

render.replace = replace
sys.exit(main(sys.argv[1:]))
"""


def paused_build(path: Path, out: Path, marker: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", PAUSE_AFTER_FIRST_RENAME, str(marker),
                             str(path), "-o", str(out), "--jobs", "1"],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)


MOMENTS = {
    "just started": lambda out, old: time.sleep(0.15) or True,
    "writing a temporary file": lambda out, old: bool(temps(out)),
    "after the first rename": lambda out, old: (out.parent / "renamed").exists(),
}


@pytest.mark.parametrize("moment", MOMENTS)
def test_kill_9_leaves_old_or_complete_new_outputs(moment, new_content):
    path, out, old_bytes = new_content
    if moment == "after the first rename":
        build = paused_build(path, out, out.parent / "renamed")
    else:
        build = build_process(path, out, "--jobs", "1", quiet=True)
    assert wait_until(lambda: MOMENTS[moment](out, old_bytes) or build.poll() is not None)
    assert build.poll() is None, "the build ended before the moment came"
    if moment == "after the first rename":  # the pause really came after a rename
        assert any((out / f"doc.{f}").read_bytes() != old_bytes[f] for f in FORMATS)
    os.killpg(build.pid, signal.SIGKILL)
    build.wait()
    assert_old_or_new(out, old_bytes)
    # The next build cleans what the killed one left and finishes the job.
    done = subprocess.run([sys.executable, "build.py", str(path), "-o", str(out)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert temps(out) == []
    assert {title_of(out / f"doc.{fmt}") for fmt in FORMATS} == {"New"}


def test_killing_a_parallel_build_stops_its_workers_too(new_content):
    path, out, old_bytes = new_content
    other = path.with_name("other.yaml")  # two documents: a pool is started
    other.write_text(dump(minimal(title="Other")), "utf-8")
    build = build_process([path, other], out, "--jobs", "2", "--force", quiet=True)
    assert wait_until(lambda: bool(temps(out)) or build.poll() is not None)
    assert build.poll() is None, "the build ended before it could be killed"
    os.kill(build.pid, signal.SIGKILL)  # the parent only, as the OOM killer would
    build.wait()

    def group_gone() -> bool:
        try:
            os.killpg(build.pid, 0)
        except ProcessLookupError:
            return True
        return False

    assert wait_until(group_gone, timeout=10), "worker processes outlived their build"
    # They stopped at once rather than finish the PDF they had begun (importing
    # WeasyPrint alone takes longer than they had).
    assert (out / "doc.pdf").read_bytes() == old_bytes["pdf"]
    assert_old_or_new(out, old_bytes)


def test_two_builds_at_once_both_finish_with_valid_outputs(new_content):
    path, out, _ = new_content
    builds = [build_process(path, out, "--force") for _ in range(2)]
    results = [b.communicate(timeout=180) for b in builds]
    assert [b.returncode for b in builds] == [0, 0], results
    assert {title_of(out / f"doc.{fmt}") for fmt in FORMATS} == {"New"}
    assert temps(out) == []
    assert main([str(path), "-o", str(out), "--jobs", "1"]) == 0  # and the manifest agrees


def test_a_build_waits_for_the_lock_of_another(new_content):
    path, out, old_bytes = new_content
    fd = os.open(out, os.O_RDONLY)  # the lock is an flock on the folder
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        build = build_process(path, out, "-f", "html")
        assert "waiting for another build" in build.stderr.readline()
        time.sleep(0.3)
        assert (out / "doc.html").read_bytes() == old_bytes["html"]
    finally:
        os.close(fd)
    build.communicate(timeout=60)
    assert build.returncode == 0
    assert title_of(out / "doc.html") == "New"


def test_a_failing_renderer_keeps_the_old_output_and_leaves_no_temporary_file(
        new_content, monkeypatch, capsys):
    path, out, old_bytes = new_content

    def half_written(briefing, theme, target, *args, **kwargs):
        Path(target).write_bytes(b"PK\x03\x04 half a deck")
        raise RenderError("the deck writer gave up")

    monkeypatch.setattr(deck, "write_deck", half_written)
    assert main([str(path), "-o", str(out), "--jobs", "1", "-f", "pptx,html"]) == 1
    assert "the deck writer gave up" in capsys.readouterr().err
    assert (out / "doc.pptx").read_bytes() == old_bytes["pptx"]
    # One content file, one transaction: the format that did render is not moved in either.
    assert (out / "doc.html").read_bytes() == old_bytes["html"]
    assert temps(out) == []


def test_stale_temporary_files_are_removed_and_others_kept(new_content):
    path, out, _ = new_content
    (out / ".doc.pdf.k2j4x7ab.tmp").write_bytes(b"left by a killed build")
    (out / f".{NAME}.abcdefgh.tmp").write_bytes(b"{")
    (out / ".notes.tmp").write_text("not ours", "utf-8")
    assert main([str(path), "-o", str(out), "--jobs", "1", "-f", "html"]) == 0
    assert temps(out) == [".notes.tmp"]


def test_ctrl_c_leaves_the_old_outputs_and_no_temporary_file(new_content):
    """Ctrl-C reaches the build and its workers (one process group); with two jobs one
    document's PDF is being printed by a forked worker when it comes (three temporary
    files: the PDF's, handed to the worker, and the deck's and the page's, rendered here
    meanwhile). Not earlier: a Ctrl-C that lands while lxml's module is being imported
    is lost inside that import (the build then just finishes)."""
    path, out, old_bytes = new_content
    build = build_process(path, out, "--jobs", "2")
    assert wait_until(lambda: len(temps(out)) >= 3 or build.poll() is not None)
    assert build.poll() is None, "the build ended before it could be interrupted"
    os.killpg(build.pid, signal.SIGINT)
    _, err = build.communicate(timeout=60)
    assert build.returncode == 130, err
    assert err.strip().endswith("interrupted")
    assert "Traceback" not in err
    assert temps(out) == []
    assert all((out / f"doc.{fmt}").read_bytes() == old_bytes[fmt] for fmt in FORMATS)
