"""Drawing the slides that show data: stats cards, native tables, native charts, pictures.

Same contract as ``slides_text``: ``draw_<kind>(deck, section_index)`` adds one slide
or more ("… (cont.)" for a table that continues, its header repeated).
"""

from __future__ import annotations

import io

from pptx.enum.text import MSO_ANCHOR
from pptx.util import Pt

from .. import charts
from ..content.figures import numbering, words
from ..content.markdown import Run
from ..errors import Problem, RenderError
from .canvas import Box, Deck, backdrop_for_text, fill, place, rectangle, text_block
from .fit import EMU_PER_PT, Block
from .flow import CellBox, DoesNotFit, column_widths, flow_table, row_height
from .oxml.shapes import Color, hide_point_label, set_alt_text, set_cell_border, set_table_look
from .pages import content_area, notes, section_slide
from .sizing import text_box
from .slides_notes import add_notes, source_foot

CELL = CellBox(left=7.2, right=7.2, top=5.0, bottom=5.0)
CHART_TEXT = ("text", "primary", "muted")  # the colour roles of a chart's words


def draw_stats(deck: Deck, index: int) -> None:
    """Up to four cards a slide, sized to the content area: as wide as their share of it
    (at most 520 pt), 85 % of its height; the value's words never break (a no-break space
    joins "38" and "GW"), its size up to the theme's stat size, larger for one or two."""
    stats = deck.briefing.sections[index].stats
    sizes = deck.theme.deck
    for number, start in enumerate(range(0, len(stats), 4)):
        group = stats[start:start + 4]
        page = section_slide(deck, "stats", index, number)
        area, said = source_foot(deck, page, content_area(deck, page),
                                 deck.briefing.sections[index].stats_source,
                                 f"the source of sections[{index}].stats")
        add_notes(deck, page, said)
        gap = 24.0
        width = min((area.width - gap * (len(group) - 1)) / len(group), 520.0)
        tall = area.height * 0.85
        left = area.left + (area.width - len(group) * width - (len(group) - 1) * gap) / 2
        top = area.top + (area.height - tall) / 2
        largest = sizes.stat_size * (1.35 if len(group) <= 2 else 1.0)
        for offset, stat in enumerate(group):
            x = left + offset * (width + gap)
            rectangle(deck, page.slide, Box(x, top, width, tall), "panel").name = "Stat card"
            rectangle(deck, page.slide, Box(x, top, 6, tall), "accent").name = "Stat rule"
            at = f"sections[{index}].stats[{start + offset}]"
            value = Box(x + 22, top + 20, width - 40, tall * 0.55 - 20)
            text_box(deck, page.slide, value, [text_block(_unbroken(stat.value), bold=True)],
                     largest, 28, f"the value of {at}", color="accent", anchor="b")
            label = Box(x + 22, value.bottom + 8, width - 40, top + tall - value.bottom - 28)
            text_box(deck, page.slide, label, [text_block(stat.label)], sizes.body_size,
                     sizes.min_body_size, f"the label of {at}")


def _unbroken(value: str) -> str:
    """A stat value with no-break spaces: "38 GW" is one word to wrap, shrunk to fit
    whole rather than broken between number and unit."""
    return value.replace(" ", "\u00a0")


def draw_table(deck: Deck, index: int) -> None:
    table = deck.briefing.sections[index].table
    sizes = deck.theme.deck
    header = tuple(Block(c.runs(), bold=True) for c in table.columns)
    rows = [tuple(Block(c.runs()) for c in row) for row in table.rows]
    layout = None
    number = 0
    label = numbering(deck.briefing).label(index, "table", words(deck.theme, deck.briefing.lang))
    caption = Block((Run(label, bold=True), *((Run(": "), *table.caption.runs())
                                             if table.caption else ())), italic=True)
    while layout is None or number < len(layout.pages):
        page = section_slide(deck, "table", index, number)
        area = content_area(deck, page)
        cap = Box(area.left, area.top - 6, area.width, 30)
        text_box(deck, page.slide, cap, [caption], 16,
                 12, f"the caption of sections[{index}].table", color="muted")
        area = Box(area.left, cap.bottom + 4, area.width, area.bottom - cap.bottom - 4)
        area, said = source_foot(deck, page, area, table.source,
                                 f"the source of sections[{index}].table")
        if layout is None:
            try:
                layout = flow_table(header, rows, deck.measure, area.width, area.height,
                                    sizes.table_size, sizes.min_body_size, CELL)
            except DoesNotFit:
                raise _table_too_big(deck, index, header, area) from None
        _draw_grid(deck, page.slide, area, layout, header, layout.pages[number])
        notes(deck, page, label + (f": {table.caption.plain}" if table.caption else ""))
        add_notes(deck, page, said)
        number += 1


def _table_too_big(deck: Deck, index: int, header, area: Box) -> RenderError:
    """A table whose header row leaves no room for one line of a row, at the theme's
    smallest body size in the whole width of the slide's content area."""
    least = deck.theme.deck.min_body_size
    widths = column_widths([header], deck.measure, least, area.width, CELL)
    tall = row_height(header, deck.measure, least, widths, CELL)
    line, column = deck.briefing.position("sections", index, "table")
    return RenderError([Problem(
        str(deck.briefing.source), line, column, f"sections[{index}].table",
        f"the table of sections[{index}] does not fit its slide: at the theme's smallest "
        f"body size, {least:g} pt (deck.min_body_size), its {len(header)} header cells "
        f"wrap to {tall:.0f} pt, leaving no room for a row in the {area.height:.0f} pt "
        f"by {area.width:.0f} pt below the title; use fewer columns or shorter header "
        "names")])


def _draw_grid(deck: Deck, slide, area: Box, layout, header, rows) -> None:
    """The table at the top of ``area``, each row as tall as its text in the named font
    (``flow.row_height``; a client grows a row whose text a wider substitute wraps,
    within the room the table was fitted with); a short one's rows grow (by up to 0.6 em
    each, text centred in them) toward the area's height, so few rows do not sit in a
    corner."""
    room = [layout.header_height] + [h for _, h in rows]
    spare = area.height - sum(room)
    extra = max(0.0, min(spare / len(room), 0.6 * layout.size)) if deck.base.house else 0
    heights = [row_height(cells, deck.measure, layout.size, layout.widths, CELL, spare=False)
               + extra for cells in (header, *(row for row, _ in rows))]
    frame = slide.shapes.add_table(len(heights), len(header), *Box(
        area.left, area.top, area.width, sum(heights)).emu())
    frame.name = "Table"
    set_table_look(frame)
    grid = frame.table
    master = slide.slide_layout.slide_master
    for column, width in enumerate(layout.widths):
        grid.columns[column].width = Pt(width)
    for number, cells in enumerate([header, *(row for row, _ in rows)]):
        grid.rows[number].height = Pt(heights[number])
        fill_role = "header" if number == 0 else ("panel" if number % 2 == 0 else
                                                    "background")
        for column, block in enumerate(cells):
            cell = grid.cell(number, column)
            cell.margin_left, cell.margin_right = Pt(CELL.left), Pt(CELL.right)
            cell.margin_top, cell.margin_bottom = Pt(CELL.top), Pt(CELL.bottom)
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE if deck.base.house else MSO_ANCHOR.TOP
            cell.fill.solid()
            deck.paint(cell.fill.fore_color, fill_role)
            set_cell_border(cell, deck.color("rule"), Pt(0.75))
            under = None if deck.base.house else [deck.rgb(deck.color(fill_role), master)]
            fill(deck, cell.text_frame, [block], layout.size,
                 color="on_header" if number == 0 else "text", frame_box=False,
                 behind=under)


def draw_chart(deck: Deck, index: int) -> None:
    from pptx.chart.data import CategoryChartData
    from pptx.enum.chart import XL_CHART_TYPE

    chart = deck.briefing.sections[index].chart
    page = section_slide(deck, "chart", index)
    area, said = source_foot(deck, page, content_area(deck, page), chart.source,
                             f"the source of sections[{index}].chart")
    values = [v for s in chart.all_series for v in s.values]
    data = CategoryChartData(number_format="0.0" if any(v != int(v) for v in values) else "0")
    data.categories = list(chart.labels)
    for one in chart.all_series:
        data.add_series(one.name, list(one.values))
    stacked = chart.stacked
    kind = {"bar": XL_CHART_TYPE.BAR_STACKED if stacked else XL_CHART_TYPE.BAR_CLUSTERED,
            "column": XL_CHART_TYPE.COLUMN_STACKED if stacked else
            XL_CHART_TYPE.COLUMN_CLUSTERED,
            "line": XL_CHART_TYPE.LINE_MARKERS, "pie": XL_CHART_TYPE.PIE}[chart.kind]
    master = page.slide.slide_layout.slide_master
    # a panel goes under the chart first where no colour of its text reads on the backdrop
    behind = None if deck.base.house else backdrop_for_text(
        deck, page.slide, area, CHART_TEXT, "Chart panel")
    frame = page.slide.shapes.add_chart(kind, *area.emu(), data)
    frame.name = "Chart"
    number = numbering(deck.briefing).label(index, "chart", words(deck.theme, deck.briefing.lang))
    summary = charts.summary(chart, chart.caption.plain if chart.caption else "")
    set_alt_text(frame, summary)
    notes(deck, page, f"{number}. {summary}")
    add_notes(deck, page, said)
    _style_chart(deck, frame.chart, chart, number, behind, master, area.height)


def _stacked_labels(deck: Deck, plot, chart, colours, plot_height: float, master) -> None:
    """Values inside their segments, in a colour that reads on it; none on a segment
    too thin for one: under 18 pt of the plot (``plot_height`` points tall), so a 12 pt
    label never overlaps the next segment's, whatever the template's chart size."""
    from pptx.enum.chart import XL_LABEL_POSITION

    lo, hi = charts.scale(chart)
    for number, (series, one) in enumerate(zip(plot.series, chart.all_series, strict=True)):
        labels = series.data_labels
        labels.position = XL_LABEL_POSITION.CENTER
        labels.font.size = Pt(12)
        labels.number_format = plot.data_labels.number_format
        labels.number_format_is_linked = False
        labels.show_value = True
        _ink(deck, labels.font.color, _mark(deck, colours, number, master), master)
        for point, value in zip(series.points, one.values, strict=True):
            if abs(value) / (hi - lo) * plot_height < 18:
                hide_point_label(point)


def _mark(deck: Deck, colours, index: int, master) -> str:
    """The colour (#RRGGBB) a series or slice is filled with (``_fill``)."""
    if deck.base.house:
        return colours[index]
    return deck.rgb(Color(scheme=f"accent{index % 6 + 1}"), master)


def _ink(deck: Deck, color_format, mark: str, master) -> None:
    """Text on a bar or slice of colour ``mark``: the house text colour or white
    (``charts.ink``, as in the PDF); in a reference deck, the first of the template's
    text colours that reads on it (4.5:1), else black or white."""
    if deck.base.house:
        from pptx.dml.color import RGBColor

        ink = charts.ink(mark, deck.theme.colors.text)
        color_format.rgb = RGBColor.from_string(ink.lstrip("#"))
    else:
        deck.paint(color_format, "text", [mark], master)


def _fill(deck: Deck, color_format, colour: str, index: int) -> None:
    """A series' (or slice's) colour: the theme's chart colour in the house design, the
    template's accent colours in a reference deck."""
    if deck.base.house:
        from pptx.dml.color import RGBColor

        color_format.rgb = RGBColor.from_string(colour.lstrip("#"))
    else:
        from .canvas import THEME_SLOTS

        color_format.theme_color = THEME_SLOTS[f"accent{index % 6 + 1}"]


def _style_chart(deck: Deck, native, chart, number: str, behind=None, master=None,
                 height: float = 300) -> None:
    from pptx.enum.chart import XL_LABEL_POSITION, XL_LEGEND_POSITION, XL_TICK_LABEL_POSITION

    native.font.name = deck.fonts.body
    native.font.size = Pt(16)
    # Every text of the chart says its colour (renderers differ in what inherits the
    # chart's): read on what is behind the frame, or on the mark a label sits inside.
    deck.paint(native.font.color, "text", behind, master)
    caption = chart.caption.plain if chart.caption else ""
    native.has_title = True
    title = native.chart_title.text_frame
    title.text = f"{number}: {caption}" if caption else number
    title.paragraphs[0].runs[0].font.size = Pt(18)
    title.paragraphs[0].runs[0].font.bold = True
    deck.paint(title.paragraphs[0].runs[0].font.color, "primary", behind, master)
    colours = charts.series_colors(chart, deck.theme.colors.series)
    plot = native.plots[0]
    many = len(chart.all_series) > 1
    plot.has_data_labels = not (many and chart.kind == "line")
    if plot.has_data_labels:
        plot.data_labels.font.size = Pt(12 if many else 16)
        deck.paint(plot.data_labels.font.color, "text", behind, master)
        # beside their marks, on the backdrop: a line's above its point (to the right, the
        # default, the line runs through them); stacked bars' inside (``_stacked_labels``:
        # "outside end" is not an option there)
        if not chart.stacked:
            plot.data_labels.position = (XL_LABEL_POSITION.ABOVE if chart.kind == "line"
                                         else XL_LABEL_POSITION.OUTSIDE_END)
    if chart.kind == "pie":
        native.has_legend = True
        native.legend.position = XL_LEGEND_POSITION.RIGHT
        native.legend.include_in_layout = False
        deck.paint(native.legend.font.color, "text", behind, master)
        for number_, point in enumerate(plot.series[0].points):
            point.format.fill.solid()
            _fill(deck, point.format.fill.fore_color, colours[number_], number_)
        return
    native.has_legend = many
    if many:
        native.legend.position = XL_LEGEND_POSITION.TOP
        native.legend.include_in_layout = False
        deck.paint(native.legend.font.color, "text", behind, master)
    for number_, series in enumerate(plot.series):
        if chart.kind == "line":
            series.format.line.width = Pt(3)
            _fill(deck, series.format.line.color, colours[number_], number_)
            series.marker.format.fill.solid()
            _fill(deck, series.marker.format.fill.fore_color, colours[number_], number_)
            series.marker.format.line.fill.background()
            series.smooth = False
        else:
            series.format.fill.solid()
            _fill(deck, series.format.fill.fore_color, colours[number_], number_)
    if chart.kind != "line":
        plot.gap_width = 60
        if chart.stacked:
            plot.overlap = 100
            # the plot is what the frame leaves after the title, legend and axis labels
            _stacked_labels(deck, plot, chart, colours, height * 0.6, master)
    category_axis = native.category_axis
    category_axis.tick_label_position = XL_TICK_LABEL_POSITION.LOW  # clear of negative bars
    value_axis = native.value_axis
    if chart.kind == "bar":
        # Bar charts draw their first category at the bottom: reversed, it is on top, as
        # in the PDF and the web page (the value axis then crosses at the maximum: top).
        category_axis.reverse_order = True
    value_axis.has_major_gridlines = True
    deck.paint(value_axis.major_gridlines.format.line.color, "rule")
    value_axis.format.line.fill.background()
    for axis in (category_axis, value_axis):
        deck.paint(axis.tick_labels.font.color, "text", behind, master)
    for axis, text in ((value_axis, charts.value_title(chart)),
                       (category_axis, chart.category_title or "")):
        if text:
            axis.has_title = True
            frame = axis.axis_title.text_frame
            frame.text = text
            frame.paragraphs[0].runs[0].font.size = Pt(14)
            frame.paragraphs[0].runs[0].font.bold = False
            deck.paint(frame.paragraphs[0].runs[0].font.color, "muted", behind, master)


def draw_image(deck: Deck, index: int) -> None:
    image = deck.briefing.sections[index].image
    page = section_slide(deck, "image", index)
    at = f"sections[{index}].image"
    area, said = source_foot(deck, page, content_area(deck, page), image.source,
                             f"the source of {at}")
    add_notes(deck, page, said)
    label = numbering(deck.briefing).label(index, "image", words(deck.theme, deck.briefing.lang))
    area = Box(area.left, area.top, area.width, area.height - 38)
    source = _picture_source(deck, deck.briefing.base_dir / image.path)
    if source is None:
        text_box(deck, page.slide, area, [text_block(image.alt, italic=True, align="center")],
                 24, 16, f"the alt text of {at}", color="muted", anchor="m")
        bottom = area.bottom
    else:
        picture = page.slide.shapes.add_picture(source, *area.emu()[:2])
        scale = min(area.width * EMU_PER_PT / picture.width,
                    area.height * EMU_PER_PT / picture.height)
        wide = picture.width / EMU_PER_PT * scale
        tall = picture.height / EMU_PER_PT * scale
        place(picture, Box(area.left + (area.width - wide) / 2, area.top, wide, tall))
        picture.name = "Picture"
        set_alt_text(picture, image.alt)
        bottom = area.top + tall
    runs = (Run(label, bold=True), *((Run(": "), *image.caption.runs()) if image.caption
                                      else ()))
    text_box(deck, page.slide, Box(area.left, bottom + 8, area.width, 30),
             [Block(runs, align="center")], 16, 12, f"the caption of {at}", color="muted")


def _picture_source(deck: Deck, path):
    """A path or PNG bytes python-pptx can embed; None for a format it cannot (SVG)."""
    suffix = path.suffix.lower()
    if suffix in (".png", ".jpg", ".jpeg", ".gif"):
        return str(path)
    if suffix == ".webp":
        from PIL import Image

        buffer = io.BytesIO()
        with Image.open(path) as picture:
            picture.save(buffer, format="PNG")
        buffer.seek(0)
        return buffer
    deck.warnings.append(f"{deck.briefing.source}: {path.name}: SVG cannot be placed in a "
                         "deck; its alt text is shown instead")
    return None

