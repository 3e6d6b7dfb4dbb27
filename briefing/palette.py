"""The web page's colours, light and dark, derived from the theme with WCAG contrast checked.

The theme names one palette (for paper). On screen the page also has a dark
scheme, and every colour used for text must reach 4.5:1 against the
backgrounds it sits on (WCAG 2.1 AA): a colour that does not is darkened (or,
in the dark scheme, lightened) in small steps until it does.
"""

from __future__ import annotations

from .theme import Colors

TEXT = 4.5  # WCAG AA, normal text
GRAPHIC = 3.0  # WCAG AA, large text and graphics


def _rgb(colour: str) -> tuple[float, float, float]:
    colour = colour.lstrip("#")
    return tuple(int(colour[i:i + 2], 16) / 255 for i in (0, 2, 4))


def _hex(rgb) -> str:
    return "#" + "".join(f"{round(max(0.0, min(1.0, c)) * 255):02X}" for c in rgb)


def luminance(colour: str) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = map(channel, _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """The WCAG contrast ratio of two colours (1 to 21)."""
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def mix(a: str, b: str, share: float) -> str:
    """``a`` with ``share`` (0–1) of ``b`` mixed in."""
    return _hex(x + (y - x) * share for x, y in zip(_rgb(a), _rgb(b), strict=True))


def readable(colour: str, *backgrounds: str, ratio: float = TEXT) -> str:
    """``colour`` moved towards black or white (away from the backgrounds) until it has
    ``ratio`` against each of them."""
    towards = "#000000" if luminance(backgrounds[0]) > 0.18 else "#FFFFFF"
    for step in range(21):
        found = mix(colour, towards, step / 20)
        if all(contrast(found, bg) >= ratio for bg in backgrounds):
            return found
    return towards


def web_palette(c: Colors) -> dict[str, dict[str, str]]:
    """CSS custom properties (without the ``--``) for the light and the dark scheme."""
    light_bg, light_panel = c.background, c.panel
    dark_bg = mix(c.primary, "#000000", 0.72)
    dark_panel = mix(c.primary, "#000000", 0.45)
    schemes = {}
    for name, bg, panel, text, rule in (
        ("light", light_bg, light_panel, c.text, c.rule),
        ("dark", dark_bg, dark_panel, mix(c.background, c.primary, 0.08),
         mix(c.primary, "#FFFFFF", 0.3)),
    ):
        lighten = 0.0 if name == "light" else 0.55
        primary = readable(mix(c.primary, "#FFFFFF", lighten), bg, panel)
        band = c.primary if name == "light" else dark_panel
        schemes[name] = {
            "bg": bg, "panel": panel, "rule": rule,
            "text": readable(text, bg, panel),
            "primary": primary,
            "accent": readable(c.accent, bg, panel, ratio=GRAPHIC),  # rules, bars, markers
            "accent-text": readable(c.accent, bg, panel),
            "muted": readable(mix(c.muted, "#FFFFFF", lighten / 2), bg, panel),
            "band": band,  # the cover band and table headers
            "on-band": readable(c.on_primary, band),
            "band-accent": readable(c.accent, band),  # the kicker on the band
            "bar": readable(mix(c.primary, "#FFFFFF", lighten), bg, panel, ratio=GRAPHIC),
            "focus": readable(c.accent, bg, ratio=GRAPHIC),
        }
    return schemes
