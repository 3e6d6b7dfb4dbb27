"""Hostile images: each is refused at load time with one located line, or built cleanly.

Damaged pictures, decompression bombs, a FIFO named x.png, SVG files that fan
out through <use> or reach outside the content folder; file names that need
percent-encoding in a URL; and the PDF's bytes, which must not depend on the
folder the content sits in.
"""

from __future__ import annotations

import base64
import io
import os
import shutil
import struct
import subprocess
import sys
import time
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import ROOT, minimal
from PIL import Image
from pypdf import PdfReader

from briefing.cli import main
from briefing.content import images

# The image's path value starts at line 5, column 13 of every content file here.
CONTENT = """\
title: Images
sections:
  - title: Picture
    image:
      path: {path}
      alt: A picture
"""
WHERE = "sections[0].image.path"


def write(folder: Path, path: str, data: bytes | str | None = None) -> Path:
    """The content file naming ``path``, and the image written at ``path`` (if data)."""
    folder.mkdir(parents=True, exist_ok=True)
    if data is not None:
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            target.write_text(data, encoding="utf-8")
        else:
            target.write_bytes(data)
    source = folder / "doc.yaml"
    source.write_text(CONTENT.format(path=f'"{path}"'), encoding="utf-8")
    return source


def picture(fmt: str, size=(120, 80)) -> bytes:
    buffer = io.BytesIO()
    Image.effect_noise(size, 40).convert("RGB").save(buffer, fmt)
    return buffer.getvalue()


def png_header(width: int, height: int) -> bytes:
    """A PNG that declares ``width`` × ``height`` pixels in a few dozen bytes."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body)))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height,
                                                                1, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b""))


def refused(tmp_path, capsys, source: Path) -> str:
    """Build every format; expect exit 1, one line, no output; return the message."""
    out = tmp_path / "out"
    code = main([str(source), "-o", str(out), "--jobs", "1"])
    err = capsys.readouterr().err
    assert code == 1, err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    prefix = f"{source}:5:13: {WHERE}: "
    assert lines[0].startswith(prefix), err
    assert not list(out.glob("doc.*"))
    return lines[0][len(prefix):]


def half(data: bytes) -> bytes:
    return data[: len(data) // 2]


@pytest.mark.parametrize(("name", "data", "message"), [
    ("empty.png", b"", "image 'empty.png' is empty (0 bytes)"),
    ("text.png", "not a picture\n", "image 'text.png' is not a PNG image Pillow can read"),
    ("cut.png", half(picture("PNG")), "image 'cut.png' is damaged"),
    ("cut.jpg", half(picture("JPEG")), "image 'cut.jpg' is damaged"),
    ("cut.gif", half(picture("GIF")), "image 'cut.gif' is damaged"),
    ("cut.webp", half(picture("WEBP")), "image 'cut.webp' is damaged"),
    ("photo.png", picture("JPEG"), "image 'photo.png' is a JPEG file, not PNG; rename it to "
                                   ".jpg or convert it"),
    ("bomb.png", png_header(30000, 30000), "image 'bomb.png' has 900,000,000 pixels; the "
                                           "limit is 50,000,000 pixels"),
    # Above Pillow's warning threshold (89 Mpx) but below its error: no raw warning.
    ("big.png", png_header(12000, 8000), "image 'big.png' has 12,000 × 8,000 = 96,000,000 "
                                         "pixels; the limit is 50,000,000"),
    ("wide.png", png_header(10000, 5001), "image 'wide.png' has 10,000 × 5,001"),
])
def test_a_damaged_or_huge_picture_is_one_located_error(tmp_path, capsys, name, data,
                                                        message):
    source = write(tmp_path / "content", name, data)
    assert refused(tmp_path, capsys, source).startswith(message)


def test_a_file_over_the_byte_limit_is_refused(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(images, "MAX_BYTES", 1000)
    data = picture("PNG")
    source = write(tmp_path / "content", "big.png", data)
    assert refused(tmp_path, capsys, source) == (
        f"image 'big.png' is {len(data):,} bytes; the limit is 1,000 bytes "
        "(save it smaller or in a compressed format)")


def test_good_pictures_of_every_type_build(tmp_path, capsys):
    for fmt, suffix in (("PNG", "png"), ("JPEG", "jpg"), ("GIF", "gif"), ("WEBP", "webp")):
        source = write(tmp_path / suffix, f"images/ok.{suffix}", picture(fmt))
        assert main([str(source), "-o", str(tmp_path / f"out-{suffix}"), "--jobs", "1",
                     "--strict"]) == 0, capsys.readouterr().err


def test_checking_the_rich_fixtures_image_is_cheap():
    image = ROOT / "tests" / "fixtures" / "rich" / "images" / "harbour.png"
    started = time.perf_counter()
    for _ in range(10):
        images.check_image(image, image.parent, "harbour.png")
    assert (time.perf_counter() - started) / 10 < 0.05


SPECIAL = """\
import sys
from briefing.cli import main
sys.exit(main([sys.argv[1], "-o", sys.argv[2], "--jobs", "1"]))
"""


@pytest.mark.parametrize("kind", ["fifo", "folder"])
def test_a_fifo_or_folder_named_png_is_not_a_regular_file_and_does_not_hang(tmp_path, kind):
    folder = tmp_path / "content"
    source = write(folder, "x.png")
    if kind == "fifo":
        os.mkfifo(folder / "x.png")
    else:
        (folder / "x.png").mkdir()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-c", SPECIAL, str(source), str(tmp_path / "out")],
                            capture_output=True, text=True, timeout=60, env=env, cwd=ROOT)
    assert result.returncode == 1, result.stderr
    what = "a special file" if kind == "fifo" else "a folder"
    assert result.stderr.strip() == (f"{source}:5:13: {WHERE}: image 'x.png' is not a regular "
                                      f"file (it is {what}); expected a picture file")


# -- SVG ------------------------------------------------------------------------

SVG = '<svg xmlns="http://www.w3.org/2000/svg" ' \
      'xmlns:xlink="http://www.w3.org/1999/xlink" width="100" height="100">{}</svg>'


def fan_out(levels: int, width: int = 10) -> str:
    """``levels`` levels of ``width`` <use> each: width ** levels shapes drawn."""
    parts = ['<defs><rect id="l0" width="1" height="1"/>']
    for level in range(1, levels + 1):
        uses = "".join(f'<use href="#l{level - 1}" x="{i}"/>' for i in range(width))
        parts.append(f'<g id="l{level}">{uses}</g>')
    parts.append(f'</defs><use href="#l{levels}"/>')
    return SVG.format("".join(parts))


def test_an_svg_fanning_out_through_use_is_refused_quickly(tmp_path, capsys):
    svg = fan_out(6)
    assert len(svg) < 2000
    source = write(tmp_path / "content", "fan.svg", svg)
    started = time.perf_counter()
    message = refused(tmp_path, capsys, source)
    assert time.perf_counter() - started < 10
    assert message == ("image 'fan.svg' draws more than 10,000 elements once its <use> "
                       "references are expanded; the limit is 10,000 (simplify it)")


def test_an_svg_within_the_limit_builds(tmp_path, capsys):
    source = write(tmp_path / "content", "fan.svg", fan_out(3))  # 1,000 rectangles
    assert main([str(source), "-f", "pdf,html", "-o", str(tmp_path / "out"), "--jobs", "1",
                 "--strict"]) == 0, capsys.readouterr().err


LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE svg [<!ENTITY a "haha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>
<svg xmlns="http://www.w3.org/2000/svg"><text>&b;</text></svg>
"""


@pytest.mark.parametrize(("svg", "message"), [
    (LAUGHS, "image 'x.svg' line 2: ENTITY declarations are not allowed"),
    (SVG.format('<g id="a"><use href="#a"/></g>'),
     "image 'x.svg': a <use> draws an element that contains it"),
    (SVG.format('<image href="http://127.0.0.1:9/x.png" width="9" height="9"/>'),
     "image 'x.svg' line 1: <image> refers to 'http://127.0.0.1:9/x.png'; an SVG image may "
     "draw only files in the content folder"),
    (SVG.format('<image xlink:href="file:///etc/hosts" width="9" height="9"/>'),
     "image 'x.svg' line 1: <image> refers to 'file:///etc/hosts'"),
    (SVG.format('<image href="../outside.png" width="9" height="9"/>'),
     "image 'x.svg' line 1: <image> refers to '../outside.png', outside the content folder"),
    (SVG.format('<use href="other.svg#a"/>'),
     "image 'x.svg' line 1: <use> refers to 'other.svg#a'; only #id references"),
    (SVG.format('<rect fill="url(http://127.0.0.1:9/p)" width="9" height="9"/>'),
     "image 'x.svg' line 1: url(http://127.0.0.1:9/p) refers outside the SVG"),
    (SVG.format('<style>@import url(x.css);</style>'),
     "image 'x.svg' line 1: @import is not allowed"),
    (SVG.format('<image href="missing.png" width="9" height="9"/>'),
     "image 'x.svg' line 1: <image> 'missing.png' does not exist"),
    ('<html><body/></html>', "image 'x.svg' line 1: the root element is <html>, not <svg>"),
    (SVG.format("<g>" * 100 + "</g>" * 100),
     "image 'x.svg' line 1: elements are nested more than 100 levels deep"),
    ("<svg", "image 'x.svg' is not a valid SVG file: unclosed token at line 1"),
])
def test_a_hostile_svg_is_one_located_error(tmp_path, capsys, svg, message):
    (tmp_path / "outside.png").write_bytes(picture("PNG"))
    source = write(tmp_path / "content", "x.svg", svg)
    assert refused(tmp_path, capsys, source).startswith(message)


def test_an_svg_with_a_plain_doctype_builds(tmp_path, capsys):
    svg = ('<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
           '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'
           + SVG.format('<rect width="50" height="50" fill="url(#g)"/>'
                        '<linearGradient id="g"><stop offset="0"/></linearGradient>'))
    source = write(tmp_path / "content", "x.svg", svg)
    assert main([str(source), "-f", "pdf", "-o", str(tmp_path / "out"), "--jobs", "1",
                 "--strict"]) == 0, capsys.readouterr().err


def test_a_damaged_picture_inside_an_svg_is_refused(tmp_path, capsys):
    folder = tmp_path / "content"
    (folder / "images").mkdir(parents=True)
    (folder / "images" / "inner.png").write_bytes(half(picture("PNG")))
    source = write(folder, "images/x.svg",
                   SVG.format('<image href="inner.png" width="9" height="9"/>'))
    assert refused(tmp_path, capsys, source).startswith(
        "image 'images/x.svg' line 1: <image> 'inner.png' is damaged")


def test_replacing_a_picture_an_svg_draws_rebuilds_the_pdf(tmp_path, capsys):
    folder = tmp_path / "content"
    (folder / "images").mkdir(parents=True)
    inner = folder / "images" / "inner.png"
    inner.write_bytes(picture("PNG", (60, 60)))
    source = write(folder, "images/x.svg",
                   SVG.format('<image href="inner.png" width="60" height="60"/>'))
    out = tmp_path / "out"
    args = [str(source), "-f", "pdf", "-o", str(out), "--jobs", "1"]
    assert main(args) == 0
    first = (out / "doc.pdf").read_bytes()
    assert main(args) == 0
    assert "1 output(s) up to date" in capsys.readouterr().out
    Image.new("RGB", (60, 60), "red").save(inner)
    assert main(args) == 0
    assert "up to date" not in capsys.readouterr().out
    assert (out / "doc.pdf").read_bytes() != first


# -- URLs and bytes ----------------------------------------------------------------

class _Sources(HTMLParser):
    def __init__(self):
        super().__init__()
        self.sources: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.sources.append(dict(attrs)["src"])


def image_xobjects(pdf: Path) -> int:
    """How many different images the PDF's pages draw (pages share one resource list)."""
    found = set()
    for page in PdfReader(pdf).pages:
        for ref in page["/Resources"].get("/XObject", {}).values():
            if ref.get_object()["/Subtype"] == "/Image":
                found.add(ref.idnum)
    return len(found)


@pytest.mark.parametrize("name", ["images/chart #1.png", "q?.png", "100%.png",
                                  "images/쓰기 & more.png"])
def test_file_names_needing_percent_encoding_work_in_html_and_pdf(tmp_path, capsys, name):
    source = write(tmp_path / "content", name, picture("PNG"))
    out = tmp_path / "out"
    assert main([str(source), "-f", "html,pdf", "-o", str(out), "--jobs", "1",
                 "--strict"]) == 0, capsys.readouterr().err
    page = _Sources()
    page.feed((out / "doc.html").read_text("utf-8"))
    [src] = page.sources
    # The web page carries its pictures inside (data: URIs), whatever their file names.
    assert src.startswith("data:image/png;base64,")
    assert base64.b64decode(src.split(",", 1)[1]) == (source.parent / name).read_bytes()
    assert image_xobjects(out / "doc.pdf") == 1


def test_the_pdf_does_not_depend_on_the_folder_it_is_built_in(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first = tmp_path / "a" / "content"
    write(first, "images/chart.png", picture("PNG"))
    second = tmp_path / "somewhere" / "else" / "content"
    shutil.copytree(first, second)
    built = []
    for folder in (first, second):
        out = folder.parent / "out"
        assert main([str(folder / "doc.yaml"), "-f", "pdf", "-o", str(out), "--jobs", "1"]) == 0
        built.append((out / "doc.pdf").read_bytes())
    assert image_xobjects(first.parent / "out" / "doc.pdf") == 1
    assert built[0] == built[1]


def test_a_cut_picture_is_refused_after_weasyprint_was_imported(write_content, tmp_path,
                                                                capsys):
    """WeasyPrint turns Pillow's LOAD_TRUNCATED_IMAGES on for the whole process when it is
    imported; the check must not depend on whether a PDF was made before in a worker."""
    from briefing.pdf.engine import import_weasyprint

    import_weasyprint()
    from PIL import ImageFile

    assert ImageFile.LOAD_TRUNCATED_IMAGES  # the premise: WeasyPrint's global setting
    images = tmp_path / "content" / "images"
    images.mkdir(parents=True)
    (images / "cut.jpg").write_bytes(picture("JPEG")[:-600])
    source = write_content(minimal(sections=[{"title": "Picture", "image": {
        "path": "images/cut.jpg", "alt": "A picture"}}]))
    out = tmp_path / "out"
    assert main([str(source), "-o", str(out), "--jobs", "1", "--check"]) == 1
    assert "is damaged" in capsys.readouterr().err
