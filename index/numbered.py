"""A plain-text document's numbered section titles. Specifications, HOWTOs and manuals written as
plain text number their sections and set each title apart, without underlining it ("3. Creating a
certificate request" in OpenSSL's HOWTO, "2.1 Introduction" in zlib's algorithm.txt, "1.0 General
Concepts" in lsof's FAQ, X11's protocol specifications). Changelogs set dates and versions so
apart too ("21 May 2009", "1.7 Enhancement Release - Jun 27, 2010"): those run backwards or repeat
("1 Changes to Bash" in each release of bash's CHANGES), where a document's sections run forwards."""

from __future__ import annotations

import re

from index.sections import MAX_TITLE, Heading

# a title of its own line: its number ("3.", "2.1", "1.0"), a capital, at most 70 characters, no closing
# punctuation (a sentence or a list item's text is none)
_NUMBERED = re.compile(r"^[ \t]{0,3}(\d{1,2}(?:\.\d{1,2})*)\.?[ \t]+([A-Z][^\n]{2,69}?)[ \t]*$", re.M)
_MONTH = re.compile(r"(?i)(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(?:\s|,|$)")
MIN_TITLES = 3  # a document numbers three sections or more


def numbered_headings(text: str) -> tuple[Heading, ...]:
    """The numbered titles of ``text``: each a line between blank lines (or the text's edges),
    its number then a title that opens with a capital, ends with no ".", ",", ";", ":" or "?", and
    names no month; where there are :data:`MIN_TITLES` or more and their numbers run forwards in
    outline order (1, 1.1, 1.2, 2, ...; gaps allowed); their level the number's depth, a closing
    ".0" none ("1.0 General Concepts" is of level 1). None otherwise."""
    found: list[tuple[tuple[int, ...], Heading]] = []
    for m in _NUMBERED.finditer(text):
        start, end, title = m.start(), m.end(), m.group(2)
        alone = text[max(0, start - 2):start] in ("", "\n\n") or start == 1 and text[0] == "\n"
        if not alone or text[end:end + 2] not in ("", "\n", "\n\n") or title.endswith((".", ",", ";", ":", "?")):
            continue
        if _MONTH.match(title):
            continue
        number = tuple(int(n) for n in m.group(1).split("."))
        depth = len(number) - (len(number) > 1 and number[-1] == 0)
        found.append((number, (start + len(m.group()) - len(m.group().lstrip()), min(depth, 6), m.group().strip()[:MAX_TITLE])))
    numbers = [number for number, _ in found]
    if len(found) < MIN_TITLES or any(b <= a for a, b in zip(numbers, numbers[1:])):
        return ()
    return tuple(heading for _, heading in found)
