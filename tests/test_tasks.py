"""How to do a task (``qa.tasks``): the section whose heading does the task asked ("Upgrading pip"
for "How do I upgrade pip?") answers with its opening, the command it introduces included; and
retrieval lifts the chunk holding that heading."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.documents import Document, Span
from index.sections import markdown_headings
from qa.answerer import AnswerConfig
from qa.answers import Answer, Passage, prose
from qa.how_to import task_command, task_paragraph, task_pointer
from qa.model_answerer import ModelAnswerer
from qa.tasks import OPENING_CHARS, TASK_CONFIDENCE, asked_task, closeness, opening, task_heading
from tests.conftest import FakeReader
from tests.test_answerers import FAKE_CALIBRATION, DictCorpus


@pytest.mark.parametrize(("question", "task"), [
    ("How do I upgrade pip?", ["upgrade", "pip"]),
    ("How can I use pip behind a proxy server?", ["use", "pip", "proxy", "server"]),  # ("behind": a heading leaves it out)
    ("How to run the Node.js tests?", ["run", "node", "js", "tests"]),
    ("how should one build the docs", ["build", "docs"]),
    ("What does pip do?", None), ("How does pip work?", None), ("How many packages are there?", None),
    ("How do I?", None),
])
def test_asked_task_is_what_a_how_to_question_asks_to_do(question: str, task: list[str] | None) -> None:
    assert asked_task(question) == task


@pytest.mark.parametrize(("task", "title", "around", "extra"), [
    (["upgrade", "pip"], "Upgrading pip", "Installation", 0),
    (["use", "semver"], "Usage", "semver(1) -- The semantic versioner for npm semver README.md", 0),  # (the noun of "use")
    (["use", "semver"], "Usage", "pacote README.md", None),  # (not semver's)
    (["install", "semver"], "Usage", "semver README.md", None),
    (["use", "pip", "proxy", "server"], "Using a Proxy Server", "User Guide pip html user_guide.rst", 0),  # (the path: pip)
    (["use", "pip", "proxy", "server"], "Using a Proxy Server", "User Guide html user_guide.rst", None),  # (nothing: pip)
    (["upgrade", "pip"], "Upgrade a package", "Getting Started pip html getting-started.md", None),  # (a package, not pip)
    (["import", "module"], "Importing * From a Package", "Modules Packages", None),
    (["sort", "list"], "How can I sort one list by values from another list?", "", None),  # (a narrower task)
    (["delete", "file"], "How do I delete a file? (And other file questions…)", "", 0),  # (an aside: no words of it)
    (["sort", "list", "values"], "How can I sort one list by values from another list?", "", 1),  # ("one": no word of it)
    (["install", "package", "requirements", "file"], "Install multiple packages using a requirements file", "", 2),
    (["upgrade", "pip"], "Installing pip", "pip", None),  # (another task)
    (["upgrade", "pip"], "Why upgrade pip", "pip", None),  # (it does not open with the task)
    (["install", "package"], "Install a package", "", 0),
    (["install", "package"], "Install a package from GitHub", "", 1),
    (["backport", "pull", "request"], "How to backport a pull request to a release line", "", 2),
    (["run", "node", "js", "tests"], "Running tests", "Building Node.js", 0),
    (["run", "tests"], "2.1. Running Tests", "", 0),  # (a number is no word of it)
    (["install", "requests"], "Installing Requests and Supported Versions", "", 0),  # (its part before "and")
    (["install", "requests"], "Installing Requests & Supported Versions", "", 0),
    (["install", "requests"], "Installing Requests and Supported Versions and More", "", 0),  # (the first part)
    (["install", "requests"], "Installing and Supported Versions of Requests", "", None),  # (that part misses a word)
    (["read", "unicode", "data"], "Reading and Writing Unicode Data", "", 1),  # (the whole heading, as before)
    (["install", "requests"], "Supported Versions and Installing Requests", "", None),  # (it opens with no task)
])
def test_task_heading_opens_with_the_task_s_verb_and_names_each_of_its_words(
        task: list[str], title: str, around: str, extra: int | None) -> None:
    assert task_heading(task, title, around) == extra


def _document(sections: list[tuple[int, str, str]], source: str = "pip/html/guide.md") -> Document:
    """A Markdown document of ``sections`` (level, title, body), its headings at their titles."""
    text, headings = "", []
    for level, title, body in sections:
        text += "#" * level + " "
        headings.append((len(text), level, title))
        text += f"{title}\n\n{body}\n\n"
    return Document("d", source, sections[0][1], text, (), tuple(headings))


VERIFYING = "Downloads hold sums.\n\nGet the keyring using curl:\n\n```\ncurl -O keys\n```"
UPGRADING = "Upgrade your `pip` by running:\n\n```console\n$ pip install --upgrade pip\n```"
GUIDE = [(1, "Guide", "How pip is used."),
         (2, "Install a package from GitHub", "```console\n$ pip install git+https://github.com/x.git\n```"),
         (2, "Install a package", "```console\n$ pip install sampleproject\n```\n\nIt is installed."),
         (2, "Upgrading pip", f"{UPGRADING}\n\nWhat it does next."),
         (2, "Comparing Strings", "First paragraph.\n\nSecond paragraph.\n\nThird paragraph."),
         (2, "Using system stores", "```{versionadded} 22.2\nExperimental.\n```\n\nIt is possible to use them.\n\n"
                                    "In order to do so, you need to:\n\n- Use Python 3.10.\n- Install truststore.\n\n"
                                    "Then more."),
         (2, "Verifying binaries", f"{VERIFYING}\n\nThen verify."),
         (2, "Running benchmarks", ""),
         (3, "Prerequisites", "Install R."),
         (2, "Installation", ""),
         (3, "With pip:", "```bash\npip install tokenizers\n```"),
         (3, "From sources:", "Install Rust first."),
         (2, "Adding it", 'First, install uv, and then add it to your project:\n\n<div class="termy">\n\n'
                          '```console\n$ uv add kestrel\n```\n\n</div>\n\nThen more.'),
         (2, "Checking types", ""),
         (3, "Using `instanceof` looks up the `@@hasInstance` property of the class", "Beware."),
         (2, "Getting it", ""),
         (3, "PIP", ""),
         (4, "Using a wheel", "```bash\npip install kestrel.whl\n```"),
         (2, "Adding the keys", "Run both:\n\n    $ gpg --import a\n    $ gpg --import b"),
         (2, "Writing tests", "One sentence. " * (OPENING_CHARS // 10))]


@pytest.mark.parametrize(("title", "opened"), [
    ("Upgrading pip", UPGRADING),  # (past the ":", the block it introduces; not what follows)
    ("Install a package", "```console\n$ pip install sampleproject\n```"),  # (a code block first: it alone)
    ("Comparing Strings", "First paragraph.\n\nSecond paragraph."),  # (two paragraphs)
    ("Using system stores", "It is possible to use them.\n\nIn order to do so, you need to:\n\n- Use Python 3.10.\n"
                            "- Install truststore."),  # (not the version note)
    ("Verifying binaries", VERIFYING),  # (a second paragraph, and past its ":" the block)
    ("Running benchmarks", None),  # (a section of sections: the reader reads them)
    ("Installation", "```bash\npip install tokenizers\n```"),  # (its first sub-section heads a way of doing it)
    ("Getting it", "```bash\npip install kestrel.whl\n```"),  # (and so on down)
    ("Adding it", 'First, install uv, and then add it to your project:\n\n<div class="termy">\n\n'
                  '```console\n$ uv add kestrel\n```'),  # (past a tag alone, the block introduced)
    ("Checking types", None),  # (its sub-section heads a caveat, in many words, not a way of doing it)
])
def test_the_opening_of_a_task_s_section(title: str, opened: str | None) -> None:
    document = _document(GUIDE)
    i = next(i for i, h in enumerate(document.headings) if h[2] == title)
    found = opening(document, i)
    assert (document.text[found[0]:found[1]] if found else None) == opened


def test_a_long_first_paragraph_opens_with_its_first_sentences() -> None:
    document = _document(GUIDE)
    found = opening(document, len(GUIDE) - 1)
    assert found is not None and found[1] - found[0] <= OPENING_CHARS
    assert document.text[found[0]:found[1]].startswith("One sentence. One") and document.text[found[1] - 1] == "."


def test_a_restructuredtext_directive_is_one_block_with_its_body() -> None:
    text = ("Building Documentation\n======================\n\nTo build it locally, run:\n\n.. code-block:: console\n\n"
            "    $ nox -s docs\n\nThe built documentation can be found in the docs/build folder.\n")
    text = text.replace("\n\nTo build", "\n\n.. versionchanged:: 22.1\n   Sphinx 5.\n\nTo build")  # (a version note: not cited)
    document = Document("d", "pip/getting-started.rst", "Getting Started", text, (), ((0, 1, "Building Documentation"),))
    found = opening(document, 0)
    assert found is not None
    assert text[found[0]:found[1]] == "To build it locally, run:\n\n.. code-block:: console\n\n    $ nox -s docs"


def _ask(question: str, config: AnswerConfig | None = None) -> Answer:
    document = _document(GUIDE)
    span = Span(1, document.doc_id, document.source, document.title, 0, len(document.text), document.text)
    answerer = ModelAnswerer(DictCorpus({1: document}), config or AnswerConfig(), reader=FakeReader(),
                             calibration=FAKE_CALIBRATION)
    return answerer.answer(question, [Passage(chunk_id=1, span=span, score=1.0, rank=0)])


@pytest.mark.parametrize(("question", "cited", "short"), [
    ("How do I upgrade pip?", UPGRADING, "pip install --upgrade pip"),  # (the one shell command: the short answer)
    ("How can I install a package?", "```console\n$ pip install sampleproject\n```", "pip install sampleproject"),
    ("How do I install a package from GitHub?", "```console\n$ pip install git+https://github.com/x.git\n```",
     "pip install git+https://github.com/x.git"),
    ("How to use the system stores?", "It is possible to use them.\n\nIn order to do so, you need to:\n\n"
                                      "- Use Python 3.10.\n- Install truststore.", None),
    ("How do I add the keys?", "Run both:\n\n    $ gpg --import a\n    $ gpg --import b", None),  # (two: neither)
])
def test_the_section_whose_heading_does_the_task_answers(question: str, cited: str, short: str | None) -> None:
    answer = _ask(question)
    assert not answer.abstained and answer.confidence == TASK_CONFIDENCE, question
    assert [c.text for c in answer.citations] == [cited] and answer.text == f"{prose(cited)} [1]"
    assert answer.short_answer == short
    document = _document(GUIDE)
    assert all(document.text[c.start:c.end] == c.text for c in answer.citations)


@pytest.mark.parametrize("question", [
    "How do I downgrade pip?",  # (no heading does it)
    "How do I upgrade setuptools?",  # (nothing names setuptools)
    "How do I run benchmarks?",  # (a section of sections)
    "What does upgrading pip do?",  # (no how-to question)
])
def test_no_heading_doing_the_task_leaves_the_question_to_the_reader(question: str) -> None:
    assert _ask(question).confidence != TASK_CONFIDENCE


def test_a_threshold_above_the_rule_s_confidence_turns_it_off() -> None:
    assert _ask("How do I upgrade pip?", AnswerConfig(threshold=TASK_CONFIDENCE + 0.05)).confidence != TASK_CONFIDENCE


def test_the_chunk_of_a_heading_that_does_the_task_is_lifted(tmp_path: Path) -> None:
    """A task's section often opens with a command alone, which neither retriever ranks high: the
    chunks holding a heading that does the task, in the documents of the first candidates, are
    lifted; none for another task, nor outside the scope asked."""
    from qa import DocumentQA
    from qa.tasks import Asked, asked
    from tests.conftest import CountingEmbedder

    docs = tmp_path / "docs" / "pip"
    docs.mkdir(parents=True)
    filler = "".join(f"Upgrading a package is step {n} of what pip does for a package.\n\n" for n in range(200))
    body = "".join(f"## Section {n}\n\nSome text {n} about wheels.\n\n" for n in range(30))
    (docs / "guide.md").write_text(f"# Guide\n\n{filler}## Upgrade a package\n\n```\n$ pip install --upgrade x\n```\n\n{body}")
    bot = DocumentQA.build([tmp_path / "docs"], tmp_path / "store", embedder=CountingEmbedder())
    try:
        ids = bot.store.catalog.chunk_ids()
        records = bot.store.chunks(ids)
        lifted = bot.retriever._task_headed(asked("How can I upgrade a package?") or Asked(()), ids[:1], None)
        assert len(lifted) == 1 and "## Upgrade a package" in records[lifted[0]].text
        assert bot.retriever._task_headed(Asked(("downgrade", "package")), ids[:1], None) == []
        assert bot.retriever._task_headed(Asked(("upgrade", "package")), ids[:1], [records[ids[0]].row_id + 1]) == []
        answer = bot.ask("How can I upgrade a package?")
        assert answer.confidence == TASK_CONFIDENCE and answer.citations[0].text.endswith("$ pip install --upgrade x\n```")
    finally:
        bot.close()


def test_what_is_around_a_heading_is_read_only_where_the_heading_leaves_task_words_out() -> None:
    def unread() -> str:
        raise AssertionError("read")

    assert task_heading(["upgrade", "pip"], "Upgrading pip", unread) == 0
    assert task_heading(["upgrade", "pip"], "Installing pip", unread) is None
    assert task_heading(["run", "node", "js", "tests"], "Running tests", lambda: "Building Node.js") == 0


def test_of_headings_with_the_same_words_the_one_writing_them_in_the_task_s_order_answers() -> None:
    task = ["make", "executable", "python", "script"]
    assert closeness(task, "How do I make an executable from a Python script?", 0) == (0, -4)
    assert closeness(task, "How do I make Python scripts executable?", 0) == (0, -3)
    assert closeness(task, "Make an executable", 1) == (1, -2)  # (an extra word first, whatever the order)
    document = _document([(1, "FAQ", "Questions."),
                          (2, "How do I make Python scripts executable?", "Associate the .py extension."),
                          (2, "How do I make an executable from a Python script?", "Use a freezing tool.")])
    span = Span(1, document.doc_id, document.source, document.title, 0, len(document.text), document.text)
    answerer = ModelAnswerer(DictCorpus({1: document}), AnswerConfig(), reader=FakeReader(), calibration=FAKE_CALIBRATION)
    answer = answerer.answer("How do I make an executable from a Python script?",
                             [Passage(chunk_id=1, span=span, score=1.0, rank=0)])
    assert [c.text for c in answer.citations] == ["Use a freezing tool."]


def test_a_section_of_sections_opens_with_its_own_sub_section_only() -> None:
    text = "# Kestrel\n\n## Install\n\n# Using the API\n\nCall kestrel.parse().\n"  # (no sub-section: the next chapter)
    document = Document("d", "kestrel/README.md", "Kestrel", text, (), markdown_headings(text))
    assert opening(document, 1) is None


@pytest.mark.parametrize(("text", "opened"), [
    # a "Usage" section opening with sub-sections: the first that shows using it (orjson's README)
    ("# Kestrel\n\n## Usage\n\n### Install\n\nInstall the package.\n\n### Quickstart\n\nAn example:\n\n"
     "```python\nkestrel.parse(log)\n```\n\n### Serialize\n\nMore.\n", "An example:\n\n```python\nkestrel.parse(log)\n```"),
    ("# Kestrel\n\n## Usage\n\n### Install\n\nInstall it.\n\n#### Examples\n\nRun `kestrel parse`.\n",
     "Run `kestrel parse`."),
    ("# Kestrel\n\n## Usage\n\n### Install\n\nInstall it.\n\n## Examples\n\nRun it.\n", None),  # (not its section's)
    ("# Kestrel\n\n## Install\n\n### Quickstart\n\nRun it.\n", None),  # (not a "Usage" section)
])
def test_a_usage_section_of_sections_opens_with_the_one_that_shows_using_it(text: str, opened: str | None) -> None:
    document = Document("d", "kestrel/README.md", "Kestrel", text, (), markdown_headings(text))
    span = opening(document, 1)
    assert (None if span is None else text[span[0]:span[1]]) == opened


CODE = "```bash\npip install kestrel\n```"


@pytest.mark.parametrize(("task", "text", "cited"), [
    (["install", "kestrel"], f"Install the `kestrel` package with `pip` (requires CUDA):\n\n{CODE}\n", "whole"),
    (["install", "kestrel"], "To install latest release of Kestrel with pip, simply run\n\n``pip install kestrel``\n", "whole"),
    (["install", "kestrel"], "If you want it in Python, you can install the latest release using pip:\n\n"
                             "`pip install -U kestrel`\n", "whole"),  # (its name: the path's)
    (["install", "kestrel"], "Install using `pip`:\n\n    $ pip install kestrel\n", "whole"),
    (["install", "kestrel"], f"Kestrel parses logs.\n\nInstall it with pip:\n\n{CODE}\n\nThen more.\n",
     f"Install it with pip:\n\n{CODE}"),  # (the paragraph that does it, through its command)
    (["install", "tern"], f"Install the package with pip:\n\n{CODE}\n", None),  # (nothing names tern)
    (["install", "kestrel"], f"or for installing in development mode:\n\n{CODE}\n", None),  # (it opens with no verb)
    (["install", "kestrel"], f"To test your installation, you can run the following:\n\n{CODE}\n", None),  # (another verb)
    (["install", "kestrel"], "Install the kestrel package with pip:\n\nThen read on.\n", None),  # (no code follows)
    (["install", "kestrel"], f"Install the kestrel package with pip.\n\n{CODE}\n", None),  # (it introduces nothing)
    (["install", "kestrel"], "Install kestrel " + " ".join(f"part{n}" for n in range(40)) + f" with pip:\n\n{CODE}\n",
     None),  # (too long to be one step)
])
def test_a_paragraph_doing_the_task_before_its_command(task: list[str], text: str, cited: str | None) -> None:
    document = Document("d", "/d/kestrel/README.md", "Flight logs", text, (), ())
    found = task_paragraph(task, document, 0, len(text))
    assert (text[found[0]:found[1]] if found else None) == (text.rstrip("\n") if cited == "whole" else cited)


def test_where_no_heading_does_the_task_a_paragraph_doing_it_answers() -> None:
    text = f"# Kestrel\n\nKestrel parses logs.\n\nInstall it with pip:\n\n{CODE}\n\n## Upgrading kestrel\n\nRun:\n\n    $ k up\n"
    document = Document("d", "/d/kestrel/README.md", "Kestrel", text, (), markdown_headings(text))
    span = Span(1, document.doc_id, document.source, document.title, 0, len(text), text)
    answerer = ModelAnswerer(DictCorpus({1: document}), AnswerConfig(), reader=FakeReader(), calibration=FAKE_CALIBRATION)
    ask = lambda q: answerer.answer(q, [Passage(chunk_id=1, span=span, score=1.0, rank=0)])  # noqa: E731
    answer = ask("How do I install kestrel?")
    assert answer.confidence == TASK_CONFIDENCE and [c.text for c in answer.citations] == [f"Install it with pip:\n\n{CODE}"]
    assert ask("How do I upgrade kestrel?").citations[0].text == "Run:\n\n    $ k up"  # (its heading first)
    assert ask("How do I install tern?").confidence != TASK_CONFIDENCE
    assert ask("Can I install kestrel?").confidence != TASK_CONFIDENCE  # (a yes-or-no question)
    follow_up = [Passage(chunk_id=1, span=span, score=1.0, rank=0)]  # (the document named by the earlier turn)
    assert answerer.answer("How do I install it?", follow_up).confidence != TASK_CONFIDENCE
    assert answerer.answer("How do I install it?", follow_up, retrieval_query="What is kestrel? How do I install it?"
                           ).citations[0].text == f"Install it with pip:\n\n{CODE}"


@pytest.mark.parametrize(("task", "text", "cited"), [
    (["install", "kestrel"], f"Kestrel parses logs.\n\n{CODE}\n", CODE),  # (its first sentence introduces nothing)
    (["install", "kestrel"], "The easiest way to get Kestrel is to install it with pip::\n\n  pip install kestrel\n", "whole"),
    (["install", "kestrel"], "If you are installing locally...\n\n::\n\n  $ pip install kestrel\n", "whole"),  # (before "::")
    (["install", "kestrel"], "Or the easiest way is using ``pip``::\n\n    pip install -U kestrel\n", "whole"),
    (["install", "kestrel"], "*How do I try it?*\n\n.. code-block:: sh\n\n  $ pip install kestrel\n  $ kestrel run\n",
     ".. code-block:: sh\n\n  $ pip install kestrel\n  $ kestrel run"),
    (["install", "kestrel"], "The distribution is renamed:\n\n``pip install kestrel``\n", "whole"),
    (["install", "kestrel"], "Get it:\n\n    $ sudo pip install kestrel\n", "whole"),
    (["install", "kestrel"], "You can install kestrel with pip install.\n", None),  # (prose, no code)
    (["install", "kestrel"], "Kestrel parses logs.\n\nInstall it (e.g. `python3 -m pip install kestrel`) or not.\n",
     "Install it (e.g. `python3 -m pip install kestrel`) or not."),  # (code in backticks: the paragraph)
    (["install", "kestrel"], "Also:\n\n  pip install kestrel\n", None),  # (indented two spaces, after no "::": no code)
    (["install", "kestrel"], "```bash\npip install tern\n```\n", None),  # (it installs another)
    (["install", "kestrel"], "```bash\npip uninstall kestrel\n```\n", None),  # (another verb)
    (["install", "kestrel"], "```bash\ninstall kestrel /usr/bin\n```\n", None),  # (the verb is the program)
    (["install", "kestrel"], "```bash\npip install 'kestrel[milvus]'  # the Milvus backend\n```\n", None),  # (more than asked)
    (["install", "milvus", "kestrel"], "```bash\npip install 'kestrel[milvus]'  # the Milvus backend\n```\n", "whole"),
    (["install", "kestrel"], "```bash\npip install https://github.com/kestrel/kestrel/archive/main.tar.gz\n```\n", None),
    (["install", "kestrel"], "```bash\npip install tern  # not kestrel\n```\n", None),  # (its comment)
    (["install", "kestrel"], "```bash\npip install kestrel " + " ".join(f"x{n}" for n in range(12)) + "\n```\n", None),
])
def test_a_command_doing_the_task(task: list[str], text: str, cited: str | None) -> None:
    document = Document("d", "/d/kestrel/README.md", "Kestrel", text, (), ())
    found = task_command(task, document)
    assert (text[found[0]:found[1]] if found else None) == (text.rstrip("\n") if cited == "whole" else cited)


@pytest.mark.parametrize(("text", "cited"), [
    ("# Kestrel\n\n## Installation\n\nKestrel runs on Linux.\n\n### From sources\n\nRun make.\n\n## Get it\n\n"
     "The easiest way is with pip:\n\n```\npip install kestrel\n```\n",
     "The easiest way is with pip:\n\n```\npip install kestrel\n```"),  # (the heading's opening holds no command)
    ("# Kestrel\n\nKestrel parses logs.\n\n```\npip install kestrel\n```\n\n## Usage\n\nRun it.\n",
     "```\npip install kestrel\n```"),
    ("# Kestrel\n\n## Installation\n\n    $ pip install -U kestrel\n\n## Other\n\n```\npip install kestrel\n```\n",
     "$ pip install -U kestrel"),  # (the heading's opening holds one)
    ("# Kestrel\n\n## Installation\n\n```\npip install kestrel[plugins]\n```\n\n## Other\n\n```\nconda install kestrel\n```\n",
     "```\npip install kestrel[plugins]\n```"),  # (with an extra: the heading's opening does it still)
])
def test_a_named_document_s_command_answers_where_no_heading_s_opening_holds_one(text: str, cited: str) -> None:
    document = Document("d", "/d/kestrel/README.md", "Kestrel", text, (), markdown_headings(text))
    span = Span(1, document.doc_id, document.source, document.title, 0, len(text), text)
    answerer = ModelAnswerer(DictCorpus({1: document}), AnswerConfig(), reader=FakeReader(), calibration=FAKE_CALIBRATION)
    answer = answerer.answer("How do I install kestrel?", [Passage(chunk_id=1, span=span, score=1.0, rank=0)])
    assert answer.confidence == TASK_CONFIDENCE and [c.text for c in answer.citations] == [cited]
    assert answerer.answer("How do I install tern?", [Passage(chunk_id=1, span=span, score=1.0, rank=0)]
                           ).confidence != TASK_CONFIDENCE  # (nothing names tern)


@pytest.mark.parametrize(("text", "cited"), [
    ("Kestrel parses logs. For the installation instructions, see `our install guide <https://kestrel.org/install/>`__.\n",
     "For the installation instructions, see `our install guide <https://kestrel.org/install/>`__."),
    ("Kestrel parses logs.\n\nPlease take a look at our documentation for how to install and use it:\n\n* `Installation`_\n",
     "Please take a look at our documentation for how to install and use it:"),
    ("You can use kestrel to install packages from the index.\n", None),  # (it points nowhere)
    ("[![Docs](https://kestrel.readthedocs.io/en/latest/install.html)](https://kestrel.org)\n", None),  # (a link's words)
    ("Usage:\n\n```\n# see the docs to install kestrel\n```\n", None),  # (code)
    ("For upgrading, see the guide.\n", None),  # (another task)
    ("It has the agent check your installed version, read the docs for that version.\n", None),  # (a state)
    ('7 of them hold one command, the short answer ("pip install -r requirements.txt", "nox -s docs").\n', None),  # (quoted)
    ("Run `pip install kestrel`; `make docs` builds the docs.\n", None),  # (the verb only in code)
    ("Please see our documentation for how to install it " + " ".join(f"w{n}" for n in range(40)) + ".\n", None),
])
def test_a_sentence_saying_where_the_task_is_told(text: str, cited: str | None) -> None:
    document = Document("d", "/d/kestrel/README.md", "Kestrel", text, (), markdown_headings(text))
    found = task_pointer(["install", "kestrel"], document)
    assert (text[found[0]:found[1]] if found else None) == cited


def test_a_named_document_pointing_where_the_task_is_told_answers_where_nothing_does_it() -> None:
    text = "# Kestrel\n\nKestrel parses logs.\n\n## Install\n\nSee the [install guide](https://kestrel.org/install).\n"
    document = Document("d", "/d/kestrel/README.md", "Kestrel", text, (), markdown_headings(text))
    span = Span(1, document.doc_id, document.source, document.title, 0, len(text), text)
    answerer = ModelAnswerer(DictCorpus({1: document}), AnswerConfig(), reader=FakeReader(), calibration=FAKE_CALIBRATION)
    ask = lambda q: answerer.answer(q, [Passage(chunk_id=1, span=span, score=1.0, rank=0)])  # noqa: E731
    assert [c.text for c in ask("How do I install kestrel?").citations] == ["See the [install guide](https://kestrel.org/install)."]
    pointed = text.replace("## Install\n\n", "")  # (no heading does it: the sentence saying where it is told)
    document = Document("d", "/d/kestrel/README.md", "Kestrel", pointed, (), markdown_headings(pointed))
    span = Span(1, document.doc_id, document.source, document.title, 0, len(pointed), pointed)
    answerer = ModelAnswerer(DictCorpus({1: document}), AnswerConfig(), reader=FakeReader(), calibration=FAKE_CALIBRATION)
    answer = answerer.answer("How do I install kestrel?", [Passage(chunk_id=1, span=span, score=1.0, rank=0)])
    assert answer.confidence == TASK_CONFIDENCE
    assert [c.text for c in answer.citations] == ["See the [install guide](https://kestrel.org/install)."]
    assert answerer.answer("How do I upgrade kestrel?", [Passage(chunk_id=1, span=span, score=1.0, rank=0)]
                           ).confidence != TASK_CONFIDENCE


def test_a_command_or_pointer_is_looked_for_near_a_document_s_top_only() -> None:
    from qa.how_to import SCAN_CHARS

    filler = "Kestrel parses logs.\n\n" * (SCAN_CHARS // 22 + 1)
    for tail in (f"{CODE}\n", "See the install guide.\n"):
        far = Document("d", "/d/kestrel/README.md", "Kestrel", filler + tail, (), ())
        near = Document("d", "/d/kestrel/README.md", "Kestrel", tail + filler, (), ())
        find = task_command if tail.startswith("`") else task_pointer
        assert find(["install", "kestrel"], far) is None and find(["install", "kestrel"], near) is not None
