"""Same inputs, same bytes: PDF, PPTX and HTML built twice in separate processes are identical.

Dates follow the reproducible-builds.org rule: the content's ``date``, else
SOURCE_DATE_EPOCH, else the build time.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import zipfile

import pytest
import yaml
from conftest import ROOT, SEED_YAML, copy_seed, minimal
from pypdf import PdfReader

from briefing.build.reproducible import fallback_epoch, normalize_zip, source_epoch
from briefing.cli import main
from briefing.errors import UsageError

RICH = ROOT / "tests" / "fixtures" / "rich"
EPOCH = 1_700_000_000  # 2023-11-14T22:13:20Z
FORMATS = ("pdf", "pptx", "html")


@pytest.fixture(scope="module")
def twice(tmp_path_factory):
    """The seed (dated) and the rich fixture without its date (emoji, Hangul, an image),
    each built in two separate processes, one with a worker pool and one without."""
    root = tmp_path_factory.mktemp("repro")
    content = root / "content"
    shutil.copytree(RICH, content)
    data = yaml.safe_load((content / "rich.yaml").read_text("utf-8"))
    del data["date"]
    (content / "undated.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    copy_seed(content / "seed.yaml")
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(EPOCH)}
    outs = []
    for name, jobs in (("a", "2"), ("b", "1")):
        out = root / name
        result = subprocess.run(
            [sys.executable, "build.py", str(content / "seed.yaml"), str(content / "undated.yaml"),
             "-o", str(out), "--jobs", jobs], cwd=ROOT, env=env, capture_output=True, text=True,
            timeout=300)
        assert result.returncode == 0, result.stderr
        outs.append(out)
    return outs


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("doc", ["seed", "undated"])
def test_two_builds_give_identical_bytes(twice, doc, fmt):
    a, b = (out / f"{doc}.{fmt}" for out in twice)
    assert a.read_bytes() == b.read_bytes()


def test_an_archival_pdf_is_reproducible_too_its_id_included(tmp_path):
    """PDF/A needs an /ID: it must come from the contents, not from chance or the clock."""
    pdfs = []
    for name in ("a", "b"):
        out = tmp_path / name
        result = subprocess.run([sys.executable, "build.py", str(SEED_YAML), "-o", str(out),
                                 "-f", "pdf", "--pdf-variant", "pdf/a-3u"], cwd=ROOT,
                                capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr
        pdfs.append((out / "kpop-soft-power.pdf").read_bytes())
    assert pdfs[0] == pdfs[1]
    assert "/ID" in PdfReader(tmp_path / "a" / "kpop-soft-power.pdf").trailer


def test_the_pdf_has_no_random_id_and_dates_from_the_content(twice):
    seed = PdfReader(twice[0] / "seed.pdf")
    assert "/ID" not in seed.trailer
    assert seed.metadata.creation_date.date() == dt.date(2026, 11, 27)
    assert "/ID" not in PdfReader(twice[0] / "undated.pdf").trailer


@pytest.mark.parametrize("doc, moment", [
    ("seed", dt.datetime(2026, 11, 27)),        # the content's date wins
    ("undated", dt.datetime(2023, 11, 14, 22, 13, 20)),  # else SOURCE_DATE_EPOCH
])
def test_the_deck_carries_the_date_rule_everywhere(twice, doc, moment):
    with zipfile.ZipFile(twice[0] / f"{doc}.pptx") as deck:
        infos = deck.infolist()
        core = deck.read("docProps/core.xml").decode()
    assert infos[0].filename == "[Content_Types].xml"
    assert [i.filename for i in infos[1:]] == sorted(i.filename for i in infos[1:])
    assert {i.date_time for i in infos} == {moment.timetuple()[:6]}
    stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert f">{stamp}</dcterms:created>" in core and f">{stamp}</dcterms:modified>" in core


def test_normalising_a_zip_removes_time_and_order(tmp_path):
    paths = []
    for name, order, when in (("a", ["x.xml", "[Content_Types].xml"], (2001, 2, 3, 4, 5, 6)),
                              ("b", ["[Content_Types].xml", "x.xml"], (2024, 1, 1, 0, 0, 0))):
        path = tmp_path / f"{name}.zip"
        with zipfile.ZipFile(path, "w") as z:
            for entry in order:
                z.writestr(zipfile.ZipInfo(entry, when), f"<{entry}/>")
        normalize_zip(path, EPOCH)
        paths.append(path)
    assert paths[0].read_bytes() == paths[1].read_bytes()


def test_the_date_rule(monkeypatch):
    assert source_epoch(dt.date(2026, 11, 27), EPOCH) == 1_795_737_600
    assert source_epoch(None, EPOCH) == EPOCH
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "12345")
    assert fallback_epoch() == 12345
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    before = int(dt.datetime.now(dt.timezone.utc).timestamp())
    assert before <= fallback_epoch() <= before + 5
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(UsageError, match="SOURCE_DATE_EPOCH"):
        fallback_epoch()


def test_a_bad_source_date_epoch_is_a_usage_error(write_content, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "2024-01-01")
    assert main([str(write_content(minimal())), "-o", str(tmp_path / "out")]) == 2
    assert "SOURCE_DATE_EPOCH" in capsys.readouterr().err


@pytest.mark.parametrize("doc", ["seed", "undated"])
def test_one_document_printed_by_a_forked_worker_gives_the_same_bytes(twice, tmp_path, doc):
    """One file with --jobs 2: its PDF is prepared here and printed by a worker that
    imported WeasyPrint meanwhile (workers._printed_beside); the date rule and every
    byte must be those of a build in one process."""
    content = twice[0].parent / "content"
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(EPOCH)}
    out = tmp_path / "alone"
    result = subprocess.run([sys.executable, "build.py", str(content / f"{doc}.yaml"), "-o",
                             str(out), "--jobs", "2"], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    for fmt in FORMATS:
        assert (out / f"{doc}.{fmt}").read_bytes() == (twice[1] / f"{doc}.{fmt}").read_bytes()
