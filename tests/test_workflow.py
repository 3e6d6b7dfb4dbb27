"""The CI workflow users copy: valid for GitHub, linted, and doing what the README says."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from conftest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "briefing.yml"


def tool(name: str) -> str:
    # Installed with the test extras, next to this Python.
    return str(Path(sys.executable).parent / name) if not shutil.which(name) else name


def test_actionlint_passes():
    result = subprocess.run([tool("actionlint"), str(WORKFLOW)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_matches_githubs_workflow_schema():
    result = subprocess.run([tool("check-jsonschema"), "--builtin-schema",
                             "vendor.github-workflows", str(WORKFLOW)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_triggers_matrix_artifacts_and_scheduled_link_check():
    flow = yaml.safe_load(WORKFLOW.read_text())
    triggers = flow[True]  # YAML 1.1 reads the key `on` as true
    assert set(triggers) == {"push", "pull_request", "schedule", "workflow_dispatch"}
    assert triggers["schedule"][0]["cron"]
    assert flow["jobs"]["test"]["strategy"]["matrix"]["python"] == ["3.10", "3.11", "3.12", "3.13"]
    steps = flow["jobs"]["build"]["steps"]
    runs = " ".join(step.get("run", "") for step in steps)
    assert "build.py --strict --shard" in runs
    link_step = next(s for s in steps if "--check-links" in s.get("run", ""))
    assert "schedule" in link_step["if"]
    assert any(s.get("uses", "").startswith("actions/upload-artifact@") for s in steps)
    assert any(s.get("with", {}).get("cache") == "pip" for s in steps)
