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


def project_templates(content_dir: Path) -> Path | None:
    """The project's own templates folder beside the content files, if there is one:
    its files override the built-in ones of the same name, its theme.yaml is merged
    over the built-in theme."""
    folder = content_dir / PROJECT_TEMPLATES
    if folder.is_dir() and folder.resolve() != TEMPLATES:
        return folder.resolve()
    return None


def project_inputs(content_dir: Path) -> list[Path]:
    """Every file a project templates folder may hold that a build reads, present or not
    (a file added later must make the outputs stale too)."""
    folder = project_templates(content_dir)
    if folder is None:
        return []
    names = sorted({p.name for p in TEMPLATES.iterdir() if p.is_file()} | {REFERENCE_DECK})
    return [folder / name for name in names]
