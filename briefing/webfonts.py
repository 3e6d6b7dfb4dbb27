"""The bundled fonts as WOFF2 subsets for the web page: exactly the characters it shows.

The faces are the ones templates/fonts/fonts.css declares (family, weight,
style, unicode-range and file), so the page draws Latin text, Hangul and
colour emoji with the same fonts as the PDF on a machine that has none of
them. Each face keeps only the characters of the page that fall in its
unicode-range (and that the font has), and is written as a data: URI, so the
page needs no other file. Subsetting costs ~0.2–0.5 s a face: results are
cached per user, keyed on the font file's stamp and the character set.
"""

from __future__ import annotations

import base64
import hashlib
import io
import logging
from html.parser import HTMLParser
from pathlib import Path

from .cache import entry_name, read_json, write_json
from .fontfaces import faces
from .paths import FONTS_CSS


class _Text(HTMLParser):
    """Every character a reader can see: text and the alt text of images."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.chars: set[str] = set()
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("style", "script", "title"):
            self._skip += 1
        alt = dict(attrs).get("alt")
        if alt:
            self.chars.update(alt)

    def handle_endtag(self, tag):
        if tag in ("style", "script", "title"):
            self._skip = max(self._skip - 1, 0)

    def handle_data(self, data):
        if not self._skip:
            self.chars.update(data)


def page_chars(html: str, extra: str = "") -> str:
    """The characters ``html`` shows (plus ``extra``: generated content), sorted."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    return "".join(sorted((parser.chars | set(extra)) - set("\n\r\t")))


def font_face_css(chars: str, css: Path = FONTS_CSS) -> str:
    """@font-face rules with WOFF2 data: URIs for the faces ``chars`` needs."""
    rules = []
    for face in faces(css):
        wanted = "".join(c for c in chars if face.covers(c))
        if not wanted.strip():
            continue
        data, codes = subset_woff2(face.file, wanted)
        if not codes:
            continue
        rules.append(
            "@font-face {\n"
            f'  font-family: "{face.family}";\n'
            f"  src: url(data:font/woff2;base64,{base64.b64encode(data).decode('ascii')})"
            ' format("woff2");\n'
            f"  font-weight: {face.weight};\n  font-style: {face.style};\n"
            "  font-display: block;\n"
            f"  unicode-range: {_unicode_range(codes)};\n"
            "}\n")
    return "".join(rules)


def subset_woff2(font: Path, chars: str) -> tuple[bytes, list[int]]:
    """``font`` cut down to ``chars`` as WOFF2, and the code points it maps (cached)."""
    digest = hashlib.sha256(chars.encode("utf-8")).hexdigest()[:20]
    name = entry_name(font, "woff2", digest)
    cached = read_json("webfonts", name) if name else None
    if cached:
        return base64.b64decode(cached["woff2"]), cached["codes"]
    data, codes = _subset(font, chars)
    if name:
        write_json("webfonts", name, {"woff2": base64.b64encode(data).decode("ascii"),
                                      "codes": codes})
    return data, codes


def _subset(font: Path, chars: str) -> tuple[bytes, list[int]]:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    logging.getLogger("fontTools").setLevel(logging.ERROR)  # "TSI0 NOT subset" and the like
    options = subset.Options()
    options.flavor = "woff2"
    options.hinting = False
    options.drop_tables += ["DSIG", "TSI0", "TSI1", "TSI2", "TSI3", "TSI5"]
    # The font file's own dates, not the clock: the same page gives the same bytes.
    with TTFont(str(font), lazy=True, recalcTimestamp=False) as loaded:
        codes = sorted(set(map(ord, chars)) & set(loaded.getBestCmap()))
        if not codes:
            return b"", []
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=codes)
        subsetter.subset(loaded)
        out = io.BytesIO()
        loaded.flavor = "woff2"
        loaded.save(out)
    return out.getvalue(), codes


def _unicode_range(codes: list[int]) -> str:
    """Code points as a compact CSS unicode-range: U+41-5A, U+AC00."""
    runs: list[list[int]] = []
    for code in codes:
        if runs and code == runs[-1][1] + 1:
            runs[-1][1] = code
        else:
            runs.append([code, code])
    return ", ".join(f"U+{a:X}" if a == b else f"U+{a:X}-{b:X}" for a, b in runs)
