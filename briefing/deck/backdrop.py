"""What is behind a box on a slide: the colours text there must stand out from.

A slide shows, bottom to top, its background (its own, else its layout's,
else its master's), the master's shapes (unless the layout hides them), the
layout's shapes and the slide's own shapes. ``Backdrops.behind`` samples that
stack at 15 points of a box (5 × 3) and returns the colours found there: a
picture is sampled at each point, a gradient counts as its average stop, a
pattern as the average of its two colours. Shapes count by their bounding box.
"""

from __future__ import annotations

import io
from functools import lru_cache

from .oxml.theme import (
    Paint,
    background,
    decorations,
    grouped_boxes,
    master_colors,
    shows_master_shapes,
)

SAMPLES_X, SAMPLES_Y = 5, 3
_GRID = (48, 27)  # pictures are reduced to this many pixels before sampling
_TALL = (48, 270)  # … and to this many to find where a band ends (a row every ~2 pt)
BAND_STEP = 25400  # EMU (2 pt) between the rows compared to find bands


@lru_cache(maxsize=32)
def _pixels(blob: bytes, grid: tuple[int, int] = _GRID):
    from PIL import Image

    with Image.open(io.BytesIO(blob)) as picture:
        picture = picture.convert("RGBA")
        flat = Image.new("RGBA", picture.size, (255, 255, 255, 255))
        flat.alpha_composite(picture)
        return flat.convert("RGB").resize(grid, Image.Resampling.BOX).load()


def _sample(paint: Paint, fx: float, fy: float, grid: tuple[int, int] = _GRID) -> str | None:
    """The paint's colour at a point given as fractions of its box."""
    if paint.image is None:
        return paint.color
    try:
        pixels = _pixels(paint.image, grid)
    except Exception:  # noqa: BLE001  (a picture Pillow cannot read: no opinion)
        return None
    x = min(int(fx * grid[0]), grid[0] - 1)
    y = min(int(fy * grid[1]), grid[1] - 1)
    return "#{:02X}{:02X}{:02X}".format(*pixels[x, y][:3])


class Backdrops:
    """The backdrop of every layout of a presentation, worked out once per layout."""

    def __init__(self, prs):
        self.prs = prs
        self.width, self.height = prs.slide_width, prs.slide_height
        self._layers: dict[int, list[Paint]] = {}
        self._colors: dict[int, dict[str, str]] = {}
        self._bands: dict[tuple[int, int, int], list[tuple[int, int]]] = {}
        self._grouped: dict[int, list[tuple[int, int, int, int]]] = {}

    def colors(self, master) -> dict[str, str]:
        """Scheme slot → #RRGGBB of a master (its theme through its colour map)."""
        key = id(master)
        if key not in self._colors:
            self._colors[key] = master_colors(master)
        return self._colors[key]

    def forget(self, master) -> None:
        """Read ``master``'s colours again (after its theme changed)."""
        self._colors.pop(id(master), None)
        self._layers.clear()
        self._bands.clear()

    def layers(self, layout) -> list[Paint]:
        key = id(layout)
        if key not in self._layers:
            master = layout.slide_master
            colors = self.colors(master)
            bg = (background(layout, colors) or background(master, colors)
                  or Paint(colors["bg1"]))
            stack = [bg]
            if shows_master_shapes(layout):
                stack += decorations(master, colors)
            stack += decorations(layout, colors)
            self._layers[key] = stack
        return self._layers[key]

    def behind(self, slide_or_layout, box: tuple[float, float, float, float]) -> list[str]:
        """The distinct colours behind ``box`` (EMU: left, top, width, height) on a slide
        (its shapes drawn so far count) or a layout."""
        if hasattr(slide_or_layout, "slide_layout"):
            layout = slide_or_layout.slide_layout
            colors = self.colors(layout.slide_master)
            own = background(slide_or_layout, colors)
            layers = self.layers(layout)
            stack = [own, *layers[1:]] if own else list(layers)
            stack += decorations(slide_or_layout, colors)
        else:
            stack = list(self.layers(slide_or_layout))
        left, top, width, height = box
        found: list[str] = []
        for row in range(SAMPLES_Y):
            for column in range(SAMPLES_X):
                x = left + width * (0.1 + 0.8 * column / (SAMPLES_X - 1))
                y = top + height * (0.15 + 0.7 * row / (SAMPLES_Y - 1))
                color = self._at(stack, x, y)
                if color and color not in found:
                    found.append(color)
        return found or ["#FFFFFF"]

    def bands(self, layout, left: int, width: int) -> list[tuple[int, int]]:
        """The layout's backdrop from the slide's top to its foot, between ``left`` and
        ``left + width`` (EMU), as runs of rows that look the same across that width:
        (top, bottom) in EMU, one row every BAND_STEP. A band of colour is one run; a
        photograph is many short ones."""
        key = (id(layout), left, width)
        if key not in self._bands:
            stack = self.layers(layout)
            xs = [left + width * (0.1 + 0.8 * column / (SAMPLES_X - 1))
                  for column in range(SAMPLES_X)]
            runs: list[list] = []
            for y in range(BAND_STEP // 2, self.height, BAND_STEP):
                row = tuple(self._at(stack, x, y, _TALL) for x in xs)
                if runs and runs[-1][2] == row:
                    runs[-1][1] = y + BAND_STEP // 2
                else:
                    runs.append([y - BAND_STEP // 2, y + BAND_STEP // 2, row])
            self._bands[key] = [(top, bottom) for top, bottom, _ in runs]
        return self._bands[key]

    def edges(self, layout, top: int, bottom: int) -> list[int]:
        """The left and right edges (EMU) of the layout's decorations (its master's too,
        where it shows them) that reach into the rows from ``top`` to ``bottom``: the
        lines a box widening sideways in those rows would cross."""
        key = id(layout)
        if key not in self._grouped:
            owners = [layout.slide_master, layout] if shows_master_shapes(layout) else [layout]
            self._grouped[key] = [box for owner in owners for box in grouped_boxes(owner)]
        boxes = [paint.box for paint in self.layers(layout)[1:] if paint.box is not None]
        found = []
        for left, up, width, tall in [*boxes, *self._grouped[key]]:
            if width + tall > 0 and up <= bottom and up + tall >= top:
                found += [left, left + width]
        return found

    def _at(self, stack: list[Paint], x: float, y: float,
            grid: tuple[int, int] = _GRID) -> str | None:
        for paint in reversed(stack):
            bx, by, bw, bh = paint.box or (0, 0, self.width, self.height)
            if bw <= 0 or bh <= 0 or not (bx <= x <= bx + bw and by <= y <= by + bh):
                continue
            color = _sample(paint, (x - bx) / bw, (y - by) / bh, grid)
            if color:
                return color
        return None

    def busy(self, layout, box: tuple[float, float, float, float]) -> float:
        """How far from plain the backdrop behind ``box`` is: 0 for one flat colour; more
        for each further colour and each decoration covering part of it."""
        colors = self.behind(layout, box)
        covered = sum(1 for paint in self.layers(layout)[1:] if paint.box and _overlap(
            paint.box, box) > 0.05)
        return len(colors) - 1 + covered


def _overlap(a, b) -> float:
    """The share of box ``b`` that box ``a`` covers."""
    width = min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0])
    height = min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1])
    if width <= 0 or height <= 0 or b[2] <= 0 or b[3] <= 0:
        return 0.0
    return width * height / (b[2] * b[3])
