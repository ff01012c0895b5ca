"""A plain-text document's numbered section titles. Specifications, HOWTOs and manuals written as
plain text number their sections and set each title apart, without underlining it ("3. Creating a
certificate request" in OpenSSL's HOWTO, "2.1 Introduction" in zlib's algorithm.txt, "1.0 General
Concepts" in lsof's FAQ, X11's protocol specifications). Changelogs set dates and versions so
apart too ("21 May 2009", "1.7 Enhancement Release - Jun 27, 2010"): those run backwards or repeat
("1 Changes to Bash" in each release of bash's CHANGES), where a document's sections run forwards.
Licences number theirs with a title in capitals closed by a full stop, on its own line ("  8.
Termination." in the GPL, "   1. Definitions." in the Apache License) or running into the
section's first sentence ("   2. Grant of Copyright License. Subject to the terms ...", CC0's "2.
Waiver. To the greatest extent ...")."""

from __future__ import annotations

import re

from index.sections import MAX_TITLE, Heading

# a title of its own line: its number ("3.", "2.1", "1.0"), a capital, at most 70 characters, no closing
# punctuation (a sentence or a list item's text is none)
_NUMBERED = re.compile(r"^[ \t]{0,3}(\d{1,2}(?:\.\d{1,2})*)\.?[ \t]+([A-Z][^\n]{2,69}?)[ \t]*$", re.M)
# a licence's title closed by a full stop, a sentence after it on its line: "2. Grant of Copyright License. Subject to"
_RUN_IN = re.compile(r"^[ \t]{0,3}(\d{1,2}(?:\.\d{1,2})*)[.)][ \t]+([A-Z][\w'’-]*(?:[ \t]+[\w'’-]+){0,9}\.)[ \t]+(?=[A-Z\"“(])",
                     re.M)
# the words a title in capitals writes in lower case ("Use with the GNU Affero General Public License.")
_SMALL = frozenset("a an the of to for from with and or in on at by as into under this not no nor".split())
_MONTH = re.compile(r"(?i)(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(?:\s|,|$)")
MIN_TITLES = 3  # a document numbers three sections or more


def numbered_headings(text: str) -> tuple[Heading, ...]:
    """The numbered titles of ``text``: each a line between blank lines (or the text's edges),
    its number then a title that opens with a capital, ends with no ".", ",", ";", ":" or "?", and
    names no month; where there are :data:`MIN_TITLES` or more and their numbers run forwards in
    outline order (1, 1.1, 1.2, 2, ...; gaps allowed); their level the number's depth, a closing
    ".0" none ("1.0 General Concepts" is of level 1). None otherwise."""
    found: list[tuple[tuple[int, ...], Heading]] = []
    for m in sorted([*_NUMBERED.finditer(text), *_RUN_IN.finditer(text)], key=lambda m: m.start()):
        start, end, title = m.start(), m.end(), m.group(2)
        alone = text[max(0, start - 2):start] in ("", "\n\n") or start == 1 and text[0] == "\n"
        if m.re is _RUN_IN:
            if not alone or not _capitalized(title):
                continue
        elif not alone or text[end:end + 2] not in ("", "\n", "\n\n") or title.endswith((",", ";", ":", "?")) \
                or title.endswith(".") and not _capitalized(title):
            continue
        if _MONTH.match(title) or found and found[-1][1][0] == start + len(m.group()) - len(m.group().lstrip()):
            continue
        number = tuple(int(n) for n in m.group(1).split("."))
        depth = len(number) - (len(number) > 1 and number[-1] == 0)
        line = text[start:end].strip() if m.re is _NUMBERED else text[start:m.end(2)].strip()
        found.append((number, (start + len(m.group()) - len(m.group().lstrip()), min(depth, 6), line[:MAX_TITLE])))
    numbers = [number for number, _ in found]
    if len(found) < MIN_TITLES or any(b <= a for a, b in zip(numbers, numbers[1:])):
        return ()
    return tuple(heading for _, heading in found)


def _capitalized(title: str) -> bool:
    """Whether ``title`` (closed by a full stop) is a title in capitals: ten words at most, each
    but the small ones (:data:`_SMALL`) opening with a capital or a digit ("Protecting Users' Legal
    Rights From Anti-Circumvention Law."), not a sentence ("Private keys are kept.")."""
    words = title.rstrip(".").split()
    return len(words) <= 10 and all(w[0].isupper() or w[0].isdigit() or w.lower() in _SMALL for w in words)
