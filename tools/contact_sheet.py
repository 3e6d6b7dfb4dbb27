"""A contact sheet of a deck: every slide rendered by LibreOffice, four to a row.

    python tools/contact_sheet.py DECK.pptx OUT.png

Uses soffice (PPTX → PDF, with the bundled fonts visible) and pdftoppm.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
COLUMNS, WIDTH, GAP = 4, 300, 4


def main(deck: Path, target: Path) -> int:
    with tempfile.TemporaryDirectory() as work:
        work_dir = Path(work)
        conf = work_dir / "fonts.conf"
        conf.write_text('<?xml version="1.0"?>\n<fontconfig>\n'
                        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
                        f'  <dir>{ROOT / "templates" / "fonts"}</dir>\n</fontconfig>\n')
        env = dict(os.environ, FONTCONFIG_FILE=str(conf), HOME=work)
        subprocess.run(["soffice", f"-env:UserInstallation={(work_dir / 'p').as_uri()}",
                        "--headless", "--convert-to", "pdf", "--outdir", work, str(deck)],
                       check=True, env=env, capture_output=True, timeout=300)
        pdf = work_dir / (deck.stem + ".pdf")
        subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(work_dir / "s")],
                       check=True)
        slides = [Image.open(p).convert("RGB") for p in sorted(work_dir.glob("s-*.png"))]
    slides = [s.resize((WIDTH, round(WIDTH * s.height / s.width))) for s in slides]
    height = slides[0].height
    rows = -(-len(slides) // COLUMNS)
    sheet = Image.new("RGB", (COLUMNS * (WIDTH + GAP) - GAP, rows * (height + GAP) - GAP),
                      "white")
    for n, slide in enumerate(slides):
        sheet.paste(slide, ((n % COLUMNS) * (WIDTH + GAP), (n // COLUMNS) * (height + GAP)))
    sheet.save(target, optimize=True)
    print(f"{target}: {len(slides)} slides")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
