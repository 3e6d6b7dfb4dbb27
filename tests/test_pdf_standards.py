"""The standard a PDF claims, read back from the built file: the default build is
PDF/UA-1 (XMP pdfuaid:part 1, tagged), --pdf-variant pdf/a-3u is PDF/A-3u (XMP
pdfaid:part 3, conformance U, still tagged)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from conftest import dump, minimal
from pypdf import PdfReader

from briefing.cli import main
from briefing.options import Options

NAMES = {"http://www.aiim.org/pdfua/ns/id/": "pdfuaid",
         "http://www.aiim.org/pdfa/ns/id/": "pdfaid"}


def xmp_ids(reader: PdfReader) -> dict[str, str]:
    """The identification fields of the XMP packet, as {"pdfuaid:part": "1", …}.

    XMP may write a field as an attribute of rdf:Description or as an element.
    """
    packet = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    found = {}
    for element in ET.fromstring(packet).iter():
        pairs = [(element.tag, element.text)] + list(element.attrib.items())
        for name, value in pairs:
            if isinstance(name, str) and name.startswith("{"):
                uri, local = name[1:].split("}")
                if uri in NAMES:
                    found[f"{NAMES[uri]}:{local}"] = (value or "").strip()
    return found


def assert_tagged(reader: PdfReader) -> None:
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root, "no structure tree: the PDF is not tagged"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/StructTreeRoot"].get_object().get("/K") is not None  # not an empty tree


def test_the_default_build_is_pdf_ua_1(seed_build):
    reader = PdfReader(seed_build["pdf"])  # built with no --pdf-variant
    ids = xmp_ids(reader)
    assert ids.get("pdfuaid:part") == "1", f"default PDF claims {ids}, expected pdfuaid:part 1"
    assert "pdfaid:part" not in ids, f"default PDF claims PDF/A: {ids}"
    assert_tagged(reader)


def test_the_default_options_are_pdf_ua_1():
    assert Options().pdf_variant == "pdf/ua-1"


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pdfa")
    content = folder / "doc.yaml"
    content.write_text(dump(minimal()), "utf-8")
    assert main([str(content), "-o", str(folder / "out"), "-f", "pdf",
                 "--pdf-variant", "pdf/a-3u"]) == 0
    return folder / "out" / "doc.pdf"


def test_pdf_a_3u_says_part_3_conformance_u_and_stays_tagged(archive):
    reader = PdfReader(archive)
    ids = xmp_ids(reader)
    assert (ids.get("pdfaid:part"), ids.get("pdfaid:conformance")) == ("3", "U"), ids
    assert_tagged(reader)
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Reservoirs are at 61 percent." in text

