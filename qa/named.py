"""The document a question names answers it. Over a folder of package READMEs "How do I install
pytest?" was answered from ml_dtypes' README ("... can be installed with the following command:
pip install ml_dtypes"), "How do I install mypy?" from a line of pydantic's changelog ("Update
mypy to 1.17.0"), though pytest's and mypy's own READMEs were retrieved: where the question names a
retrieved document (:func:`index.doc_names.named_for`: its title, its title's head, its file's name, a
README's folder's; not a changelog, whose first line "* fuser: fixed a bug" is no title) and the
answer cites another, it is answered again from the named documents' passages alone (with those
of the documents in a named README's folder: man-db's manual beside its README), and refused
where they do not answer (:meth:`qa.api.DocumentQA.ask`)."""

from __future__ import annotations

import re
from pathlib import Path

from index.doc_names import GENERIC_NAMES, name_key, named_for
from qa.answers import Answer, Passage

MAX_WORDS = 4  # the most words of a name asked ("Playwright for Python", "Milvus Lite")
_KIND = re.compile(r"(?i)functions?|methods?|macros?|options?|flags?|variables?|settings?|arguments?|parameters?|fields?")
_ARTICLE = re.compile(r"(?i)the|an?|this|that|which|what|each|every|of|for|in")
_EDGES = re.compile(r"^\W+|(?:['’]s)?\W*$")  # what surrounds a word: "(pytest)", "pytest's", "pytest?"


def _runs(question: str) -> list[tuple[str, str]]:
    """The runs of up to :data:`MAX_WORDS` words of ``question`` (their marks left out), the longest
    first, each with the name it writes (:func:`index.doc_names.name_key`), two characters or more;
    not a word of a kind alone after the thing it is of ("function" of "the PyBool_FromLong function",
    which named Python's C API page ``function.html``)."""
    words = [w for raw in question.split() if (w := _EDGES.sub("", raw))]
    kinds = {j for j in range(1, len(words)) if _KIND.fullmatch(words[j]) and not _ARTICLE.fullmatch(words[j - 1])}
    spans = sorted(((i, j) for i in range(len(words)) for j in range(i + 1, min(len(words), i + MAX_WORDS) + 1)
                    if not (j == i + 1 and i in kinds)), key=lambda run: (run[0] - run[1], run[0]))
    return [(run, key) for i, j in spans if len(key := name_key(run := " ".join(words[i:j]))) >= 2]


def asked_names(question: str) -> set[str]:
    """The names that runs of ``question``'s words write (:func:`_runs`): "pytest", "milvuslite" of "Milvus Lite"."""
    return {key for _, key in _runs(question)}


def named_passages(question: str, passages: list[Passage]) -> list[Passage]:
    """Those of ``passages`` whose document ``question`` names (:func:`asked_names`), or that lie in
    the folder (or below) of a README or an index it names, in their order."""
    asked = asked_names(question)
    if not asked:
        return []
    named = [Path(p.source) for p in passages if named_for(asked, p.source, p.title)]
    folders = {path.parent for path in named if path.name.split(".")[0].lower() in GENERIC_NAMES}
    return [p for p in passages if (path := Path(p.source)) in named or folders & set(path.parents)]


def cited_elsewhere(answer: Answer, named: list[Passage]) -> bool:
    """Whether ``answer`` cites first a document other than those of ``named`` (some named)."""
    return bool(named and answer.citations) and not answer.abstained and \
        answer.citations[0].doc_id not in {p.doc_id for p in named}


def naming_words(question: str, passages: list[Passage], skip: frozenset[str] = frozenset()) -> str | None:
    """The words of ``question`` (a run, :func:`_runs`, the longest first) that name
    the document of the first of ``passages`` it names (:func:`index.doc_names.named_for`), as it
    writes them ("Milvus Lite"), not those whose name is one of ``skip``; else None."""
    keys = [(run, key) for run, key in _runs(question) if key not in skip]
    return next((run for p in passages for run, key in keys if named_for({key}, p.source, p.title)), None)
