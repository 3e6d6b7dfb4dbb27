"""Where the package finds its own files: the templates folder and the bundled fonts.

Every module that needs one of these paths imports it from here, so a moved
folder is changed in one place.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
TEMPLATES = PACKAGE.parent / "templates"
FONTS = TEMPLATES / "fonts"
FONTS_CSS = FONTS / "fonts.css"    # the @font-face rules every PDF and web page uses
FONTS_CONF = FONTS / "fonts.conf"  # Fontconfig that sees the bundled fonts only
PROJECT_TEMPLATES = "templates"  # a folder of that name beside the content files
REFERENCE_DECK = "reference.pptx"  # in it: the deck template a project's decks are drawn on


def project_templates(content_dir: Path, extra: Path | None = None) -> tuple[Path, ...]:
    """The folders whose files override the built-in ones of the same name, the strongest
    first: ``extra`` (--templates DIR), then the project's own templates folder beside the
    content files. Each theme.yaml is merged over the ones below it (built-in < project <
    --templates); any other file is taken from the first folder that has it."""
    folders = []
    if extra is not None:
        folders.append(extra)
    folder = content_dir / PROJECT_TEMPLATES
    if folder.is_dir() and folder.resolve() != TEMPLATES:
        folders.append(folder.resolve())
    return tuple(dict.fromkeys(f for f in folders if f != TEMPLATES))


def project_fonts(folders: tuple[Path, ...]) -> tuple[Path, ...]:
    """The fonts folders of the templates ``folders`` that have one, the strongest first."""
    return tuple(f / "fonts" for f in folders if (f / "fonts").is_dir())


def project_inputs(folders: tuple[Path, ...]) -> list[Path]:
    """Every file the templates ``folders`` may hold that a build reads, present or not
    (a file added later must make the outputs stale too), and the files of their fonts
    folders."""
    names = sorted({p.name for p in TEMPLATES.iterdir() if p.is_file()} | {REFERENCE_DECK})
    found = [folder / name for folder in folders for name in names]
    for fonts in project_fonts(folders):
        found += sorted(p for p in fonts.rglob("*") if p.is_file())
    return found
