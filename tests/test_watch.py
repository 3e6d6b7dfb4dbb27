"""--watch: a save rebuilds what changed, errors are printed and the watch goes on until Ctrl-C."""

from __future__ import annotations

import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time

from conftest import ROOT, dump, minimal, wait_until

from briefing import watch
from briefing.build import build, manifest
from briefing.options import Options

TIMEOUT = 60


class Lines:
    """The lines a process prints on one stream, readable with a timeout."""

    def __init__(self, stream):
        self.stream = stream
        self.queue: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        self.thread = threading.Thread(target=self._pump, args=(stream,), daemon=True)
        self.thread.start()

    def close(self) -> list[str]:
        """Every line, once the process has ended."""
        self.thread.join(TIMEOUT)
        self.stream.close()
        while not self.queue.empty():
            self.seen.append(self.queue.get())
        return self.seen

    def _pump(self, stream):
        for line in stream:
            self.queue.put(line.rstrip("\n"))

    def wait_for(self, pattern: str) -> str:
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            try:
                line = self.queue.get(timeout=0.5)
            except queue.Empty:
                continue
            self.seen.append(line)
            if re.search(pattern, line):
                return line
        raise AssertionError(f"no line matching {pattern!r} in {self.seen}")


def test_watch_rebuilds_on_save_reports_errors_and_stops_quietly_on_ctrl_c(write_content,
                                                                           tmp_path):
    path = write_content(minimal(title="First"))
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "build.py", "--watch", "-f", "html", "-o", str(out),
                             str(path)], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    stdout, stderr = Lines(proc.stdout), Lines(proc.stderr)
    try:
        stdout.wait_for(r"doc\.html .* KB")
        stdout.wait_for(r"^watching .* \(Ctrl-C to stop\)")
        path.write_text(dump(minimal(title="Second")), "utf-8")
        stdout.wait_for(r"doc\.html .* KB")
        assert "<title>Second</title>" in (out / "doc.html").read_text("utf-8")

        path.write_text("title: Third\nsections: [\n", "utf-8")
        stderr.wait_for(rf"^{re.escape(str(path))}:\d+:\d+: ")
        assert "<title>Second</title>" in (out / "doc.html").read_text("utf-8")

        (path.parent / "notes.txt").write_text("unrelated", "utf-8")  # nothing stale: no line
        path.write_text(dump(minimal(title="Fourth")), "utf-8")
        stdout.wait_for(r"doc\.html .* KB")
        assert "<title>Fourth</title>" in (out / "doc.html").read_text("utf-8")

        saved = path.with_name(".doc.yaml.swp")  # an editor saving by rename
        saved.write_text(dump(minimal(title="Fifth")), "utf-8")
        saved.replace(path)
        stdout.wait_for(r"doc\.html .* KB")
        assert "<title>Fifth</title>" in (out / "doc.html").read_text("utf-8")
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=TIMEOUT)
        stdout.close()
        errors = stderr.close()
    assert proc.returncode == 130
    assert "Traceback" not in "\n".join(errors)
    assert not any("interrupted" in line for line in errors)  # quietly


def test_a_saved_template_rebuilds_every_briefing(write_content, tmp_path, monkeypatch):
    copy = tmp_path / "templates"
    shutil.copytree(manifest.TEMPLATES, copy)
    monkeypatch.setattr(manifest, "TEMPLATES", copy)
    monkeypatch.setattr(watch, "TEMPLATES", copy)
    a, b = write_content(minimal(), "a.yaml"), write_content(minimal(), "b.yaml")
    out = tmp_path / "out"
    reports, pools = [], []

    def rebuild(pool):
        pools.append(pool)
        reports.append(build([a, b], out, Options(formats=("html",)), pool=pool))

    stop = threading.Event()
    thread = threading.Thread(target=lambda: reports.append(watch.watch(
        rebuild, [a.parent], out, 1, stop_event=stop, debounce_ms=100)))
    thread.start()
    try:
        assert wait_until(lambda: len(reports) == 1)
        assert len(reports[0].written) == 2  # built once the watcher runs
        with open(copy / "theme.yaml", "a", encoding="utf-8") as f:
            f.write("\n# saved\n")
        assert wait_until(lambda: len(reports) == 2)
        assert sorted(w.path.name for w in reports[1].written) == ["a.html", "b.html"]
        assert pools[1] is not pools[0]  # fresh workers: nothing cached from the old files
    finally:
        stop.set()
        thread.join(TIMEOUT)
    assert reports[-1] == 0
