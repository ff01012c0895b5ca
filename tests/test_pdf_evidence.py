"""The PDF evidence view: the cited span boxed on the rendered page, from the same characters."""

from __future__ import annotations

import gzip
import time
from pathlib import Path

import pytest

from index.documents import Document, Span
from index.errors import DocumentLoadError, InvalidInputError
from index.loaders import load_document
from qa.answers import Citation
from qa.pdf_evidence import PdfEvidence, map_offsets
from tests.conftest import make_pdf

PAGES = [["The Vestby Mill",
          "The mill was built in 1887 (after the fire) and grinds four hundred",
          "tonnes of grain every year; its machinery was rep-",
          "resented in the 1931 catalogue of Nordic mills.",
          "The miller lives beside the mill."],
         ["The Dairy", "The dairy keeps 40 cows and sells cheese in Vestby."]]


def cite(document: Document, phrase: str) -> Citation:
    start = document.text.index(phrase)
    end = start + len(phrase)
    span = Span(1, document.doc_id, document.source, document.title, start, end, phrase)
    return Citation(span, page=document.page_at(start), score=1.0)


@pytest.fixture
def mill(tmp_path: Path) -> Document:
    return load_document(make_pdf(tmp_path / "mill.pdf", PAGES))


def text_at(path: str, page: int, pdf_box: tuple[float, float, float, float]) -> str:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    try:
        return pdf[page - 1].get_textpage().get_text_bounded(*pdf_box)
    finally:
        pdf.close()


def letters(text: str) -> str:
    return "".join(ch for ch in text if ch.isalnum()).casefold()


def test_a_wrapped_hyphenated_sentence_is_boxed_line_by_line(mill: Document) -> None:
    sentence = ("The mill was built in 1887 (after the fire) and grinds four hundred tonnes of grain every year; "
                "its machinery was represented in the 1931 catalogue of Nordic mills.")
    assert sentence in mill.text  # the stored text joined the lines and undid the hyphenation
    evidence = PdfEvidence().evidence(mill, cite(mill, sentence))
    assert evidence.verified and evidence.page == 1 and len(evidence.boxes) == 3  # three lines on the page
    assert letters(evidence.text_under_boxes) == letters(sentence)
    # each box, taken back to page coordinates, holds the words it was drawn over, and nothing of the next line
    under = " ".join(text_at(mill.source, 1, box) for box in evidence.page_boxes)
    assert letters(under) == letters(sentence) and "miller" not in under
    # the boxes lie in the image, top to bottom, each below the last
    tops = [b.top for b in evidence.boxes]
    assert tops == sorted(tops) and all(0 <= b.left < b.right <= evidence.width for b in evidence.boxes)
    assert evidence.png.startswith(b"\x89PNG")


def test_a_span_on_the_second_page_and_its_punctuation(mill: Document) -> None:
    citation = cite(mill, "40 cows")
    evidence = PdfEvidence().evidence(mill, citation)
    assert evidence.page == 2 and evidence.verified and evidence.text_under_boxes == "40 cows"
    full = cite(mill, "The miller lives beside the mill.")
    assert PdfEvidence().evidence(mill, full).text_under_boxes == "The miller lives beside the mill."


def test_the_boxed_pixels_are_drawn_over_the_words(mill: Document) -> None:
    from io import BytesIO

    from PIL import Image

    evidence = PdfEvidence().evidence(mill, cite(mill, "40 cows"))
    image = Image.open(BytesIO(evidence.png)).convert("RGB")
    box = evidence.boxes[0]
    edge = image.getpixel((int(box.left + (box.right - box.left) / 2), int(box.top - 1)))  # the box's top edge
    assert isinstance(edge, tuple)
    assert edge[2] < 120 < edge[0] and edge[1] > 150  # the highlight's yellow, not the page's white or black
    outside = image.getpixel((int(box.left + 2), int(box.bottom + 40)))
    assert outside == (255, 255, 255)


@pytest.mark.parametrize("keys", [b"/Rotate 90 ", b"/Rotate 180 /CropBox [40 100 600 780] ", b"/Rotate 270 "])
def test_boxes_follow_the_pages_rotation_and_crop_box(tmp_path: Path, keys: bytes) -> None:
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    document = load_document(make_pdf(tmp_path / "turned.pdf", PAGES, page_keys=keys))
    evidence = PdfEvidence().evidence(document, cite(document, "tonnes of grain every year"))
    assert evidence.verified and len(evidence.boxes) == 1
    assert (evidence.width > evidence.height) == (b"Rotate 90" in keys or b"Rotate 270" in keys)
    box = evidence.boxes[0]
    assert 0 <= box.left < box.right <= evidence.width and 0 <= box.top < box.bottom <= evidence.height
    # the box's pixels, taken back through PDFium's device-to-page transform, hold the cited words
    pdf = pdfium.PdfDocument(document.source)
    try:
        page = pdf[0]
        corners = []
        for x, y in ((box.left, box.top), (box.right, box.bottom)):
            px, py = ctypes.c_double(), ctypes.c_double()
            pdfium_c.FPDF_DeviceToPage(page.raw, 0, 0, evidence.width, evidence.height, 0, int(x), int(y),
                                       ctypes.byref(px), ctypes.byref(py))
            corners.append((px.value, py.value))
        (x0, y0), (x1, y1) = corners
        under = page.get_textpage().get_text_bounded(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
    finally:
        pdf.close()
    assert letters(under) == letters("tonnes of grain every year")


def test_a_changed_file_shows_the_page_without_boxes(mill: Document, tmp_path: Path) -> None:
    citation = cite(mill, "40 cows")
    make_pdf(tmp_path / "mill.pdf", [PAGES[0], ["The Dairy", "The dairy was sold in 1990."]])
    evidence = PdfEvidence().evidence(mill, citation)
    assert not evidence.verified and evidence.boxes == () and evidence.png.startswith(b"\x89PNG")
    Path(mill.source).unlink()
    with pytest.raises(DocumentLoadError, match=r"mill.pdf: cannot open the PDF to show page 2"):
        PdfEvidence().evidence(mill, citation)


def test_a_compressed_pdf_s_page_is_shown_with_the_span_boxed(mill: Document, tmp_path: Path) -> None:
    packed = tmp_path / "manual.pdf.gz"
    packed.write_bytes(gzip.compress(Path(mill.source).read_bytes()))
    manual = load_document(packed)
    assert manual.text == mill.text and manual.page_starts == mill.page_starts
    evidence = PdfEvidence().evidence(manual, cite(manual, "40 cows"))
    assert evidence.page == 2 and evidence.verified and evidence.text_under_boxes == "40 cows"
    packed.unlink()
    with pytest.raises(DocumentLoadError, match=r"manual.pdf.gz: cannot open the PDF to show page 2 \(no such file\)"):
        PdfEvidence().evidence(manual, cite(manual, "40 cows"))


def test_bad_arguments_are_named(mill: Document) -> None:
    with pytest.raises(InvalidInputError, match="scale must be between 0.25 and 4, got 9"):
        PdfEvidence(scale=9)
    text = Document("d", "/tmp/notes.txt", "Notes", "Plain text.")
    with pytest.raises(InvalidInputError, match="notes.txt is not a paged PDF citation"):
        PdfEvidence().evidence(text, cite(text, "Plain"))


def test_offsets_map_through_line_breaks_and_hyphens() -> None:
    stored = "It was represented in 1931."
    page = "It was rep-\r\nresented in\r\n1931."
    assert map_offsets(stored, page, 0, len(stored)) == [(0, len(page) - 1)]
    assert map_offsets(stored, "Something else.", 0, 5) is None
    # a rotated page's lines, last first: the span's two lines are two ranges, in reading order
    turned = "resented in 1931.\r\nIt was rep\ufffe"
    assert map_offsets(stored, turned, 0, len(stored)) == [(19, 28), (0, 16)]


def test_a_page_renders_in_under_200_ms_and_again_from_the_cache(mill: Document) -> None:
    pages = PdfEvidence()
    citation = cite(mill, "40 cows")
    pages.evidence(mill, citation)  # imports PDFium
    times = []
    for phrase in ("The mill was built in 1887", "The miller lives beside the mill.", "The dairy keeps 40 cows"):
        started = time.perf_counter()
        pages.evidence(mill, cite(mill, phrase))
        times.append(time.perf_counter() - started)
    assert min(times) < 0.2, times


def test_a_sentence_that_runs_on_to_the_next_page_is_boxed_on_its_page(tmp_path: Path) -> None:
    filler = ["The mill was built in 1887 of grey stone and grinds four hundred tonnes of",
              "grain every year for the farms of the valley, which bring their harvest in.",
              "The miller lives beside the mill with his family and two dogs, and keeps bees."]
    pages = [["Vestby Mill Guide", "The Vestby Mill", *filler * 3,
              "The wheel was rebuilt after the flood of 1931 by the carpenters of the", "Page 1"],
             ["Vestby Mill Guide", "village, who used oak from the hill above the farm and iron from the smithy.",
              *filler * 3, "Page 2"],
             ["Vestby Mill Guide", *filler * 3, "The dairy keeps 40 cows and sells cheese in Vestby.", "Page 3"]]
    document = load_document(make_pdf(tmp_path / "guide.pdf", pages))
    assert document.text.count("Vestby Mill Guide") == 1 and "Page 2" not in document.text  # running lines gone
    sentence = ("The wheel was rebuilt after the flood of 1931 by the carpenters of the village, who used oak "
                "from the hill above the farm and iron from the smithy.")
    evidence = PdfEvidence().evidence(document, cite(document, sentence))
    assert evidence.page == 1 and evidence.verified
    assert letters(evidence.text_under_boxes) == letters("The wheel was rebuilt after the flood of 1931 by the "
                                                         "carpenters of the")
    last = PdfEvidence().evidence(document, cite(document, "The dairy keeps 40 cows and sells cheese in Vestby."))
    assert last.page == 3 and last.verified and letters(last.text_under_boxes) == letters("The dairy keeps 40 cows "
                                                                                          "and sells cheese in Vestby.")
