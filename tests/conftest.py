"""Shared test helpers: content builders, the seed article, one cached build of the seed."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import threading
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from briefing.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEED_YAML = ROOT / "content" / "kpop-soft-power.yaml"
SEED_TEXT = Path(__file__).parent / "fixtures" / "seed.txt"


def needs(tool: str) -> str:
    """Path of an external tool (pdftoppm, soffice …); skip without it, but fail under CI.

    A fresh clone with only Python and Pango runs every other test; CI (CI=true)
    installs these tools, so there a missing tool is an error, not a skip.
    """
    found = shutil.which(tool)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"{tool} is required in CI (.ci/run installs it)")
        pytest.skip(f"{tool} is not installed")
    return found


def wait_until(condition, timeout: float = 60, step: float = 0.01) -> bool:
    """Poll ``condition`` until it holds (True) or ``timeout`` seconds pass (False)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return False


def libreoffice_pdf(decks: dict[str, Path], work: Path, carlito: bool = True) -> dict[str, Path]:
    """Decks ({name: .pptx}) converted to PDF by LibreOffice in one run: {name: .pdf}.

    A private profile, so parallel runs do not clash, and a Fontconfig file that
    adds the bundled fonts to the system ones (NanumGothic, for Hangul, is bundled).
    ``carlito=False`` hides Carlito (bundled and system): LibreOffice then lays out
    "Calibri" with DejaVu Sans, as on a machine without fonts-crosextra-carlito.
    """
    work.mkdir(parents=True, exist_ok=True)
    hide = ("" if carlito else "  <selectfont><rejectfont><glob>*Carlito*</glob>"
            "</rejectfont></selectfont>\n")
    fonts = work / "fonts.conf"
    fonts.write_text('<?xml version="1.0"?>\n<fontconfig>\n'
                     '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
                     f'  <dir>{ROOT / "templates" / "fonts"}</dir>\n{hide}</fontconfig>\n')
    env = dict(os.environ, FONTCONFIG_FILE=str(fonts), HOME=str(work))
    for name, deck in decks.items():
        (work / f"{name}.pptx").write_bytes(deck.read_bytes())
    subprocess.run([needs("soffice"), f"-env:UserInstallation={(work / 'profile').as_uri()}",
                    "--headless", "--convert-to", "pdf", "--outdir", str(work),
                    *(str(work / f"{name}.pptx") for name in decks)],
                   check=True, env=env, capture_output=True, timeout=240)
    return {name: work / f"{name}.pdf" for name in decks}


def overlapping_words(found) -> list[tuple]:
    """Pairs of words (``test_deck_render.words`` output) on one page whose boxes overlap
    by more than a quarter of the smaller word's height: glyph boxes (ascent + descent) of
    adjacent lines touch, a real overlap covers more. Each as (page, word, other)."""
    by_page: dict[int, list] = {}
    for page, _, _, word, box in found:
        by_page.setdefault(page, []).append((word, box))
    clashes = []
    for page, items in by_page.items():
        for i, (word, a) in enumerate(items):
            for other, b in items[i + 1:]:
                overlap_x = min(a[2], b[2]) - max(a[0], b[0])
                overlap_y = min(a[3], b[3]) - max(a[1], b[1])
                least = min(a[3] - a[1], b[3] - b[1])
                if overlap_x > 1 and overlap_y > 0.25 * least:
                    clashes.append((page, word, other))
    return clashes


def outside_words(found) -> list[tuple]:
    """Words whose box reaches past their page's edge, as (page, word)."""
    return [(page, word) for page, width, height, word, (x0, y0, x1, y1) in found
            if x0 < 0 or y0 < 0 or x1 > width + 0.5 or y1 > height + 0.5]


def _run_color(rpr, scheme: dict[str, str]) -> str | None:
    from pptx.oxml.ns import qn

    from briefing.deck.colors import modify

    fill = rpr.find(qn("a:solidFill")) if rpr is not None else None
    if fill is None or not len(fill):
        return None
    node = fill[0]
    tag = node.tag.split("}")[1]
    value = ("#" + node.get("val")) if tag == "srgbClr" else scheme[node.get("val")]
    mods = {m.tag.split("}")[1]: int(m.get("val")) / 100000 for m in node}
    return modify(value, mods.get("lumMod", 1.0), mods.get("lumOff", 0.0))


def run_contrasts(deck: Path) -> list[tuple]:
    """Every text run of a deck with its colour against what is behind it (the slide's
    background and shapes under the frame; a table cell's fill): (slide number, shape
    name, text, colour, behind, worst contrast)."""
    from pptx import Presentation
    from pptx.oxml.ns import qn

    from briefing.deck.backdrop import Backdrops
    from briefing.deck.colors import contrast
    from briefing.deck.oxml import theme as oxml_theme

    prs = Presentation(str(deck))
    backdrops = Backdrops(prs)
    found = []
    for number, slide in enumerate(prs.slides, start=1):
        scheme = oxml_theme.master_colors(slide.slide_layout.slide_master)
        for shape in slide.shapes:
            if shape.has_text_frame:
                box = (shape.left, shape.top, shape.width, shape.height)
                frames = [(shape.text_frame, backdrops.behind(slide, box))]
            elif shape.has_table:
                frames = []
                for row in shape.table.rows:
                    for cell in row.cells:
                        fill = cell._tc.tcPr.find(qn("a:solidFill"))
                        frames.append((cell.text_frame, [_run_color(
                            cell._tc.tcPr, scheme) if fill is not None else "#FFFFFF"]))
            else:
                continue
            for frame, behind in frames:
                for p in frame.paragraphs:
                    for r in p.runs:
                        if not r.text.strip():
                            continue
                        rpr = r._r.find(qn("a:rPr"))
                        linked = rpr is not None and rpr.find(qn("a:hlinkClick")) is not None
                        color = scheme["hlink"] if linked else _run_color(rpr, scheme)
                        assert color is not None, (number, r.text)
                        worst = min(contrast(color, bg) for bg in behind)
                        found.append((number, shape.name, r.text, color, behind,
                                      round(worst, 2)))
    return found


def minimal(**fields) -> dict:
    """The smallest valid briefing, with ``fields`` added or replaced."""
    data = {"title": "Water Security Outlook",
            "sections": [{"title": "Overview", "body": "Reservoirs are at 61 percent."}]}
    data.update(fields)
    return data


def dump(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@pytest.fixture
def write_content(tmp_path):
    """Write a content file from a dict (dumped as YAML) or raw text; return its path."""

    def write(data, name: str = "doc.yaml") -> Path:
        folder = tmp_path / "content"
        folder.mkdir(exist_ok=True)
        path = folder / name
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data if isinstance(data, str) else dump(data), encoding="utf-8")
        return path

    return write


def copy_seed(target: Path) -> Path:
    """The seed content file copied to ``target``, with the data files it reads (its
    chart's CSV) beside it, as a user would copy a briefing's folder."""
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(SEED_YAML, target)
    if not (target.parent / "data").exists():
        shutil.copytree(SEED_YAML.parent / "data", target.parent / "data")
    return target


@contextlib.contextmanager
def serving(server_class, handler):
    """A threaded server of ``server_class`` on a free loopback port answering with
    ``handler``, for the duration of the block: yields its base URL."""
    server = server_class(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


# A briefing on a topic the project never saw, for tests of what a new user builds.
URBAN_HEAT = {
    "title": "Urban Heat Adaptation", "subtitle": "Cooling cities for 2030",
    "topics": ["Green roofs", "Shade"], "date": "2026-06-01", "author": "Climate Desk",
    "sections": [
        {"title": "Why heat matters", "body": "Heatwaves are getting **longer**.\n\n"
         "- Hospital admissions rise\n- Productivity falls",
         "stats": [{"value": "+1.8 °C", "label": "summer mean since 1990"}]},
        {"title": "Measures", "table": {"columns": ["Measure", "Cost"],
                                        "rows": [["Street trees", "Low"],
                                                 ["Cool roofs", "Medium"]]},
         "chart": {"kind": "line", "caption": "Hot days a year",
                   "data": [{"label": "2000", "value": 4}, {"label": "2020", "value": 11}]}},
    ],
    "links": {"items": [{"title": "WMO", "url": "https://wmo.int/"}]},
}


def seed_sentences() -> list[str]:
    """Every sentence of the seed's prose (the sections' paragraphs), as written."""
    sentences = []
    for line in SEED_TEXT.read_text(encoding="utf-8").splitlines():
        if len(line) > 120 and not line.startswith("|") and "·" not in line:
            sentences += re.split(r"(?<=[.!?”])\s+(?=[A-Z])", line.strip())
    return sentences


def seed_table_cells() -> list[str]:
    cells = []
    for line in SEED_TEXT.read_text(encoding="utf-8").splitlines():
        if line.startswith("|") and "---" not in line:
            cells += [c.strip() for c in line.strip("|").split("|")]
    return cells


def squash(text: str) -> str:
    """Without white space or hyphens, which line breaks and hyphenation add."""
    return re.sub(r"[\s\-\u2010\u00ad]+", "", text)


class _TextOnly(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)


def pdf_body_text(path, body_size: float = 10.5, column_right_mm: float = 130) -> str:
    """The PDF's running text as a reader follows it, page after page: the lines of the
    text column (left of ``column_right_mm``) set at the body size or larger, read with
    pdftotext's word boxes. Left out: the running header and footer, footnotes, captions,
    table cells and the side column's stats and quotes, which are smaller or beside the
    column, so a sentence that goes on over a page or past a footnote reads on."""
    import html as entities

    layout = subprocess.run([needs("pdftotext"), "-bbox-layout", str(path), "-"],
                            capture_output=True, text=True, check=True).stdout
    right = column_right_mm * 72 / 25.4
    lines = []
    for box, words in re.findall(r'<line (xMin="[^>]*)>(.*?)</line>', layout, re.S):
        x0, y0, x1, y1 = (float(v) for v in re.findall(r'"([0-9.]+)"', box))
        if x1 <= right and y1 - y0 >= body_size - 0.5:
            lines.append(" ".join(entities.unescape(w) for w in re.findall(
                r"<word [^>]*>(.*?)</word>", words)))
    return "\n".join(lines)


def html_text(page: str) -> str:
    """An HTML page's text, entities decoded and white space collapsed."""
    parser = _TextOnly()
    parser.feed(page)
    return " ".join(" ".join(parser.parts).split())


def deck_texts(path) -> list[str]:
    """Every text of a deck: text frames, table cells and speaker notes."""
    from pptx import Presentation

    parts = []
    for slide in Presentation(str(path)).slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if shape.has_table:
                parts += [cell.text for row in shape.table.rows for cell in row.cells]
        if slide.has_notes_slide:
            parts.append(slide.notes_slide.notes_text_frame.text)
    return parts


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory) -> dict[str, Path]:
    """The seed built once, in-process, into a temporary folder: {format: path}."""
    out = tmp_path_factory.mktemp("seed-output")
    assert main([str(SEED_YAML), "--output", str(out)]) == 0
    return {fmt: out / f"kpop-soft-power.{fmt}" for fmt in ("pdf", "pptx", "html")}
