"""A link entry of the links slide (title, note, address) is never split across slides:
on a template whose artwork leaves less room (Candy), "Ministry of Culture…" sat at the
foot of one slide and its note and address at the head of the next, under no title."""

from __future__ import annotations

from conftest import minimal
from pptx import Presentation

from briefing.cli import main


def test_each_link_entry_stays_on_one_slide(write_content, tmp_path):
    items = [{"title": f"Report {n} of the Example Institute on ports and vessels",
              "url": f"https://example.org/reports/{n}/offshore-wind-ports-and-vessels",
              "note": f"Note{n}: yearly figures for every port and vessel class"
                      + ", with the methods used and the sources of each table" * ((3 * n) % 4)}
             for n in range(1, 8)]
    path = write_content(minimal(links={"title": "Further reading", "items": items}))
    out = tmp_path / "out"
    assert main([str(path), "-o", str(out), "-f", "pptx"]) == 0
    slides = []
    for slide in Presentation(str(out / "doc.pptx")).slides:
        if slide.name == "links":
            slides.append("\n".join(shape.text_frame.text for shape in slide.shapes
                                    if shape.has_text_frame))
    assert len(slides) >= 2  # the entries flow over several slides
    for n in range(1, 8):
        holding = [i for i, text in enumerate(slides)
                   if f"Report {n} of" in text or f"Note{n}:" in text
                   or f"reports/{n}/" in text]
        assert len(set(holding)) == 1, (n, holding)
    assert sum(text.count("yearly figures") for text in slides) == 7
