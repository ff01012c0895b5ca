"""Training examples from reference documentation: "what does this function do?" (never shipped).

SQuAD's paragraphs are prose about one topic; a reference page is a list of entries, each a
signature heading ("shutil.which(cmd, mode=os.F_OK | os.X_OK, path=None)") and the sentences that
define it ("Return the path to an executable which would be run ..."). Asked "What does which()
return?" over a chunk of such a page, a reader that has seen only SQuAD cites whichever sentence
shares words with the question: another entry's, a code line, a note. This module turns any
folder of HTML reference pages (read by the project's own loader, as ``qa index`` reads them)
into examples of that skill:

- a **definition** example: a question about one entry's callable, over a window of the page
  (about a chunk's length, cut at paragraph breaks) that holds the entry among its neighbours;
  the answer is the entry's first sentence (what follows "Return" for a "what does it return"
  question);
- with ``attributes``, an **attribute** example too: a data entry's heading is a dotted name
  ("sys.argv"), asked "What is sys.argv?" or "What does os.sep hold?", answered by its defining
  sentence, or "What is the value of MAXYEAR?" where one of its first sentences states a value;
- with ``glossary``, a **term** example from a glossary page (python3.11-doc's ``glossary``: each
  heading a term, "namespace", its body a definition): "What is a namespace?", "What does namespace
  mean?", answered by the definition's first sentence, the page's other terms around it;
- with ``faq``, a **question** example from a FAQ page (a heading that is itself a question, "How do
  I copy an object in Python?"): that question, answered by the first sentence of its body that
  says something (not "Yes." and not a line introducing code), over a window of the page with
  the question's own heading cut out, so that the reader finds the answer by its content, not by
  the heading restating the question; the neighbouring questions' headings stay (uncitable);
- with ``prose``, a **prose definition** example: a sentence of running text that defines a term
  ("A set is an unordered collection with no duplicate elements."), asked "What is a set?";
- a **removed** example (``negative_rate``): the same window with the whole entry cut out, so
  that another entry's sentence is not an answer: "no answer here". Made only when the window
  then never names the callable.

Pages are split by a hash of their path (``is_dev_page``): one in eight is kept for measuring
(``train.probe_docs``), never trained on; ``exclude`` names pages to leave out altogether (the
real-pages benchmark's, ``bench/real_docs.py``).
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from train.data import Example

if TYPE_CHECKING:
    from index.documents import Document

_PREFIX = r"(?:(?:class|exception|abstractmethod|classmethod|staticmethod|async|await|coroutine|method|function)\s+)*"
SIGNATURE = re.compile(_PREFIX + r"(?P<name>[A-Za-z_][\w.]*)\(")
ATTRIBUTE = re.compile(r"(?:(?:data|attribute|property|exception)\s+)?(?P<name>[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+)$")
_FIRST_SENTENCE = re.compile(r"(?<!\bi\.e)(?<!\be\.g)[.!?](?=\s|$)")  # not the stop of "i.e." or "e.g."
_SKIP = ("New in", "Changed in", "Deprecated", "See ", "Availability", "Raises an auditing", "Note", "For example",
         "Example", "This is", "This function", "This method", "Equivalent to", "Same as", "Alias", "Like ")
_RETURN = re.compile(r"(?:Return|Returns)\s+")
BENCHMARK_PAGES = ("tutorial/controlflow", "tutorial/datastructures", "tutorial/errors", "tutorial/classes",
                   "tutorial/modules", "tutorial/floatingpoint", "tutorial/inputoutput", "library/time",
                   "library/datetime", "library/functions")  # bench/real_docs.py's pages: never read for training
RETURN_TEMPLATES = ("What does {}() return?", "What is returned by {}()?", "What do you get from {}()?")
DO_TEMPLATES = ("What does {}() do?", "What is {}() used for?", "What is the purpose of {}()?")
ATTRIBUTE_TEMPLATES = ("What is {}?", "What does {} hold?", "What is {} used for?", "What does {} contain?")
VALUE_TEMPLATE = "What is the value of {}?"
TERM_TEMPLATES = ("What is {}?", "What is {a} {}?", "What does {} mean?", "What is meant by {}?", "Define {}.")
GLOSSARY_PAGES = ("glossary",)  # pages whose headings are terms defined by their bodies
_TERM = re.compile(r"[A-Za-z_][\w.\-]*(?: [A-Za-z_][\w.\-]*){0,4}$")
_PROSE = re.compile(r"(?:(?<=\n)|(?<=[.!?] ))(?P<a>An?) (?P<name>[a-z][\w\-]*(?: [a-z][\w\-]*){0,3}) is (?:a|an|the|one)"
                    r" [^.\n]{10,300}\.(?=\s|$)")  # "A set is an unordered collection ...."
_VALUE = (r"\b{}\b\s+(?:is|equals)\s+(?:set to\s+)?(?:[-+\d'\"]|True\b|False\b|None\b)"  # "MAXYEAR is 9999"
          r"|\b(?:has|have|with) the value\b|\bvalue is\b|\bdefaults? to\b")


@dataclass(frozen=True)
class Entry:
    """One callable's (or with ``attributes``, one data attribute's; with ``glossary``, one term's)
    entry of a reference page: offsets into the document's text."""

    name: str  # as its heading writes it: "shutil.which", "sys.argv"
    entry_start: int  # the heading
    entry_end: int  # the next heading (or an end mark, or the text's end)
    sentence_start: int  # the defining sentence
    sentence_end: int
    attribute: bool = False  # a data attribute ("sys.argv"), not a callable
    value: tuple[int, int] | None = None  # an attribute's sentence that gives its value ("MAXYEAR is 9999.")
    term: bool = False  # a glossary term ("namespace"), or a term a prose sentence defines
    faq: bool = False  # a FAQ heading: ``name`` is the question itself


def is_dev_page(relative: str) -> bool:
    """One page in eight, by a hash of its path within the docs folder: kept for measuring."""
    return int(hashlib.sha256(relative.encode("utf-8")).hexdigest(), 16) % 8 == 0


def _value_sentence(text: str, name: str, start: int, end: int) -> tuple[int, int] | None:
    """The first of the (at most three) sentences in ``text[start:end]`` that states ``name``'s
    value ("MAXYEAR is 9999.", "This will have the value 'big' ..."), without its full stop."""
    pattern = re.compile(_VALUE.format(re.escape(name.rsplit(".", 1)[-1])))
    for _ in range(3):
        stop = _FIRST_SENTENCE.search(text, start, end)
        if stop is None or "\n" in text[start:stop.end()]:
            return None
        if pattern.search(text, start, stop.end()) and not text.startswith(_SKIP, start):
            return start, stop.end() - 1
        start = stop.end()
        while start < end and text[start].isspace():
            start += 1
    return None


def entries(doc: Document, *, attributes: bool = False, glossary: bool = False, faq: bool = False) -> list[Entry]:
    """The entries of ``doc`` whose heading is a callable's signature (with ``attributes``, or a
    dotted data name: "sys.argv"; with ``glossary``, any term of one to five words below the
    page's title) and whose body opens with a defining sentence (capitalised, 4-60 words, not a
    version note or a cross-reference); with ``faq``, also those whose heading is a question
    (:func:`faq_entry`)."""
    text, out = doc.text, []
    marks = [offset for offset, _, _ in doc.headings] + [len(text)]
    for i, (offset, level, title) in enumerate(doc.headings):
        if faq and level > 1 and title.rstrip().endswith("?") and "…" not in title and len(title.split()) >= 4:
            found = faq_entry(text, title.strip(), offset, min(m for m in marks[i + 1:] if m >= offset))
            if found is not None:
                out.append(found)
            continue
        match = SIGNATURE.match(title)
        attribute = match is None and attributes and (match := ATTRIBUTE.match(title)) is not None
        term = match is None and glossary and level > 1 and (match := _TERM.match(title)) is not None
        if not match:
            continue
        line_end = text.find("\n", offset)
        body = line_end if line_end >= 0 else len(text)
        end = min(m for m in marks[i + 1:] if m >= offset)
        while body < end and text[body].isspace():
            body += 1
        stop = _FIRST_SENTENCE.search(text, body, end)
        if stop is None or "\n" in text[body:stop.end()]:
            continue
        sentence = text[body:stop.end()]
        if (not sentence[:1].isupper() or sentence.startswith(_SKIP) or not 4 <= len(sentence.split()) <= 60):
            continue
        name = match.group(0) if term else match.group("name")
        value = _value_sentence(text, name, body, end) if attribute else None
        out.append(Entry(name, offset, end, body, stop.end(), attribute, value, term))
    return out


def faq_entry(text: str, question: str, offset: int, end: int) -> Entry | None:
    """A FAQ heading's entry: the first of the body's first two sentences that has at least five
    words and does not end in a colon (which introduces code), unless it is a version note."""
    line_end = text.find("\n", offset)
    body = line_end if 0 <= line_end < end else end
    for _ in range(2):
        while body < end and text[body].isspace():
            body += 1
        stop = _FIRST_SENTENCE.search(text, body, end)
        if stop is None or "\n" in text[body:stop.end()]:
            line = text.find("\n", body, end)
            if line < 0 or text[body:line].rstrip().endswith(":"):
                return None
            body = line
            continue
        sentence = text[body:stop.end()]
        if len(sentence.split()) >= 5 and sentence[:1].isupper() and not sentence.startswith(_SKIP):
            return Entry(question, offset, end, body, stop.end(), faq=True)
        body = stop.end()
    return None


def prose_entries(doc: Document) -> list[Entry]:
    """The sentences of ``doc``'s running text that open by defining a term ("A set is an ...",
    4-60 words), outside its headings, as term entries spanning the sentence alone."""
    heading_lines = [(o, o + len(t)) for o, _, t in doc.headings]
    out = []
    for m in _PROSE.finditer(doc.text):
        a, b = m.start(), m.end()
        if 4 <= len(doc.text[a:b].split()) <= 60 and not any(lo <= a < hi for lo, hi in heading_lines):
            out.append(Entry(m.group("name"), a, b, a, b, term=True))
    return out


def question_and_answer(entry: Entry, text: str, rng: random.Random) -> tuple[str, int, int]:
    """A question about ``entry`` (its full or its last name) and the answer's offsets in ``text``:
    what follows "Return" for a return question, else the defining sentence without its stop; of
    an attribute, its value sentence half the time it has one, else its defining sentence; a
    term (always by its whole name) is asked what it is or means, answered by its definition."""
    start, end = entry.sentence_start, entry.sentence_end - 1  # without the full stop
    if entry.faq:
        return entry.name, start, end
    if entry.term:
        article = "an" if entry.name[:1].lower() in "aeiou" else "a"
        return rng.choice(TERM_TEMPLATES).format(entry.name, a=article), start, end
    name = entry.name if rng.random() < 0.5 else entry.name.rsplit(".", 1)[-1]
    if entry.attribute:
        if entry.value is not None and rng.random() < 0.5:
            return VALUE_TEMPLATE.format(name), *entry.value
        return rng.choice(ATTRIBUTE_TEMPLATES).format(name), start, end
    returned = _RETURN.match(text, start)
    if returned and returned.end() < end:
        return rng.choice(RETURN_TEMPLATES).format(name), returned.end(), end
    return rng.choice(DO_TEMPLATES).format(name), start, end


def _window(text: str, entry: Entry, size: int, rng: random.Random) -> tuple[int, int]:
    """About ``size`` characters around ``entry``'s heading and sentence, cut at paragraph breaks."""
    lead = rng.randint(0, max(0, size - (entry.sentence_end - entry.entry_start)))
    start = text.rfind("\n\n", 0, max(0, entry.entry_start - lead) + 1)
    start = 0 if start < 0 else start + 2
    start = min(start, entry.entry_start)
    last = max(entry.sentence_end, entry.value[1] if entry.value else 0)
    end = text.find("\n\n", max(last, start + size))
    return start, len(text) if end < 0 else end


def headings_within(doc: Document, start: int, end: int) -> list[tuple[int, int]]:
    """The heading lines of ``doc`` within ``[start, end)``, as ranges relative to ``start``
    (:func:`qa.answerer.heading_ranges`: what the answerer never cites)."""
    from index.documents import Span
    from qa.answerer import heading_ranges
    from qa.answers import Passage

    if end <= start:
        return []
    span = Span(0, doc.doc_id, doc.source, doc.title, start, end, doc.text[start:end])
    return heading_ranges(doc, Passage(chunk_id=0, span=span, score=0.0, rank=1))


def definition_examples(doc: Document, rng: random.Random, *, size: int = 1100,
                        negative_rate: float = 0.5, attributes: bool = False,
                        glossary: bool = False) -> list[Example]:
    """A definition example for each entry of ``doc`` (kind ``docs_definition``, ``docs_attribute``
    for an attribute's, ``docs_term`` for a glossary term's: ``glossary`` reads ``doc`` as a
    glossary), and a removed one with ``negative_rate``."""
    if not 0.0 <= negative_rate <= 1.0:
        raise ValueError(f"negative_rate must be within [0, 1], got {negative_rate}")
    return _examples(doc, entries(doc, attributes=attributes, glossary=glossary), [], rng, size, negative_rate)


def question_examples(doc: Document, rng: random.Random, *, faq: bool, prose: bool, size: int = 1100,
                      negative_rate: float = 0.5) -> list[Example]:
    """With ``faq``, an example of each FAQ question of ``doc`` (kind ``docs_faq``: its heading cut
    out of the window; never a removed one, as its neighbours may answer it in part); with
    ``prose``, of each prose definition (``docs_prose``, and a removed one with ``negative_rate``)."""
    if not 0.0 <= negative_rate <= 1.0:
        raise ValueError(f"negative_rate must be within [0, 1], got {negative_rate}")
    found = [e for e in entries(doc, faq=True) if e.faq] if faq else []
    return _examples(doc, found, prose_entries(doc) if prose else [], rng, size, negative_rate)


def _examples(doc: Document, found: list[Entry], from_prose: list[Entry], rng: random.Random, size: int,
              negative_rate: float) -> list[Example]:
    text, out = doc.text, []
    for entry in found + from_prose:
        question, a, b = question_and_answer(entry, text, rng)
        start, end = _window(text, entry, size, rng)
        if entry.faq:
            body = text.find("\n", entry.entry_start, entry.sentence_start)  # the heading line's end
            while body < entry.sentence_start and text[body].isspace():
                body += 1
            shift = body - entry.entry_start  # the heading's length, cut out
            ranges = headings_within(doc, start, entry.entry_start) + [
                (lo + entry.entry_start - start, hi + entry.entry_start - start) for lo, hi in headings_within(doc, body, end)]
            out.append(Example(question, text[start:entry.entry_start] + text[body:end], a - start - shift,
                               b - start - shift, "docs_faq", headings=tuple(ranges)))
            continue
        kind = ("docs_prose" if entry in from_prose else "docs_term" if entry.term
                else "docs_attribute" if entry.attribute else "docs_definition")
        out.append(Example(question, text[start:end], a - start, b - start, kind,
                           headings=tuple(headings_within(doc, start, end))))
        if rng.random() < negative_rate:
            cut = text[start:entry.entry_start] + text[entry.entry_end:end]
            short = entry.name.rsplit(".", 1)[-1]
            if len(cut.strip()) >= 200 and not re.search(rf"\b{re.escape(short)}\b", cut):
                joint = entry.entry_start - start  # where the text after the entry now begins
                ranges = headings_within(doc, start, entry.entry_start) + [
                    (lo + joint, hi + joint) for lo, hi in headings_within(doc, entry.entry_end, end)]
                out.append(Example(question, cut, None, None, "docs_removed", headings=tuple(ranges)))
    return out


def docs_pages(folder: Path, *, exclude: Iterable[str] = BENCHMARK_PAGES, dev: bool = False) -> list[Path]:
    """The ``.html`` pages under ``folder``, sorted, without ``exclude`` (paths relative to
    ``folder``, with or without ``.html``): the training pages, or with ``dev`` the kept ones."""
    if not folder.is_dir():
        raise FileNotFoundError(f"docs folder {folder} does not exist (e.g. /usr/share/doc/python3.11/html)")
    skip = {e.removesuffix(".html") for e in exclude}
    pages = []
    for path in sorted(folder.rglob("*.html")):
        relative = path.relative_to(folder).as_posix()
        if relative.removesuffix(".html") not in skip and is_dev_page(relative) == dev:
            pages.append(path)
    return pages


def docs_examples(folder: Path, *, questions: int, seed: int, exclude: Iterable[str] = BENCHMARK_PAGES,
                  dev: bool = False, negative_rate: float = 0.5, attributes: bool = False,
                  glossary_repeats: int = 0, faq_repeats: int = 0, prose_repeats: int = 0) -> list[Example]:
    """About ``questions`` definition examples (with their removed negatives; with ``attributes``
    data attributes' entries too) from the training pages of ``folder`` (or with ``dev`` the kept
    ones), sampled with ``seed``; besides them, every term of the glossary pages (``GLOSSARY_PAGES``)
    ``glossary_repeats`` times, each time with its own question and window, every FAQ question
    (a question heading) ``faq_repeats`` times and every prose definition ``prose_repeats``
    times. The pages of ``exclude`` (by default the real-pages benchmark's) are never read."""
    from index.errors import DocumentLoadError
    from index.loaders import load_document

    if questions < 0:
        raise ValueError(f"questions must be at least 0, got {questions}")
    for name, value in (("glossary_repeats", glossary_repeats), ("faq_repeats", faq_repeats),
                        ("prose_repeats", prose_repeats)):
        if value < 0:
            raise ValueError(f"{name} must be at least 0, got {value}")
    rng = random.Random(seed)
    examples: list[Example] = []
    terms: list[Example] = []
    for page in docs_pages(folder, exclude=exclude, dev=dev):
        try:
            doc = load_document(page)
        except DocumentLoadError:
            continue
        if glossary_repeats and page.relative_to(folder).as_posix().removesuffix(".html") in GLOSSARY_PAGES:
            for _ in range(glossary_repeats):
                terms.extend(definition_examples(doc, rng, negative_rate=negative_rate, glossary=True))
            continue
        examples.extend(definition_examples(doc, rng, negative_rate=negative_rate, attributes=attributes))
        for i in range(max(faq_repeats, prose_repeats)):
            terms.extend(question_examples(doc, rng, negative_rate=negative_rate, faq=i < faq_repeats,
                                           prose=i < prose_repeats))
    positives = sum(e.kind in ("docs_definition", "docs_attribute") for e in examples)
    keep = min(1.0, questions / positives) if positives else 0.0
    rng.shuffle(examples)
    return [e for e in examples if rng.random() < keep] + terms
