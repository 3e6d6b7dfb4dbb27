"""Content text inside HTML attributes comes back exactly as written, and adds nothing.

Quotes, angle brackets, ampersands and attribute-looking text (``x" onerror="alert(1)``)
go into every content field the template prints inside an attribute: the page's
<meta> content (title, subtitle, author, organization, topics), the cover's
aria-label, the headings' data-label and data-running, the image's alt and src, the
chart's aria-label, the links' href. The written web page is parsed with the standard
library's HTML parser: each value must read back unchanged, and the page must have the
same elements and attribute names as the same briefing with those characters taken out.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import jinja2
import yaml
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from briefing.content import load_briefing
from briefing.html import render_html, write_html
from briefing.theme import load_theme

THEME = load_theme()
SNIPPETS = ['x" onerror="alert(1)', "x' onerror='alert(1)", '"><script>alert(1)</script>',
            "<img src=x onerror=alert(1)>", "&amp;", "&quot;", "&#34;", "&lt;b&gt;", "a=b",
            '" data-x="1', "</title><script>", "<!--", "-->", "{{ 7*7 }}", "'", '"', "&"]
DANGEROUS = "\"'<>&="
PIXEL = bytes.fromhex(  # a 1 × 1 PNG
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6360606060000000050001a5f645400000000049454e44ae426082")
IMAGES = ['a"b.png', "x'y&z.png", "<i>.png", "q=1&r=2.png", 'x" onerror="alert(1).png',
          "plain.png"]
# A broad alphabet without control characters and non-characters (category Cn, with the
# unassigned code points): the loader refuses those, as no output can hold them.
chars = st.characters(blacklist_categories=("Cs", "Cc", "Cn"))
piece = st.one_of(st.sampled_from(SNIPPETS), st.text(chars, min_size=1, max_size=10),
                  st.text(st.sampled_from(DANGEROUS + " x"), min_size=1, max_size=6))
hostile = st.lists(piece, min_size=1, max_size=4).map("".join).filter(str.strip)
url = st.builds(lambda scheme, tail: f"{scheme}://example.org/{tail}",
                st.sampled_from(["http", "https"]),
                st.text(st.sampled_from(DANGEROUS + "/?#;%()x1"), max_size=20))


def tame(text: str) -> str:
    """``text`` with the characters that could break out of an attribute taken out."""
    return "".join("x" if c in DANGEROUS else c for c in text)


@st.composite
def fields(draw) -> dict:
    """The attribute-bound texts of one briefing (and the image file it shows)."""
    optional = {name: draw(st.none() | hostile)
                for name in ("subtitle", "author", "organization")}
    return {
        "title": draw(hostile), **optional,
        "topics": draw(st.lists(hostile, max_size=3)),
        "sections": draw(st.lists(hostile, min_size=2, max_size=3)),
        "alt": draw(hostile), "image": draw(st.sampled_from(IMAGES)),
        "chart_caption": draw(st.none() | hostile), "unit": draw(st.none() | hostile),
        "chart_kind": draw(st.sampled_from(["bar", "column", "line", "pie"])),
        "points": draw(st.lists(st.tuples(hostile, st.integers(1, 999)), min_size=1,
                                max_size=3)),
        "links_title": draw(hostile),
        "links": draw(st.lists(st.tuples(hostile, url), min_size=1, max_size=2)),
        "markdown": draw(hostile),
    }


def briefing_data(f: dict, plain) -> dict:
    """The briefing, with ``plain`` applied to every plain-text field."""
    first, *others = f["sections"]
    data = {"title": plain(f["title"]), "lang": "en"}
    data.update({k: plain(f[k]) for k in ("subtitle", "author", "organization") if f[k]})
    if f["topics"]:
        data["topics"] = [plain(t) for t in f["topics"]]
    chart = {"kind": f["chart_kind"],
             "data": [{"label": plain(label), "value": value} for label, value in f["points"]]}
    if f["chart_caption"]:
        chart["caption"] = f["chart_caption"]  # Markdown: the same in both versions
    if f["unit"]:
        chart["unit"] = plain(f["unit"])
    data["sections"] = [
        {"title": plain(first), "body": f["markdown"], "chart": chart,
         "image": {"path": f["image"], "alt": plain(f["alt"]), "caption": f["markdown"]}},
        *({"title": plain(t), "highlights": [f["markdown"]], "quote": f["markdown"]}
          for t in others),
    ]
    data["links"] = {"title": plain(f["links_title"]),
                     "items": [{"title": plain(t), "url": u, "note": f["markdown"]}
                               for t, u in f["links"]]}
    return data


class Page(HTMLParser):
    """Every start tag with its attributes, and the text inside each element by tag."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None], list[tuple[str, str | None]]]] = []
        self.open: list[int] = []
        self.texts: dict[int, str] = {}
        self.feed(page)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs), attrs))
        if tag not in ("meta", "img", "br", "link", "rect", "line", "circle", "path",
                       "polyline"):
            self.open.append(len(self.tags) - 1)

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs), attrs))

    def handle_endtag(self, tag):
        if self.open and self.tags[self.open[-1]][0] == tag:
            self.open.pop()

    def handle_data(self, data):
        for index in self.open[-1:]:
            self.texts[index] = self.texts.get(index, "") + data

    def find(self, tag: str, **attrs) -> list[dict[str, str | None]]:
        return [a for t, a, _ in self.tags
                if t == tag and all(a.get(k) == v for k, v in attrs.items())]

    def text(self, tag: str, **attrs) -> list[str]:
        return [self.texts.get(i, "") for i, (t, a, _) in enumerate(self.tags)
                if t == tag and all(a.get(k) == v for k, v in attrs.items())]

    def shape(self) -> list[tuple[str, tuple[str, ...]]]:
        """Elements and attribute names, in order: what injected markup would change."""
        return [(t, tuple(name for name, _ in pairs)) for t, _, pairs in self.tags]


def running(text: str) -> str:
    """What the template's ``truncate(60, end='…', leeway=0)`` makes of a heading."""
    return jinja2.filters.do_truncate(jinja2.Environment(), text, 60, False, "…", 0)


def chart_alt(f: dict, caption_plain: str | None) -> str:
    head = caption_plain if f["chart_caption"] else f"{f['chart_kind']} chart"
    unit = f" ({f['unit']})" if f["unit"] else ""
    return f"{head}{unit}: " + "; ".join(f"{label} {value}" for label, value in f["points"])


def written_page(folder: Path, data: dict, name: str, *, web: bool = False) -> str:
    """The page WeasyPrint lays out for the PDF (the print page), or the web page."""
    content = folder / "content"
    content.mkdir(exist_ok=True)
    for image in IMAGES:  # real pictures: the loader checks every image it is given
        (content / image).write_bytes(PIXEL)
    path = content / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    if not web:
        return render_html(load_briefing(path), THEME)
    target = folder / "out" / f"{name}.html"
    target.parent.mkdir(exist_ok=True)
    write_html(load_briefing(path), THEME, target)
    return target.read_text("utf-8")


ATTACK = 'x" onerror="alert(1)'
EVERYWHERE = {  # the attack in every field at once: a quick, certain first example
    "title": ATTACK, "subtitle": ATTACK, "author": ATTACK, "organization": ATTACK,
    "topics": [ATTACK, "<b>&amp;'"], "sections": [ATTACK, "'><script>"], "alt": ATTACK,
    "image": IMAGES[4], "chart_caption": ATTACK, "unit": ATTACK, "chart_kind": "bar",
    "points": [(ATTACK, 1)], "links_title": ATTACK,
    "links": [(ATTACK, 'https://example.org/"onerror="x')], "markdown": ATTACK,
}


@settings(max_examples=60, deadline=None,
          phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                 HealthCheck.data_too_large])
@given(fields())
@example(EVERYWHERE)
def test_attribute_values_come_back_exactly_and_add_no_markup(tmp_path, f):
    data = briefing_data(f, lambda text: text)
    page = Page(written_page(tmp_path, data, "hostile"))
    briefing = load_briefing(tmp_path / "content" / "hostile.yaml")

    # <head>: the document's title and its <meta> fields.
    assert page.text("title")[0] == f["title"]
    by_name = {a["name"]: a["content"] for a in page.find("meta") if "name" in a}
    if f["author"] or f["organization"]:
        assert by_name["author"] == (f["author"] or f["organization"])
    if f["subtitle"]:
        assert by_name["description"] == f["subtitle"]
    if f["topics"]:
        assert by_name["keywords"] == ", ".join(f["topics"])
    # The cover and the headings.
    assert [a["aria-label"] for a in page.find("section", **{"class": "cover"})] == [f["title"]]
    assert [a["data-running"] for a in page.find("h1")] == [running(f["title"])]
    labels = [f"{n}. {t}" for n, t in enumerate(f["sections"], start=1)]
    headings = [a for a in page.find("h2") if "data-label" in a]
    assert [a["data-label"] for a in headings] == [*labels, f["links_title"]]
    assert [a["data-running"] for a in headings[:-1]] == [running(label) for label in labels]
    # The image: alt text as written, and the file it names.
    assert [(a["alt"], unquote(urlsplit(a["src"]).path)) for a in page.find("img")] == [
        (f["alt"], str((tmp_path / "content" / f["image"]).resolve()))]
    # The chart's text alternative, as an attribute and as the SVG's <title>.
    caption = briefing.sections[0].chart.caption
    alt = chart_alt(f, caption.plain if caption else None)
    assert [a["aria-label"] for a in page.find("svg")] == [alt]
    titles = page.text("title")
    assert titles[:2] == [f["title"], alt]
    # each mark of a bar, column or line chart is titled with its point's label, as written
    marks = [] if f["chart_kind"] == "pie" else f["points"]
    assert len(titles) == 2 + len(marks)
    assert all(label in title for title, (label, _) in zip(titles[2:], marks,
                                                           strict=True))
    # Links: both anchors of each item point at the URL as written.
    assert [a["href"] for a in page.find("a", **{"class": "title"})] == [u for _, u in f["links"]]
    assert [a["href"] for a in page.find("a", **{"class": "url"})] == [u for _, u in f["links"]]
    assert page.text("a", **{"class": "title"}) == [t for t, _ in f["links"]]

    # Nothing injected: the same elements and attribute names as without the characters
    # that could end an attribute or start a tag, and no script or event handler at all.
    plain = Page(written_page(tmp_path, briefing_data(f, tame), "tame"))
    assert page.shape() == plain.shape()
    assert not [t for t, _, _ in page.tags if t in ("script", "iframe", "object", "embed")]
    assert not [(t, n) for t, _, pairs in page.tags for n, _ in pairs if n.startswith("on")]


@settings(max_examples=25, deadline=None,
          phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                 HealthCheck.data_too_large])
@given(fields())
@example(EVERYWHERE)
def test_the_web_page_carries_attribute_values_exactly_and_adds_no_markup(tmp_path, f):
    """The stand-alone web page has its own template: the same promise, read from it."""
    page = Page(written_page(tmp_path, briefing_data(f, lambda text: text), "hostile",
                             web=True))
    by_name = {a["name"]: a["content"] for a in page.find("meta") if "name" in a}
    by_property = {a["property"]: a["content"] for a in page.find("meta") if "property" in a}
    assert page.text("title")[0] == f["title"]
    assert by_property["og:title"] == f["title"]
    if f["author"] or f["organization"]:
        assert by_name["author"] == (f["author"] or f["organization"])
    if f["subtitle"]:
        assert by_name["description"] == f["subtitle"]
    if f["topics"]:
        assert by_name["keywords"] == ", ".join(f["topics"])
    assert [a["alt"] for a in page.find("img")] == [f["alt"]]
    assert [a["href"] for a in page.find("a") if a.get("href") in
            {u for _, u in f["links"]}] == [u for _, u in f["links"]]
    plain = Page(written_page(tmp_path, briefing_data(f, tame), "tame", web=True))
    assert page.shape() == plain.shape()
    scripts = [t for t, _, _ in plain.tags if t == "script"]  # the page's own, inline
    assert [t for t, _, _ in page.tags if t == "script"] == scripts
    assert not [t for t, _, _ in page.tags if t in ("iframe", "object", "embed")]
    assert not [(t, n) for t, _, pairs in page.tags for n, _ in pairs if n.startswith("on")]
