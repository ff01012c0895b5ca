"""The rules that answer before the reader reads: each takes the question and its retrieved
passages and returns an answer where the documents say it in a way the reader, trained on SQuAD,
does not read well (a release's list of changes, a version line, a default, a raised error, the
option of a manual doing the task asked, a section whose heading does it or is the aspect of a
thing asked ("What are the features of pytest?"), the sentence saying which Python a package
supports ("What Python versions does httpx support?"), who made or keeps a thing ("Who wrote
orjson?"), a term a document defines in quotes, asked what it is or means ("What is a Combined
Work in the LGPL?"), a list item naming the thing asked, an option doing a task asked of no
program named, a statement of what a yes-or-no question asks), else None. The first rule to
answer answers (:meth:`qa.model_answerer.ModelAnswerer.answer`); its answer may be a refusal
(the versions rule's, where the package's document names no version)."""

from __future__ import annotations

from collections.abc import Callable

from index.documents import Document
from qa.added_in import added_answer
from qa.answerer import AnswerConfig
from qa.answers import Answer, Passage
from qa.aspects import aspect_answer
from qa.authors import authors_answer
from qa.changes import changes_answer
from qa.corpus import Corpus
from qa.defaults import default_answer
from qa.defined_terms import term_answer
from qa.how_to import task_answer
from qa.list_items import item_answer
from qa.option_tasks import how_option_answer, option_answer
from qa.parts import part_answer
from qa.raises import raise_answer
from qa.supported_versions import version_check_answer, versions_answer
from qa.yes_no import yes_no_answer

Rule = Callable[[Corpus, str, list[Passage], AnswerConfig, dict[int, Document], Callable[[Passage], Document | None], str],
                Answer | None]

#: in the order they are tried
RULES: tuple[Rule, ...] = (changes_answer, added_answer, default_answer, part_answer, raise_answer, option_answer, task_answer,
                          aspect_answer, versions_answer, authors_answer, term_answer, item_answer, how_option_answer,
                          yes_no_answer, version_check_answer)
