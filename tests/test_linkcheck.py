"""--check-links against a real HTTP server on 127.0.0.1 (never any other address)."""

from __future__ import annotations

import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from conftest import minimal, serving

from briefing.cli import main
from briefing.content import load_briefing
from briefing.linkcheck import check_links, collect_links

HITS: Counter = Counter()


class Handler(BaseHTTPRequestHandler):
    def _answer(self, body: bool) -> None:
        HITS[(self.command, self.path)] += 1
        if self.path == "/slow":
            time.sleep(1.5)
        status, headers = {
            "/ok": (200, {}), "/moved": (301, {"Location": "/ok"}), "/gone": (404, {}),
            "/error": (500, {}), "/slow": (200, {}),
            "/no-head": (405 if self.command == "HEAD" else 200, {}),
        }.get(self.path, (404, {}))
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", "2")
        self.end_headers()
        if body:
            self.wfile.write(b"ok")

    def do_HEAD(self):
        self._answer(body=False)

    def do_GET(self):
        self._answer(body=True)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    with serving(ThreadingHTTPServer, Handler) as url:
        yield url


def briefing_with_links(write_content, base: str, paths: list[str]):
    items = [{"title": p.strip("/"), "url": base + p} for p in paths]
    body = f"See [the report]({base}/ok) and [the data](mailto:data@example.org)."
    return write_content(minimal(links={"items": items},
                                 sections=[{"title": "S", "body": body}]))


def test_statuses_redirects_retries_and_timeouts(write_content, server):
    HITS.clear()
    path = briefing_with_links(write_content, server,
                               ["/ok", "/moved", "/gone", "/error", "/slow", "/no-head"])
    refs = collect_links(load_briefing(path))
    assert [r.url.removeprefix(server) for r in refs] == [
        "/ok", "/ok", "/moved", "/gone", "/error", "/slow", "/no-head"]  # mailto: skipped
    assert (refs[0].line, refs[0].column) == (4, 26)  # the URL itself, inside the body
    assert (refs[1].line, refs[1].column) == (8, 10)  # links.items[0].url

    results = {r.ref.url.removeprefix(server): r for r in check_links(refs, timeout=0.5)}
    assert not results["/ok"].broken and results["/ok"].status == "200 OK"
    assert not results["/moved"].broken
    assert results["/moved"].status == "301 → 200 OK"
    assert results["/moved"].final_url == server + "/ok"
    assert results["/gone"].broken and results["/gone"].status.startswith("404")
    assert results["/error"].broken and results["/error"].status.startswith("500")
    assert HITS[("HEAD", "/error")] == 2  # retried once
    assert results["/slow"].broken and results["/slow"].status == "timeout"
    assert not results["/no-head"].broken and HITS[("GET", "/no-head")] == 1


def test_per_host_limit_still_checks_everything(write_content, server):
    path = briefing_with_links(write_content, server, ["/ok"] * 12)
    results = check_links(collect_links(load_briefing(path)), per_host=2)
    assert len(results) == 13 and not any(r.broken for r in results)


def test_cli_prints_located_broken_links_and_exits_1(write_content, server, capsys):
    path = briefing_with_links(write_content, server, ["/ok", "/gone", "/moved"])
    assert main([str(path), "--check-links"]) == 1
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [f"{path}:10:10: {server}/gone: 404 Not Found"]
    assert f"{path}:12:10: {server}/moved: 301 → 200 OK (redirected to {server}/ok)" \
        in captured.out
    assert "4 link(s) checked, 1 broken" in captured.out


def test_cli_all_links_fine_exits_0(write_content, server):
    path = briefing_with_links(write_content, server, ["/ok"])
    assert main([str(path), "--check-links"]) == 0
