"""Drawing the slides: one function per kind of slide (python-pptx lives here only)."""

from __future__ import annotations

from dataclasses import dataclass

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.enum.text import MSO_ANCHOR
from pptx.util import Emu, Pt

from . import deck as plan
from .markdown import Paragraph, Run
from .model import Briefing, Section
from .textfit import fit_size
from .theme import Theme

WIDTH, HEIGHT = Emu(12192000), Emu(6858000)  # 13.333 × 7.5 in, 16:9
MARGIN = Emu(548640)  # 0.6 in
EMU_PER_PT = 12700
TITLE_ONLY = 5


@dataclass
class Deck:
    """The presentation being drawn, with what every slide function needs."""

    prs: Presentation
    briefing: Briefing
    theme: Theme

    def color(self, name: str) -> RGBColor:
        return RGBColor.from_string(getattr(self.theme.colors, name).lstrip("#"))

    def save(self, target) -> None:
        self.prs.save(target)


def new_deck(briefing: Briefing, theme: Theme) -> Deck:
    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDTH, HEIGHT
    props = prs.core_properties
    props.title = briefing.title
    props.subject = briefing.subtitle or ""
    props.author = briefing.author or briefing.organization or ""
    props.last_modified_by = props.author
    props.keywords = ", ".join(briefing.topics)
    props.language = briefing.lang
    props.revision = 1
    when = plan.edition_datetime(briefing)
    if when:
        props.created = props.modified = when
    return Deck(prs, briefing, theme)


# -- shared pieces ---------------------------------------------------------

def _new_slide(deck: Deck, title: str, number: int, *, dark: bool = False):
    slide = deck.prs.slides.add_slide(deck.prs.slide_layouts[TITLE_ONLY])
    if dark:
        _fill_background(deck, slide, "primary")
    shape = slide.shapes.title
    shape.left, shape.top = MARGIN, Emu(365760)
    shape.width, shape.height = WIDTH - 2 * MARGIN, Emu(914400)
    _set_text(deck, shape.text_frame, [Paragraph((Run(title),))],
              size=deck.theme.deck.title_size, bold=True,
              color="on_primary" if dark else "primary", box=shape)
    if number > 1:
        _footer(deck, slide, number)
    return slide


def _fill_background(deck: Deck, slide, color: str) -> None:
    fill = slide.background.fill
    fill.solid()
    fill.fore_color.rgb = deck.color(color)


def _footer(deck: Deck, slide, number: int) -> None:
    box = slide.shapes.add_textbox(MARGIN, HEIGHT - Emu(457200), WIDTH - 2 * MARGIN, Emu(320040))
    frame = box.text_frame
    para = frame.paragraphs[0]
    run = para.add_run()
    run.text = f"{deck.briefing.title}   ·   {number}"
    _style_run(deck, run, size=12, color="muted")


def _style_run(deck: Deck, run, *, size: float, color: str = "text", bold=False,
               italic=False) -> None:
    font = run.font
    font.name = deck.theme.fonts.deck
    font.size = Pt(size)
    font.bold = bold or None
    font.italic = italic or None
    font.color.rgb = deck.color(color)


def _set_text(deck: Deck, frame, paragraphs: list[Paragraph], *, size: float, box,
              color: str = "text", bold: bool = False, smallest: float | None = None) -> None:
    """Fill a text frame with styled paragraphs, shrunk until it fits its box."""
    frame.word_wrap = True
    frame.vertical_anchor = MSO_ANCHOR.TOP
    for side in ("margin_left", "margin_right", "margin_top", "margin_bottom"):
        setattr(frame, side, Emu(45720))
    width = (box.width - 2 * 45720) / EMU_PER_PT
    height = (box.height - 2 * 45720) / EMU_PER_PT
    font = deck.theme.font_file("bold" if bold else "regular")
    texts = [(p.bullet + " " if p.bullet else "") + p.text for p in paragraphs]
    smallest = smallest or size / 2
    size = fit_size(texts, font, width, height, size, smallest) or smallest
    for index, para in enumerate(paragraphs):
        p = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        p.space_after = Pt(size * 0.5)
        runs = ((Run(para.bullet + " "),) if para.bullet else ()) + para.runs
        for piece in runs:
            run = p.add_run()
            run.text = piece.text
            _style_run(deck, run, size=size, color=color, bold=bold or piece.bold,
                       italic=piece.italic)
            if piece.href:
                run.hyperlink.address = piece.href


def _text_box(deck: Deck, slide, paragraphs, left, top, width, height, **style):
    box = slide.shapes.add_textbox(left, top, width, height)
    _set_text(deck, box.text_frame, paragraphs, box=box, **style)
    return box


def _body_area():
    return MARGIN, Emu(1463040), WIDTH - 2 * MARGIN, HEIGHT - Emu(1463040) - Emu(594360)


def _section_title(deck: Deck, spec) -> str:
    return f"{spec.section + 1}. {deck.briefing.sections[spec.section].title}"


# -- one function per kind of slide ---------------------------------------

def draw_title(deck: Deck, spec, section: Section | None, number: int) -> None:
    b = deck.briefing
    slide = _new_slide(deck, b.title, number, dark=True)
    slide.shapes.title.top = Emu(2011680)
    slide.shapes.title.height = Emu(1463040)
    left, width = MARGIN, WIDTH - 2 * MARGIN
    if b.kicker:
        _text_box(deck, slide, [Paragraph((Run(b.kicker),))], left, Emu(1188720), width,
                  Emu(640080), size=22, color="accent", bold=True)
    lines = [b.subtitle] if b.subtitle else []
    if b.topics:
        lines.append(" · ".join(b.topics))
    meta = " · ".join(x for x in (b.author, b.organization,
                                  b.date.isoformat() if b.date else None) if x)
    if meta:
        lines.append(meta)
    _text_box(deck, slide, [Paragraph((Run(t),)) for t in lines], left, Emu(3566160), width,
              Emu(2286000), size=22, color="on_primary", smallest=14)


def draw_agenda(deck: Deck, spec, section, number: int) -> None:
    slide = _new_slide(deck, deck.theme.label(deck.briefing.lang, "agenda"), number)
    items = [Paragraph((Run(s.title),), f"{i}.") for i, s in
             enumerate(deck.briefing.sections, start=1)]
    _text_box(deck, slide, items, *_body_area(), size=24, smallest=14)


def draw_section(deck: Deck, spec, section: Section, number: int) -> None:
    slide = _new_slide(deck, _section_title(deck, spec), number)
    points = plan.section_points(section)
    if points:
        _text_box(deck, slide, points, *_body_area(), size=deck.theme.deck.body_size,
                  smallest=deck.theme.deck.min_body_size)
    slide.notes_slide.notes_text_frame.text = plan.speaker_notes(section)


def draw_stats(deck: Deck, spec, section: Section, number: int) -> None:
    slide = _new_slide(deck, _section_title(deck, spec), number)
    left, top, width, height = _body_area()
    cell = width // len(section.stats)
    for i, stat in enumerate(section.stats):
        x = left + i * cell
        _text_box(deck, slide, [Paragraph((Run(stat.value),))], x, top, cell, Emu(1371600),
                  size=66, bold=True, color="accent", smallest=28)
        _text_box(deck, slide, [Paragraph((Run(stat.label),))], x, top + Emu(1463040), cell,
                  Emu(1371600), size=24, color="muted", smallest=14)


def draw_quote(deck: Deck, spec, section: Section, number: int) -> None:
    slide = _new_slide(deck, _section_title(deck, spec), number)
    left, top, width, height = _body_area()
    quote = Paragraph(tuple(Run(r.text, r.bold, True, r.code, r.href)
                            for r in section.quote.runs()))
    _text_box(deck, slide, [quote], left + Emu(457200), top + Emu(457200),
              width - Emu(914400), height - Emu(914400), size=40, color="primary", smallest=20)


def draw_table(deck: Deck, spec, section: Section, number: int) -> None:
    slide = _new_slide(deck, _section_title(deck, spec), number)
    table = section.table
    left, top, width, height = _body_area()
    rows, cols = len(table.rows) + 1, len(table.columns)
    shape = slide.shapes.add_table(rows, cols, left, top, width, Emu(min(height, rows * 640080)))
    grid = shape.table
    for c, text in enumerate(table.columns):
        _fill_cell(deck, grid.cell(0, c), text.runs(), bold=True)
    for r, row in enumerate(table.rows, start=1):
        for c, text in enumerate(row):
            _fill_cell(deck, grid.cell(r, c), text.runs())


def _fill_cell(deck: Deck, cell, runs, bold: bool = False) -> None:
    para = cell.text_frame.paragraphs[0]
    cell.text_frame.word_wrap = True
    for piece in runs:
        run = para.add_run()
        run.text = piece.text
        _style_run(deck, run, size=18, bold=bold or piece.bold, italic=piece.italic,
                   color="on_primary" if bold else "text")


def draw_chart(deck: Deck, spec, section: Section, number: int) -> None:
    slide = _new_slide(deck, _section_title(deck, spec), number)
    chart = section.chart
    data = CategoryChartData()
    data.categories = [p.label for p in chart.data]
    data.add_series(chart.unit or chart.kind, [p.value for p in chart.data])
    kind = {"bar": XL_CHART_TYPE.BAR_CLUSTERED, "column": XL_CHART_TYPE.COLUMN_CLUSTERED,
            "line": XL_CHART_TYPE.LINE_MARKERS, "pie": XL_CHART_TYPE.PIE}[chart.kind]
    frame = slide.shapes.add_chart(kind, *_body_area(), data)
    frame.chart.has_legend = chart.kind == "pie"
    if chart.kind == "pie":
        frame.chart.legend.position = XL_LEGEND_POSITION.RIGHT
    frame.chart.plots[0].has_data_labels = True
    frame.name = chart.caption.plain if chart.caption else f"{chart.kind} chart"


def draw_image(deck: Deck, spec, section: Section, number: int) -> None:
    slide = _new_slide(deck, _section_title(deck, spec), number)
    left, top, width, height = _body_area()
    path = deck.briefing.base_dir / section.image.path
    picture = slide.shapes.add_picture(str(path), left, top, height=height)
    if picture.width > width:
        ratio = width / picture.width
        picture.width, picture.height = width, int(picture.height * ratio)
    picture._element.nvPicPr.cNvPr.set("descr", section.image.alt)


def draw_links(deck: Deck, spec, section, number: int) -> None:
    links = deck.briefing.links
    slide = _new_slide(deck, links.title, number)
    items = []
    for link in links.items:
        items.append(Paragraph((Run(link.title, bold=True, href=link.url),), "•"))
        items.append(Paragraph((Run(link.url, href=link.url),), "", 1))
    _text_box(deck, slide, items, *_body_area(), size=22, smallest=14)


def draw_closing(deck: Deck, spec, section, number: int) -> None:
    slide = _new_slide(deck, deck.theme.label(deck.briefing.lang, "thanks"), number, dark=True)
    slide.shapes.title.top = Emu(2743200)
    b = deck.briefing
    _text_box(deck, slide, [Paragraph((Run(b.title),))], MARGIN, Emu(3749040),
              WIDTH - 2 * MARGIN, Emu(914400), size=24, color="on_primary", smallest=14)


DRAW = {name[5:]: fn for name, fn in globals().items() if name.startswith("draw_")}
