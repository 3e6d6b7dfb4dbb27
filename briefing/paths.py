"""Where the package finds its own files: the templates folder and the bundled fonts.

Every module that needs one of these paths imports it from here, so a moved
folder is changed in one place.
"""

from __future__ import annotations

from contextvars import ContextVar
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
TEMPLATES = PACKAGE.parent / "templates"
FONTS = TEMPLATES / "fonts"
FONTS_CSS = FONTS / "fonts.css"    # the @font-face rules every PDF and web page uses
FONTS_CONF = FONTS / "fonts.conf"  # Fontconfig that sees the bundled fonts only
PROJECT_TEMPLATES = "templates"  # a folder of that name beside the content files
REFERENCE_DECK = "reference.pptx"  # in it: the deck template a project's decks are drawn on


# The --templates folder of the build in progress (set per task by build.render, in the
# process that renders it): it stacks over a content folder's own templates/.
EXTRA_TEMPLATES: ContextVar[Path | None] = ContextVar("extra_templates", default=None)


def project_templates(content_dir: Path) -> tuple[Path, ...]:
    """The folders whose files override the built-in ones of the same name, the strongest
    first: --templates DIR, then the project's own templates folder beside the content
    files. Each theme.yaml is merged over the ones below it (built-in < project <
    --templates); any other file is taken from the first folder that has it."""
    folders = []
    extra = EXTRA_TEMPLATES.get()
    if extra is not None:
        folders.append(extra)
    folder = content_dir / PROJECT_TEMPLATES
    if folder.is_dir() and folder.resolve() != TEMPLATES:
        folders.append(folder.resolve())
    return tuple(dict.fromkeys(f for f in folders if f != TEMPLATES))


def project_fonts(content_dir: Path) -> tuple[Path, ...]:
    """The fonts folders of those templates folders that have one, the strongest first."""
    return tuple(f / "fonts" for f in project_templates(content_dir) if (f / "fonts").is_dir())


def project_inputs(content_dir: Path) -> list[Path]:
    """Every file a project templates folder may hold that a build reads, present or not
    (a file added later must make the outputs stale too), and the files of its fonts
    folder."""
    names = sorted({p.name for p in TEMPLATES.iterdir() if p.is_file()} | {REFERENCE_DECK})
    found = [folder / name for folder in project_templates(content_dir) for name in names]
    for fonts in project_fonts(content_dir):
        found += sorted(p for p in fonts.rglob("*") if p.is_file())
    return found
