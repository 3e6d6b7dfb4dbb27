"""--check-links against hostile servers on 127.0.0.1: every link ends in bounded time and memory.

Each server behaviour is a path of one raw-socket server. Every connection it
serves stops by itself (a time budget and a byte budget), so a checker that
misbehaves makes a test fail, never hang. The checker reads no bodies, so a
server that sends an endless, compressed or huge body has it cut off after
the response head, and the link is judged by its status code.
"""

from __future__ import annotations

import contextlib
import socket
import socketserver
import time
import zlib
from collections import Counter

import pytest
from conftest import serving

from briefing.linkcheck import LinkRef, check_links

BUDGET_SECONDS = 5.0  # the longest any connection is served
BUDGET_BYTES = 300_000_000  # the most any connection is sent
BLOCK = b"x" * 65536
SENT: Counter = Counter()  # bytes of body or head sent, per path


def _gzip_member(size: int) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)  # 31: the gzip container
    return packer.compress(bytes(size)) + packer.flush()


BOMB = _gzip_member(16 * 1024 * 1024)  # 16 KB on the wire, 16 MB decoded


class Hostile(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        sock: socket.socket = self.request
        sock.settimeout(1.0)
        self.started = time.monotonic()
        head = b""
        while b"\r\n\r\n" not in head and len(head) < 65536:
            chunk = sock.recv(4096)
            if not chunk:
                return
            head += chunk
        method, path = head.split(b" ", 2)[:2]
        self.path = path.decode().split("?")[0]
        with contextlib.suppress(OSError):  # the client hung up: the point of most tests here
            self.answer(method.decode(), self.path)

    def send(self, data: bytes) -> bool:
        """Send ``data`` unless a budget is spent; False once it is."""
        if (time.monotonic() - self.started > BUDGET_SECONDS
                or SENT[self.path] > BUDGET_BYTES):
            return False
        self.request.sendall(data)
        SENT[self.path] += len(data)
        return True

    def head(self, status: str, *headers: str) -> None:
        lines = [f"HTTP/1.1 {status}", *headers, "", ""]
        self.send("\r\n".join(lines).encode())

    def answer(self, method: str, path: str) -> None:
        if path == "/ok":
            return self.head("200 OK", "Content-Length: 0")
        if method == "HEAD" and path != "/slow-headers" and path != "/long-header":
            # Refuse HEAD, as many servers do, so the checker has to GET.
            return self.head("405 Method Not Allowed", "Content-Length: 0")
        if path == "/endless":
            self.head("200 OK", "Transfer-Encoding: chunked")
            while self.send(b"10000\r\n" + BLOCK + b"\r\n"):
                pass
        elif path == "/bomb":
            self.head("200 OK", "Content-Encoding: gzip", "Transfer-Encoding: chunked")
            chunk = f"{len(BOMB):x}\r\n".encode() + BOMB + b"\r\n"
            while self.send(chunk):
                pass
        elif path == "/huge":
            self.head("200 OK", "Content-Length: 1000000000")
            while self.send(BLOCK):
                pass
        elif path == "/redirect-endless":
            self.head("301 Moved Permanently", "Location: /ok", "Transfer-Encoding: chunked")
            while self.send(b"10000\r\n" + BLOCK + b"\r\n"):
                pass
        elif path == "/loop":
            self.head("302 Found", "Location: /loop", "Content-Length: 0")
        elif path == "/slow-headers":
            self.send(b"HTTP/1.1 200 OK\r\n")
            for i in range(40):  # one header line every 0.25 s, 10 s in all
                time.sleep(0.25)
                if not self.send(f"X-Line-{i}: slow\r\n".encode()):
                    return
            self.send(b"Content-Length: 0\r\n\r\n")
        elif path == "/long-header":
            self.send(b"HTTP/1.1 200 OK\r\nX-Junk: ")
            while self.send(BLOCK):
                pass


@pytest.fixture(scope="module")
def hostile():
    with serving(socketserver.ThreadingTCPServer, Hostile) as url:
        yield url


def check(base: str, *paths: str, **options) -> tuple[dict[str, object], float]:
    """Results by path of checking ``paths`` plus two fine links, and the seconds it took."""
    refs = [LinkRef("doc.yaml", i + 1, 1, base + p) for i, p in enumerate(["/ok", *paths])]
    refs.append(LinkRef("doc.yaml", 99, 1, base + "/ok?again"))
    started = time.monotonic()
    results = check_links(refs, **{"timeout": 2.0, "deadline": 1.5, **options})
    seconds = time.monotonic() - started
    by_path = {r.ref.url.removeprefix(base): r for r in results}
    assert by_path["/ok"].status == "200 OK" and by_path["/ok?again"].status == "200 OK"
    return by_path, seconds


@pytest.mark.parametrize("path", ["/endless", "/bomb", "/huge"])
def test_a_body_is_never_read(hostile, path):
    # Endless chunks, a gzip bomb, a 1 GB Content-Length: before, the checker read
    # the whole body into memory (a MemoryError at 6 GB for the endless one).
    SENT.clear()
    results, seconds = check(hostile, path)
    assert results[path].status == "200 OK" and not results[path].broken
    assert seconds < 3
    # What the server got out before the checker hung up: socket buffers, no more.
    assert SENT[path] < 40_000_000


def test_a_redirect_body_is_never_read(hostile):
    # httpx reads a redirect's whole body when it follows the redirect itself.
    SENT.clear()
    results, seconds = check(hostile, "/redirect-endless")
    assert results["/redirect-endless"].status == "301 → 200 OK"
    assert results["/redirect-endless"].final_url == hostile + "/ok"
    assert seconds < 3 and SENT["/redirect-endless"] < 40_000_000


def test_one_header_line_at_a_time_hits_the_deadline(hostile):
    # Each line arrives well within the read timeout, so only a deadline on the
    # whole link ends it: before, the check waited for the server to finish.
    results, seconds = check(hostile, "/slow-headers", timeout=2.0, deadline=1.0)
    result = results["/slow-headers"]
    assert result.broken and result.status == "timeout: no complete answer within 1 s"
    assert seconds < 3


def test_an_endless_header_is_cut_off(hostile):
    SENT.clear()
    results, seconds = check(hostile, "/long-header")
    result = results["/long-header"]
    assert result.broken
    assert result.status == "bad HTTP response: response head longer than 100 KB"
    assert seconds < 3 and SENT["/long-header"] < 40_000_000


def test_a_redirect_loop_ends(hostile):
    results, seconds = check(hostile, "/loop")
    assert results["/loop"].broken and results["/loop"].status == "more than 10 redirects"
    assert seconds < 3


def test_urls_httpx_cannot_use_are_each_broken_and_the_rest_checked(hostile):
    # These pass no loader check anymore (see test_linkcheck_everywhere), but a
    # LinkRef can still carry one, and a redirect can point at one. Before, the
    # first of them aborted the whole check with a traceback.
    bad = ["http://127.0.0.1:99999/", "http://127.0.0.1:-1/", "https://xn--a.invalid/",
           "https://host:80:80/", "http://[::1/"]
    refs = [LinkRef("doc.yaml", 1, 1, hostile + "/ok")]
    refs += [LinkRef("doc.yaml", 2 + i, 1, url) for i, url in enumerate(bad)]
    results = check_links(refs, timeout=2.0, deadline=2.0)
    assert results[0].status == "200 OK"
    assert [r.ref.url for r in results[1:]] == bad
    assert all(r.broken and r.status.startswith("not a URL that can be requested: ")
               for r in results[1:])
