"""How hybrid retrieval's reciprocal-rank fusion should weigh its two rankings: recall and nDCG for
several ``rrf_k`` (and lexical weights), each question's dense and BM25 rankings computed once.

    python bench/fusion.py ../shared/data --work /tmp/fusion [--split train|test] [--docs /usr/share/doc/python3.11/html]
    python bench/fusion.py ../shared/data --work /tmp/fusion --title-weights 0,1,2

With ``--title-weights``, the default fusion only, with BM25's title field (``index.titles``)
at each weight instead of the fusion settings.

``--split train`` (the default) scores the splits a setting may be chosen on: SciFact's train
queries and the SQuAD 2.0 training split's answerable questions (``squad2_dev_train.json``).
``--split test`` scores SciFact's test queries and the SQuAD test sample, to report a setting
chosen on the train split, never to choose one. With ``--docs``, the real documentation pages'
answerable questions (``bench/real_docs.py``) too: a check on text unlike SQuAD's. Each store is
built under ``--work`` on the first run and reopened afterwards.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

# (rrf_k, dense weight, lexical weight); the first was the default before, the fourth is the default now
SETTINGS: tuple[tuple[int, float, float], ...] = (
    (60, 1.0, 1.0), (30, 1.0, 1.0), (20, 1.0, 1.0), (10, 1.0, 1.0), (5, 1.0, 1.0), (1, 1.0, 1.0),
    (60, 1.0, 1.5), (60, 1.5, 1.0), (10, 1.0, 1.5), (10, 1.5, 1.0),
)
CANDIDATES = 100


def fuse(dense: Sequence[int], lexical: Sequence[int], k: int, wd: float, wl: float) -> list[int]:
    from qa.retriever import rrf

    fused = rrf([(list(dense), wd), (list(lexical), wl)], k)
    return sorted(fused, key=lambda i: (-fused[i], i))


def rankings(bot: Any, questions: Sequence[str], title_weight: float | None = None) -> list[tuple[list[int], list[int]]]:
    """Each question's dense and BM25 chunk rankings, as the retriever computes them (with
    ``title_weight`` for the title field rather than the configured one)."""
    from tqdm import tqdm

    store, cfg = bot.store, bot.retriever.config
    out = []
    for q in tqdm(questions, desc="rankings", unit="q"):
        vector = store.embedder.embed([q])[0]
        dense = [i for i, _ in store.dense_search(vector, CANDIDATES)]
        weight = cfg.title_weight if title_weight is None else title_weight
        lexical = [i for i, _ in store.lexical_search(q, CANDIDATES, cfg.lexical_budget, weight)]
        out.append((dense, lexical))
    return out


def score(bot: Any, ranks: list[tuple[list[int], list[int]]], relevant: Callable[[int, Any], str | None],
          grades: Sequence[dict[str, float]], settings: Sequence[tuple[int, float, float]] = SETTINGS,
          label: str = "") -> dict[str, dict[str, float]]:
    """For each setting: recall@1/5, MRR@10 and nDCG@10, an item being what ``relevant`` names a chunk
    (a corpus id for BEIR, the chunk itself for passages) and ``grades`` each question's relevant items."""
    from qa.metrics import mean, mrr_at_k, ndcg_at_k, recall_at_k

    records: dict[int, Any] = {}
    for dense, lexical in ranks:
        missing = [i for i in {*dense, *lexical} if i not in records]
        records.update(bot.store.chunks(missing))
    report = {}
    for k, wd, wl in settings:
        r1, r5, mrr, ndcg = [], [], [], []
        for qi, (dense, lexical) in enumerate(ranks):
            items: list[str] = []
            for chunk_id in fuse(dense, lexical, k, wd, wl):
                item = relevant(qi, records[chunk_id]) if chunk_id in records else None
                if item is not None and item not in items:
                    items.append(item)
            r1.append(recall_at_k(items, grades[qi], 1))
            r5.append(recall_at_k(items, grades[qi], 5))
            mrr.append(mrr_at_k(items, grades[qi], 10))
            ndcg.append(ndcg_at_k(items, grades[qi], 10))
        report[f"rrf_k={k} dense={wd} lexical={wl}{label}"] = {
            "recall@1": mean(r1) or 0.0, "recall@5": mean(r5) or 0.0, "mrr@10": mean(mrr) or 0.0,
            "ndcg@10": mean(ndcg) or 0.0}
    return report


def sweep(bot: Any, questions: Sequence[str], relevant: Callable[[int, Any], str | None],
          grades: Sequence[dict[str, float]], title_weights: Sequence[float] | None) -> dict[str, dict[str, float]]:
    """``score`` of the fusion settings, or with ``title_weights`` of the configured fusion at each title weight."""
    if title_weights is None:
        return score(bot, rankings(bot, questions), relevant, grades)
    cfg = bot.retriever.config
    report: dict[str, dict[str, float]] = {}
    for weight in title_weights:
        report.update(score(bot, rankings(bot, questions, weight), relevant, grades,
                            [(cfg.rrf_k, cfg.dense_weight, cfg.lexical_weight)], f" title={weight}"))
    return report


def folder(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def open_or_build(documents: Path, store: Path) -> Any:
    from qa import DocumentQA

    if store.exists():
        return DocumentQA.open(store)
    return DocumentQA.build([documents], store, progress=True)


def beir(data: Path, work: Path, split: str, title_weights: Sequence[float] | None = None) -> dict[str, dict[str, float]]:
    from qa.datasets import load_beir

    evalset = load_beir(data / "scifact", folder(work / "scifact-docs"), split)
    bot = open_or_build(evalset.documents, work / "scifact-store")

    def relevant(_qi: int, record: Any) -> str:
        return evalset.doc_ids.get(Path(record.span.source).name, record.span.source)

    # BEIR ranks documents: a document ranks where its best chunk does, graded as qrels say
    return sweep(bot, [q.question for q in evalset.questions], relevant, [q.relevant for q in evalset.questions],
                 title_weights)


def squad(path: Path, work: Path, name: str, title_weights: Sequence[float] | None = None) -> dict[str, dict[str, float]]:
    from qa.datasets import load_squad
    from qa.metrics import contains

    evalset = load_squad(path, folder(work / f"{name}-docs"))
    questions = [q for q in evalset.questions if q.answerable is not False]
    bot = open_or_build(evalset.documents, work / f"{name}-store")

    def relevant(qi: int, record: Any) -> str:
        # every passage is its own item; the first holding a gold span is the relevant one
        gold = questions[qi].gold.get(Path(record.span.source).name, [])
        span = record.span
        return "gold" if contains((span.start, span.end), gold) else f"chunk-{span.start}-{span.source}"

    return sweep(bot, [q.question for q in questions], relevant, [{"gold": 1.0} for _ in questions], title_weights)


def real_pages(docs: Path, work: Path, title_weights: Sequence[float] | None = None) -> dict[str, dict[str, float]]:
    sys.path.insert(0, str(Path(__file__).parent))
    from doc_pages import open_pages
    from real_docs import PAGES, QUESTIONS, holds

    bot = open_pages(docs, work / "realdocs-store", PAGES)
    asked = [(q, phrase) for q, phrase in QUESTIONS if phrase is not None]

    def relevant(qi: int, record: Any) -> str:
        return "gold" if holds(record.span.text, asked[qi][1]) else f"chunk-{record.span.start}-{record.span.source}"

    return sweep(bot, [q for q, _ in asked], relevant, [{"gold": 1.0} for _ in asked], title_weights)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, help="the shared data folder (scifact/, squad2_dev_split/)")
    parser.add_argument("--work", type=Path, required=True, help="where the stores are built and kept")
    parser.add_argument("--split", choices=("train", "test"), default="train")
    parser.add_argument("--docs", type=Path, help="python3.11-doc's html folder: add the real pages")
    parser.add_argument("--out", type=Path, help="write the report here as JSON")
    parser.add_argument("--title-weights", type=lambda v: [float(w) for w in v.split(",")], default=None,
                        help="comma-separated weights of BM25's title field, e.g. 0,1,2 (the default fusion only)")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    args.work.mkdir(parents=True, exist_ok=True)
    split_dir = args.data / "squad2_dev_split"
    squad_file = "squad2_dev_train.json" if args.split == "train" else "squad2_dev_test_sample600.json"
    report = {
        f"scifact-{args.split}": beir(args.data, args.work, args.split, args.title_weights),
        f"squad-{args.split}": squad(split_dir / squad_file, args.work, f"squad-{args.split}", args.title_weights),
    }
    if args.docs:
        report["real-pages"] = real_pages(args.docs, args.work, args.title_weights)
    for name, settings in report.items():
        print(f"\n{name}")
        print(f"{'setting':34} recall@1 recall@5 mrr@10 ndcg@10")
        for setting, m in settings.items():
            print(f"{setting:34} {m['recall@1']:8.3f} {m['recall@5']:8.3f} {m['mrr@10']:6.3f} {m['ndcg@10']:7.3f}")
    if args.out:
        args.out.write_text(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
