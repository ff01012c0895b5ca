"""A question naming a retrieved document is answered from it (qa.named): the names a question
writes, the passages of the documents it names, and the second answer over them alone."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from index.documents import Span
from qa.answerer import AnswerConfig
from qa.answers import Answer, Citation, Passage
from qa.api import DocumentQA
from qa.named import asked_names, cited_elsewhere, named_passages
from tests.conftest import CountingEmbedder
from tests.processes import indexed, qa


def _passage(n: int, source: str, title: str) -> Passage:
    return Passage(chunk_id=n, span=Span(n, f"doc-{source}", source, title, 0, 5, "Text."), score=1.0, rank=n)


PYTEST = _passage(1, "/d/pytest/README.rst", "pytest README")
DTYPES = _passage(2, "/d/ml_dtypes/README.md", "ml_dtypes")
PYTEST_2 = _passage(3, "/d/pytest/README.rst", "pytest README")
MILVUS = _passage(4, "/d/docs/milvus.md", "Milvus Lite")
CHANGES = _passage(5, "/d/psmisc/changelog", "* fuser: fixed bug 0")
MAN = _passage(6, "/d/util-linux/parse-date.txt", "NAME")


@pytest.mark.parametrize(("question", "named"), [
    ("How do I install pytest?", {"pytest"}),
    ("What does pytest's -k option do?", {"pytest"}),  # (a possessive, an option)
    ("Is ml_dtypes (the package) tested with pytest?", {"ml-dtypes", "pytest"}),
    ("What is Milvus Lite?", {"milvuslite"}),  # (a name of two words)
    ("Does Milvus Lite run on Windows?", {"milvuslite"}),
])
def test_a_question_writes_the_names_of_runs_of_its_words(question: str, named: set[str]) -> None:
    found = asked_names(question)
    assert named <= found
    assert "i" not in asked_names("How do I install it?")  # (one letter names nothing)
    assert len(max(found, key=len).split()) == 1  # (keys hold no spaces)


def test_the_passages_of_the_documents_a_question_names_in_retrieval_order() -> None:
    passages = [DTYPES, PYTEST, MILVUS, PYTEST_2]
    assert named_passages("How do I install pytest?", passages) == [PYTEST, PYTEST_2]
    assert named_passages("Does pytest test ml_dtypes?", passages) == [DTYPES, PYTEST, PYTEST_2]
    assert named_passages("How do I use Milvus Lite?", passages) == [MILVUS]  # (its title, not its file's name)
    assert named_passages("How do I install it?", passages) == []
    assert named_passages("How do I install pytest?", []) == []
    assert named_passages("What does fuser do?", [CHANGES, PYTEST]) == []  # (a changelog's first line is no title)
    manual = _passage(7, "/d/man-db/manual/man-db-manual.txt", "Manual Pager Suite")
    readme = _passage(8, "/d/man-db/README.md", "man-db README")
    other = _passage(9, "/d/man-db2/README.md", "man-db2 README")
    assert named_passages("What is man-db?", [manual, other, readme]) == [manual, readme]  # (in its README's folder)
    assert named_passages("What is the manual pager suite?", [manual, readme]) == [manual]
    assert named_passages("Where does the name Valgrind come from?", [MAN]) == []  # (nor a manual's first heading)


def _cited(passage: Passage, abstained: bool = False) -> Answer:
    citation = Citation(span=passage.span, page=None, score=0.9)
    return Answer("q", "Text. [1]", abstained, 0.9, 0.2, citations=[] if abstained else [citation],
                  suggestions=[citation] if abstained else [])


def test_an_answer_is_cited_elsewhere_where_it_cites_no_document_named() -> None:
    assert cited_elsewhere(_cited(DTYPES), [PYTEST, PYTEST_2])
    assert not cited_elsewhere(_cited(PYTEST_2), [PYTEST])  # (the same document, another passage)
    assert not cited_elsewhere(_cited(DTYPES), [])  # (no document named)
    assert not cited_elsewhere(_cited(DTYPES, abstained=True), [PYTEST])  # (a refusal cites nothing)


@dataclass
class PrefersBeta:
    """An answerer citing the first passage of beta's README where one is given, else the first
    passage given, refusing where given none of alpha's or beta's; it records what it was given."""

    name: str = "stub"
    config: AnswerConfig = field(default_factory=AnswerConfig)
    given: list[list[str]] = field(default_factory=list)

    @property
    def threshold(self) -> float:
        return 0.2

    def warm_up(self) -> None:
        pass

    def answer(self, question: str, passages: list[Passage], *, retrieval_query: str = "",
               threshold: float | None = None) -> Answer:
        self.given.append([Path(p.source).parent.name for p in passages])
        chosen = next((p for p in passages if "beta" in p.source), passages[0] if passages else None)
        if chosen is None or "gamma" in chosen.source:
            return Answer(question, "Not found.", True, 0.1, 0.2)
        return _cited(chosen)


ALPHA = "# alpha\n\nAlpha parses flight logs. Install alpha from the kestrel index, kestrel being its home.\n"
BETA = "# beta\n\n## Installation\n\nBeta installs with alpha: run pip install beta alpha.\n"
GAMMA = "# gamma\n\nGamma draws flight logs that alpha parsed.\n"


@pytest.fixture
def bot(tmp_path: Path, embedder: CountingEmbedder) -> DocumentQA:
    for name, text in (("alpha", ALPHA), ("beta", BETA), ("gamma", GAMMA)):
        (tmp_path / "docs" / name).mkdir(parents=True)
        (tmp_path / "docs" / name / "README.md").write_text(text, encoding="utf-8")
    built = DocumentQA.build([tmp_path / "docs"], tmp_path / "store", embedder=embedder,
                             answering=AnswerConfig(answerer="heuristic"))
    built.answerer = PrefersBeta()
    return built


def test_a_question_naming_a_document_is_answered_again_from_its_passages(bot: DocumentQA) -> None:
    answer = bot.ask("How do I install alpha?")
    stub = bot.answerer
    assert isinstance(stub, PrefersBeta)
    assert len(stub.given) == 2 and {"alpha", "beta"} <= set(stub.given[0]) and set(stub.given[1]) == {"alpha"}
    assert Path(answer.citations[0].source).parent.name == "alpha"


def test_an_answer_from_the_document_named_or_naming_none_stands(bot: DocumentQA) -> None:
    stub = bot.answerer
    assert isinstance(stub, PrefersBeta)
    assert Path(bot.ask("How do I install beta?").citations[0].source).parent.name == "beta"
    assert Path(bot.ask("How do I install it with pip?").citations[0].source).parent.name == "beta"
    assert len(stub.given) == 2  # (one answer each)


def test_where_the_documents_named_do_not_answer_the_answer_is_a_refusal(bot: DocumentQA) -> None:
    answer = bot.ask("How does gamma install?")
    assert answer.abstained and not answer.citations


TERN = ("# tern\n\nTern converts flight logs to tables.\n\n## Installation\n\n"
        "The `tern` package is tested with Python versions 3.9-3.12, and can be installed\nwith the following command:\n"
        "```\npip install tern\n```\nTo test your installation, you can run the following:\n"
        "```\npip install absl-py kestrel\nkestrel --pyargs tern\n```\n"
        "To build from source, clone the repository and run:\n```\ngit submodule init\npip install .\n```\n")
KESTREL = ("kestrel\n=======\n\nThe kestrel framework makes it easy to write small tests, yet scales to support complex "
           "functional testing.\n\nFeatures\n--------\n\n- Python 3.10+ or PyPy3\n\nDocumentation\n-------------\n\n"
           "For full documentation, including tutorials and PDF documents, please see https://kestrel.dev/en/stable/.\n")


@pytest.mark.integration
def test_another_package_s_install_line_does_not_answer_across_processes(tmp_path: Path) -> None:
    """Over ml_dtypes' README and pytest's (renamed) the reader cited ml_dtypes' install command
    for "How do I install pytest?": pytest's README says nothing of it, and refuses."""
    _, store = indexed(tmp_path, {"tern/README.md": TERN, "kestrel/README.rst": KESTREL})
    done = qa("ask", "How do I install kestrel?", "--json", "--store", str(store), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert answer["abstained"] and "kestrel" in answer["suggestions"][0]["source"], answer
