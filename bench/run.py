#!/usr/bin/env python3
"""Benchmark: whole-process wall times of real builds, as ratios to baselines run here.

    python bench/run.py [--repeat 5] [--pandoc PATH]
    python bench/run.py --hostile

Every figure is the median of repeated whole-process runs on this machine,
printed next to the baseline it is judged against, measured in the same run:
``python -c "import yaml"`` for the no-op rebuild, ``python -c "import
weasyprint"`` for the PDF, and Pandoc (when installed, e.g. from the
pypandoc-binary package) on the same text. No numbers are asserted anywhere.

The hostile rows (``--hostile``, one run each, instead of the rest) time inputs
meant to hurt: a link check against a local server sending an endless body, a
2,000-item list and a 40,000-character word in one section body (deck build),
an SVG whose ``<use>`` elements fan out 10-fold over 5 levels. Each is printed
next to its bound ("bound: 20 s / 400 MB"), whatever the build's exit status.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socketserver
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "content" / "kpop-soft-power.yaml"
PEERS = ROOT.parent / "shared" / "peers"
PY = sys.executable


def timed(cmd: list[str], cwd: Path = ROOT, env: dict | None = None, *,
          may_fail: bool = False) -> tuple[float, int]:
    """Wall seconds and peak RSS (KB, the process and its waited-for children) of one run.

    ``may_fail``: measure the run whatever its exit status (an input the tool
    may refuse); otherwise a failed run stops the benchmark.
    """
    seconds, rss, code, err = measured(cmd, cwd, env)
    if code != 0 and not may_fail:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{err}")
    return seconds, rss


def measured(cmd: list[str], cwd: Path = ROOT, env: dict | None = None,
             limit: float | None = None) -> tuple[float, int, int, str]:
    """Seconds, peak RSS (KB), exit status and stderr of one run, killed after ``limit`` s."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    killer = threading.Timer(limit, proc.kill) if limit else None
    if killer:
        killer.start()
    # stderr is read after the exit: these runs print a few lines at most.
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    if killer:
        killer.cancel()
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    return seconds, usage.ru_maxrss, os.waitstatus_to_exitcode(status), err


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
    with_data(folder)
    paths = []
    for i in range(count):
        data["title"] = f"Cultural Export and Global Soft Power {i + 1}"
        path = folder / f"briefing-{i + 1:02}.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
        paths.append(path)
    return paths


def with_data(folder: Path) -> None:
    """The seed's data files (its chart's CSV) beside copies of it in ``folder``."""
    if not (folder / "data").exists():
        shutil.copytree(SEED.parent / "data", folder / "data")


def make_large(folder: Path, times: int = 20) -> Path:
    """The seed's sections repeated ``times`` times: 140 sections."""
    data = yaml.safe_load(SEED.read_text(encoding="utf-8"))
    data["sections"] = data["sections"] * times
    with_data(folder)
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
    ap.add_argument("--hostile", action="store_true",
                    help="run only the hostile-input rows (about 100 s; not in the default run)")
    args = ap.parse_args()
    n = args.repeat
    rows: list[tuple[str, float, int, str, float]] = []
    tmp = Path(tempfile.mkdtemp(prefix="briefing-bench-"))
    out = tmp / "out"
    if args.hostile:
        _print(_hostile_rows(tmp))
        shutil.rmtree(tmp, ignore_errors=True)
        return 0

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


BOUND_MB = 400
LIMIT = 120.0  # seconds after which a hostile run is killed


def _hostile_rows(tmp: Path) -> list:
    """One run of each hostile input, next to its bound (seconds and BOUND_MB)."""
    folder = _mkdir(tmp / "hostile")
    out = tmp / "out-hostile"
    rows = []

    def row(name: str, cmd: list[str], bound: float) -> None:
        seconds, rss, code, _ = measured(cmd, limit=LIMIT)
        outcome = "killed" if code < 0 else f"exit {code}"
        rows.append((f"{name} ({outcome})", seconds, rss,
                     f"bound: {bound:g} s / {BOUND_MB} MB", bound))

    def content(name: str, **section) -> str:
        data = {"title": "Hostile input", "sections": [{"title": "Section", **section}]}
        path = folder / f"{name}.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
        return str(path)

    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _EndlessBody)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/endless"
        doc = content("endless-link", body=f"See [the feed]({url}).")
        row("links, endless body", build(doc, "--check-links"), 20)
    finally:
        server.shutdown()
        server.server_close()

    items = "\n".join(f"- item {i}: a short line of text" for i in range(2000))
    row("2,000-item list, pptx", build(content("long-list", body=items), "-o",
                                                 str(out), "-f", "pptx", "--force"), 60)
    word = "x" * 40_000
    row("40,000-char word, pptx", build(content("long-word", body=word), "-o",
                                                  str(out), "-f", "pptx", "--force"), 60)
    (folder / "fanout.svg").write_text(_svg_fanout(levels=5, width=10), "utf-8")
    doc = content("svg-fanout", image={"path": "fanout.svg", "alt": "Fan-out"})
    row("SVG <use> 10^5, all 3", build(doc, "-o", str(out), "--force"), 60)
    return rows


class _EndlessBody(socketserver.BaseRequestHandler):
    """HEAD refused (405), GET answered with chunks until the client hangs up (or 60 s)."""

    def handle(self) -> None:
        sock = self.request
        sock.settimeout(5)
        head = b""
        while b"\r\n\r\n" not in head and len(head) < 65536:
            data = sock.recv(4096)
            if not data:
                return
            head += data
        started = time.monotonic()
        try:
            if head.startswith(b"HEAD"):
                sock.sendall(b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n")
                return
            sock.sendall(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
            block = b"10000\r\n" + b"x" * 65536 + b"\r\n"
            while time.monotonic() - started < 60:
                sock.sendall(block)
        except OSError:
            pass


def _svg_fanout(levels: int, width: int) -> str:
    """An SVG of ``width ** levels`` squares drawn through nested <use> elements."""
    groups = ['<g id="l0"><rect width="1" height="1"/></g>']
    for level in range(1, levels + 1):
        uses = "".join(f'<use href="#l{level - 1}" x="{i}"/>' for i in range(width))
        groups.append(f'<g id="l{level}">{uses}</g>')
    return ('<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">'
            f'<defs>{"".join(groups)}</defs><use href="#l{levels}"/></svg>')


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
