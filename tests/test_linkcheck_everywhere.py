"""--check-links finds every link that renders as one, and reports it where it is written.

Also: every http(s) URL the loader accepts is one the checker's HTTP client
(httpx) can parse and request, so a content file cannot abort the check.
"""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest
from conftest import minimal, serving
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from briefing.cli import main
from briefing.content.urls import check_url


class Gone(BaseHTTPRequestHandler):
    def do_HEAD(self):
        self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_HEAD

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def gone():
    with serving(ThreadingHTTPServer, Gone) as url:
        yield url


EVERYWHERE = """\
title: Links everywhere
sections:
  - title: Prose
    body: |
      First paragraph, no link.

      - a list item with [a dead link]({B}/body-1) in it
      - and [another]({B}/body-2), [and a third]({B}/body-3)
    highlights:
      - "See [this]({B}/highlight)"
    quote: Said [here]({B}/quote)
  - title: Data
    table:
      caption: Table from [the source]({B}/table-caption)
      columns: ["[Year]({B}/column)", Value]
      rows:
        - ["[2024]({B}/cell)", "5"]
    chart:
      kind: bar
      caption: >
        Chart from
        [the agency]({B}/chart-caption)
      data:
        - {{label: A, value: 1}}
  - title: Picture
    image:
      path: pic.png
      alt: A picture
      caption: Photo by [someone]({B}/image-caption)
links:
  items:
    - title: Report
      url: {B}/link-url
      note: Mirror at [the archive]({B}/link-note)
"""


def test_every_dead_link_is_reported_at_its_own_line_and_column(write_content, gone, capsys):
    text = EVERYWHERE.format(B=gone)
    path = write_content(text)
    Image.new("RGB", (4, 4)).save(path.parent / "pic.png")
    assert main([str(path), "--check-links"]) == 1
    captured = capsys.readouterr()

    def at(name: str) -> str:
        """FILE:LINE:COL of the URL ending in /name, as a reader finds it in the file."""
        url = f"{gone}/{name}"
        for number, line in enumerate(text.splitlines(), 1):
            if url + ")" in line or line.endswith(url):
                return f"{path}:{number}:{line.index(url) + 1}: {url}: 404 Not Found"
        raise AssertionError(name)

    folded = f"{path}:20:16: {gone}/chart-caption: 404 Not Found"  # the value's own start
    assert captured.err.splitlines() == [
        at("body-1"), at("body-2"), at("body-3"), at("highlight"), at("quote"),
        at("table-caption"), at("column"), at("cell"), folded, at("image-caption"),
        at("link-url"), at("link-note")]
    assert at("body-1").startswith(f"{path}:7:40:")  # not at `body: |` on line 4
    assert "12 link(s) checked, 12 broken" in captured.out


def test_a_link_written_twice_is_reported_twice_each_where_it_is(write_content, gone, capsys):
    path = write_content(f"""\
title: Twice
sections:
  - title: S
    body: |
      Once [here]({gone}/x) and

        again, indented, [there]({gone}/x).
""")
    assert main([str(path), "--check-links"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"{path}:5:19: {gone}/x: 404 Not Found", f"{path}:7:34: {gone}/x: 404 Not Found"]


@pytest.mark.parametrize("url, message", [
    ("http://example.org:99999/", "has port '99999'; expected a number from 1 to 65535"),
    ("https://host:80:80/", "has port '80:80'"),
    ("https://xn--a.example/", "has a host name that is not valid IDNA"),
    ("https://exa%20mple.org/", "has an invalid host name 'exa%20mple.org'"),
    ("http://1.2.3.999/", "has an invalid IPv4 address '1.2.3.999'"),
])
def test_urls_the_checker_cannot_request_are_refused_at_load_time(write_content, capsys,
                                                                  url, message):
    # Before, these loaded fine and the first one aborted `--check-links` with a traceback.
    body = f"See [the page]({url})."
    items = [{"title": "Page", "url": url}]
    path = write_content(minimal(sections=[{"title": "S", "body": body}],
                                 links={"items": items}))
    assert main([str(path), "--check-links"]) == 1
    errors = capsys.readouterr().err.splitlines()
    assert len(errors) == 2, errors
    assert errors[0].startswith(f"{path}:4:") and "sections[0].body" in errors[0]
    assert errors[1].startswith(f"{path}:8:") and "links.items[0].url" in errors[1]
    assert all(message in line for line in errors)


HOST_PIECES = st.sampled_from(list("abcXYZ019.-_:%[]@~/ ") + [
    "ä", "☃", "\u200b", "ß", "xn--", "xn--a", "::", "ﬀ", "İ", "\u0301", "١", "ς", "\x7f"])


@settings(max_examples=500, deadline=None)
@given(scheme=st.sampled_from(["http://", "https://"]),
       host=st.lists(HOST_PIECES, max_size=12).map("".join),
       port=st.one_of(st.just(""), st.integers(-5, 70000).map(lambda p: f":{p}"),
                      st.text(max_size=4).map(lambda t: ":" + t)),
       rest=st.text(max_size=10))
def test_every_url_check_url_accepts_httpx_can_request(scheme, host, port, rest):
    url = scheme + host + port + ("/" + rest if rest else "")
    try:
        check_url(url)
    except ValueError:
        return
    parsed = httpx.URL(url)
    assert parsed.host  # decodes an xn-- host: what failed inside httpx before
    assert parsed.port is None or 1 <= parsed.port <= 65535
