"""A cited PDF span shown where it lives: the page rendered as an image, the span boxed.

The boxes come from the same characters as the citation, not from a search for its words:
the stored text of the cited page (what pypdf extracted, wrapped lines joined) is aligned
character by character with PDFium's text of the same page (letters and digits only, so line
breaks, hyphenation and spacing do not matter), the citation's offsets are carried through that
alignment to PDFium's character indices, and the line rectangles PDFium gives for those
characters are the boxes. Then the text under the boxes is read back from the page and must
equal the citation (letters and digits); if it does not (the file changed since it was indexed,
or the extractors disagree), the page is shown without boxes and says so.

Rendering uses pypdfium2 (PDFium: BSD/Apache), locally; rendered pages are cached per instance.
"""

from __future__ import annotations

import base64
import difflib
import io
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from index.documents import Document
from index.errors import DocumentLoadError, InvalidInputError
from index.loaders import format_suffix, read_content
from qa.answers import Citation

HIGHLIGHT = (255, 200, 0)


@dataclass(frozen=True)
class Box:
    """A rectangle on the rendered page image, in pixels from its top-left corner."""

    left: float
    top: float
    right: float
    bottom: float


@dataclass(frozen=True)
class PageEvidence:
    """A rendered page (PNG) with the cited span's boxes drawn on it.

    ``boxes`` are in image pixels; ``page_boxes`` the same rectangles in PDF points (origin at
    the bottom left, as PDFium reads them); ``text_under_boxes`` what the page holds there;
    ``verified`` whether that text is the citation's (letters and digits compared; of a sentence
    that runs on to the next page, its part on this page)."""

    source: str
    page: int
    png: bytes
    width: int
    height: int
    scale: float
    boxes: tuple[Box, ...]
    page_boxes: tuple[tuple[float, float, float, float], ...]
    text_under_boxes: str
    verified: bool

    def data_uri(self) -> str:
        return "data:image/png;base64," + base64.b64encode(self.png).decode("ascii")


def _key(text: str) -> tuple[str, list[int]]:
    """The letters and digits of ``text``, casefolded, and where each one is in ``text``."""
    chars, where = [], []
    for i, ch in enumerate(text):
        if ch.isalnum():
            chars.append(ch.casefold())
            where.append(i)
    return "".join(chars), where


def _lines(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` of each line of PDFium's page text (a soft-hyphen mark U+FFFE ends one too)."""
    out, begin = [], 0
    for m in re.finditer(r"\r\n|\n|\r|(?<=\ufffe)", text):
        if m.start() > begin:
            out.append((begin, m.start()))
        begin = m.end()
    if begin < len(text):
        out.append((begin, len(text)))
    return out


def _in_stored_order(stored_key: str, page_text: str) -> list[int] | None:
    """PDFium's character indices with its lines put in the order the stored text has them (a
    rotated page's text comes out last line first); None when a line is not found in the stored text."""
    placed = []
    for begin, end in _lines(page_text):
        key = _key(page_text[begin:end])[0]
        at = stored_key.find(key) if key else -1
        if key and at < 0:
            return None
        placed.append((at, begin, end))
    order: list[int] = []
    for _, begin, end in sorted(placed, key=lambda x: x[0]):
        order.extend(range(begin, end))
    return order


def _align(stored: str, page_text: str, start: int, end: int) -> list[int] | None:
    """For each letter or digit of ``stored[start:end]``, its index in ``page_text``; None unless all align."""
    a, a_at = _key(stored)
    b, b_at = _key(page_text)
    wanted = [k for k, pos in enumerate(a_at) if start <= pos < end]
    if not wanted:
        return None
    mapped: dict[int, int] = {}
    for block in difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks():
        for k in range(block.size):
            mapped[block.a + k] = block.b + k
    hits = [mapped.get(k) for k in wanted]
    return None if any(h is None for h in hits) else [b_at[h] for h in hits]  # type: ignore[index]


def map_offsets(stored: str, page_text: str, start: int, end: int) -> list[tuple[int, int]] | None:
    """PDFium's character ranges ``[first, last]`` in ``page_text`` holding ``stored[start:end]``, in
    reading order, through a character alignment of the two texts (with PDFium's lines first put in
    the stored text's order when they differ, as on a rotated page); None when the span's characters
    do not all align."""
    hits = _align(stored, page_text, start, end)
    if hits is None:
        order = _in_stored_order(_key(stored)[0], page_text)
        if order is None:
            return None
        hits = _align(stored, "".join(page_text[i] for i in order), start, end)
        if hits is None:
            return None
        hits = [order[h] for h in hits]
    ranges: list[list[int]] = []
    for h in hits:  # runs of characters, each a range of PDFium's indices
        if ranges and h > ranges[-1][1] and not any(page_text[i].isalnum() for i in range(ranges[-1][1] + 1, h)):
            ranges[-1][1] = h
        else:
            ranges.append([h, h])
    # the span's punctuation before its first and after its last letter or digit ("(1887).")
    a_at = _key(stored)[1]
    inside = [pos for pos in a_at if start <= pos < end]
    lead = stored[start : inside[0]].strip()
    trail = stored[inside[-1] + 1 : end].strip()
    first, last = ranges[0][0], ranges[-1][1]
    while lead and first > 0 and page_text[first - 1] == lead[-1]:
        first, lead = first - 1, lead[:-1]
    while trail and last + 1 < len(page_text) and page_text[last + 1] == trail[0]:
        last, trail = last + 1, trail[1:]
    ranges[0][0], ranges[-1][1] = first, last
    return [(a, b) for a, b in ranges]


class PdfEvidence:
    """Renders the page of a PDF citation with the cited span boxed (see the module's docstring).
    Cheap to make; keeps the last ``cache_size`` rendered pages (per file, modification time and page)."""

    def __init__(self, *, scale: float = 1.5, cache_size: int = 16) -> None:
        if not 0.25 <= scale <= 4:
            raise InvalidInputError(f"scale must be between 0.25 and 4, got {scale!r}")
        if cache_size < 0:
            raise InvalidInputError(f"cache_size must be 0 or more, got {cache_size!r}")
        self.scale = scale
        self.cache_size = cache_size
        self._pages: OrderedDict[tuple[str, int, int], object] = OrderedDict()
        self._lock = threading.Lock()

    def evidence(self, document: Document, citation: Citation) -> PageEvidence:
        """The cited page of ``document`` (a PDF) with ``citation``'s span boxed."""
        import pypdfium2 as pdfium

        path = Path(document.source)
        if format_suffix(path) != ".pdf" or citation.page is None or not document.page_starts:
            raise InvalidInputError(f"{document.source} is not a paged PDF citation; there is no page to show")
        page_no = citation.page
        lo = document.page_starts[page_no - 1]
        hi = document.page_starts[page_no] if page_no < len(document.page_starts) else len(document.text)
        hi = lo + len(document.text[lo:hi].rstrip())  # pages meet at a paragraph break, or a space where a sentence runs on
        end = min(citation.end, hi)  # a sentence that runs on to the next page: its part on this page
        try:  # a compressed one (manual.pdf.gz) from its content
            pdf = pdfium.PdfDocument(str(path) if path.suffix.lower() == ".pdf" else read_content(path))
        except DocumentLoadError as exc:
            raise DocumentLoadError(path, f"cannot open the PDF to show page {page_no} ({exc.reason})") from exc
        except (OSError, pdfium.PdfiumError) as exc:
            raise DocumentLoadError(path, f"cannot open the PDF to show page {page_no} ({exc})") from exc
        try:
            if page_no > len(pdf):
                raise DocumentLoadError(path, f"has {len(pdf)} pages now, not {page_no}: it changed since it was "
                                              "indexed; run `qa index` again")
            page = pdf[page_no - 1]
            textpage = page.get_textpage()
            page_text = textpage.get_text_range()
            span = map_offsets(document.text[lo:hi], page_text, citation.start - lo, end - lo)
            rects: list[tuple[float, float, float, float]] = []
            under = ""
            for first, last in span or ():
                for i in range(textpage.count_rects(first, last - first + 1)):
                    rects.append(tuple(float(v) for v in textpage.get_rect(i)))  # type: ignore[arg-type]
                under = " ".join(textpage.get_text_bounded(*r).strip() for r in rects)
            verified = bool(rects) and _key(under)[0] == _key(document.text[citation.start:end])[0]
            image = self._render(path, page_no, page)
            boxes = tuple(_to_image(page, image.size, r) for r in rects) if verified else ()  # type: ignore[attr-defined]
            textpage.close()
            page.close()
        finally:
            pdf.close()
        png, width, height = _draw(image, boxes)
        return PageEvidence(str(path), page_no, png, width, height, self.scale, boxes,
                            tuple(rects) if verified else (), under, verified)

    def _render(self, path: Path, page_no: int, page: object) -> object:
        """The page as a PIL image (cached by file, modification time and page)."""
        key = (str(path), path.stat().st_mtime_ns, page_no)
        with self._lock:
            if key in self._pages:
                self._pages.move_to_end(key)
                return self._pages[key]
        image = page.render(scale=self.scale).to_pil()  # type: ignore[attr-defined]
        with self._lock:
            self._pages[key] = image
            while len(self._pages) > self.cache_size:
                self._pages.popitem(last=False)
        return image


def _to_image(page: object, size: tuple[int, int], rect: tuple[float, float, float, float]) -> Box:
    """``rect`` (left, bottom, right, top in PDF points) on the page image of ``size``, through
    PDFium's own page-to-device transform: the page's /Rotate and crop box are those it rendered with."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    left, bottom, right, top = rect
    xs, ys = [], []
    for x, y in ((left, bottom), (left, top), (right, bottom), (right, top)):
        dx, dy = ctypes.c_int(), ctypes.c_int()
        pdfium_c.FPDF_PageToDevice(page.raw, 0, 0, size[0], size[1], 0, x, y,  # type: ignore[attr-defined]
                                   ctypes.byref(dx), ctypes.byref(dy))
        xs.append(dx.value)
        ys.append(dy.value)
    return Box(float(min(xs)), float(min(ys)), float(max(xs)), float(max(ys)))


def _draw(image: object, boxes: tuple[Box, ...]) -> tuple[bytes, int, int]:
    from PIL import Image, ImageDraw

    assert isinstance(image, Image.Image)
    canvas = image.convert("RGBA")
    overlay = Image.new("RGBA", canvas.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    for b in boxes:
        draw.rectangle((b.left - 2, b.top - 2, b.right + 2, b.bottom + 2), fill=(*HIGHLIGHT, 70),
                       outline=(*HIGHLIGHT, 255), width=2)
    out = io.BytesIO()
    Image.alpha_composite(canvas, overlay).convert("RGB").save(out, format="PNG", optimize=False)
    return out.getvalue(), canvas.width, canvas.height
