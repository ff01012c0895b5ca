"""How to do a task, answered (:func:`task_answer`): the opening of the section whose heading does
it (:mod:`qa.tasks`); else, from a document the question names (:func:`qa.named.named_passages`), a
paragraph doing it before its command (:func:`task_paragraph`), a command doing it
(:func:`task_command`: "pip install python-multipart" under python-multipart's first sentence), or a
sentence saying where it is told (:func:`task_pointer`: "For the installation instructions, see our
install guide" in SciPy's README). A section's opening holding no command doing the task ("gRPC
Python is available for Linux, macOS, and Windows." under grpcio's "Installation") gives way to a
command of a document named that does."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

from index.documents import Document
from index.lexical import content_words
from index.sentences import split_sentences
from qa.added_in import headings_over
from qa.answerer import AnswerConfig, cite
from qa.answers import DIRECTIVE, FENCE, SHELL_PROMPT, Answer, Passage, prose, whole_command
from qa.blocks import blocks
from qa.corpus import Corpus
from qa.extract import stem
from qa.named import named_passages
from qa.section_heads import narrowed
from qa.tasks import FILLER, FIRST_WORD, OPENING_CHARS, TASK_CONFIDENCE, asked, heading_closeness, opening, stems

PARAGRAPH_WORDS = 40  # the most words of a paragraph doing a task before its command (task_paragraph)
# what may come before the task's verb: "To install ...", "You can install", "If you want it in Python, you can install"
_LEAD = re.compile(r"(?i)\s*(?:if\b[^.:\n]{0,80},\s*)?(?:to|you\s+(?:can|may|should)|simply|just|first,?)\s+")
_INTRODUCES = re.compile(r"(?::|\brun)\s*\Z")  # "... with `pip`:", "... simply run"
_CODE = re.compile(rf"{FENCE.pattern}|{SHELL_PROMPT.pattern}|    |\t|`|\.\. (?:code|sourcecode)")  # a block of code, a command
_COMMAND = re.compile(rf"^{SHELL_PROMPT.pattern}(?=\S)", re.MULTILINE)  # a shell command after its prompt: "$ pip install -U pip"
SCAN_CHARS = 30_000  # how far into a named document its command or pointer is looked for (a README says so near its top)
COMMAND_WORDS = 12  # the most words of a command line doing a task (task_command)
_INLINE = re.compile(r"`+([^`\n]+)`+")  # code in backticks in a paragraph: "`pip install idna`", "``pip install tqdm``"
_LINE_EDGES = re.compile(r"^[\s`$>]+|[\s`]+$")  # what a command line is written in: "$ ", "``...``", "`...`"
POINTER_WORDS = 40  # the most words of a sentence saying where a task is told (task_pointer)
# what says where a task is told: "see our install guide", "take a look at our documentation", "refer to the docs"
_POINTS = re.compile(r"(?i)\b(?:see|refer|consult|look\s+at|documentation|docs|guide|instructions)\b")
_LINK = re.compile(r"\S*https?://[^\s)>]*[)>]?")  # a link, whose words ("readthedocs.io/en/latest/install.html") say nothing
_QUOTED = re.compile(r"`[^`]*`|\"[^\"]*\"|“[^”]*”")  # what a sentence quotes: code, a command, another's words
_COMMENT = re.compile(r"\s#.*")  # a command's comment: "pip install 'docqa[milvus]'  # pymilvus + milvus-lite"
_EXTRA = re.compile(r"\[([^\]]*)\]")  # what a package is installed with: "docqa[milvus]", "transformers[torch]"
_YES_NO = re.compile(r"(?:yes|no)(?=[.,;:!])", re.IGNORECASE)  # an answer's first word: "Yes.", "No, ..." (not "No one ...")


def task_paragraph(task: list[str], document: Document, start: int, end: int) -> tuple[int, int] | None:
    """The first paragraph of ``document.text[start:end]`` that does ``task`` (:func:`asked_task`)
    and introduces its command: it opens with the task's verb, in :data:`PARAGRAPH_WORDS` words
    or fewer ("Install the `kernels` package with `pip` (requires `torch>=2.5` and CUDA):"; after
    "To", "You can": "To install latest release of Mpmath with pip, simply run"), it or its
    document's title or path write the task's other words ("Install using `pip`:" in uvicorn's
    README), it ends with ":" or "run", and a code block follows it: the paragraph through that
    block, or None. Where no heading does the task, in a document the question names
    (:func:`task_answer`; :func:`qa.named.named_passages`: "How do I run the regression tests?"
    is not answered by util-linux's "Run subset of tests:")."""
    text, wanted = document.text, stems(task[1:])
    for a, b in blocks(text, start, end):
        if any(a <= h[0] < b for h in document.headings):
            continue  # (a heading with its paragraph: "## Installation from sources\nTo install pandas ...")
        said = _LEAD.sub("", text[a:b], count=1)
        first = FIRST_WORD.match(said).group(1).lower()  # type: ignore[union-attr]
        words = content_words(said, FILLER)
        if not words or stem(first) != stem(task[0]) or len(words) > PARAGRAPH_WORDS \
                or not _INTRODUCES.search(text, a, b):
            continue
        if not wanted <= stems(words) | _named_by(document):
            continue
        following = blocks(text, b, min(len(text), b + OPENING_CHARS))
        if following and _CODE.match(text, following[0][0]):
            return a, following[0][1]
    return None


def _named_by(document: Document) -> set[str]:
    """The stems of the words of ``document``'s title and path: what names its task's object
    where a paragraph or pointer leaves it out ("Install using `pip`:" in uvicorn's README)."""
    return stems(content_words(f"{document.title} {' '.join(Path(document.source).parts)}"))


def _code(text: str, a: int, b: int, after: str) -> bool:
    """Whether the block ``text[a:b]`` is code: fenced, a directive's body, a shell command after
    its prompt, code in backticks, or indented (after ``after``, the block before it, ending with
    "::" in reStructuredText, or indented four spaces or a tab)."""
    indent = text[text.rfind("\n", 0, a) + 1:a]
    return bool(FENCE.match(text, a) or DIRECTIVE.match(text, a) or text.startswith("`", a) or _COMMAND.search(text, a, b)
                or indent and (after.rstrip().endswith("::") or indent.startswith(("    ", "\t"))))


def _does(task: list[str], line: str, extras: bool = False) -> bool:
    """Whether a command ``line`` does ``task``: a program run with the task's verb
    (``pip install -U scikit-learn`` for "install scikit-learn"), writing each of its other words,
    its comment and links left out (lxml's "pip install https://github.com/lxml/lxml/archive/..."
    installs a branch), and no extra not asked (docqa's "pip install 'docqa[milvus]'" installs more)
    unless ``extras``."""
    command = _LINK.sub(" ", _COMMENT.sub("", _LINE_EDGES.sub("", line)))
    tokens, asked = command.split(), stems(task[1:])
    return 2 <= len(tokens) <= COMMAND_WORDS and task[0] in (t.lower() for t in tokens[1:]) \
        and asked <= stems(content_words(command)) \
        and (extras or all(stems(content_words(extra)) <= asked for extra in _EXTRA.findall(command)))


def task_command(task: list[str], document: Document) -> tuple[int, int] | None:
    """The first block of ``document`` (of its first :data:`SCAN_CHARS`) holding a command that
    does ``task`` (:func:`_does`): a line of code ("pip install python-multipart" under
    python-multipart's first sentence, "$ pip install grpcio" under "Installing From PyPI"), or code
    in backticks in a paragraph ("(e.g. `python3 -m pip install idna`)"); with the paragraph
    before it where that ends with ":" and is no heading ("The easiest way to get Greenlet is to
    install it with pip::"; before a "::" alone, the one before that too): its offsets, or None.
    For a document the question names (:func:`task_answer`), whose command the reader scores low
    or finds in no passage retrieved."""
    text = document.text
    found, heads = blocks(text, 0, min(len(text), SCAN_CHARS)), {o for o, _, _ in document.headings}
    for n, (a, b) in enumerate(found):
        before = text[found[n - 1][0]:found[n - 1][1]] if n else ""
        code = _code(text, a, b, before)
        written = text[a:b].splitlines() if code else _INLINE.findall(text, a, b)
        if a in heads or not any(_does(task, command) for command in written):
            continue
        first = n
        if code and n and found[n - 1][0] not in heads and before.rstrip().endswith(":"):
            first = n - 1 if before.strip() != "::" or n < 2 or found[n - 2][0] in heads else n - 2
        return found[first][0], b
    return None


def task_pointer(task: list[str], document: Document) -> tuple[int, int] | None:
    """The first sentence of ``document`` (of its first :data:`SCAN_CHARS`), outside code and
    headings, that says where ``task`` is told ("For the installation instructions, see `our
    install guide <https://scipy.org/install/>`__.", "Please take a look at our documentation for
    how to install and use pip:"): it writes the task's verb ("installation" for "install"; not
    "installed", a state: not "check your installed version, read the docs"), a word pointing
    elsewhere (:data:`_POINTS`), and the task's other words or its document's title or path does;
    in :data:`POINTER_WORDS` words or fewer, the words of its links and of what it quotes left out
    (not 'the short answer ("pip install -r requirements.txt", "nox -s docs")'): its offsets, or
    None. For a document the question names whose passages neither do the task nor hold its
    command (:func:`task_answer`)."""
    text, verb = document.text, stem(task[0])
    named = stems(task[1:]) - _named_by(document)
    # (a word the verb may be written as opens so: "instal" of "install", "cop" of "copy" and "copi")
    written = re.compile(rf"(?i)\b{re.escape(os.path.commonprefix([task[0], verb]))}")
    found, heads = blocks(text, 0, min(len(text), SCAN_CHARS)), {o for o, _, _ in document.headings}
    for n, (a, b) in enumerate(found):
        block = _LINK.sub(" ", text[a:b])
        if a in heads or not written.search(block) or not _POINTS.search(block) or verb not in _doing(block) \
                or _code(text, a, b, text[found[n - 1][0]:found[n - 1][1]] if n else ""):
            continue  # (cheaper checks first: a block is split into sentences only where one of them may pass)
        for start, end in split_sentences(text, a, b):
            said = _QUOTED.sub(" ", _LINK.sub(" ", text[start:end]))
            words = content_words(said)
            if verb in _doing(said) and _POINTS.search(said) and len(words) <= POINTER_WORDS and named <= stems(words):
                return start, end
    return None


def _doing(said: str) -> set[str]:
    """The stems of the words of ``said`` that may do a task: not "installed", a state."""
    return stems(w for w in content_words(said) if not w.endswith("ed"))


def _holds(task: list[str], document: Document, span: tuple[int, int]) -> bool:
    """Whether ``span`` of ``document`` (a heading's opening) holds a command line doing ``task``
    (:func:`_does`), with extras or not (markdown-it-py's "### PIP" opens with
    ``pip install markdown-it-py[plugins]``)."""
    return any(_does(task, line, extras=True) for line in document.text[span[0]:span[1]].splitlines())




def _named_spans(task: list[str], named: list[tuple[Passage, Document]],
                 headed: bool) -> Iterator[tuple[Passage, Document, tuple[int, int]]]:
    """Where the documents of ``named`` (passages of documents the question names, with their
    documents, in retrieval order) do ``task``, best first: where no heading does it (not
    ``headed``), a passage's paragraph doing it before its command (:func:`task_paragraph`); a
    document's command doing it (:func:`task_command`); where no heading does it, a document's
    sentence saying where it is told (:func:`task_pointer`). Each with the passage to cite it from,
    a document's first for what is read from the document's top."""
    if not headed:
        yield from ((p, doc, span) for p, doc in named if (span := task_paragraph(task, doc, p.start, p.end)) is not None)
    firsts: dict[str, tuple[Passage, Document]] = {}  # (each document once, with its first passage)
    for p, doc in named:
        firsts.setdefault(doc.source, (p, doc))
    for find in (task_command,) if headed else (task_command, task_pointer):
        yield from ((p, doc, span) for p, doc in firsts.values() if (span := find(task, doc)) is not None)


def _opened(document: Document, i: int) -> str:
    """What the opening of the section under ``document.headings[i]`` writes (:func:`opening`), or ""."""
    at = opening(document, i)
    return "" if at is None else document.text[at[0]:at[1]]


def task_answer(corpus: Corpus, question: str, passages: list[Passage], config: AnswerConfig,
                cache: dict[int, Document], documents: Callable[[Passage], Document | None],
                retrieval_query: str = "") -> Answer | None:
    """Where ``question`` asks how to do a task, or asks as a FAQ would (:func:`asked`), the opening
    of the section (:func:`opening`) whose heading in or over ``passages`` does or asks it most
    closely (:meth:`Asked.heading`, :func:`closeness`; of those as close, the first in retrieval
    order), cited with :data:`TASK_CONFIDENCE`, the short answer the shell command it holds where
    it holds one ("pip install --upgrade pip"), or its first word where it answers a question
    asked with "Is", "Can", "Does" ... "Yes" or "No". Where no heading does the task, or the
    closest one's opening holds no command doing it, what a document the question names says
    instead (:func:`_named_spans`). Else None."""
    assert config.threshold is not None
    task = asked(question)
    if task is None or TASK_CONFIDENCE < config.threshold:
        return None
    found = []
    for n, (p, document, i) in enumerate(headings_over(passages, documents)):
        close = heading_closeness(task, document.headings, i, document.title, document.source, partial(_opened, document, i))
        if close is not None and (span := opening(document, i)) is not None:
            found.append((close, n, p, document, span))
    if not task.opener and (not found or not _holds(list(task.words), *min(found, key=lambda f: f[:2])[3:])):
        named = [(p, doc) for p in named_passages(retrieval_query or question, passages) if (doc := documents(p)) is not None]
        if (done := next(_named_spans(list(task.words), named, headed=bool(found)), None)) is not None:
            found = [((0, 0), 0, *done)]
    if not found:
        return None
    _, _, p, document, span = min(found, key=lambda f: f[:2])
    return opening_answer(corpus, question, p, document, span, TASK_CONFIDENCE, config, cache, retrieval_query,
                          yes_no=task.opener == "yes-no")


def opening_answer(corpus: Corpus, question: str, p: Passage, document: Document, span: tuple[int, int], confidence: float,
                   config: AnswerConfig, cache: dict[int, Document], retrieval_query: str = "", *,
                   yes_no: bool = False) -> Answer:
    """``span`` of ``document`` (a section's opening; ``p`` a passage of it) cited as the answer to
    ``question`` with ``confidence``; the short answer the shell command it holds where it holds
    one ("pip install --upgrade pip"), or, ``yes_no``, its first word where that is "Yes" or "No"."""
    assert config.threshold is not None
    passage = narrowed(document, p, *span)
    citation = cite(corpus, passage, passage.start, passage.end, confidence, cache)
    commands = [m.end() for m in _COMMAND.finditer(document.text, passage.start, passage.end)]
    short = passage.span.within(*whole_command(document.text, commands[0], commands[0] + 1)) if len(commands) == 1 else None
    if yes_no and (said := _YES_NO.match(document.text, passage.start)):
        short = passage.span.within(*said.span())
    return Answer(question, f"{prose(citation.text)} [1]", abstained=False, confidence=confidence,
                  threshold=config.threshold, citations=[citation], retrieval_query=retrieval_query or question, short=short)
