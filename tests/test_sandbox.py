"""Content from anyone never reaches outside the project.

WeasyPrint fetches nothing from the network and reads nothing outside
templates/ and the content folder (a loopback server counts the requests that
arrive: none); links are http, https or mailto; images stay inside the content
folder; markup and template syntax in content are text in every output; YAML
is loaded safely and within limits. Each through a real build.
"""

from __future__ import annotations

import os
import threading
import urllib.request
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import deck_texts, html_text, minimal
from pypdf import PdfReader

from briefing.cli import main
from briefing.pdf.engine import html_to_pdf
from briefing.theme import TEMPLATES

PNG = (TEMPLATES.parent / "tests" / "fixtures" / "rich" / "images" / "harbour.png").read_bytes()


@pytest.fixture
def loopback():
    """An HTTP server on 127.0.0.1 that records every request: (port, paths requested)."""
    hits: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(PNG)))
            self.end_headers()
            self.wfile.write(PNG)

        do_HEAD = do_POST = do_GET

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], hits
    # The server works: had anything asked, it would have been counted.
    urllib.request.urlopen(f"http://127.0.0.1:{server.server_address[1]}/probe", timeout=5).read()
    assert hits[-1] == "/probe"
    server.shutdown()
    server.server_close()


def image_count(pdf: Path) -> int:
    count = 0
    for page in PdfReader(pdf).pages:
        count += len(page.images)
    return count


def test_a_remote_image_in_content_reaches_no_server(loopback, write_content, tmp_path):
    port, hits = loopback
    image = f"A chart: ![chart](http://127.0.0.1:{port}/a.png)."
    path = write_content(minimal(sections=[{"title": "Remote", "body": image}]), "image.yaml")
    out = tmp_path / "out"
    assert main([str(path), "-o", str(out), "--jobs", "1"]) == 1  # a located content error
    body = (f'Raw <img src="http://127.0.0.1:{port}/b.png"> and a '
            f"[link](http://127.0.0.1:{port}/c).")
    path = write_content(minimal(sections=[{"title": "Remote", "body": body}]))
    assert main([str(path), "-o", str(out), "--jobs", "1"]) == 0
    assert hits == []
    assert image_count(out / "doc.pdf") == 0


def test_write_pdf_refuses_network_files_outside_and_escaping_symlinks(loopback, tmp_path):
    port, hits = loopback
    allowed = tmp_path / "content"
    allowed.mkdir()
    (allowed / "ok.png").write_bytes(PNG)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.png").write_bytes(PNG)
    (outside / "secret.txt").write_text("TOP-SECRET-MARKER", encoding="utf-8")
    (allowed / "escape.png").symlink_to(outside / "secret.png")
    up = Path(os.path.relpath(outside, TEMPLATES)).as_posix()  # ../../… from templates/
    server = f"http://127.0.0.1:{port}"
    refused = [
        f"{server}/img.png", f"https://127.0.0.1:{port}/tls.png",
        (outside / "secret.png").as_uri(),
        f"{up}/secret.png",
        f"{up.replace('..', '%2e%2e')}/secret.png",
        (allowed / "escape.png").as_uri(),
    ]
    html = f"""<!DOCTYPE html><html lang="en"><head><title>t</title>
<link rel="stylesheet" href="fonts/fonts.css">
<link rel="stylesheet" href="{server}/style.css">
<link rel="attachment" href="{(outside / 'secret.txt').as_uri()}">
<style>
@import url("{server}/import.css");
@font-face {{ font-family: Remote; src: url("{server}/font.woff"); }}
body {{ background: url("{server}/background.png"); font-family: Remote, Carlito; }}
</style></head><body><p>Hello</p>
{''.join(f'<img src="{url}" alt="x">' for url in refused)}
<img src="{(allowed / 'ok.png').as_uri()}" alt="allowed">
</body></html>"""
    target = tmp_path / "crafted.pdf"
    warnings = html_to_pdf(html, target, allowed=[allowed]).warnings
    assert hits == []
    reader = PdfReader(target)
    assert reader.attachments == {}
    assert image_count(target) == 1  # only the allowed image; the fetcher is not just closed
    assert b"TOP-SECRET-MARKER" not in target.read_bytes()
    refusals = " ".join(warnings)
    for name in ("img.png", "tls.png", "style.css", "import.css", "background.png"):
        assert f"{server.split(':')[0]}" in refusals and name in refusals, name
    assert refusals.count("refused") >= len(refused)


def test_markup_and_template_syntax_are_text_in_the_pdf_and_every_field(write_content, tmp_path):
    evil = "<script>alert(1)</script> {{ 7*7 }}"
    path = write_content(minimal(sections=[{
        "title": "Safe", "body": f"Body {evil}", "quote": f"Quote {evil}",
        "stats": [{"value": "7", "label": f"label {evil}"}],
        "table": {"columns": ["Cell"], "rows": [[f"cell {evil}"]]},
        "notes": f"notes {evil}"}],
        links={"items": [{"title": "Site", "url": "https://example.org/",
                          "note": f"note {evil}"}]}))
    out = tmp_path / "out"
    assert main([str(path), "-o", str(out), "--jobs", "1"]) == 0
    pdf = " ".join("\n".join(p.extract_text() for p in PdfReader(out / "doc.pdf").pages).split())
    for where in ("Body", "Quote", "label", "cell", "note"):
        assert f"{where} {evil}" in pdf, where
    flat = " ".join(" ".join(deck_texts(out / "doc.pptx")).split())
    for where in ("label", "cell", "notes"):
        assert f"{where} {evil}" in flat, where
    page = (out / "doc.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page
    text = html_text(page)
    for where in ("Body", "Quote", "label", "cell", "note"):
        assert f"{where} {evil}" in text, where


@pytest.mark.parametrize("url", ["javascript:alert(1)", "file:///etc/passwd",
                                 "data:text/html,<b>x</b>", "ftp://example.org/x"])
def test_a_link_other_than_http_or_mailto_never_becomes_a_link(url, write_content, tmp_path,
                                                               capsys):
    """In a body it stays literal text (markdown-it refuses the link) or is a located error."""
    out = tmp_path / "out"
    path = write_content(minimal(sections=[{"title": "Links", "body": f"See [this]({url})."}]))
    code = main([str(path), "-o", str(out), "-f", "html"])
    if code == 0:
        page = (out / "doc.html").read_text("utf-8")
        assert f"See [this]({url})." in html_text(page)
        assert "href" not in page.split("<main", 1)[1].split("</main>")[0]
    else:
        assert code == 1
        assert capsys.readouterr().err.startswith(f"{path}:")


@pytest.mark.parametrize("url", ["javascript:alert(1)", "file:///etc/passwd", "ftp://x.org/"])
def test_a_bad_link_url_stops_the_build_and_keeps_the_old_output(url, write_content, tmp_path,
                                                                 capsys):
    out = tmp_path / "out"
    path = write_content(minimal(links={"items": [{"title": "Ok", "url": "https://x.org/"}]}))
    assert main([str(path), "-o", str(out), "-f", "html"]) == 0
    before = (out / "doc.html").read_bytes()
    path.write_text(path.read_text("utf-8").replace("https://x.org/", url), encoding="utf-8")
    capsys.readouterr()
    assert main([str(path), "-o", str(out), "-f", "html"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"{path}:") and "links.items[0].url" in err[0]
    assert (out / "doc.html").read_bytes() == before


def test_an_image_outside_the_content_folder_stops_the_build(write_content, tmp_path, capsys):
    (tmp_path / "outside.png").write_bytes(PNG)
    path = write_content(minimal(sections=[{
        "title": "Escape", "image": {"path": "../outside.png", "alt": "x"}}]))
    out = tmp_path / "out"
    assert main([str(path), "-o", str(out)]) == 1
    assert "outside the content folder" in capsys.readouterr().err
    assert not (out / "doc.pdf").exists()


def test_unsafe_yaml_bombs_and_huge_files_are_refused_before_anything_runs(
        write_content, tmp_path, capsys):
    marker = tmp_path / "pwned"
    tag = write_content(f'title: !!python/object/apply:os.system ["touch {marker}"]\n'
                        "sections: []\n", "tag.yaml")
    rows = "\n".join(f"  r{i}: &r{i} [*r{i - 1}, *r{i - 1}, *r{i - 1}, *r{i - 1}]"
                     for i in range(1, 12))
    bomb = write_content(f"title: Bomb\nx:\n  r0: &r0 [lol, lol]\n{rows}\n"
                         "sections: [{title: S, body: '*r11'}]\n", "bomb.yaml")
    huge = write_content("title: Huge\nsections: [{title: S, body: x}]\n#" + "x" * 1_100_000,
                         "huge.yaml")
    out = tmp_path / "out"
    assert main([str(tag), str(bomb), str(huge), "-o", str(out)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert any(line.startswith(f"{tag}:1:") for line in err)
    assert any(line.startswith(f"{bomb}:") and "aliases" in line for line in err)
    assert any(line.startswith(f"{huge}:1:1:") and "limit" in line for line in err)
    assert "Traceback" not in "\n".join(err)
    assert not marker.exists()
    assert [p.name for p in out.iterdir() if not p.name.startswith(".")] == []


def test_the_web_page_loads_nothing_remote(loopback, write_content, tmp_path):
    """Raw HTML in content is shown as text: no element of the page names the server."""
    port, hits = loopback
    server = f"http://127.0.0.1:{port}"
    body = (f'Raw <img src="{server}/b.png"> and <script src="{server}/s.js"></script> '
            f'<link rel="stylesheet" href="{server}/c.css"> and a [link]({server}/d).')
    path = write_content(minimal(sections=[{"title": "Remote", "body": body}]))
    out = tmp_path / "out"
    assert main([str(path), "-o", str(out), "-f", "html"]) == 0
    page = Resources()
    page.feed((out / "doc.html").read_text("utf-8"))
    assert [url for url in page.loads if server in url] == []  # only the link's href names it
    assert [url for url in page.links if server in url] == [f"{server}/d"]
    assert f'Raw <img src="{server}/b.png"> and <script' in page.text
    assert hits == []


class Resources(HTMLParser):
    """What a browser would fetch (src of any element, href of <link>), the links, the text."""

    def __init__(self):
        super().__init__()
        self.loads, self.links, self.text = [], [], ""

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        self.loads += [found[name] for name in ("src", "srcset", "data", "poster")
                       if found.get(name)]
        if tag == "link" and found.get("href"):
            self.loads.append(found["href"])
        if tag == "a" and found.get("href"):
            self.links.append(found["href"])

    def handle_data(self, data):
        self.text += data
