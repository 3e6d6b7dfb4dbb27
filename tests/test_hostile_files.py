"""Special files among the content: a FIFO, a link to /dev/zero or a folder named *.yaml
must neither hang a build nor be read without end; each build here runs in a subprocess
with a timeout, so a regression fails instead of hanging the suite."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, dump, minimal

TIMEOUT = 20

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs and /dev/zero")


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    try:
        return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], cwd=cwd, env=env,
                              capture_output=True, text=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        pytest.fail(f"build.py {' '.join(args)} did not finish in {TIMEOUT} s")


@pytest.fixture
def project(tmp_path) -> Path:
    content = tmp_path / "content"
    content.mkdir()
    (content / "good.yaml").write_text(dump(minimal()), encoding="utf-8")
    (content / "zero.yaml").symlink_to("/dev/zero")
    os.mkfifo(content / "fifo.yaml")
    (content / "folder.yaml").mkdir()
    return tmp_path


def test_the_default_build_skips_special_files(project):
    done = run(project, "--format", "html", "--jobs", "1")
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (project / "output").glob("*.html")) == ["good.html"]


def test_check_skips_special_files(project):
    done = run(project, "--check")
    assert done.returncode == 0, done.stderr
    assert "1 content file(s) OK" in done.stdout + done.stderr


@pytest.mark.parametrize("name, says", [
    ("zero.yaml", "content/zero.yaml is not a regular file; expected a YAML content file"),
    ("fifo.yaml", "content/fifo.yaml is not a regular file; expected a YAML content file"),
    ("folder.yaml", "content/folder.yaml is a folder, not a content file; "
                    "name the .yaml files in it"),
    ("missing.yaml", "no such content file: content/missing.yaml"),
])
@pytest.mark.parametrize("check", [False, True])
def test_a_named_special_file_is_a_usage_error(project, name, says, check):
    done = run(project, f"content/{name}", *(["--check"] if check else []))
    assert done.returncode == 2
    assert done.stderr == f"build.py: {says}\n"


@pytest.mark.parametrize("name, says", [
    ("zero.yaml", "not a regular file"), ("fifo.yaml", "not a regular file"),
    ("folder.yaml", "a folder"),
])
def test_load_briefing_refuses_a_special_file_at_once(project, name, says):
    """The loader checks the file it opened (a file swapped after discovery)."""
    code = ("import sys\nfrom briefing.content import load_briefing\n"
            "from briefing.errors import ContentError\n"
            "try:\n    load_briefing(sys.argv[1])\n"
            "except ContentError as err:\n    print(*err.lines())\n")
    try:
        done = subprocess.run([sys.executable, "-c", code, f"content/{name}"], cwd=project,
                              env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True,
                              text=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        pytest.fail(f"load_briefing(content/{name}) did not finish in {TIMEOUT} s")
    assert done.stdout == f"content/{name}:1:1: is {says}; expected a YAML content file\n"


def test_a_file_over_the_limit_reports_the_size_read(write_content):
    from briefing.content import load_briefing
    from briefing.content.load import MAX_BYTES
    from briefing.errors import ContentError

    path = write_content(b"title: T\n" + b"#" * (MAX_BYTES * 2) + b"\n")
    with pytest.raises(ContentError) as caught:
        load_briefing(path)
    assert caught.value.lines() == [
        f"{path}:1:1: file is {MAX_BYTES * 2 + 10:,} bytes; the limit is {MAX_BYTES:,} bytes "
        "(split the briefing or move data into separate files)"]
