"""What every output draws a chart with: its colours, its value scale, its words.

Computed here once so the PDF (chart.svg.j2), the web page (web-chart.html.j2)
and the deck (deck/slides_data.py) agree: series (or slices) take the theme's
``colors.series`` in order, the first series the first colour; no two
neighbouring series or slices, the last and first slice of a pie included,
share a colour; categories keep the order they were written in everywhere.
"""

from __future__ import annotations

import math

from .palette import luminance


def series_colors(chart, palette) -> list[str]:
    """One colour per series, or per slice for a pie (whose last slice touches its
    first: it never takes the first slice's colour)."""
    palette = list(palette)
    count = len(chart.labels) if chart.kind == "pie" else len(chart.all_series)
    colours = [palette[i % len(palette)] for i in range(count)]
    if chart.kind == "pie" and count > 2 and colours[-1] == colours[0]:
        colours[-1] = next(c for c in palette[1:] if c != colours[-2])
    return colours


def ink(colour: str, dark: str, light: str = "#FFFFFF") -> str:
    """Text colour on a mark of ``colour``: ``light`` on dark marks, else ``dark``."""
    return light if luminance(colour) < 0.22 else dark


def scale(chart) -> tuple[float, float]:
    """The value axis (lo, hi): it always includes zero; stacked charts span the sums."""
    if chart.stacked:
        columns = list(zip(*(s.values for s in chart.all_series), strict=True))
        values = [sum(v for v in c if v > 0) for c in columns]
        values += [sum(v for v in c if v < 0) for c in columns]
    else:
        values = [v for s in chart.all_series for v in s.values]
    hi, lo = max(max(values), 0.0), min(min(values), 0.0)
    return (lo, 1.0 if hi == lo else hi)


def value_title(chart) -> str:
    """The value axis's title with the unit, said once: "Exports (USD bn)", "GW"."""
    if chart.value_title and chart.unit:
        return f"{chart.value_title} ({chart.unit})"
    return chart.value_title or chart.unit or ""


def share(value: float, total: float) -> int:
    return round(100 * value / total) if total > 0 else 0


def pie_text(chart, value: float, number) -> str:
    """A pie slice's value in its legend: "38 GW · 38%", or "38%" alone when the values
    are percentages already (unit %, or they add up to 100)."""
    total = sum(chart.all_series[0].values)
    percent = f"{share(value, total)}%"
    if chart.unit in ("%", "percent") or math.isclose(total, 100, abs_tol=0.5):
        return percent
    unit = f" {chart.unit}" if chart.unit else ""
    return f"{number(value)}{unit} · {percent}"


def summary(chart, caption: str = "") -> str:
    """The chart in words: alt text for screen readers and the deck's speaker notes."""
    caption = caption or (chart.caption.plain if chart.caption else "")
    title = value_title(chart)
    unit = f" ({title})" if title else ""
    kind = ("Stacked " + chart.kind) if chart.stacked else chart.kind.capitalize()
    head = f"{kind} chart{': ' + caption if caption else ''}{unit}."
    if len(chart.all_series) == 1:
        values = "; ".join(f"{label}: {value:g}" for label, value in
                           zip(chart.labels, chart.all_series[0].values, strict=True))
        return f"{head} {values}."
    parts = [f"{s.name}: " + ", ".join(f"{label} {value:g}" for label, value in
                                       zip(chart.labels, s.values, strict=True))
             for s in chart.all_series]
    return f"{head} {'; '.join(parts)}."


def legend_rows(names, size: float, width: float = 600) -> list[tuple[float, float]]:
    """Where each legend entry (swatch, then name) starts on a ``width`` canvas, wrapping
    to new rows: (x, row)."""
    spots, x, row = [], 0.0, 0
    for name in names:
        wide = size * 1.6 + len(name) * size * 0.55 + size
        if x and x + wide > width:
            x, row = 0.0, row + 1
        spots.append((x, row))
        x += wide
    return spots
