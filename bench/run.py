#!/usr/bin/env python3
"""Benchmark: whole-process wall times of real builds, as ratios to baselines run here.

    python bench/run.py [--repeat 5] [--pandoc PATH]

Every figure is the median of repeated whole-process runs on this machine,
printed next to the baseline it is judged against, measured in the same run:
``python -c "import yaml"`` for the no-op rebuild, ``python -c "import
weasyprint"`` for the PDF, and Pandoc (when installed, e.g. from the
pypandoc-binary package) on the same text. No numbers are asserted anywhere.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "content" / "kpop-soft-power.yaml"
PEERS = ROOT.parent / "shared" / "peers"
PY = sys.executable


def timed(cmd: list[str], cwd: Path = ROOT, env: dict | None = None) -> tuple[float, int]:
    """Wall seconds and peak RSS (KB, the process and its waited-for children) of one run."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{proc.stderr.read().decode()}")
    proc.stderr.close()
    return seconds, usage.ru_maxrss


def median(cmd, repeat: int, before=None, **kw) -> tuple[float, int]:
    times, peak = [], 0
    for _ in range(repeat):
        if before:
            before()
        seconds, rss = timed(cmd, **kw)
        times.append(seconds)
        peak = max(peak, rss)
    return statistics.median(times), peak


def build(*args: str) -> list[str]:
    return [PY, str(ROOT / "build.py"), *args]


def make_collection(folder: Path, count: int) -> list[Path]:
    """``count`` copies of the seed under different names (and titles)."""
    data = yaml.safe_load(SEED.read_text(encoding="utf-8"))
    paths = []
    for i in range(count):
        data["title"] = f"Cultural Export and Global Soft Power {i + 1}"
        path = folder / f"briefing-{i + 1:02}.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
        paths.append(path)
    return paths


def make_large(folder: Path, times: int = 20) -> Path:
    """The seed's sections repeated ``times`` times: 140 sections."""
    data = yaml.safe_load(SEED.read_text(encoding="utf-8"))
    data["sections"] = data["sections"] * times
    path = folder / "large.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def find_pandoc(given: str | None) -> str | None:
    if given:
        return given
    try:
        import pypandoc  # noqa: F401  (pypandoc-binary ships the binary)
        return pypandoc.get_pandoc_path()
    except Exception:
        pass
    for candidate in [shutil.which("pandoc"),
                      *Path("/tmp/pandoc-venv").glob("lib/python3*/site-packages/pypandoc/files/pandoc")]:
        if candidate:
            return str(candidate)
    return None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--pandoc", help="path to a pandoc binary (default: look for one)")
    args = ap.parse_args()
    n = args.repeat
    rows: list[tuple[str, float, int, str, float]] = []
    tmp = Path(tempfile.mkdtemp(prefix="briefing-bench-"))
    out = tmp / "out"

    def fresh():
        shutil.rmtree(out, ignore_errors=True)

    # Bytecode for the package, as a user's second run has it: where
    # PYTHONDONTWRITEBYTECODE is set (CI images, this machine), a module
    # edited since its .pyc was written is compiled again on every run.
    subprocess.run([PY, "-m", "compileall", "-q", str(ROOT / "briefing"), str(ROOT / "build.py")],
                   check=True, stdout=subprocess.DEVNULL)
    base_yaml = median([PY, "-c", "import yaml"], n)[0]
    base_weasy = median([PY, "-c", "import weasyprint"], n)[0]
    for fmt in ("pdf", "pptx", "html", "pdf,pptx,html"):
        t, rss = median(build(str(SEED), "-o", str(out), "-f", fmt), n, before=fresh)
        rows.append((f"cold build, seed, {fmt}", t, rss, "import weasyprint", base_weasy))
    timed(build(str(SEED), "-o", str(out)))
    t, rss = median(build(str(SEED), "-o", str(out)), max(n, 10))
    rows.append(("no-op rebuild, seed", t, rss, "import yaml", base_yaml))

    docs = make_collection(_mkdir(tmp / "many"), 20)
    doc_args = [str(p) for p in docs]
    jobs1, _ = median(build(*doc_args, "-o", str(out), "--jobs", "1"), max(n // 2, 1),
                      before=fresh)
    jobs2, rss = median(build(*doc_args, "-o", str(out), "--jobs", "2"), max(n // 2, 1),
                        before=fresh)
    rows.append(("20 documents, --jobs 2", jobs2, rss, "--jobs 1", jobs1))
    speedup = jobs1 / jobs2

    large = make_large(_mkdir(tmp / "large"))
    t, rss = median(build(str(large), "-o", str(out)), max(n // 2, 1), before=fresh)
    rows.append(("140 sections, all formats", t, rss, "import weasyprint", base_weasy))

    pandoc = find_pandoc(args.pandoc)
    if pandoc and PEERS.is_dir():
        rows += _pandoc_rows(pandoc, tmp, n)
    _print(rows)
    print(f"\n--jobs 2 speed-up over --jobs 1 on 20 documents: {speedup:.2f}x")
    if not pandoc:
        print("\n(Pandoc not found: pip install pypandoc-binary, or pass --pandoc PATH)")
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


def _pandoc_rows(pandoc: str, tmp: Path, n: int) -> list:
    """Our build next to Pandoc's pptx writer and its WeasyPrint PDF path, same text."""
    env = {**os.environ, "PATH": f"{Path(PY).parent}:{os.environ.get('PATH', '')}"}
    out, rows = tmp / "out", []
    large = make_large(tmp / "large")
    for label, md, ours in (("seed", PEERS / "briefing.md", SEED),
                            ("140 sections", PEERS / "briefing-large.md", large)):
        p_pptx = median([pandoc, str(md), "-o", str(tmp / "p.pptx"), "--slide-level=2"], n)[0]
        p_pdf = median([pandoc, str(md), "-o", str(tmp / "p.pdf"), "--pdf-engine=weasyprint",
                        "--metadata", "pagetitle=Briefing"], n, env=env)[0]
        for fmt, base in (("pptx", p_pptx), ("pdf", p_pdf)):
            t, rss = median(build(str(ours), "-o", str(out), "-f", fmt, "--force"), n)
            rows.append((f"{label}, {fmt}", t, rss, f"pandoc → {fmt}", base))
        t, rss = median(build(str(ours), "-o", str(out), "--force"), n)
        rows.append((f"{label}, all three", t, rss, "pandoc pptx + pdf", p_pptx + p_pdf))
    return rows


def _mkdir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def _print(rows) -> None:
    print(f"{'measure':34} {'ours s':>8} {'peak MB':>8}  "
          f"{'baseline':22} {'base s':>8} {'ratio':>6}")
    for name, t, rss, base_name, base in rows:
        print(f"{name:34} {t:8.3f} {rss / 1024:8.0f}  {base_name:22} {base:8.3f} "
              f"{t / base:6.2f}")


if __name__ == "__main__":
    sys.exit(main())
