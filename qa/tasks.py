"""How to do a task: "How do I upgrade pip?", "How can I read and write Unicode data?", "How to run
the Node.js tests?". Task-oriented manuals head a section with the task ("Upgrading pip",
"Reading and Writing Unicode Data", "Running tests") and open it with the command or the steps,
which the reader, trained on SQuAD, scores under the threshold or passes over for a sentence
elsewhere that shares the question's words: a table of contents' link to the section, a
changelog's line (``bench/tasks.py``). The section whose heading does the task asked answers
(:func:`task_heading`): its opening (:func:`opening`), cited (:func:`qa.how_to.task_answer`).

So with a question asked as a FAQ asks it ("Is zlib thread-safe?", "Why are floating-point
calculations so inaccurate?"): a FAQ heads each answer with its question, and answers it in
words the reader scores low ("Yes. However ...") or refuses (:func:`question_heading`)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from index.documents import Document
from index.lexical import content_words
from index.sections import enclosing
from qa.added_in import under
from qa.answers import FENCE
from qa.blocks import blocks
from qa.extract import stem
from qa.parts import pieces

TASK_CONFIDENCE = 0.8  # measured by bench/tasks.py: see the README
OPENING_CHARS = 1500  # the most an opening cites, where its blocks allow
SETTING_WORDS = 3  # the most words of a sub-heading naming where or how its section's task is done ("On Windows")
# the words opening where or how a task is done, after what it does: "with uv", "on Windows", "from PyPI", "to a file"
SETTING_PREPOSITIONS = "on|in|for|with|without|from|using|via|under|inside|behind|through|within|to"
_SETTING = re.compile(rf"\b(?:{SETTING_PREPOSITIONS})\s+(?P<setting>[^,;]+)$", re.IGNORECASE)
_QUALIFIERS = frozenset(("latest", "stable", "release", "releases", "official"))  # no setting: "Latest Conda release"
_ASKED = re.compile(r"^\s*how\s+(?:(?:do|can|could|should|would|may|might|shall)\s+(?:i|you|we|one|someone|users?)\s+"
                    r"|to\s+)(?P<task>.+?)[\s?.!]*$", re.IGNORECASE)
# words of a task that a heading leaves out ("How do I use pip behind a proxy server?": "Using a Proxy Server")
FILLER = frozenset(("my", "me", "our", "us", "one", "someone", "behind", "via", "just", "only", "properly", "correctly",
                    "easily", "quickly", "best", "way", "able", "etc", "instructions"))
# what a heading opens with that asks or explains rather than does ("Why upgrade pip", "When to use it")
_VERBS = {"usag": "use"}  # a heading's noun (stemmed) that names doing its verb: "Usage" for "use"
_NOT_TASKS = frozenset(("why", "what", "when", "where", "which", "who", "whether", "if"))
# a sub-heading naming a way of doing its section's task, in a few words: "With pip:", "PIP", "Using conda",
# "From PyPI", "Linux" (not "Using `instanceof` looks up the `@@hasInstance` property of the class")
_WAY = re.compile(r"(?i)\W*(?:(?:with|using|via|from|through)\s+\S+|(?:pip|pipx|conda|mamba|uv|poetry|pypi|npm|docker|"
                  r"binar(?:y|ies)|wheels?|sources?|linux|macos|windows|debian|ubuntu|homebrew|brew)\b)(?:\W+\w+){0,2}\W*$")
# a "Usage" section's sub-heading that shows using it: orjson's "Usage" opens with "Install", then "Quickstart"
_USAGE = re.compile(r"(?i)\W*(?:usage|using|how\s+to\s+use)\W*$")
_SHOWS_USE = re.compile(r"(?i)\W*(?:quick\s*-?\s*start|getting\s+started|(?:basic|simple)\s+usage|examples?|tutorial)\W*$")
# a block that is one HTML tag alone ("<div class=\"termy\">", "</div>") or a reStructuredText badge's reference ("|Docker|")
_TAG = re.compile(r"\s*(?:</?[a-zA-Z][^<>]*>|\|[^|\n]+\|)\s*")
JOINED = re.compile(r"\s+(?:and|&)\s+", re.IGNORECASE)  # a second topic joined: "Installing Requests and Supported Versions"
_ASIDE = re.compile(r"\([^()]*\)")  # a heading's aside: "How do I delete a file? (And other file questions…)"
NUMBERING = re.compile(r"^[\d.\s]+(?=\D)")  # what numbers a heading: "1.2. ", "4 "
# a question's first word, as one of a kind: a yes-or-no question's ("Is zlib thread-safe?", "Does zlib work on a
# 64-bit machine?" as "Will zlib work on a 64-bit machine?" asks it), or its own ("why", "what", ...)
_OPENERS = {**dict.fromkeys(("is", "isn", "are", "aren", "was", "wasn", "were", "weren", "do", "does", "doesn", "did", "didn",
                             "don", "can", "could", "couldn", "will", "won", "would", "wouldn", "has", "have", "hasn", "haven",
                             "should", "may", "must"), "yes-no"),
            **{w: w for w in ("what", "why", "when", "where", "which", "who", "whom", "whose", "how")}}
FIRST_WORD = re.compile(r"[\W\d_]*(\w*)")
_ALTERNATIVES = re.compile(r"\b(\w+)\s+or\s+(\w+)\b")  # "NDJSON or JSONL"
_ANSWER_MARK = re.compile(r"A(?:nswer)?\s*\d{0,3}[:.][ \t]+(?=\S)")  # "A:  " before a FAQ's answer
# where a heading's last question starts: its last sentence ("I have many .lzma files. Can I ...?"), or
# a clause after a comma ("Ok, but how do I know which distribution I'm running?", "Well that's nice, but how ...?")
_QUESTION_START = re.compile(r"(?<=[.?!])\s+(?=[A-Z])|,\s+(?:(?:but|so|and|then)\s+)?(?=(?i:how|what|why|when|where|which|who|"
                             r"is|are|can|could|do|does|did|will|would|should)\b)")


@dataclass(frozen=True)
class Asked:
    """What a question asks a heading to write: a task to do (``opener`` empty; :func:`asked_task`)
    or, where it asks no task, itself as a FAQ would head its answer (``opener`` the kind of its
    first word, :data:`_OPENERS`: "Is zlib thread-safe?")."""

    words: tuple[str, ...]
    opener: str = ""
    setting: tuple[str, ...] = ()  # a task's words of where or how it is done: "windows" of "install node-gyp on Windows"

    def heading(self, title: str, around: str | Callable[[], str]) -> int | None:
        """Whether a heading ``title`` (with ``around``) asks or does what was asked
        (:func:`question_heading`, :func:`task_heading`), or the question it ends with does, what
        comes before written around it ("I have many .lzma files. Can I quickly convert them to the
        .xz format?", "Ok, but how do I know which distribution I'm running?"): the number of its
        words besides, or None."""
        def matched(heading: str, near: str | Callable[[], str]) -> int | None:
            words = list(self.words)
            return question_heading(self.opener, words, heading, near) if self.opener else task_heading(words, heading, near)

        found = [matched(title, around)]
        if title.rstrip().endswith("?") and (starts := [m.end() for m in _QUESTION_START.finditer(title)]):
            found.append(matched(title[starts[-1]:], lambda: f"{title} {around() if callable(around) else around}"))
        return min((f for f in found if f is not None), default=None)


def asked(question: str) -> Asked | None:
    """What ``question`` asks a heading to write (:class:`Asked`), or None: a task, else a question
    opening with a question's word ("Is", "Why", "What", ...) and writing a content word."""
    if (task := asked_task(question)) is not None:
        said = _SETTING.search(_ASKED.match(question)["task"])  # type: ignore[index]
        return Asked(tuple(task), setting=tuple(w for w in content_words(said["setting"], FILLER) if len(w) > 1) if said else ())
    first = FIRST_WORD.match(question).group(1).lower()  # type: ignore[union-attr]
    words = [w for w in content_words(question, FILLER) if len(w) > 1 and w != first]
    return Asked(tuple(words), _OPENERS[first]) if first in _OPENERS and words else None


def asked_task(question: str) -> list[str] | None:
    """The task ``question`` asks how to do, as its content words, the verb first ("upgrade",
    "pip" of "How do I upgrade pip?"), or None where it asks no such thing."""
    found = _ASKED.match(question)
    if found is None:
        return None
    task = [w for w in content_words(found["task"], FILLER) if len(w) > 1]
    return task or None


def stems(words: Iterable[str]) -> set[str]:
    return {stem(w) for w in words}


def task_heading(task: list[str], title: str, around: str | Callable[[], str]) -> int | None:
    """Whether a heading ``title`` does ``task`` (:func:`asked_task`): it opens with the task's verb
    ("Upgrading" for "upgrade", "How to backport ..." for "backport", "Usage" for "use"; not "Why
    upgrade pip"), and it writes each of the task's other words, and fewer words besides than the
    task has ("Install multiple packages using a requirements file" for "install a package from a
    requirements file"; not "How can I sort one list by values from another list?" for "sort a list"), or
    writes none besides them and ``around`` (the headings over it, its document's title and path;
    or what gives them, called only then) writes those it leaves out (its program's: "Running
    tests" in "Building Node.js" for "run the Node.js tests"): the number of words of the heading
    the task does not write (fewer is a closer match; its asides in brackets left out), else None.
    A heading joining a second topic with "and" does the task where its part before does
    ("Installing Requests and Supported Versions" for "install requests")."""
    heading = [w for w in content_words(_ASIDE.sub("", title), FILLER) if not w.isdigit() and len(w) > 1]
    if heading and _VERBS.get(stem(heading[0])) == stem(task[0]):
        heading[0] = task[0]  # ("Usage" for "use")
    opener = FIRST_WORD.match(title)
    if not heading or stem(heading[0]) != stem(task[0]) or opener is not None and opener.group(1).lower() in _NOT_TASKS:
        return None
    found = _written(task, heading, around, _aside(title))
    if found is None and (joined := JOINED.split(title, maxsplit=1)) and len(joined) == 2:
        return task_heading(task, joined[0], around)
    return found


def question_heading(opener: str, words: list[str], title: str, around: str | Callable[[], str]) -> int | None:
    """Whether a heading ``title`` is the question asked (its first word's kind ``opener``, its
    content ``words``; :func:`asked`): it is a question (ends with "?", its asides in brackets left
    out), opens with a word of the same kind ("Are there ..." for "Is there ...", "Will zlib work
    ...?" for "Does zlib work ...?", "Why ..." for "Why ..."), and writes the
    question's words as :func:`task_heading` writes a task's ("Is there a source code level debugger
    with breakpoints, single-stepping, etc.?" for "Is there a source code level debugger?"; "Is it
    thread-safe?" in zlib's FAQ for "Is zlib thread-safe?"): the number of its words besides, else None.
    Its numbers count, but for those numbering it ("1.2. Why ..."), as do those in an aside's words
    where asked ("per-CPU" of "Why don't I see SMP (per-CPU) stats in top?"); the alternative to a
    word asked does not ("JSONL" of "Will it support NDJSON or JSONL?" for "Will orjson support NDJSON?")."""
    plain = _ASIDE.sub("", title).strip()
    if not plain.endswith("?") or _OPENERS.get(FIRST_WORD.match(plain).group(1).lower()) != opener:  # type: ignore[union-attr]
        return None
    heading = [w for w in content_words(NUMBERING.sub("", plain), FILLER) if len(w) > 1]
    asked = stems(words)  # an alternative to a word asked is no word besides ("JSONL" of "Will it support NDJSON or JSONL?")
    others = {stem(b if stem(a) in asked else a) for a, b in _ALTERNATIVES.findall(plain.lower())
              if len(asked & {stem(a), stem(b)}) == 1}
    return _written(words, [w for w in heading if stem(w) not in others], around, _aside(title))


def _aside(title: str) -> list[str]:
    """The words of ``title``'s asides in brackets: they may write what is asked, and are none besides it."""
    return [w for aside in _ASIDE.findall(title) for w in content_words(aside)]


def _written(asked: list[str], heading: list[str], around: str | Callable[[], str], aside: list[str]) -> int | None:
    """The number of ``heading``'s words besides ``asked``'s where it (or its ``aside``) writes them
    all, and fewer words besides than are asked, or writes none besides and ``around`` (or what
    gives it, called only then) writes those it leaves out; else None (:func:`task_heading`)."""
    missing, extra = stems(asked) - stems(heading) - stems(aside), stems(heading) - stems(asked)
    if len(extra) >= len(stems(asked)):
        return None  # (a narrower task: not "How can I sort one list by values from another list?" for "sort a list")
    if missing and (extra or not missing <= stems(content_words(around() if callable(around) else around))):
        return None  # (not "Importing * From a Package" for "import a module" in the Modules chapter)
    return len(extra)


def opening(document: Document, i: int) -> tuple[int, int] | None:
    """The opening of the section under ``document.headings[i]`` (to its first sub-heading): its
    first two paragraphs, or its first one where that is a code block, and past a paragraph ending
    with ":" ("To build it locally, run:") the block it introduces, blocks of an HTML tag alone or a
    badge's reference passed over (a README's ``<div class="termy">`` around its command, tqdm's
    ``|Docker|`` over its ``docker pull``), at most :data:`OPENING_CHARS`
    (the first sentences of a longer first paragraph); document offsets. Where the section holds
    nothing before its first sub-heading, its first sub-section's opening where that heads a way
    of doing it ("Installation" over "With pip:", "From sources:": "pip install tokenizers"),
    else, under "Usage", the opening of the first sub-section that shows using it ("Quickstart",
    "Examples"; orjson's comes after "Install"), else None (the reader reads its sections: "Running
    benchmarks" over "Prerequisites", ...)."""
    text = document.text
    found = [(a, b) for a, b in blocks(text, *under(document, i)) if not _TAG.fullmatch(text, a, b)]
    if not found:
        heads = document.headings
        below = i + 1 < len(heads) and heads[i + 1][1] > heads[i][1] and _WAY.match(heads[i + 1][2])
        if below:
            return opening(document, i + 1)
        if not _USAGE.match(heads[i][2]):
            return None
        for j in range(i + 1, len(heads)):
            if heads[j][1] <= heads[i][1]:
                break  # (the section's end)
            if _SHOWS_USE.match(heads[j][2]):
                return opening(document, j)
        return None
    start, end = found[0]
    if document.headings[i][2].endswith("?") and (mark := _ANSWER_MARK.match(text, start, end)):
        start = mark.end()  # (a FAQ's "A:  Nothing. ...": the answer, not its mark)
    if end - start > OPENING_CHARS:
        cut = [b for _, b in pieces(text, start, end) if b - start <= OPENING_CHARS]
        return (start, cut[-1]) if cut else None
    taken, fenced = 1, bool(FENCE.match(text, start))
    for _, b in found[1:]:  # (past an HTML tag around the command it introduces: fastapi's <div class="termy">)
        if not text[start:end].rstrip().endswith(":") and (taken >= 2 or fenced) or b - start > OPENING_CHARS:
            break
        end, taken = b, taken + 1
    return start, end


def around(headings: Sequence[tuple[int, int, str]], i: int, title: str, source: str) -> str:
    """What names the task of ``headings[i]`` besides it: the headings over it, its document's
    ``title`` and the folders and name of its ``source`` (:func:`task_heading`)."""
    at = headings[i][0]
    over = [heading for o, _, heading in enclosing(headings, at) if o != at]
    return " ".join([*over, title, *Path(source).parts])


def closeness(task: list[str], title: str, extra: int) -> tuple[int, int]:
    """How closely a heading ``title`` that does ``task`` with ``extra`` words besides its
    (:func:`task_heading`) writes it, smaller closer: those words, then the task's words it writes
    in the task's order, fewer the farther ("How do I make an executable from a Python script?"
    before "How do I make Python scripts executable?" for "make an executable from a Python
    script")."""
    a, b = [stem(w) for w in task], [stem(w) for w in content_words(_ASIDE.sub("", title), FILLER)]
    row = [0] * (len(b) + 1)  # the longest common subsequence, a row at a time
    for x in a:
        diagonal = 0
        for j, y in enumerate(b, 1):
            diagonal, row[j] = row[j], diagonal + 1 if x == y else max(row[j], row[j - 1])
    return extra, -row[-1]


def heading_closeness(task: Asked, headings: Sequence[tuple[int, int, str]], i: int, title: str,
                      source: str, opened: Callable[[], str] | None = None) -> tuple[int, int] | None:
    """How closely ``headings[i]`` (a document's, with its ``title`` and ``source``) does or asks
    ``task`` (:meth:`Asked.heading`, :func:`closeness`), or None; for a task, the words of its
    setting (:attr:`Asked.setting`) that its section's opening writes (``opened()``, called only
    where the heading leaves a word of the task out) are around it too ("How do I install fastapi
    with uv?": "Installation", opening "First, install `uv`, and then add FastAPI to your
    project:"). A sub-heading naming where or how a task is done in words of its setting, and
    nothing else ("On Windows", "macOS", "From PyPI"; besides
    :data:`_QUALIFIERS`, "Latest Docker release"), does it where the heading it lies under does
    the rest ("How do I install node-gyp on Windows?": "On Windows" under "Installation"; its
    asides in brackets left out: "From PyPI (recommended)"), as closely as the two headings
    written together."""
    heading = headings[i][2]

    def near() -> str:  # (of the opening, the words of the setting asked only: not "list" of "-t, --list" for "list an archive")
        setting = stems(task.setting)
        said = [w for w in content_words(opened()) if stem(w) in setting] if opened is not None and setting else []
        return " ".join([around(headings, i, title, source), *said])

    extra = task.heading(heading, near)
    if extra is not None:
        return closeness(list(task.words), heading, extra)
    setting = stems(content_words(_ASIDE.sub("", heading), FILLER | _QUALIFIERS))  # (not "(recommended)")
    words = list(task.words)
    if task.opener or not setting or len(setting) > SETTING_WORDS or not setting <= stems(task.setting):
        return None
    over = enclosing(headings, headings[i][0])[:-1]  # (the headings it lies under; an end mark closes one)
    if not over:
        return None
    parent = list(headings).index(over[-1])
    rest = [w for w in words if stem(w) not in setting]
    extra = task_heading(rest, headings[parent][2], partial(around, headings, parent, title, source))
    return None if extra is None else closeness(words, f"{headings[parent][2]} {heading}", extra)


def tasked_headings(task: Asked, headings: Sequence[tuple[int, int, str]], title: str,
                    source: str) -> list[tuple[tuple[int, int], int]]:
    """Of ``headings`` (a document's, with its ``title`` and ``source``), those that do or ask
    ``task`` (:func:`heading_closeness`): how closely and their index, closest first."""
    found = ((heading_closeness(task, headings, i, title, source), i) for i in range(len(headings)))
    return sorted((close, i) for close, i in found if close is not None)
