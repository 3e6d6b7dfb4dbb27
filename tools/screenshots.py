#!/usr/bin/env python3
"""Render the README's pictures from the sample briefing, so they stay current.

    python tools/screenshots.py          # everything
    python tools/screenshots.py --web    # the web page only

Builds content/kpop-soft-power.yaml into a temporary folder, then renders PDF
pages with pdftoppm and deck slides through LibreOffice (soffice → PDF →
pdftoppm) into docs/. Needs poppler-utils and libreoffice-impress. The web
page is photographed in Chromium (Playwright, /usr/bin/chromium) at phone and
desktop widths, light and dark.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SEED = ROOT / "content" / "kpop-soft-power.yaml"

# (picture, source, page number or slide kind): what the README shows.
PICTURES = [
    ("pdf-cover", "pdf", 1),
    ("pdf-contents", "pdf", 2),
    ("pdf-body", "pdf", 3),
    ("pdf-links", "pdf", -1),
    ("deck-title", "pptx", "title"),
    ("deck-section", "pptx", "section"),
    ("deck-table", "pptx", "table"),
]


# (picture, viewport width, height, colour scheme): the web page's first screen.
WEB_PICTURES = [
    ("web-390", 390, 844, "light"),
    ("web-1440", 1440, 900, "light"),
    ("web-dark-390", 390, 844, "dark"),
]
CHROMIUM = "/usr/bin/chromium"


def web_snapshots(page: Path) -> list[Path]:
    """Screenshots of the web page ``page`` into docs/, one per WEB_PICTURES entry."""
    from playwright.sync_api import sync_playwright

    made = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM,
                                    args=["--no-sandbox", "--disable-gpu", "--no-first-run"])
        for name, width, height, scheme in WEB_PICTURES:
            tab = browser.new_page(viewport={"width": width, "height": height},
                                   color_scheme=scheme)
            tab.goto(page.as_uri())
            tab.evaluate("document.fonts.ready.then(() => true)")
            target = DOCS / f"{name}.png"
            tab.screenshot(path=str(target))
            made.append(target)
            tab.close()
        browser.close()
    return made


def slide_number(kind: str) -> int:
    """The first slide of ``kind`` in the sample's slide plan (from 1)."""
    sys.path.insert(0, str(ROOT))
    from briefing.content import load_briefing
    from briefing.deck import plan_deck

    kinds = [slide.kind for slide in plan_deck(load_briefing(SEED))]
    return kinds.index(kind) + 1


def run(*cmd: str, cwd: Path | None = None) -> None:
    subprocess.run(cmd, check=True, cwd=cwd, stdout=subprocess.DEVNULL)


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True)
    return int(next(line.split()[-1] for line in info.stdout.splitlines()
                    if line.startswith("Pages:")))


def snapshot(pdf: Path, number: int, name: str, dpi: int) -> Path:
    """Render one page of ``pdf`` (negative numbers count from the end) to docs/NAME.png."""
    if number < 0:
        number = page_count(pdf) + 1 + number
    target = DOCS / name
    run("pdftoppm", "-r", str(dpi), "-png", "-singlefile", "-f", str(number), "-l", str(number),
        str(pdf), str(target))
    return target.with_suffix(".png")


def main() -> int:
    DOCS.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        if "--web" in sys.argv[1:]:
            run(sys.executable, str(ROOT / "build.py"), str(SEED), "-o", str(out), "-f", "html")
            for picture in web_snapshots(out / "kpop-soft-power.html"):
                print(picture.relative_to(ROOT))
            return 0
        run(sys.executable, str(ROOT / "build.py"), str(SEED), "-o", str(out), "--force")
        for picture in web_snapshots(out / "kpop-soft-power.html"):
            print(picture.relative_to(ROOT))
        slides_pdf = out / "deck" / "kpop-soft-power.pdf"
        run("soffice", f"-env:UserInstallation=file://{out}/lo-profile", "--headless",
            "--convert-to", "pdf", "--outdir", str(slides_pdf.parent),
            str(out / "kpop-soft-power.pptx"))
        sources = {"pdf": out / "kpop-soft-power.pdf", "pptx": slides_pdf}
        for name, kind, number in PICTURES:
            if isinstance(number, str):
                number = slide_number(number)
            dpi = 50 if kind == "pdf" else 40
            print(snapshot(sources[kind], number, name, dpi).relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
