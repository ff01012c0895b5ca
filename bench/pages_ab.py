"""Two ways of indexing pages that have headings, side by side on the python3.11-doc pages.

    python bench/pages_ab.py /usr/share/doc/python3.11/html --compare heading-chunks
    python bench/pages_ab.py /usr/share/doc/python3.11/html --compare headers

``bench/section_headers.py`` measures SQuAD and SciFact, whose documents have a title and no
headings. Here the python3.11-doc pages (``apt-get install python3.11-doc``), where every chunk
lies under a heading, are indexed twice in one process into temporary stores, "before" and
"after":

- ``heading-chunks``: chunks that run on past a heading (before: ``index.chunker.HEADING_FILL``
  set so that no chunk ends at a heading, the chunking of ``CHUNKING_VERSION`` 1) against the
  shipped chunking, where a chunk ends before a heading in its second half;
- ``headers``: plain chunks (what docqa does) against each chunk embedded with its document's
  title and section path on a line before it (queries, BM25 and the reader unchanged).

Two sets of questions:

- ``bench/real_docs.py``'s 71 answerable and 8 unrelated questions over its ten pages, judged by
  their answering phrases: the rank of the first passage holding one (of 20 retrieved), and
  whether the trained reader's first citation holds one;
- up to 500 definition look-ups generated from the pages ``train.docs_data`` keeps out of
  training (library, tutorial, reference, howto, FAQ pages and the glossary; "What does hex()
  do?" answered by its entry's first sentence, ``train.docs_data.question_and_answer``, seed 7):
  the rank of the first passage that holds the answer's characters, and whether the reader's
  first citation overlaps the answer.

Paired changes get an exact two-sided sign test.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # train.docs_data

from real_docs import PAGES, QUESTIONS, THIRD_SET, holds  # noqa: E402
from section_headers import HeadedEmbedder  # noqa: E402

KEPT_FOLDERS = ("library", "tutorial", "reference", "howto", "faq", "glossary.html")


def copy_pages(pages: Sequence[Path], root: Path, target: Path) -> None:
    target.mkdir(parents=True)
    for page in pages:
        shutil.copy(page, target / page.relative_to(root).as_posix().replace("/", "_"))


def headers(folder: Path, embedder: Any) -> dict[str, str]:
    """Each chunk's text -> ``Title › Section path`` (empty for a chunk under no heading)."""
    from index.chunker import Chunker, ChunkerConfig
    from index.loaders import load_document

    chunker, out = Chunker(embedder, ChunkerConfig()), {}
    for path in sorted(folder.iterdir()):
        document = load_document(path)
        for chunk in chunker.chunk(document):
            section = document.section_at(chunk.start)
            out[chunk.text] = f"{document.title} › {section}" if section else ""
    return out


def ranks(bot: Any, questions: Sequence[tuple[str, Callable[[Any], bool]]]) -> list[int]:
    """The rank of the first of 20 passages each question's test accepts (99: none)."""
    return [next((i + 1 for i, p in enumerate(bot.retrieve(q, top_k=20)) if accepts(p)), 99) for q, accepts in questions]


def report(name: str, found: list[int]) -> None:
    n = len(found)
    print(f"  {name:8s} recall@1 {sum(r <= 1 for r in found)}/{n}, @5 {sum(r <= 5 for r in found)}/{n}, "
          f"@10 {sum(r <= 10 for r in found)}/{n}, MRR@20 {sum(1 / r for r in found if r < 99) / n:.3f}", flush=True)


def paired(what: str, before: list[Any], after: list[Any], better: Callable[[Any, Any], bool]) -> None:
    from qa.metrics import sign_test

    up = sum(better(a, b) for b, a in zip(before, after, strict=True))
    down = sum(better(b, a) for b, a in zip(before, after, strict=True))
    print(f"  {what}: after better for {up}, worse for {down} (sign test p = {sign_test(up, down):.3f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("docs", type=Path, help="the python3.11-doc html folder (/usr/share/doc/python3.11/html)")
    parser.add_argument("--compare", choices=("heading-chunks", "headers"), required=True)
    parser.add_argument("--questions", type=int, default=500, help="definition look-ups from the kept pages")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from index import chunker
    from index.embedders import default_embedder
    from index.loaders import load_document
    from qa import DocumentQA
    from qa.answerer import AnswerConfig
    from qa.model_answerer import ModelAnswerer
    from train.docs_data import docs_pages, entries, question_and_answer

    embedder = default_embedder()
    shipped_fill = chunker.HEADING_FILL
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        real, kept = work / "real", work / "kept"
        copy_pages([args.docs / f"{page}.html" for page in PAGES], args.docs, real)
        copy_pages([p for p in docs_pages(args.docs, dev=True)
                    if p.relative_to(args.docs).as_posix().split("/")[0] in KEPT_FOLDERS], args.docs, kept)
        rng, lookups = random.Random(7), []
        for path in sorted(kept.iterdir()):
            document = load_document(path)
            for entry in entries(document, attributes=True, glossary=True):
                question, start, end = question_and_answer(entry, document.text, rng)
                lookups.append((question, path.resolve(), start, end))
        rng.shuffle(lookups)

        def inside(source: Path, start: int, end: int) -> Callable[[Any], bool]:
            return lambda p: Path(p.source).resolve() == source and p.start <= start and end <= p.end

        def overlaps(source: Path, start: int, end: int) -> Callable[[Any], bool]:
            return lambda c: Path(c.source).resolve() == source and c.start < end and start < c.end

        def phrase(answer: Any) -> Callable[[Any], bool]:
            return lambda p: holds(p.text, answer, ignore_case=True)

        retrieved = {
            "real": [(q, phrase(a)) for q, a in QUESTIONS + THIRD_SET if a is not None],
            "kept": [(q, inside(source, a, b)) for q, source, a, b in lookups[: args.questions]],
        }
        cited_right = {
            "real": retrieved["real"],
            "kept": [(q, overlaps(source, a, b)) for q, source, a, b in lookups[: args.questions]],
        }
        unrelated = [q for q, a in QUESTIONS + THIRD_SET if a is None]
        found: dict[tuple[str, str], list[int]] = {}
        cited: dict[tuple[str, str], list[bool]] = {}
        try:
            for side in ("before", "after"):
                chunker.HEADING_FILL = shipped_fill if side == "after" or args.compare != "heading-chunks" else 2.0
                for name, folder in (("real", real), ("kept", kept)):
                    used = (HeadedEmbedder(embedder, headers(folder, embedder))
                            if side == "after" and args.compare == "headers" else embedder)
                    bot = DocumentQA.build([folder], work / f"store-{name}-{side}", embedder=used)
                    try:
                        found[(name, side)] = ranks(bot, retrieved[name])
                        reader = ModelAnswerer(bot.corpus, AnswerConfig(answerer="model"))
                        cited[(name, side)] = []
                        for question, accepts in cited_right[name]:
                            answer = reader.answer(question, bot.retrieve(question))
                            cited[(name, side)].append(not answer.abstained and bool(answer.citations)
                                                       and accepts(answer.citations[0]))
                        note = ""
                        if name == "real":
                            refused = sum(reader.answer(q, bot.retrieve(q)).abstained for q in unrelated)
                            note = f", refuses {refused}/{len(unrelated)} unrelated"
                        print(f"{side}, {name} pages ({bot.status()['chunks']} chunks): the reader cites right first "
                              f"{sum(cited[(name, side)])}/{len(cited[(name, side)])}{note}", flush=True)
                    finally:
                        bot.close()
        finally:
            chunker.HEADING_FILL = shipped_fill
        for name in ("real", "kept"):
            print(f"{name} pages ({len(retrieved[name])} questions): rank of the first passage that answers")
            report("before", found[(name, "before")])
            report("after", found[(name, "after")])
            paired("rank", found[(name, "before")], found[(name, "after")], lambda a, b: a < b)
            paired("the reader's first citation", cited[(name, "before")], cited[(name, "after")],
                   lambda a, b: a and not b)


if __name__ == "__main__":
    main()
