"""The web page in a real browser (Debian's Chromium through Playwright, offline): one request,
no sideways scrolling, axe-core clean in light and dark, its own fonts, readable sizes.

One browser for the module, launched with a Fontconfig that sees DejaVu only (Chromium
aborts with no font at all): Carlito, Hangul and emoji must come from the fonts the page
embeds. Pages are served from a loopback
server that logs each request.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path

import pytest
from conftest import ROOT, SEED_YAML, dump, needs

from briefing.cli import main

playwright = pytest.importorskip("playwright.sync_api")
axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")

RICH_YAML = ROOT / "tests" / "fixtures" / "rich" / "rich.yaml"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]
DEJAVU = "/usr/share/fonts/truetype/dejavu"
WIDTHS = (320, 390, 768, 1024, 1440)
WIDE_TABLE = {
    "caption": "Seven columns of figures",
    "columns": ["Region", "Storage", "Demand", "Tariff", "Leaks", "Meters", "Outlook 2027"],
    "rows": [[f"Region number {i}", f"{60 + i}%", f"-{i}%", "reformed", f"{10 + i}%",
              f"{1000 * i:,}", "https://example.org/a/very/long/path/without/any/spaces/to/break"]
             for i in range(1, 16)],
}


def custom_page() -> dict:
    """A page written for these tests: a 7-column table, an image, Korean text, charts."""
    return {
        "title": "Harbour figures 🌊",
        "kicker": "📊 Test page",
        "url": "https://example.org/briefings/harbour",
        "sections": [
            {"title": "Wide table", "table": WIDE_TABLE,
             "body": "See https://example.org/an/exceptionally/long/address/that/never/breaks"
                     "/by/itself/on/a/phone/screen/at/all"},
            {"title": "서울 항만 — Seoul harbour", "body": "항만 물동량은 2026년에 늘었습니다. ✅",
             "image": {"path": "harbour.png", "alt": "A harbour at dusk"}},
            {"title": "Twelve months", "chart": {
                "kind": "line", "caption": "Cargo", "unit": "kt",
                "data": [{"label": f"Month {m}", "value": 10 + m * (-1) ** m}
                         for m in range(1, 13)]}},
            {"title": "Shares", "chart": {
                "kind": "pie", "data": [{"label": "Containers", "value": 55},
                                        {"label": "Bulk", "value": 30},
                                        {"label": "Other", "value": 15}]}},
            {"title": "Wide table", "chart": {
                "kind": "bar", "data": [{"label": "Loss", "value": -4},
                                        {"label": "Gain", "value": 9}]}},
        ],
    }


class _Logged(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        self.server.requests.append(self.path)
        super().do_GET()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The sample, the rich fixture and the custom page, built and served on 127.0.0.1."""
    folder = tmp_path_factory.mktemp("web")
    content = folder / "content"
    content.mkdir()
    shutil.copy(ROOT / "tests" / "fixtures" / "rich" / "images" / "harbour.png", content)
    (content / "custom.yaml").write_text(dump(custom_page()), encoding="utf-8")
    out = folder / "out"
    assert main([str(SEED_YAML), str(RICH_YAML), str(content / "custom.yaml"),
                 "-o", str(out), "-f", "html", "--jobs", "1"]) == 0
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Logged, directory=str(out)))
    server.requests = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


PAGES = ("kpop-soft-power.html", "rich.html", "custom.html")


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    needs("chromium")
    # DejaVu only: no Carlito, no Hangul, no emoji but the page's own.
    conf = tmp_path_factory.mktemp("fontconfig") / "fonts.conf"
    conf.write_text('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n'
                    f"<fontconfig><dir>{DEJAVU}</dir>"
                    f"<cachedir>{conf.parent}/cache</cachedir></fontconfig>\n")
    with playwright.sync_playwright() as p:
        found = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS,
                                  env={"FONTCONFIG_FILE": str(conf), "HOME": str(conf.parent)})
        yield found
        found.close()


def open_page(browser, site, name, width=390, scheme="light"):
    page = browser.new_page(viewport={"width": width, "height": 800}, color_scheme=scheme)
    page.requests = []
    page.on("request", lambda r: page.requests.append(r.url))
    page.goto(f"http://127.0.0.1:{site.server_port}/{name}")
    page.evaluate("document.fonts.ready.then(() => true)")
    return page


@pytest.mark.parametrize("name", PAGES)
def test_the_page_is_one_request_and_never_scrolls_sideways(browser, site, name):
    before = len(site.requests)
    page = open_page(browser, site, name, width=WIDTHS[0])
    try:
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 800})
            overflow = page.evaluate("document.documentElement.scrollWidth - innerWidth")
            assert overflow <= 0, (name, width, overflow)
        page.wait_for_timeout(300)  # a late favicon or font request would show up now
        assert page.requests == [page.url]
        assert site.requests[before:] == [f"/{name}"]
    finally:
        page.close()


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation_on_phones_and_desktops(browser, site, name, scheme):
    for width in (390, 1440):
        page = open_page(browser, site, name, width, scheme)
        try:
            found = axe_module.Axe().run(page, options={"runOnly": {"type": "tag", "values": [
                "wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}})
            problems = [(v["id"], [n["html"][:80] for n in v["nodes"][:3]])
                        for v in found.response["violations"]]
            assert problems == [], (name, scheme, width)
        finally:
            page.close()


def used_fonts(page, selector: str) -> dict[str, bool]:
    """The fonts Chromium drew a node's text with: {family: came from the page}."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    return {f["familyName"]: f["isCustomFont"] for f in fonts}


def test_the_embedded_fonts_draw_latin_hangul_and_emoji(browser, site):
    page = open_page(browser, site, "custom.html")
    try:
        # Family names as the font files name themselves; every one came from the page.
        assert used_fonts(page, "main h2") == {"Carlito": True}
        assert used_fonts(page, 'main .body span[lang="ko"]') == {"NanumGothic": True,
                                                                   "Carlito": True}  # spaces
        assert used_fonts(page, ".kicker .icon") == {"Noto Color Emoji": True}
        assert used_fonts(page, ".cover .title") == {"Carlito": True, "Noto Color Emoji": True}
    finally:
        page.close()


def test_korean_runs_are_marked_and_icons_hidden(browser, site):
    page = open_page(browser, site, "rich.html")
    try:
        korean = page.eval_on_selector_all('[lang="ko"]', "els => els.map(e => e.textContent)")
        assert "물 안보 전망" in korean and "한강 유역 협력" in korean
        names = page.eval_on_selector_all("h2, .toc a", "els => els.map(e => e.innerText)")
        hidden = page.eval_on_selector_all(".icon", "els => els.map(e => e.ariaHidden)")
        assert hidden and set(hidden) == {"true"}, names
        ids = page.eval_on_selector_all("main > section", "els => els.map(e => e.id)")
        assert ids == ["a-long-read-on-basin-cooperation", "regional-storage-and-reforms",
                       "funding-by-year", "한국의-물-관리-korean-water-management", "links"]
    finally:
        page.close()
    page = open_page(browser, site, "custom.html")
    try:
        ids = page.eval_on_selector_all("main > section", "els => els.map(e => e.id)")
        assert ids == ["wide-table", "서울-항만-seoul-harbour", "twelve-months", "shares",
                       "wide-table-2"]
    finally:
        page.close()


def test_text_is_at_least_12px_on_a_phone_and_follows_the_readers_text_size(browser, site):
    smallest = """() => Math.min(...[...document.querySelectorAll('body *')]
        .filter(e => [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())
                     && e.getClientRects().length && !e.closest('.skip'))
        .map(e => parseFloat(getComputedStyle(e).fontSize)))"""
    for name in PAGES:
        page = open_page(browser, site, name, width=320)
        try:
            assert page.evaluate(smallest) >= 12, name
        finally:
            page.close()
    page = open_page(browser, site, "kpop-soft-power.html")
    try:
        body = "parseFloat(getComputedStyle(document.querySelector('.body p')).fontSize)"
        normal = page.evaluate(body)
        # The browser's "font size" setting (default 16 px), as a reader changes it.
        page.context.new_cdp_session(page).send("Page.setFontSizes",
                                                {"fontSizes": {"standard": 32}})
        page.reload()
        assert page.evaluate(body) == 2 * normal
    finally:
        page.close()


def test_wide_tables_scroll_in_their_own_box_with_the_header_in_view(browser, site):
    page = open_page(browser, site, "custom.html", width=320)
    try:
        box = page.locator(".table-scroll").first
        assert box.get_attribute("tabindex") == "0" and box.get_attribute("role") == "region"
        assert box.evaluate("e => e.scrollWidth > e.clientWidth")  # scrolls sideways itself
        box.evaluate("e => e.scrollTo(0, 400)")
        header, top = box.evaluate("""e => [e.querySelector('thead th').getBoundingClientRect().top,
                                            e.getBoundingClientRect().top]""")
        assert top <= header <= top + 2
    finally:
        page.close()


def test_lines_keep_a_readable_measure_on_a_desktop(browser, site):
    page = open_page(browser, site, "rich.html", width=1440)
    try:
        per_line = page.evaluate("""() => {
            const p = document.querySelector('.body p');
            const lines = new Set([...p.getClientRects()].length ? (() => {
              const r = document.createRange(); r.selectNodeContents(p);
              return [...r.getClientRects()].map(x => Math.round(x.top)); })() : []);
            return p.textContent.length / lines.size; }""")
        assert 60 <= per_line <= 75, per_line
    finally:
        page.close()


def test_wide_screens_show_the_contents_beside_the_text_with_the_current_section(browser, site):
    page = open_page(browser, site, "kpop-soft-power.html", width=1440)
    try:
        page.locator("#economic-impact-of-cultural-export").scroll_into_view_if_needed()
        page.evaluate("document.getElementById('economic-impact-of-cultural-export')"
                      ".scrollIntoView()")
        page.wait_for_timeout(300)
        toc = page.locator(".toc").bounding_box()
        assert toc["y"] >= 0 and toc["y"] < 100  # sticky: still in view
        current = page.eval_on_selector_all(".toc a[aria-current]", "els => els.map(e => e.hash)")
        assert current == ["#economic-impact-of-cultural-export"]
    finally:
        page.close()


def test_the_page_carries_its_metadata(site):
    page = (Path(site.RequestHandlerClass.keywords["directory"]) / "custom.html").read_text("utf-8")
    for tag in ('<link rel="canonical" href="https://example.org/briefings/harbour">',
                '<meta property="og:url" content="https://example.org/briefings/harbour">',
                '<meta name="twitter:card" content="summary">',
                '<meta name="color-scheme" content="light dark">',
                '<link rel="icon" href="data:,">', '<img src="data:image/png;base64,'):
        assert tag in page


def test_a_url_that_is_not_a_web_address_is_a_located_error(write_content, capsys):
    from conftest import minimal

    path = write_content(minimal(url="www.example.org/briefing"))
    assert main([str(path), "-o", str(path.parent / "out"), "-f", "html"]) == 1
    err = capsys.readouterr().err
    assert f"{path}:5:6: url: " in err and "must start with http://" in err
