"""output/build-report.json: one entry per output, for CI summaries and dashboards."""

from __future__ import annotations

import hashlib
import json

from conftest import SEED_YAML, minimal

from briefing.cli import main


def report(out):
    return json.loads((out / "build-report.json").read_text(encoding="utf-8"))


def test_written_outputs_have_size_counts_time_and_content_hash(tmp_path):
    out = tmp_path / "out"
    assert main([str(SEED_YAML), "-o", str(out)]) == 0
    data = report(out)
    assert data["ok"] is True
    by_format = {e["format"]: e for e in data["outputs"]}
    assert set(by_format) == {"pdf", "pptx", "html"}
    digest = hashlib.sha256(SEED_YAML.read_bytes()).hexdigest()
    for fmt, entry in by_format.items():
        assert entry["status"] == "written"
        assert entry["path"] == str(out / f"kpop-soft-power.{fmt}")
        assert entry["bytes"] == (out / f"kpop-soft-power.{fmt}").stat().st_size
        assert entry["seconds"] > 0 and entry["warnings"] == []
        assert entry["content_sha256"] == digest
    assert by_format["pdf"]["pages"] == 4  # cover, contents + sections 1-3, 4-7, links, sources
    assert by_format["pptx"]["slides"] == 18  # with the key messages, chart and sources slides


def test_up_to_date_outputs_keep_their_figures(tmp_path):
    out = tmp_path / "out"
    assert main([str(SEED_YAML), "-o", str(out), "-f", "pptx"]) == 0
    first = report(out)["outputs"][0]
    assert main([str(SEED_YAML), "-o", str(out), "-f", "pptx"]) == 0
    again = report(out)["outputs"][0]
    assert again["status"] == "up to date"
    assert again["slides"] == first["slides"] and again["bytes"] == first["bytes"]


def test_failed_files_are_listed_with_their_errors(write_content, tmp_path):
    good = write_content(minimal(), "good.yaml")
    bad = write_content("title: [\n", "bad.yaml")
    out = tmp_path / "out"
    assert main([str(good), str(bad), "-o", str(out), "-f", "html"]) == 1
    data = report(out)
    assert data["ok"] is False
    statuses = {e["source"]: e["status"] for e in data["outputs"]}
    assert statuses == {str(good): "written", str(bad): "failed"}
    failed = next(e for e in data["outputs"] if e["status"] == "failed")
    assert failed["errors"][0].startswith(f"{bad}:2:1: YAML syntax error")
