"""What is behind a box on a slide: the colours text there must stand out from.

A slide shows, bottom to top, its background (its own, else its layout's,
else its master's), the master's shapes (unless the layout hides them), the
layout's shapes and the slide's own shapes. ``Backdrops.behind`` samples that
stack at 15 points of a box (5 × 3) and returns the colours found there: a
picture is sampled at each point, a gradient counts as its average stop, a
pattern as the average of its two colours. Shapes count by their outline where it
is read (custom geometry, a few presets), else by their bounding box; a shape
drawn only by its outline colours no point: what is inside shows through.

``Backdrops.artwork`` is the template's artwork content keeps clear of (a light
bulb, a row of notes, stripes; not a background, a band or a speck), and
``Artwork.clear`` the largest part of a box beside, above or below it.
"""

from __future__ import annotations

import io
from functools import lru_cache

from .oxml.theme import (
    Paint,
    background,
    decorations,
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
        self._artwork: dict[int, Artwork] = {}

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
        self._artwork.clear()

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
        where it shows them; the shapes inside groups too: LibreOffice's Sunset draws the
        rules beside its title as four thin bars in one group) that reach into the rows
        from ``top`` to ``bottom``: the lines a box widening sideways there would cross."""
        found = []
        for paint in self.layers(layout)[1:]:
            if paint.box is None:
                continue
            left, up, width, tall = paint.box
            if width + tall > 0 and up <= bottom and up + tall >= top:
                found += [left, left + width]
        return found

    def _at(self, stack: list[Paint], x: float, y: float,
            grid: tuple[int, int] = _GRID) -> str | None:
        for paint in reversed(stack):
            if paint.outline:
                continue
            bx, by, bw, bh = paint.box or (0, 0, self.width, self.height)
            if bw <= 0 or bh <= 0 or not (bx <= x <= bx + bw and by <= y <= by + bh):
                continue
            fx, fy = (x - bx) / bw, (y - by) / bh
            if paint.paths and not any(_inside(path, fx, fy) for path in paint.paths):
                continue
            color = _sample(paint, fx, fy, grid)
            if color:
                return color
        return None

    def busy(self, layout, box: tuple[float, float, float, float]) -> float:
        """How far from plain the backdrop behind ``box`` is: 0 for one flat colour; more
        for each further colour and each filled decoration covering part of it (a
        drawing in outline, artwork, is kept clear of: Artwork)."""
        colors = self.behind(layout, box)
        covered = sum(1 for paint in self.layers(layout)[1:] if paint.box and
                      not paint.outline and _overlap(paint.box, box) > 0.05)
        return len(colors) - 1 + covered


    def artwork(self, layout) -> Artwork:
        """Where the master's and layout's artwork lies on ``layout`` (see Artwork)."""
        key = id(layout)
        if key not in self._artwork:
            self._artwork[key] = Artwork(self.layers(layout)[1:], self.width, self.height)
        return self._artwork[key]


ART_STEP = 25400  # EMU (2 pt): the side of a cell of the artwork's grid
BACKGROUND = 0.9  # share of the slide a decoration covers (or of its width) to be backdrop
NEAR = 12 * 12700  # EMU: pieces of artwork this close are one
SPECK = 24 * 12700  # EMU: a piece of artwork shorter than this on its longer side is left
ART_GAP = 8 * 12700  # EMU content keeps from artwork


class Artwork:
    """The template's artwork that content keeps clear of, as a grid of ART_STEP cells:
    each decoration drawn by its outline (custom geometry's segments, a few presets,
    else its box; a closed outline with what it encloses), ART_GAP around it. A
    decoration covering BACKGROUND of the slide is a background, one as wide as the
    slide a band of it (text on it reads on it: ``Backdrops.bands``): neither is
    artwork. Pieces within NEAR of each other are one (a light bulb drawn in forty
    strokes and its rays); a piece shorter than SPECK on its longer side (a sparkle,
    a dot) is left alone."""

    def __init__(self, paints: list[Paint], width: int, height: int):
        from PIL import Image, ImageDraw, ImageFilter

        self.columns, self.rows = -(-width // ART_STEP), -(-height // ART_STEP)
        mask = Image.new("L", (self.columns, self.rows), 0)
        draw = ImageDraw.Draw(mask)
        drawn = False
        for paint in paints:
            if not paint.box:
                continue
            x, y, w, h = paint.box
            if w * h >= BACKGROUND * width * height or w >= BACKGROUND * width:
                continue
            drawn = True
            for path in paint.paths or (((0, 0), (1, 0), (1, 1), (0, 1)),):
                points = [((x + fx * w) / ART_STEP, (y + fy * h) / ART_STEP)
                          for fx, fy in path]
                if len(points) > 2:
                    draw.polygon(points, fill=255, outline=255)
                else:
                    draw.line(points, fill=255, width=1)
        self.free: list[bytes] | None = None
        if not drawn:
            return
        near = mask.filter(ImageFilter.MaxFilter(2 * round(NEAR / 2 / ART_STEP) + 1))
        for left, top, right, bottom in _pieces(near):
            if max(right - left, bottom - top) * ART_STEP < SPECK + NEAR:
                mask.paste(0, (left, top, right, bottom))
        if not mask.getbbox():
            return
        grown = mask.filter(ImageFilter.MaxFilter(2 * round(ART_GAP / ART_STEP) + 1))
        data = grown.tobytes()
        self.free = [data[r * self.columns:(r + 1) * self.columns] for r in range(self.rows)]

    def clear(self, box: tuple[float, float, float, float]) -> tuple[float, float, float,
                                                                     float]:
        """The largest rectangle of ``box`` (EMU: left, top, width, height) clear of the
        artwork: ``box`` itself when none reaches into it."""
        left, top, width, height = box
        right, bottom = left + width, top + height
        c0, c1 = max(int(left // ART_STEP), 0), min(int(-(-right // ART_STEP)), self.columns)
        r0, r1 = max(int(top // ART_STEP), 0), min(int(-(-bottom // ART_STEP)), self.rows)
        if self.free is None or c0 >= c1 or r0 >= r1 or \
                not any(any(self.free[r][c0:c1]) for r in range(r0, r1)):
            return box
        heights = [0] * (c1 - c0)
        best, most = None, 0.0
        for r in range(r0, r1):
            row = self.free[r]
            heights = [0 if row[c0 + i] else heights[i] + 1 for i in range(c1 - c0)]
            stack: list[int] = []
            for i in range(len(heights) + 1):
                tall = heights[i] if i < len(heights) else 0
                while stack and heights[stack[-1]] >= tall:
                    h = heights[stack.pop()]
                    start = stack[-1] + 1 if stack else 0
                    x0, x1 = max(left, (c0 + start) * ART_STEP), min(right, (c0 + i) * ART_STEP)
                    y0, y1 = max(top, (r - h + 1) * ART_STEP), min(bottom, (r + 1) * ART_STEP)
                    if h and (x1 - x0) * (y1 - y0) > most:
                        best, most = (x0, y0, x1 - x0, y1 - y0), (x1 - x0) * (y1 - y0)
                stack.append(i)
        return best or (left, top, 0, 0)


def _pieces(mask) -> list[tuple[int, int, int, int]]:
    """The boxes (left, top, right, bottom; cells) of the connected parts of a mask."""
    columns, rows = mask.size
    data = bytearray(mask.tobytes())
    found = []
    for start in range(len(data)):
        if not data[start]:
            continue
        data[start] = 0
        todo, box = [start], [columns, rows, 0, 0]
        while todo:
            at = todo.pop()
            x, y = at % columns, at // columns
            box = [min(box[0], x), min(box[1], y), max(box[2], x + 1), max(box[3], y + 1)]
            for step in ((-1 if x else 0), (1 if x < columns - 1 else 0), -columns, columns):
                other = at + step
                if step and 0 <= other < len(data) and data[other]:
                    data[other] = 0
                    todo.append(other)
        found.append(tuple(box))
    return found


def _inside(path, x: float, y: float) -> bool:
    """Whether a point lies inside a closed path (even-odd rule); a line holds none."""
    if len(path) < 3:
        return False
    inside = False
    for (x0, y0), (x1, y1) in zip(path, path[1:] + path[:1], strict=True):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    return inside


def _overlap(a, b) -> float:
    """The share of box ``b`` that box ``a`` covers."""
    width = min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0])
    height = min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1])
    if width <= 0 or height <= 0 or b[2] <= 0 or b[3] <= 0:
        return 0.0
    return width * height / (b[2] * b[3])
