"""Hostile reference decks (--reference-deck, --inspect-deck): each is a usage error, one
line and exit 2, found by options.reference_deck before python-pptx opens the file."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, SEED_YAML
from pptx import Presentation

from briefing import options
from briefing.cli import main


def office(path: Path, *, layouts: bool = True) -> Path:
    prs = Presentation()
    if not layouts:
        for layout in list(prs.slide_layouts):
            prs.slide_layouts.remove(layout)
    prs.save(str(path))
    return path


def with_part(path: Path, name: str, data: bytes) -> Path:
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, data)
    return path


def rewritten(path: Path, replace: dict[str, bytes], drop: tuple[str, ...] = ()) -> Path:
    """The Office template with some parts replaced or left out."""
    source = office(path.with_name("source.pptx"))
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for name in old.namelist():
            if name not in drop:
                new.writestr(name, replace.get(name, old.read(name)))
    return path


def usage_error(tmp_path, capsys, deck: Path, how: str) -> str:
    """Run with ``deck`` as --reference-deck (a build) or --inspect-deck; expect exit 2,
    one line naming the deck, and no deck built; return the rest of the line."""
    out = tmp_path / "out"
    if how == "reference":
        code = main([str(SEED_YAML), "-f", "pptx", "-o", str(out), "--reference-deck", str(deck)])
    else:
        code = main(["--inspect-deck", str(deck)])
    captured = capsys.readouterr()
    assert code == 2, captured.err
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith(f"build.py: {deck}: "), captured.err
    assert not (out / "kpop-soft-power.pptx").exists()
    return lines[0][len(f"build.py: {deck}: "):]


BOTH = pytest.mark.parametrize("how", ["reference", "inspect"])


@BOTH
def test_a_deck_without_layouts_is_a_usage_error(tmp_path, capsys, how):
    deck = office(tmp_path / "empty.pptx", layouts=False)
    assert usage_error(tmp_path, capsys, deck, how) == (
        "the deck has no slide layouts (its first slide master lists none); expected a "
        "template with layouts such as 'Title Slide' and 'Title and Content'")


@BOTH
def test_a_zip_bomb_is_refused_by_its_compression_ratio(tmp_path, capsys, how):
    # The same ratio as 2 GB of zeros in 2 MB, small enough to write in a moment.
    deck = with_part(office(tmp_path / "bomb.pptx"), "ppt/media/zeros.bin", bytes(20_000_000))
    assert deck.stat().st_size < 200_000
    message = usage_error(tmp_path, capsys, deck, how)
    assert message.startswith("part ppt/media/zeros.bin inflates ")
    assert message.endswith(" bytes to 20,000,000, more than 100 to 1 (a zip bomb?); save the "
                            "template again from PowerPoint")


@BOTH
def test_declared_sizes_and_part_counts_have_limits(tmp_path, capsys, monkeypatch, how):
    deck = with_part(office(tmp_path / "big.pptx"), "ppt/media/noise.bin", os.urandom(300_000))
    monkeypatch.setattr(options, "MAX_DECK_PART_BYTES", 200_000)
    assert usage_error(tmp_path, capsys, deck, how) == (
        "part ppt/media/noise.bin declares 300,000 bytes; the limit is 200,000 bytes per part")
    monkeypatch.setattr(options, "MAX_DECK_PART_BYTES", 1_000_000)
    monkeypatch.setattr(options, "MAX_DECK_BYTES", 250_000)
    assert usage_error(tmp_path, capsys, deck, how).endswith(
        " bytes in all; the limit is 250,000 bytes")
    monkeypatch.setattr(options, "MAX_DECK_PARTS", 5)
    assert usage_error(tmp_path, capsys, deck, how).startswith("the archive holds ")


@BOTH
@pytest.mark.parametrize(("damage", "message"), [
    ("garbage", "not a PowerPoint (.pptx) file: part ppt/presentation.xml is not well-formed "
                "XML (syntax error at line 1)"),
    ("dtd", "part ppt/presentation.xml declares a DTD, which Office files may not"),
    ("missing", "part ppt/presentation.xml refers to ppt/slideMasters/slideMaster1.xml, which "
                "the archive lacks; save the template again from PowerPoint"),
    ("truncated", "not a PowerPoint (.pptx) file: "),
    ("not a zip", "not a PowerPoint (.pptx) file: "),
])
def test_a_damaged_deck_is_a_usage_error(tmp_path, capsys, how, damage, message):
    deck = tmp_path / "damaged.pptx"
    if damage == "garbage":
        rewritten(deck, {"ppt/presentation.xml": b"garbage"})
    elif damage == "dtd":
        rewritten(deck, {"ppt/presentation.xml": b'<?xml version="1.0"?><!DOCTYPE p [<!ENTITY '
                                                 b'a "aaaa">]><p>&a;</p>'})
    elif damage == "missing":
        rewritten(deck, {}, drop=("ppt/slideMasters/slideMaster1.xml",))
    elif damage == "truncated":
        data = office(tmp_path / "whole.pptx").read_bytes()
        deck.write_bytes(data[: len(data) // 2])
    else:
        deck.write_bytes(b"not a zip")
    assert usage_error(tmp_path, capsys, deck, how).startswith(message)


def test_a_good_template_passes_the_checks_quickly(tmp_path):
    import time

    deck = office(tmp_path / "office.pptx")
    started = time.perf_counter()
    assert options.reference_deck(deck) == deck.resolve()
    assert time.perf_counter() - started < 0.5


SPECIAL = """\
import sys
from briefing.cli import main
sys.exit(main(["--inspect-deck", sys.argv[1]]))
"""


def test_a_fifo_named_pptx_is_not_a_regular_file_and_does_not_hang(tmp_path):
    fifo = tmp_path / "deck.pptx"
    os.mkfifo(fifo)
    result = subprocess.run([sys.executable, "-c", SPECIAL, str(fifo)], capture_output=True,
                            text=True, timeout=60, cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip() == (f"build.py: {fifo}: not a regular file; expected a "
                                     "PowerPoint (.pptx) file")
