"""Keycap emoji (1️⃣) print as keycaps: the print page hands the whole sequence to the
emoji font, in text only, never inside an attribute, the title or the stylesheet."""

from __future__ import annotations

import re

from conftest import minimal

from briefing.content import load_briefing
from briefing.html import render_html
from briefing.theme import load_theme


def test_keycaps_are_marked_in_text_and_left_alone_elsewhere(write_content):
    path = write_content(minimal(title="Steps 1️⃣ to 3️⃣", sections=[
        {"title": "Three steps", "body": "First 1️⃣ plan, then #️⃣ report."}]))
    page = render_html(load_briefing(path), load_theme())
    body = page[page.index("<body>"):]
    assert '<p>First <span class="keycap">1\u20e3</span> plan, then ' \
           '<span class="keycap">#\u20e3</span> report.</p>' in body
    assert "<title>Steps 1️⃣ to 3️⃣</title>" in page  # the title element is plain text
    assert 'data-running="Steps 1️⃣ to 3️⃣"' in page  # attribute values as written
    assert not re.search(r'="[^"]*<span class="keycap">', page)


def test_a_page_without_keycaps_is_unchanged(write_content):
    path = write_content(minimal())
    assert 'class="keycap"' not in render_html(load_briefing(path), load_theme())
