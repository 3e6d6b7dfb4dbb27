"""The fonts a deck names and the files its text is measured with.

The house design names theme.yaml's deck font (Calibri) and measures with its
bundled files (Carlito). A reference deck names its own theme's fonts (major
for titles, minor for the rest) and is measured with the font itself or its
metric-compatible twin (Calibri ↔ Carlito, Cambria ↔ Caladea, Arial ↔
Liberation Sans, Times New Roman ↔ Liberation Serif, Courier New ↔
Liberation Mono), looked up in templates/fonts/ and then the system's font
folders. A font found nowhere is measured with the house files, with one
warning, and its frames may shrink on overflow (normAutofit). A template's East
Asian font that is found without Hangul gives way to theme.yaml's deck_east_asian.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..paths import FONTS
from ..theme import Theme
from .fit import Fonts

# File names of the four styles (regular, bold, italic, bold italic) of each family.
FAMILY_FILES = {
    "carlito": ("Carlito-Regular.ttf", "Carlito-Bold.ttf", "Carlito-Italic.ttf",
                "Carlito-BoldItalic.ttf"),
    "caladea": ("Caladea-Regular.ttf", "Caladea-Bold.ttf", "Caladea-Italic.ttf",
                "Caladea-BoldItalic.ttf"),
    "liberation sans": ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf",
                        "LiberationSans-Italic.ttf", "LiberationSans-BoldItalic.ttf"),
    "liberation serif": ("LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf",
                         "LiberationSerif-Italic.ttf", "LiberationSerif-BoldItalic.ttf"),
    "liberation mono": ("LiberationMono-Regular.ttf", "LiberationMono-Bold.ttf",
                        "LiberationMono-Italic.ttf", "LiberationMono-BoldItalic.ttf"),
    "arimo": ("Arimo-Regular.ttf", "Arimo-Bold.ttf", "Arimo-Italic.ttf",
              "Arimo-BoldItalic.ttf"),
    "tinos": ("Tinos-Regular.ttf", "Tinos-Bold.ttf", "Tinos-Italic.ttf",
              "Tinos-BoldItalic.ttf"),
    "cousine": ("Cousine-Regular.ttf", "Cousine-Bold.ttf", "Cousine-Italic.ttf",
                "Cousine-BoldItalic.ttf"),
    "calibri": ("calibri.ttf", "calibrib.ttf", "calibrii.ttf", "calibriz.ttf"),
    "arial": ("arial.ttf", "arialbd.ttf", "ariali.ttf", "arialbi.ttf"),
    "times new roman": ("times.ttf", "timesbd.ttf", "timesi.ttf", "timesbi.ttf"),
    "courier new": ("cour.ttf", "courbd.ttf", "couri.ttf", "courbi.ttf"),
}
# A font → the families whose files measure it, best first.
TWINS = {
    "calibri": ("calibri", "carlito"), "carlito": ("carlito",),
    "cambria": ("caladea",), "caladea": ("caladea",),
    "arial": ("arial", "liberation sans", "arimo"),
    "helvetica": ("liberation sans", "arimo"),
    "liberation sans": ("liberation sans", "arimo"), "arimo": ("arimo", "liberation sans"),
    "times new roman": ("times new roman", "liberation serif", "tinos"),
    "times": ("liberation serif", "tinos"),
    "liberation serif": ("liberation serif", "tinos"), "tinos": ("tinos", "liberation serif"),
    "courier new": ("courier new", "liberation mono", "cousine"),
    "liberation mono": ("liberation mono", "cousine"), "cousine": ("cousine",
                                                                   "liberation mono"),
}


def font_folders() -> list[Path]:
    home = Path.home()
    folders = [FONTS, Path("/usr/share/fonts"), Path("/usr/local/share/fonts"),
               home / ".local/share/fonts", home / ".fonts"]
    if sys.platform == "darwin":
        folders += [Path("/Library/Fonts"), Path("/System/Library/Fonts"),
                    home / "Library/Fonts"]
    if os.name == "nt":
        folders += [Path(os.environ.get("WINDIR", "C:/Windows")) / "Fonts",
                    Path(os.environ.get("LOCALAPPDATA", "")) / "Microsoft/Windows/Fonts"]
    return folders


@lru_cache(maxsize=1)
def _index() -> dict[str, Path]:
    """Font file name (lower case) → path, the first found in ``font_folders``."""
    found: dict[str, Path] = {}
    for folder in font_folders():
        for root, _, files in os.walk(folder):
            for name in files:
                if name.lower().endswith((".ttf", ".otf")):
                    found.setdefault(name.lower(), Path(root, name))
    return found


def measured_with(font: str) -> tuple[Path, Path, Path, Path] | None:
    """The four style files that measure ``font`` (itself or a metric twin), or None."""
    index = _index()
    for family in TWINS.get(" ".join(font.lower().split()), ()):
        files = [index.get(name.lower()) for name in FAMILY_FILES[family]]
        if all(files):
            return tuple(files)  # type: ignore[return-value]
    return None


@dataclass(frozen=True)
class DeckFonts:
    """The font names a deck writes, what measures them, and whether that is approximate."""

    title: str
    body: str
    east_asian: str
    title_files: Fonts
    body_files: Fonts
    unmeasured: tuple[str, ...] = ()  # the template's fonts no file measures


def project_faces(folders: tuple[Path, ...]) -> dict[str, tuple[Path, Path, Path, Path]]:
    """Family (lower case) → its regular, bold, italic and bold italic files, from the
    fonts.css of each project fonts folder (the first folder that declares a family wins;
    a style it lacks is measured with its regular file)."""
    from ..fontfaces import faces

    found: dict[str, tuple[Path, Path, Path, Path]] = {}
    for folder in folders:
        css = folder / "fonts.css"
        if not css.is_file():
            continue
        styles: dict[str, dict[tuple[bool, bool], Path]] = {}
        for face in faces(css):
            bold = face.weight.strip().lower() in ("bold", "600", "700", "800", "900")
            italic = face.style.strip().lower() in ("italic", "oblique")
            styles.setdefault(" ".join(face.family.lower().split()), {}).setdefault(
                (bold, italic), face.file)
        for family, files in styles.items():
            regular = files.get((False, False)) or next(iter(files.values()))
            if family not in found and regular.is_file():
                found[family] = tuple(files.get(k, regular) for k in (  # type: ignore
                    (False, False), (True, False), (False, True), (True, True)))
    return found


def deck_fonts(theme: Theme, template: dict[str, str] | None,
               project: tuple[Path, ...] = ()) -> DeckFonts:
    """The house fonts, or those of a reference deck's theme (``template``: major/minor ×
    latin/ea, from oxml.theme_fonts); a font a project fonts folder declares (``project``)
    is measured with its files first."""
    house = Fonts(*(theme.font_file(s) for s in (
        "regular", "bold", "italic", "bold_italic", "hangul", "hangul_bold")))
    own = project_faces(project)
    east_asian = theme.fonts.deck_east_asian
    if not template or not (template.get("minor_latin") or template.get("major_latin")):
        key = " ".join(theme.fonts.deck.lower().split())
        if key in own:
            house = Fonts(*own[key], house.hangul, house.hangul_bold)
        return DeckFonts(theme.fonts.deck, theme.fonts.deck, east_asian, house, house)
    body = template.get("minor_latin") or template["major_latin"]
    title = template.get("major_latin") or body
    unmeasured = []
    found = {}
    for name in dict.fromkeys((title, body)):
        files = own.get(" ".join(name.lower().split())) or measured_with(name)
        if files is None:
            unmeasured.append(name)
            found[name] = house
        else:
            found[name] = Fonts(*files, house.hangul, house.hangul_bold)
    ea = template.get("minor_ea")
    if ea and not draws_hangul(ea):
        ea = None
    return DeckFonts(title, body, ea or east_asian, found[title], found[body],
                     tuple(unmeasured))


def draws_hangul(family: str) -> bool:
    """Whether the East Asian font a template names can draw Korean: False for one found
    on this machine without Hangul (LibreOffice writes DejaVu Sans there, and then draws
    every Hangul syllable as a box); True for one found with it, or not found (a font
    of the template's readers, such as Malgun Gothic, is the template's choice)."""
    from ..cmaps import code_points

    index = _index()
    base = "".join(family.split()).lower()
    for name in (f"{base}.ttf", f"{base}-regular.ttf", f"{base}.otf", f"{base}-regular.otf"):
        if name in index:
            return 0xAC00 in code_points(index[name])
    return True
