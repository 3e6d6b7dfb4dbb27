"""The command line: arguments, exit codes, what it prints; in-process and as a real process."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import ROOT, URBAN_HEAT, minimal

from briefing import content
from briefing.cli import ExitStatus, main, parser
from briefing.errors import MissingDependency
from briefing.pdf import engine as pdf


def test_help_documents_every_exit_code(capsys):
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for status in ExitStatus:
        assert f"  {status.value} " in out


def test_unknown_format_is_a_usage_error(write_content, capsys):
    assert main([str(write_content(minimal())), "--format", "pdf,docx"]) == 2
    assert "unknown format docx" in capsys.readouterr().err


def test_unknown_option_is_a_usage_error(capsys):
    assert main(["--frobnicate"]) == 2


def test_check_validates_and_writes_nothing(write_content, tmp_path, capsys):
    out = tmp_path / "out"
    assert main([str(write_content(minimal())), "--check", "--output", str(out)]) == 0
    assert "1 content file(s) OK" in capsys.readouterr().out
    assert not out.exists()


def test_one_line_per_written_file(write_content, tmp_path, capsys):
    out = tmp_path / "out"
    assert main([str(write_content(minimal())), "-o", str(out), "-f", "html,pptx"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == [str(out / "doc.html"), str(out / "doc.pptx")]
    assert all(line.endswith(" s") and " KB " in line for line in lines)


def test_no_arguments_builds_every_content_file(tmp_path, monkeypatch, capsys):
    from conftest import dump
    (tmp_path / "content").mkdir()
    for name in ("a", "b"):
        (tmp_path / "content" / f"{name}.yaml").write_text(dump(minimal(title=name)), "utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["--format", "html"]) == 0
    assert sorted(p.name for p in (tmp_path / "output").iterdir()
                  if not p.name.startswith(".")) == ["a.html", "b.html", "build-report.json"]


def test_no_content_at_all_is_a_usage_error(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main([]) == 2
    assert "content/*.yaml" in capsys.readouterr().err


def test_ctrl_c_exits_130(write_content, monkeypatch, capsys):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(content, "load_briefing", interrupted)
    assert main([str(write_content(minimal())), "--check"]) == 130
    assert "interrupted" in capsys.readouterr().err


def test_missing_pango_names_the_package(monkeypatch):
    import builtins
    real_import = builtins.__import__

    def no_pango(name, *args, **kwargs):
        if name == "weasyprint":
            raise OSError("cannot load library 'libpango-1.0-0'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pango)
    with pytest.raises(MissingDependency, match="libpango-1.0-0"):
        pdf.import_weasyprint()


def test_parser_names_the_command():
    assert parser().prog == "build.py"


# --- as a real process, the way users and CI run it -----------------------------------

def run(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "build.py", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=120)


def test_build_py_checks_the_sample():
    result = run("--check")
    assert result.returncode == 0, result.stderr
    assert "OK" in result.stdout


def test_bad_file_as_a_process_prints_one_line_and_no_traceback(write_content):
    path = write_content("title: T\nsections:\n  - title: S\n    body: [unclosed\n")
    result = run(str(path))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(f"{path}:5:1: YAML syntax error")
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_new_topic_builds_without_code_changes(write_content, tmp_path):
    path = write_content(URBAN_HEAT, "urban-heat.yaml")
    out = tmp_path / "out"
    result = run(str(path), "--output", str(out))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [
        "build-report.json", "urban-heat.html", "urban-heat.pdf", "urban-heat.pptx"]


def test_shards_split_files_stably_and_completely(tmp_path):
    from briefing.build.sources import select_shard
    files = [tmp_path / f"brief-{i:02}.yaml" for i in range(40)]
    shards = [select_shard(files, i, 4) for i in range(1, 5)]
    assert sorted(sum(shards, [])) == sorted(files)  # every file in exactly one shard
    assert all(shards)  # none empty for 40 files
    # Adding a file moves no other file between shards.
    grown = [select_shard(files + [tmp_path / "new.yaml"], i, 4) for i in range(1, 5)]
    assert [[f for f in s if f.name != "new.yaml"] for s in grown] == shards


@pytest.mark.parametrize("bad", ["0/2", "3/2", "x", "1-2"])
def test_bad_shard_is_a_usage_error(bad, capsys):
    assert main(["--shard", bad, "--check"]) == 2
    assert "--shard" in capsys.readouterr().err


def test_two_files_with_one_slug_are_a_usage_error(tmp_path, capsys):
    from conftest import dump
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "brief.yaml").write_text(dump(minimal()), "utf-8")
    out = tmp_path / "out"
    assert main([str(tmp_path / "a" / "brief.yaml"), str(tmp_path / "b" / "brief.yaml"),
                 "-o", str(out)]) == 2
    assert "would both write brief.*" in capsys.readouterr().err
    assert not out.exists()
