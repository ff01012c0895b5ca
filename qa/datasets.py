"""Evaluation datasets: BEIR folders, SQuAD JSON files and the seed question file.

Each loader writes the corpus as plain-text files into a folder (so it is indexed
the normal way, through loading and chunking) and returns the questions with their
gold data: document-offset answer spans (SQuAD, seed) or graded relevant documents (BEIR).
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from index.errors import InvalidInputError

Span = tuple[int, int]
FORMATS = ("beir", "squad", "seed")
EXPECTED = (
    "a BEIR folder (corpus.jsonl, queries*.jsonl, qrels/<split>.tsv), an official SQuAD v1.1/v2.0 JSON file "
    "(an object with a 'data' list), or a seed question file (.jsonl lines with 'question' and 'answerable')"
)


@dataclass
class EvalQuestion:
    qid: str
    question: str
    answerable: bool | None = None  # None: retrieval only (BEIR)
    answers: list[str] = field(default_factory=list)
    gold: dict[str, list[Span]] = field(default_factory=dict)  # document file name -> answer spans
    relevant: dict[str, float] = field(default_factory=dict)  # BEIR: corpus id -> grade


@dataclass
class EvalSet:
    name: str
    format: str
    documents: Path  # the folder to index
    questions: list[EvalQuestion]
    doc_ids: dict[str, str] = field(default_factory=dict)  # BEIR: document file name -> corpus id


def detect_format(path: Path) -> str:
    if path.is_dir():
        if (path / "corpus.jsonl").is_file():
            return "beir"
        raise InvalidInputError(f"{path} is a folder without corpus.jsonl; expected {EXPECTED}")
    if not path.is_file():
        raise InvalidInputError(f"dataset {path} does not exist; expected {EXPECTED}")
    if path.suffix == ".jsonl":
        return "seed"
    if path.suffix == ".json":
        return "squad"
    raise InvalidInputError(f"cannot tell the format of {path} from its name; pass --format, or give {EXPECTED}")


def _safe_name(text: str, n: int) -> str:
    return f"{n:05d}_{re.sub(r'[^A-Za-z0-9_-]+', '_', text)[:50]}.txt"


def load_squad(path: Path, out_dir: Path) -> EvalSet:
    """Each article becomes one document: its paragraphs joined by a blank line."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))["data"]
        if not isinstance(data, list):
            raise TypeError("'data' is not a list")
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InvalidInputError(f"{path} is not SQuAD JSON ({exc}); expected {EXPECTED}") from exc
    questions: list[EvalQuestion] = []
    for n, article in enumerate(data):
        file = out_dir / _safe_name(str(article.get("title", "")), n)
        source = file.name
        parts: list[str] = []
        offset = 0
        for paragraph in article["paragraphs"]:
            context = paragraph["context"]
            for qa in paragraph["qas"]:
                q = EvalQuestion(str(qa["id"]), qa["question"], answerable=not qa.get("is_impossible", False))
                if q.answerable:
                    for ans in qa["answers"]:
                        start = offset + int(ans["answer_start"])
                        q.gold.setdefault(source, []).append((start, start + len(ans["text"])))
                        q.answers.append(ans["text"])
                questions.append(q)
            parts.append(context)
            offset += len(context) + 2
        file.write_text("\n\n".join(parts), encoding="utf-8")
    return EvalSet(path.name, "squad", out_dir, questions)


def load_beir(path: Path, out_dir: Path, split: str = "test") -> EvalSet:
    qrels_file = path / "qrels" / f"{split}.tsv"
    queries_file = next((f for f in (path / f"queries_{split}.jsonl", path / "queries.jsonl") if f.is_file()), None)
    if not qrels_file.is_file() or queries_file is None:
        raise InvalidInputError(f"{path} lacks qrels/{split}.tsv or queries_{split}.jsonl; expected {EXPECTED}")
    doc_ids: dict[str, str] = {}
    with open(path / "corpus.jsonl", encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if not line.strip():
                continue
            entry = json.loads(line)
            file = out_dir / _safe_name(str(entry["_id"]), n)
            title = (entry.get("title") or "").strip()
            file.write_text(f"{title}\n\n{entry['text']}" if title else entry["text"], encoding="utf-8")
            doc_ids[file.name] = str(entry["_id"])
    relevant: dict[str, dict[str, float]] = {}
    with open(qrels_file, encoding="utf-8") as fh:
        for row in csv.reader(fh, delimiter="\t"):
            if len(row) < 3 or row[0] == "query-id":
                continue
            relevant.setdefault(row[0], {})[row[1]] = float(row[2])
    questions = []
    with open(queries_file, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                entry = json.loads(line)
                qid = str(entry["_id"])
                if qid in relevant:
                    questions.append(EvalQuestion(qid, entry["text"], relevant=relevant[qid]))
    return EvalSet(f"{path.name}/{split}", "beir", out_dir, questions, doc_ids)


def load_seed(path: Path, documents: Path) -> EvalSet:
    """Seed questions: ``{"question", "answerable", "answer"}`` lines; gold spans are every
    occurrence of ``answer`` in the documents' canonical text."""
    from index.errors import DocumentLoadError
    from index.loaders import is_supported, load_document

    texts: dict[str, str] = {}
    for file in sorted(documents.rglob("*")):
        if file.is_file() and is_supported(file):
            try:
                texts[file.name] = load_document(file).text
            except DocumentLoadError:
                continue
    questions = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
        for n, line in enumerate(lines):
            if not line.strip():
                continue
            entry = json.loads(line)
            q = EvalQuestion(str(n), entry["question"], answerable=bool(entry["answerable"]))
            if q.answerable:
                q.answers = [entry["answer"]]
                for source, text in texts.items():
                    spans = [(m.start(), m.end()) for m in re.finditer(re.escape(entry["answer"]), text)]
                    if spans:
                        q.gold[source] = spans
            questions.append(q)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InvalidInputError(f"{path} is not a seed question file ({exc}); expected {EXPECTED}") from exc
    return EvalSet(path.name, "seed", documents, questions)


def load(path: Path, work_dir: Path, *, fmt: str | None = None, split: str = "test", seeds: Path | None = None) -> EvalSet:
    fmt = fmt or detect_format(path)
    if fmt not in FORMATS:
        raise InvalidInputError(f"format must be one of {', '.join(FORMATS)}, got {fmt!r}")
    if fmt == "seed":
        return load_seed(path, seeds or path.parent)
    work_dir.mkdir(parents=True, exist_ok=True)
    return load_beir(path, work_dir, split) if fmt == "beir" else load_squad(path, work_dir)
