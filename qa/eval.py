"""Evaluation on SQuAD-format data: do citations hold the gold answer, and do
unanswerable questions abstain?

Each SQuAD article becomes one document (its paragraphs joined by a blank line,
gold spans moved to document offsets), written as a .txt file and indexed the
normal way; every question is asked against the whole corpus.

    python -m qa.eval ../shared/data/squad2_sample500/squad2_sample500.json
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from index.errors import InvalidInputError

logger = logging.getLogger(__name__)


@dataclass
class SquadQuestion:
    qid: str
    question: str
    source: str  # the file the article was written to
    gold: list[tuple[int, int]] = field(default_factory=list)  # document offsets
    answers: list[str] = field(default_factory=list)

    @property
    def answerable(self) -> bool:
        return bool(self.gold)


def load_squad(path: Path, out_dir: Path) -> list[SquadQuestion]:
    """Write each article of a SQuAD JSON file to ``out_dir`` as a .txt; return its questions."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))["data"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InvalidInputError(f"{path} is not SQuAD JSON (expected an object with a 'data' list): {exc}") from exc
    questions: list[SquadQuestion] = []
    for n, article in enumerate(data):
        name = re.sub(r"[^\w-]+", "_", str(article.get("title", n)))[:60]
        file = (out_dir / f"{n:04d}_{name}.txt").resolve()
        parts: list[str] = []
        offset = 0
        for paragraph in article["paragraphs"]:
            context = paragraph["context"]
            for qa in paragraph["qas"]:
                q = SquadQuestion(qa["id"], qa["question"], str(file))
                for ans in [] if qa.get("is_impossible") else qa["answers"]:
                    start = offset + int(ans["answer_start"])
                    q.gold.append((start, start + len(ans["text"])))
                    q.answers.append(ans["text"])
                questions.append(q)
            parts.append(context)
            offset += len(context) + 2
        text = "\n\n".join(parts)
        for q in questions:
            if q.source == str(file):
                assert all(text[a:b] == t for (a, b), t in zip(q.gold, q.answers, strict=True))
        file.write_text(text, encoding="utf-8")
    return questions


def contains(span: tuple[int, int], gold: list[tuple[int, int]]) -> bool:
    return any(span[0] <= a and b <= span[1] for a, b in gold)


def evaluate_squad(path: Path, *, limit: int | None = None, threshold: float | None = None) -> dict[str, Any]:
    from qa.answerer import AnswerConfig
    from qa.api import DocumentQA

    with tempfile.TemporaryDirectory() as tmp:
        docs = Path(tmp) / "docs"
        docs.mkdir()
        questions = load_squad(path, docs)[:limit]
        started = time.perf_counter()
        answering = AnswerConfig(threshold=threshold) if threshold is not None else None
        bot = DocumentQA.build([docs], Path(tmp) / "store", answering=answering)
        index_seconds = time.perf_counter() - started
        rows = []
        latencies = []
        for q in questions:
            t = time.perf_counter()
            answer = bot.ask(q.question)
            latencies.append(1000 * (time.perf_counter() - t))
            cites = [(c.source, c.start, c.end) for c in answer.citations]
            hit1 = bool(cites) and cites[0][0] == q.source and contains(cites[0][1:], q.gold)
            rows.append({"answerable": q.answerable, "abstained": answer.abstained, "hit@1": hit1,
                         "confidence": answer.confidence})
    answerable = [r for r in rows if r["answerable"]]
    impossible = [r for r in rows if not r["answerable"]]
    abstained = [r for r in rows if r["abstained"]]
    true_pos = sum(1 for r in impossible if r["abstained"])
    precision = true_pos / len(abstained) if abstained else 0.0
    recall = true_pos / len(impossible) if impossible else 0.0
    return {
        "dataset": str(path),
        "questions": len(rows),
        "citation_hit@1": sum(r["hit@1"] for r in answerable) / max(len(answerable), 1),
        "unanswerable_abstained": recall,
        "abstention_precision": precision,
        "answerable_wrongly_abstained": sum(r["abstained"] for r in answerable) / max(len(answerable), 1),
        "latency_ms_p50": statistics.median(latencies) if latencies else None,
        "index_seconds": index_seconds,
        "rows": rows,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m qa.eval", description=__doc__.splitlines()[0])
    parser.add_argument("dataset", type=Path, help="a SQuAD v1.1/v2.0 JSON file")
    parser.add_argument("--limit", type=int, default=None, help="ask only the first N questions")
    parser.add_argument("--threshold", type=float, default=None, help="abstention threshold (0..1)")
    parser.add_argument("--out", type=Path, default=None, help="write the report (with per-question rows) here")
    args = parser.parse_args(argv)
    report = evaluate_squad(args.dataset, limit=args.limit, threshold=args.threshold)
    if args.out:
        args.out.write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(json.dumps({k: v for k, v in report.items() if k != "rows"}, indent=2))  # noqa: T201
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
