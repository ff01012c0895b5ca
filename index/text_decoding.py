"""Bytes of a text or HTML file to text, when they are not UTF-8.

Choices: uchardet (faust-cchardet, Mozilla's detector) guesses a legacy encoding, overruled for
short Western texts it takes for a DOS or Mac code page; where charset-normalizer, used before, read
Western European text as Baltic or Central European ("très" as "trčs"), this decodes every character
right for 148 of 149 cuts of text in eleven languages against 83 (``python bench/encodings.py``).
An HTML page's own ``<meta charset>`` is found by w3lib (Scrapy's), which maps names as browsers do
(ISO-8859-1 means Windows-1252).
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from index.errors import DocumentLoadError

logger = logging.getLogger(__name__)


def normalize_newlines(text: str) -> str:
    """``\r\n`` and ``\r`` as ``\n``."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode_text(data: bytes, path: Path, *, html: bool = False) -> str:
    """Decode bytes as UTF-8 (or UTF-16 with a byte-order mark), else, for an ``html`` page, as its
    own ``<meta charset>`` declares, else as the encoding uchardet finds. Bytes that read as UTF-8 are taken as
    UTF-8 even where a page declares otherwise: a legacy text is almost never valid UTF-8 by chance,
    while pages saved as UTF-8 under an old declaration are common."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise DocumentLoadError(path, f"broken UTF-16 text ({exc.reason})") from exc
    if b"\x00" in data[:8192]:
        raise DocumentLoadError(path, "looks like a binary file, not text; remove it or give it the right extension")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    declared = _declared_charset(data) if html else None  # looked for only in a page that is not UTF-8
    if declared and not declared.lower().startswith("utf"):
        try:
            return data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            logger.info("%s: does not decode as its declared %s; guessing", path, declared)
    guessed = _decode_as_guessed(data, path)
    if _UTF8_SEQUENCE.search(data):
        # UTF-8 with a few bytes of a legacy encoding pasted in: those bytes read as Windows-1252, where
        # that makes more of the non-ASCII characters letters than the guess does (a legacy text forms
        # UTF-8 sequences only by chance, and they read as stray symbols)
        mixed = _STRAY_BYTE.sub(_cp1252_byte, data.decode("utf-8", errors="surrogateescape"))
        if guessed is None or _letter_share(mixed) > _letter_share(guessed):
            return mixed
    if guessed is not None:
        return guessed
    raise DocumentLoadError(path, "could not tell the text encoding; save the file as UTF-8")


def _declared_charset(page: bytes) -> str | None:
    from w3lib.encoding import html_body_declared_encoding

    return html_body_declared_encoding(page[:4096])


def _decode_as_guessed(data: bytes, path: Path) -> str | None:
    encoding = _guess_encoding(data)
    if encoding is not None and encoding.upper().startswith(_SELDOM):
        # uchardet names DOS, Mac and seldom-used ISO code pages for some short Western texts ("café
        # naïve résumé" as IBM852): Windows-1252 wins where the bytes read as plain text in it
        encoding = "cp1252" if _plain_text(_cp1252_or_empty(data)) else encoding
    if encoding is not None:
        try:
            text = data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            pass
        else:
            logger.info("%s: not UTF-8, decoded as %s", path, encoding)
            return text
    # uchardet gives up on some short texts (it then says UTF-8, which they are not): Windows-1252,
    # the commonest legacy encoding (the WHATWG default), where they read as plain text in it
    text = _cp1252_or_empty(data)
    return text if _plain_text(text) else None


def _letter_share(text: str) -> float:
    """The share of the non-ASCII characters that are letters (1.0 where there are none)."""
    others = [ch for ch in text if ord(ch) >= 0x80]
    return sum(ch.isalpha() for ch in others) / len(others) if others else 1.0


_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
# uchardet's names that Python's codecs lack or read differently (WHATWG: ISO-8859-1 means Windows-1252)
_CODEC_NAMES = {"ISO-8859-1": "cp1252", "MAC-CENTRALEUROPE": "mac_latin2",
                "MAC-CYRILLIC": "mac_cyrillic", "X-MAC-CYRILLIC": "mac_cyrillic"}


_SELDOM = ("IBM", "CP4", "CP8", "MAC", "X-MAC", "ISO-8859-3", "ISO-8859-4", "ISO-8859-10", "ISO-8859-13",
           "ISO-8859-16", "VISCII")


def _cp1252_or_empty(data: bytes) -> str:
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return ""


_STRAY_BYTE = re.compile("[\udc80-\udcff]")  # what errors="surrogateescape" makes of a byte that is not UTF-8


def _cp1252_byte(match: re.Match[str]) -> str:
    return bytes([ord(match.group()) - 0xDC00]).decode("cp1252", errors="replace")


def _guess_encoding(data: bytes) -> str | None:
    import cchardet

    found = cchardet.detect(data).get("encoding")
    if not found or found.upper() == "UTF-8":
        return None
    return _CODEC_NAMES.get(found.upper(), found)


def _plain_text(text: str) -> bool:
    """No control characters beyond white space, and mostly ASCII: text, not bytes of something else."""
    sample = text[:8192]
    controls = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\n\r\t\f\v") or 0x7F <= ord(ch) < 0xA0)
    non_ascii = sum(1 for ch in sample if ord(ch) >= 0x80)
    return bool(sample) and controls == 0 and non_ascii <= 0.3 * len(sample)
