"""Which option does a task: "How do I make grep ignore case?", "Which ls option sorts by file
size?", "Which option of tar lists the contents of an archive?". A manual answers with an option's
section ("-i, --ignore-case" over "Ignore case distinctions in patterns and input data, ..."),
which the reader, trained on SQuAD, does not read as saying how to do anything: over fifteen
programs' manual pages it refused 14 of 16 such questions. The option whose name and first
paragraph write the task's words answers (:func:`option_answer`): of a manual whose file the
question names as its program (grep.txt, ls.1.html), else of the first retrieved manual with options."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from index.documents import Document
from index.help_options import usage_programs
from index.lexical import content_words
from qa.added_in import under
from qa.answerer import AnswerConfig, cite
from qa.answers import Answer, Passage, prose
from qa.blocks import blocks, introduced_end
from qa.corpus import Corpus
from qa.extract import stem
from qa.section_heads import narrowed
from qa.tasks import asked_task

OPTION_CONFIDENCE = 0.8  # measured by bench/option_tasks.py: see the README
DOCUMENTS_READ = 3  # the most retrieved documents whose options a question naming no program reads
DESCRIPTION_CHARS = 600  # the most of an option's first paragraph read for the task's words
_WHICH = re.compile(r"\s*(?:which|what)\s+(?P<before>(?:(?!command[- ]line\b)[\w.+-]+\s+)?)(?:command[- ]line\s+)?"
                    r"(?:options?|flags?|switch(?:es)?)(?:\s+(?:of|for|in|to)\s+(?P<of>[\w.+-]+))?(?:\s+(?:do\s+i\s+use\s+to|is\s+used\s+to|should\s+i\s+use\s+to))?"
                    r"\s+(?P<task>.+?)[\s?.!]*", re.IGNORECASE)
_THERE = re.compile(r"\s*is\s+there\s+(?:an?\s+)?(?:options?|flags?|switch|way)\s+(?:to|for)\s+(?P<task>.+?)[\s?.!]*",
                    re.IGNORECASE)
# what a task asks of its program besides doing it: "make grep ignore case", "get curl to follow redirects"
_NOT_TASK = frozenset(("make", "makes", "get", "gets", "tell", "tells", "let", "lets", "have", "use", "using", "with", "option",
                       "options", "flag", "flags", "switch", "program", "want", "need", "like"))
_NEGATED = re.compile(r"\W*(?:\(\w+\)\s*)?(?:never|not|no|don't|do\s+not|disable|disables|without)\b", re.IGNORECASE)
COMPOUND = 6  # the fewest letters of a task's word that counts as written where a text writes it in parts ("white space")
# words a manual writes for the same doing: "print sizes in human readable format" shows them
_SAME = {stem(w): s for s, words in (("show", ("show", "print", "display", "output", "list", "report")),
                                     ("search", ("search", "find", "look")), ("delet", ("delete", "remove")),
                                     ("child", ("child", "children")))
         for w in words}
_TAG = re.compile(r"[-+]")  # what an option's heading opens with: "-i, --ignore-case", "--color[=WHEN]"


@dataclass(frozen=True)
class OptionTask:
    """What a question asks an option to do: its content words (the program's left out), and the
    words that may name the program."""

    task: tuple[str, ...]
    program: tuple[str, ...]

    @classmethod
    def of(cls, question: str) -> OptionTask | None:
        """The task of "Which [ls] option [of tar] <does>?", "Is there an option to <do>?", or
        "How do I <do>?" (whose program the caller must find named: :meth:`program_of`)."""
        found = _WHICH.fullmatch(question) or _THERE.fullmatch(question)
        if found is not None:
            named = [w for key in ("before", "of") if key in found.groupdict() and (w := (found[key] or "").strip())]
            words = content_words(found["task"], _NOT_TASK)
            return cls(tuple(words), tuple(w.lower() for w in named) + tuple(words)) if words else None
        task = asked_task(question)
        words = [w for w in task or [] if w not in _NOT_TASK]
        return cls(tuple(words), tuple(words)) if words else None

    def asks_which(self, question: str) -> bool:
        return bool(_WHICH.fullmatch(question) or _THERE.fullmatch(question))


def program_of(document: Document) -> str:
    """The program a manual page is of, as its file names it ("grep" of "grep.txt", "ls.1.html")."""
    return Path(document.source).name.split(".", 1)[0].lower()


def programs_in(document: Document) -> dict[int, str]:
    """The program each option heading of ``document`` is of (by heading index): the one the last
    "usage:" line before it names (a README's or a file's pasted --help: "usage: yq [options]"),
    else the one its file names (:func:`program_of`)."""
    usages = usage_programs(document.text)
    found = {}
    for i, (at, _, title) in enumerate(document.headings):
        if _TAG.match(title):
            found[i] = next((name for start, name in reversed(usages) if start < at), program_of(document))
    return found


def _doer(question: str, program: str) -> bool:
    """Whether ``question`` names ``program`` as what does the task ("with ls", "make grep",
    "grep's option"), not as a word of it ("reverse the order of the sort with ls")."""
    name = re.escape(program)
    return re.search(rf"\b(?:with|using|via|make|makes|get|gets|let|lets|tell|options?\s+(?:of|for|in))\s+{name}\b"
                     rf"|\b{name}(?:'s)?\s+(?:options?|flags?|switch|command)\b", question, re.IGNORECASE) is not None


def _normal(words: list[str]) -> set[str]:
    return {_SAME.get(s, s) for s in (stem(w) for w in words)}


def _written(asked: list[str], text: str) -> set[str]:
    """The words of ``asked`` that ``text`` writes: with the same stem or one of the same doing
    (:data:`_SAME`), or, of :data:`COMPOUND` letters or more, in parts ("white space", "file-name")."""
    said = _normal(content_words(text))
    squeezed = re.sub(r"[\s_-]+", "", text.lower())
    return {w for w in asked if _normal([w]) <= said or len(w) >= COMPOUND and w in squeezed}


@dataclass(frozen=True)
class Match:
    """An option's section that does a task: its heading's index, how many task words its tag and
    first paragraph write, whether it says it does not do them ("Never follow symbolic links"), how
    many its tag and first sentence write, and the words besides of its tag and of its first sentence."""

    heading: int
    written: int
    negated: bool
    first: int
    extra: int
    said: int

    def key(self) -> tuple[int, bool, int, int, int, int]:
        return (-self.written, self.negated, -self.first, self.extra, self.said, self.heading)


def option_matches(document: Document, task: tuple[str, ...], *, slack: bool = True,
                   of: frozenset[str] | None = None) -> Iterator[Match]:
    """The option sections of ``document`` (headings opening with "-" or "+"; ``of``: of those
    programs only, :func:`programs_in`) whose tag and first paragraph write all the task's words,
    or (``slack``) all but one of three or more."""
    programs = programs_in(document)
    for i, (_, _, title) in enumerate(document.headings):
        if i not in programs or of is not None and programs[i] not in of:
            continue
        start, end = under(document, i)
        found = blocks(document.text, start, end)
        if not found:
            continue
        paragraph = document.text[found[0][0]:min(found[0][1], found[0][0] + DESCRIPTION_CHARS)]
        sentence = re.split(r"(?<=\.)\s", paragraph, maxsplit=1)[0]  # (past a ";": "Suppress normal output; instead print ...")
        tag = title.replace("-", " ")
        written = len(_written(list(task), f"{tag} {paragraph}"))
        if written >= len(task) - (slack and len(task) >= 3):
            asked = _normal(list(task))
            yield Match(i, written, bool(_NEGATED.match(paragraph)), len(_written(list(task), f"{tag} {sentence}")),
                        len(_normal(content_words(tag)) - asked), len(_normal(content_words(sentence)) - asked))


def _stacked(document: Document, i: int) -> tuple[int, int]:
    """Where the tag of ``document.headings[i]`` starts and ends, with the tags stacked over and under
    it, each a heading of the same level with nothing between (wget's "-c" over "--continue")."""
    heads, text = document.headings, document.text

    def next_to(j: int, k: int) -> bool:  # (heading k directly follows heading j)
        return heads[k][1] == heads[j][1] and not text[heads[j][0] + len(heads[j][2]):heads[k][0]].strip()

    first, last = i, i
    while first > 0 and next_to(first - 1, first):
        first -= 1
    while last + 1 < len(heads) and next_to(last, last + 1):
        last += 1
    return heads[first][0], heads[last][0] + len(heads[last][2])


def option_answer(corpus: Corpus, question: str, passages: list[Passage], config: AnswerConfig,
                  cache: dict[int, Document], documents: Callable[[Passage], Document | None],
                  retrieval_query: str = "") -> Answer | None:
    """Where ``question`` asks which option does a task (:class:`OptionTask`) and a manual of the
    passages has an option doing it (:func:`option_matches`; of several, :meth:`Match.key`: the one
    writing most of the task's words, then one not saying it does not, then most in its tag and
    first sentence, then fewest other words in its tag, then in its first sentence):
    the option's tag and its first paragraph (with the block it introduces, where it ends with
    ":"), cited with :data:`OPTION_CONFIDENCE`, the tag the short answer. A "How do I ...?"
    question must name the manual's program (else :func:`how_option_answer`); the others may not."""
    return _option_answer(corpus, question, passages, config, cache, documents, retrieval_query, unnamed=False)


def how_option_answer(corpus: Corpus, question: str, passages: list[Passage], config: AnswerConfig,
                      cache: dict[int, Document], documents: Callable[[Passage], Document | None],
                      retrieval_query: str = "") -> Answer | None:
    """A "How do I <task>?" question of two task words or more that names no retrieved manual's
    program ("How do I edit files in place?" of yq's pasted --help), where no other rule answered:
    an option of the first :data:`DOCUMENTS_READ` retrieved manuals writing every one of them, as
    :func:`option_answer` answers."""
    return _option_answer(corpus, question, passages, config, cache, documents, retrieval_query, unnamed=True)


def _option_answer(corpus: Corpus, question: str, passages: list[Passage], config: AnswerConfig,
                   cache: dict[int, Document], documents: Callable[[Passage], Document | None],
                   retrieval_query: str, *, unnamed: bool) -> Answer | None:
    assert config.threshold is not None
    asked = OptionTask.of(question)
    if asked is None or OPTION_CONFIDENCE < config.threshold or unnamed and (asked.asks_which(question) or len(asked.task) < 2):
        return None
    manuals: dict[str, tuple[Passage, Document]] = {}
    for p in passages:
        document = documents(p)
        if document is not None and document.source not in manuals and any(_TAG.match(t) for _, _, t in document.headings):
            manuals[document.source] = (p, document)
    names = {source: frozenset(programs_in(d).values()) for source, (_, d) in manuals.items()}  # (each manual's programs)
    named = [(p, d) for p, d in manuals.values() if names[d.source] & set(asked.program)]
    named.sort(key=lambda pd: not any(_doer(question, name) for name in names[pd[1].source]))
    if not named and not unnamed and not asked.asks_which(question):
        return None  # (how_option_answer's, after the other rules)
    found: list[tuple[Match, int, Passage, Document]] = []  # (of several manuals none named, the closest match)
    for n, (p, document) in enumerate(named[:1] or list(manuals.values())[:DOCUMENTS_READ]):
        program = names[document.source] & frozenset(asked.program) if named else None
        task = tuple(w for w in asked.task if w not in (program or ()))
        # (a manual the question does not name must write all its words: "sed" of "Which option makes sed ignore case?")
        best = min(option_matches(document, task, slack=bool(named), of=program), key=Match.key, default=None) if task else None
        if best is not None:
            found.append((best, n, p, document))
    if found:
        best, _, p, document = min(found, key=lambda f: (f[0].key()[:-1], f[1]))  # (its heading's index is the manual's own)
        at, tag_end = _stacked(document, best.heading)
        start, end = under(document, best.heading)
        paragraphs = blocks(document.text, start, end)
        passage = narrowed(document, p, at, introduced_end(document, paragraphs[0][1]))  # (and "For instance:"'s example)
        citation = cite(corpus, passage, passage.start, passage.end, OPTION_CONFIDENCE, cache)
        return Answer(question, f"{prose(citation.text)} [1]", abstained=False, confidence=OPTION_CONFIDENCE,
                      threshold=config.threshold, citations=[citation], retrieval_query=retrieval_query or question,
                      short=passage.span.within(at, tag_end))
    return None
