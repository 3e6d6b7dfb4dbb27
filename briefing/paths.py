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
