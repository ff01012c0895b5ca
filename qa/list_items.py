"""What a list says a thing is or does. READMEs, manuals and glossaries list a package's programs,
files, variables or terms one to an item, the name first and what it is or does after a mark:
"* *fuser* - Identifies processes using files or sockets" (psmisc), "• mandb - create or update the
manual page index caches" (man-db's manual), "* `/usr/bin/pg_upgradecluster`: upgrade a cluster to a
newer major version" (postgresql-common), "* **ABI**: ... - Defines the interface between two binary
program modules." (Node.js's glossary), "* `$SYSTEMD_OFFLINE=[0|1]` — if set to `1`, ..." (systemd),
"- **libcrypto**" with "a full-strength general purpose cryptographic library." on the next line,
indented (OpenSSL). The reader, trained on SQuAD, reads such an item as a fragment: it refused
"What does fuser do?" and cited pg_dropcluster's item for "How do I upgrade a cluster to a newer
major version?". The item (:func:`list_items`) answers where the question asks what its thing is
or does (:func:`asked_thing`), how to do what it says its thing does, or which program does it
(:func:`asked_doing`)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from index.documents import Document
from index.sections import TAG_LIST, enclosing, tagged_term
from index.sentences import split_sentences
from index.store import Store
from index.text_formats import CHANGES_NAME
from qa.added_in import headings_over
from qa.answerer import AnswerConfig, cite
from qa.answers import Answer, Passage, prose
from qa.asked_terms import asked_terms
from qa.corpus import Corpus
from qa.declarations import signature_call
from qa.definitions import defined, titled
from qa.openings import named_opening, says_what
from qa.section_heads import narrowed
from qa.tasks import NUMBERING, asked_task, task_heading
from qa.term_lists import first_paragraph, listed_terms, subcommand

ITEM_CONFIDENCE = 0.8  # measured by bench/list_items.py: see the README
ITEM_CANDIDATES = 1000  # the chunks BM25 finds for the thing asked whose items are read (:func:`listing_chunks`)
ITEM_CHARS = 800  # the most of an item cited (to its last whole line)
LIST_REACH = 2 * ITEM_CHARS  # how far before and after a passage its items' neighbours are looked for
# a term as an item names it: in bold, in italics, as code, or a word of its own ("mandb", "fuser")
_TERM = (r"\*\*(?P<bold>[^*\n]{1,80})\*\*|\*(?P<italic>[^*\s][^*\n]{0,78})\*|`(?P<code>[^`\n]{1,80})`"
         r"|(?P<word>[^\s*`:\[][^\s:]{0,79}?)")
# a list item that opens with a term, then ":", a dash, or a line break and its description indented under it
_ITEM = re.compile(rf"^(?P<indent>[ \t]*)(?:[*+•-]|\d{{1,3}}[.)])[ \t]+(?:{_TERM})"
                   r"(?P<mark>[ \t]*:[ \t]+|[ \t]+[-–—]{1,2}[ \t]+|[ \t]*\n(?P=indent)[ \t]+(?=[^\s*+•-]))(?=\S)", re.M)
BULLET = re.compile(r"[ \t]*(?:[*+•-]|\d{1,3}[.)])[ \t]")  # a list item's line: "* ", "• ", "1. "
_KINDS = (r"environment\s+variable|variable|option|setting|statement|directive|keyword|command|program|binary|tool|utility|script"
          r"|file|library|package|function|module|term|acronym|abbreviation")
_IN = r"(?:\s+in\s+(?P<scope>[\w.+-]+))?"  # the program it is asked of: "What is a pool in Ninja?", "What does X do in bc?"
_WHAT = re.compile(rf"\s*what(?:'s|\s+is|\s+are|\s+was)\s+(?:the\s+|an?\s+)?(?P<thing>.+?)(?:\s+(?:used\s+)?for)?{_IN}[\s?]*",
                   re.IGNORECASE)
_DOES = re.compile(rf"\s*what\s+does\s+(?:the\s+)?(?P<thing>.+?)\s+(?:do|mean|stand\s+for|return|specify|control|set){_IN}[\s?]*",
                   re.IGNORECASE)
_KIND = re.compile(rf"\s+(?:{_KINDS})$", re.IGNORECASE)
# a kind of thing that is a part of a program, not what a document is named for ("What is the TIME environment variable?"
# is not answered by the opening of time's manual)
_THE = re.compile(r"^(?:the|an?)\s+")
_PART_KIND = re.compile(r"\b(?:variable|option|setting|function)(?:\s+(?:used\s+)?for)?[\s?]*$", re.IGNORECASE)
_WHICH = re.compile(rf"\s*(?:which|what)\s+(?:{_KINDS})s?\s+(?P<task>.+?)[\s?]*", re.IGNORECASE)


@dataclass(frozen=True)
class Item:
    """A list item of a document that names a thing and says what it is or does (document offsets)."""

    start: int  # the term's first character (its mark included)
    end: int  # the item's last character, within :data:`ITEM_CHARS`
    described: int  # where the description starts
    names: frozenset[str]  # the names the term goes by (:func:`names`)


def names(term: str) -> frozenset[str]:
    """The names a term goes by, in lower case: itself without the value or arguments it writes
    ("SYSTEMD_OFFLINE" of "$SYSTEMD_OFFLINE=[0|1]"), and a path's last part ("pg_upgradecluster" of
    "/usr/bin/pg_upgradecluster")."""
    name = re.split(r"[=\[({<]", term.strip().lstrip("$"), maxsplit=1)[0].strip().rstrip("/").lower()
    return frozenset(n for n in (name, name.rsplit("/", 1)[-1]) if n)


def list_items(text: str, start: int = 0, end: int | None = None) -> Iterator[Item]:
    """The items of ``text`` that start in ``[start, end)`` and name a thing (:data:`_ITEM`; a term
    that is a word of its own has its description on its line), in a list of which two items or
    more do so; each to its last line indented under it, or :data:`ITEM_CHARS`."""
    end = len(text) if end is None else end
    lo = text.rfind("\n", 0, max(0, start - LIST_REACH)) + 1  # (a line's start: "^" matches there)
    found = [m for m in _ITEM.finditer(text, lo, min(len(text), end + LIST_REACH)) if not (m["word"] and "\n" in m["mark"])]
    for n, m in enumerate(found):
        if not start <= m.start() < end or not (_listed(text, found[n - 1], m) if n else False) and not (
                n + 1 < len(found) and _listed(text, m, found[n + 1])):
            continue
        group = next(g for g in ("bold", "italic", "code", "word") if m[g])
        term_start = m.start(group) - {"bold": 2, "italic": 1, "code": 1, "word": 0}[group]  # (its marks included)
        item_end = len(text) if (at := text.find("\n", m.end())) == -1 else at
        while at != -1:  # the lines indented under the item's bullet
            following = text.find("\n", at + 1)
            line = text[at + 1: len(text) if following == -1 else following]
            under = len(line) - len(line.lstrip()) > len(m["indent"])
            if not line.strip() or not under or at + 1 + len(line) - term_start > ITEM_CHARS:
                break
            item_end, at = at + 1 + len(line.rstrip()), following
        yield Item(term_start, item_end, m.end(), names(m[group]))


def _listed(text: str, first: re.Match[str], second: re.Match[str]) -> bool:
    """Whether two items are of one list: the same indent, and between them only lines indented
    under it, other items of the list and single blank lines."""
    if first["indent"] != second["indent"]:
        return False
    between = text[first.end():second.start()]
    lines = between.split("\n")[1:-1]
    return "\n\n\n" not in between and all(not line.strip() or len(line) - len(line.lstrip()) > len(first["indent"])
                                           or BULLET.match(line) for line in lines)


def asked_thing(question: str) -> frozenset[str] | None:
    """The names of the thing ``question`` asks what it is or does ("What is ABI?", "What does
    fuser do?", "What is the pg_wrapper program for?", "What does $SYSTEMD_OFFLINE mean?"), or None."""
    thing = thing_words(question)
    return None if thing is None else names(thing)


def thing_words(question: str) -> str | None:
    """The words naming the thing ``question`` asks what it is or does, as it writes them, its
    kind and marks left out ("pg_wrapper" of "What is the `pg_wrapper` program for?"), at most four; or None."""
    found = _DOES.fullmatch(question) or _WHAT.fullmatch(question)
    if found is None:
        return None
    if re.fullmatch(rf"(?:{_KINDS})s?", found["thing"], re.IGNORECASE):
        return None  # (a kind alone: "What is an environment variable?")
    thing = _KIND.sub("", found["thing"]).strip("`*_'\" ")
    return thing if thing and len(thing.split()) <= 4 else None


def asked_doing(question: str) -> tuple[str, ...] | None:
    """What ``question`` asks to do ("How do I upgrade a cluster?", :func:`qa.tasks.asked_task`) or
    which program does ("Which program lists the clusters?"), as its words, the verb first; or None."""
    found = _WHICH.fullmatch(question)
    task = asked_task(question if found is None else f"How do I {found['task']}?")
    return None if task is None else tuple(task)


@dataclass(frozen=True)
class Sought:
    """What a question asks of a list: what a thing is or does (``thing``, its names), or what does
    what it asks to do (``doing``, its words)."""

    thing: frozenset[str] = frozenset()
    doing: tuple[str, ...] = ()

    @classmethod
    def of(cls, question: str) -> Sought | None:
        if (thing := asked_thing(question)) is not None:
            return cls(thing=thing)
        return None if (doing := asked_doing(question)) is None else cls(doing=doing)

    def words(self) -> str:
        """What to search for it."""
        return " ".join(sorted(self.thing) or self.doing)

    def answered(self, text: str, item: Item, named: str) -> int | None:
        """Whether ``item`` of ``text`` answers: it names the thing (0), or says its thing does what
        is asked (:func:`~qa.tasks.task_heading`, ``named`` writing what names it: its term, the
        headings over it, its document's title and path): how many words it writes besides; else None."""
        if self.thing:
            return 0 if item.names & self.thing else None
        said = " ".join(re.split(r"[.;(]\s|\n\s*\n", text[item.described:item.end] + " ", maxsplit=1)[0].split())
        return task_heading(list(self.doing), said, f"{text[item.start:item.described]} {named}")


def answering_items(question: str, passages: list[Passage],
                    documents: Callable[[Passage], Document | None]) -> Iterator[tuple[Passage, Document, Item, int]]:
    """In retrieval order, the items in ``passages`` that answer ``question`` (:meth:`Sought.answered`),
    each with how many words it writes besides what is asked."""
    sought = Sought.of(question)
    if sought is None:
        return
    for p in passages:
        document = documents(p)
        if document is None or CHANGES_NAME.search(Path(document.source).name):
            continue
        terms = [Item(a, b, a, names(t)) for a, b, t in listed_terms(document, p.start, p.end, ITEM_CHARS)] \
            if sought.doing else []  # (a thing asked of its own section: named_section)
        for item in [*list_items(document.text, p.start, p.end), *terms]:
            over = [title for _, _, title in enclosing(document.headings, item.start)]
            extra = sought.answered(document.text, item, " ".join([*over, document.title, *Path(document.source).parts]))
            if extra is not None:
                yield p, document, item, extra


def listing_chunks(store: Store, question: str, rows: Sequence[int] | None, budget: int | None) -> list[int]:
    """The chunks that hold an item answering ``question`` (:meth:`Sought.answered`, the chunk's
    own text read) or a heading naming the thing it asks of (:func:`named_section`), of the first
    :data:`ITEM_CANDIDATES` that BM25 finds for what it seeks, not in a changelog: the item naming
    "fuser" is one line of psmisc's README, which its changelog's 30 lines naming fuser outrank."""
    sought = Sought.of(question)
    if sought is None:
        return []
    hits = [i for i, _ in store.lexical_search(sought.words(), ITEM_CANDIDATES, budget, 0.0, rows)]
    records = {i: r for i, r in store.chunks(hits).items() if not CHANGES_NAME.search(Path(r.source).name)}
    thing, defines = named_thing(question), defined_thing(question)
    headings = store.catalog.headings(list({r.row_id for r in records.values()})) if thing else {}
    named = {row: [at for at, _, title in held if _named(title, thing) or (defines and titled(title, defines) is not None)]
             for row, held in headings.items()} if thing else {}
    out = []
    for i in hits:
        r = records.get(i)
        if r is not None and (any(sought.answered(r.span.text, item, f"{r.title} {r.source}") is not None
                                  for item in list_items(r.span.text))
                              or any(r.span.start <= at < r.span.end for at in named.get(r.row_id, []))
                              or (defines is not None and next(defined(r.span.text, defines), None) is not None)):
            out.append(i)
    return out


def named_thing(question: str) -> frozenset[str] | None:
    """The names of the thing ``question`` asks what it is or does where it is one word of a name
    ("PyYAML", "man-db"; not "upgrading pip", nor an option or a call: :func:`~qa.asked_terms.asked_terms`,
    whose headings other rules read), or None."""
    thing = asked_thing(question)
    return None if thing is None or any(" " in name for name in thing) or asked_terms(question) else thing


def _named(title: str, thing: frozenset[str]) -> bool:
    """Whether a heading's ``title`` is the thing's name, its numbering and marks left out ("1.1.  man-db";
    a C function's signature its name), or its plural (Ninja's manual's "Pools" for a pool), or one of
    the settings it lists ("HandleLidSwitch" of "HandleSuspendKey=, HandleLidSwitch=")."""
    bare = NUMBERING.sub("", title).strip("`*_ ")
    named = names(signature_call(bare)) | names(tagged_term(bare) or "")  # ("PyList_New" of "PyObject *PyList_New(...)")
    named |= frozenset().union(*(names(s) for s in bare.split(","))) if TAG_LIST.fullmatch(bare) else frozenset()
    return bool(named & (thing | {f"{name}s" for name in thing if name[-1:].isalpha()}))


def _words(title: str) -> str:
    """A heading's words in lower case, its numbering, marks and article left out ("1.2 The Format String": "format string")."""
    return _THE.sub("", " ".join(NUMBERING.sub("", title).strip("`*_ ").lower().split()))


def named_section(question: str, passages: list[Passage],
                  documents: Callable[[Passage], Document | None]) -> tuple[Passage, Document, int, int] | None:
    """Where ``question`` asks what a thing is or does (:func:`named_thing`), the first paragraph
    under a heading in or over ``passages`` that is its name, its numbering and marks left out
    ("PyYAML" over "A full-featured YAML processing framework for Python", man-db's manual's "1.1.
    man-db" over "man-db is a package that is designed to ..."; past a C declaration, expat's
    "XML_ParserFree" over its prototype and "Free memory used by the parser. ..."; a variable's, an
    option's, a setting's or a function's as the question writes it: not "Time" for the TIME
    environment variable; of several, one written as the question writes it first, PyCell_Set's
    section before PyCell_SET's; a thing of words, not a task's ("upgrading pip"), by a heading
    that is those words alone, Ninja's manual's "The phony rule" for "What does the phony rule
    do?", its sentence saying what they are where it has one: bash's "A restricted shell is used
    to ..." under "6.10 The Restricted Shell"), where that paragraph is prose; not in a changelog
    (its headings name releases); a term asked as its command line writes it ("ninja -t clean") by its
    section in a document whose title or file name writes its program; else None."""
    thing, words, written = named_thing(question), opened_thing(question), thing_words(question) or ""
    phrase = next(iter(words)) if words and len(words) == 1 and " " in next(iter(words)) else None  # ("phony rule")
    phrase = None if phrase and re.match(r"\w+ing\b", phrase) else phrase  # (a task's: "upgrading pip", "Upgrading pip")
    program, term = subcommand(written) or ("", "")  # ("ninja -t clean": clean's section of a document naming ninja)
    thing, written = (names(term), term) if term else (thing, written)
    if thing is None and phrase is None:
        return None
    exact = written if _PART_KIND.search(question) else None  # (a variable's heading as written: not "Time")
    over = list(headings_over(passages, documents))
    def order(o: tuple[Passage, Document, int]) -> tuple[bool, bool]:  # as written first, then a name before a definition line
        title = o[1].headings[o[2]][2]  # ("7.6.2 PBKDF2" before "Macro: PBKDF2 (ctx, update, ...)")
        return written not in title, signature_call(bare := NUMBERING.sub("", title)) != bare

    for p, document, i in sorted(over, key=order):
        title = document.headings[i][2]
        if (_named(title, thing) if thing else _words(title) == phrase) \
                and (exact is None or exact in title) \
                and not CHANGES_NAME.search(Path(document.source).name) \
                and program in f"{document.title} {Path(document.source).name}".lower():
            if (first := first_paragraph(document, i)) is not None:  # (past a C function's prototype)
                said = re.compile(rf"(?:The|An?)\s+{re.escape(phrase)}\s+(?:is|are)\b", re.IGNORECASE) if phrase else None
                defining = [s for s in split_sentences(document.text, *first) if said and said.match(document.text, s[0])]
                return p, document, *(defining[0] if defining else first)  # ("A restricted shell is used to ...")
    return None


def defined_thing(question: str) -> frozenset[str] | None:
    """:func:`named_thing`, where ``question`` does not ask what it means or stands for (what an
    acronym's letters are: not what a sentence defining it says)."""
    thing = opened_thing(question)
    return None if thing is None or any(" " in name for name in thing) else thing


def opened_thing(question: str) -> frozenset[str] | None:
    """The names of the thing ``question`` asks what it is or does (:func:`asked_thing`; a name of
    words too, "Playwright for Python"), where it does not ask what it means or stands for, nor of
    an option or a call: the thing whose document's opening answers (:func:`~qa.openings.named_opening`)."""
    if re.search(r"\b(?:mean|stand\s+for)\b", question, re.IGNORECASE) or asked_terms(question):
        return None
    return asked_thing(question)


def definition_in(question: str, passages: list[Passage],
                  documents: Callable[[Passage], Document | None]) -> tuple[Passage, Document, int, int, int] | None:
    """Where ``question`` asks what a thing is or does (:func:`named_thing`; not what it stands for
    or means), the first place in retrieval order that says what it is, not in a changelog: a
    heading in or over a passage naming it, then a colon or a dash (:func:`~qa.definitions.titled`),
    or a passage's paragraph opening so (:func:`~qa.definitions.defined`); its offsets and where
    what it says starts; else None."""
    thing = defined_thing(question)
    if thing is None:
        return None
    for p in passages:
        document = documents(p)
        if document is None or CHANGES_NAME.search(Path(document.source).name):
            continue
        over = enclosing(document.headings, p.start)
        heads = [h for h in document.headings if p.start <= h[0] < p.end or h in over]
        for at, _, title in heads:
            if (offset := titled(title, thing)) is not None and (written := _title_at(document.text, at, title)) is not None:
                lead = NUMBERING.match(title)  # (cited from the name: "Cachegrind: a cache ..." of "5. Cachegrind: ...")
                return p, document, written + (lead.end() if lead else 0), written + len(title), written + offset
        if (found := next(defined(document.text, thing, p.start, p.end), None)) is not None:
            return p, document, found.start, found.end, found.described
    return None


def _title_at(text: str, at: int, title: str) -> int | None:
    """Where a heading's ``title`` is written on its line starting at ``at``: there, or after a
    Markdown heading's marks ("# npm - a JavaScript package manager"); else None."""
    marks = re.match(r"#{1,6}[ \t]+", text[at:at + 8])
    at += marks.end() if marks else 0
    return at if text.startswith(title, at) else None


def item_answer(corpus: Corpus, question: str, passages: list[Passage], config: AnswerConfig,
                cache: dict[int, Document], documents: Callable[[Passage], Document | None],
                retrieval_query: str = "") -> Answer | None:
    """Where an item of a list in ``passages`` says what the thing asked is or does, or does what
    is asked (:func:`answering_items`: the closest, of those as close the first in retrieval
    order), the item, cited with :data:`ITEM_CONFIDENCE`, its description the short answer, unless
    a passage retrieved before the item's defines the thing (:func:`definition_in`: "What is
    Rich?" is answered by rich's README's "Rich is a Python library for rich text ...", not by
    httpx2's list of its dependencies, "`rich` - Rich terminal support."). Where no item answers, a
    section naming the thing (:func:`named_section`) answers, unless a passage of another document
    retrieved before it defines the thing ("What is NumPy?": numpy's README's "NumPy is the
    fundamental package ...", not orjson's "### numpy"; but man-db's manual's section "1.1. man-db",
    not its title line "man-db - the database cached manual pager suite"); else a definition; else None.
    Before all these (unless it asks of a variable, an option, a setting or a function: :data:`_PART_KIND`),
    a document named for the thing whose opening a passage holds answers
    (:func:`~qa.openings.named_opening`: threadpoolctl's README's "Python helpers to limit the
    number of threads ...", whatever another document lists or says): its own section naming the
    thing or else its own definition (the first in the document) where a passage holds one, else its opening."""
    assert config.threshold is not None
    if ITEM_CONFIDENCE < config.threshold:
        return None
    thing = opened_thing(question)
    first = named_opening(thing, passages, documents) if thing and not _PART_KIND.search(question) else None
    chosen = _own_account(question, thing, first, passages, documents) if thing and first else _account(
        question, passages, documents)
    if chosen is None:
        return None
    p, document, start, end, described = chosen
    passage = narrowed(document, p, start, end)
    citation = cite(corpus, passage, passage.start, passage.end, ITEM_CONFIDENCE, cache)
    short = passage.span.within(described, end) if described > start else None
    return Answer(question, f"{prose(citation.text)} [1]", abstained=False, confidence=ITEM_CONFIDENCE,
                  threshold=config.threshold, citations=[citation], retrieval_query=retrieval_query or question, short=short)


Account = tuple[Passage, Document, int, int, int]  # where it is cited: passage, document, start, end, what it says


def _own_account(question: str, thing: frozenset[str], first: tuple[Passage, Document, int, int], passages: list[Passage],
                 documents: Callable[[Passage], Document | None]) -> Account:
    """What the document named for the thing says it is (:func:`~qa.openings.named_opening` gave
    ``first``): its opening where a heading naming the thing lies over it (mpmath's, pypdfium2's
    under their titles) or it says what the thing is (:func:`~qa.openings.says_what`), else its own
    section naming the thing (man-db's manual's "1.1. man-db"), else its own first definition
    (getopt's "Getopt(1) is ..."), of its passages retrieved, else its opening."""
    own = sorted((p for p in passages if p.source == first[1].source), key=lambda p: p.start)
    if any(_named(title, thing) for at, _, title in first[1].headings if at < first[2]) \
            or says_what(first[1].text, *first[2:], thing):  # (not ONNX's later "ONNX is a community project and ...")
        return *first, first[2]
    if titled_part := named_section(question, own, documents):
        return *titled_part, titled_part[2]
    return definition_in(question, own, documents) or (*first, first[2])


def _account(question: str, passages: list[Passage], documents: Callable[[Passage], Document | None]) -> Account | None:
    """What the passages say the thing is where no document named for it opens by saying so (:func:`item_answer`)."""
    found = sorted(answering_items(question, passages, documents), key=lambda f: f[3])
    definition = definition_in(question, passages, documents)
    section = named_section(question, passages, documents) if not found else None
    if found and definition and passages.index(definition[0]) < passages.index(found[0][0]):
        found = []
    elif section and definition and passages.index(definition[0]) < passages.index(section[0]) \
            and definition[1].source != section[1].source:  # (in one document, the section: man-db's "1.1. man-db")
        section = None
    if found:
        p, document, item, _ = found[0]
        return p, document, item.start, item.end, item.described
    if section:
        return *section, section[2]
    return definition
