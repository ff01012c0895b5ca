"""Run an evaluation: index a dataset's documents, ask its questions, compute the metrics."""

from __future__ import annotations

import logging
import tempfile
import time
from pathlib import Path
from typing import Any

from index.embedders import Embedder
from index.options import StoreOptions
from index.store import Store
from qa.answerer import AnswerConfig
from qa.api import DocumentQA
from qa.datasets import EvalQuestion, EvalSet
from qa.llm import LLMConfig
from qa.metrics import (
    abstention_scores,
    contains,
    exact_match,
    expected_calibration_error,
    holds_answer,
    mean,
    mrr_at_k,
    ndcg_at_k,
    percentile,
    recall_at_k,
    reliability,
    threshold_curve,
    token_f1,
)
from qa.retriever import LEXICAL_BUDGET, RetrievalConfig

logger = logging.getLogger(__name__)
KS = tuple(range(1, 11))
ANSWER_KEYS = ("exact_match", "f1", "citation_hit@1", "citation_hit@any", "citation_holds_answer@1", "citation_valid",
               "ece")
ABSTENTION_KEYS = ("precision", "recall", "f1", "answerable_wrongly_abstained")


def _gold(q: EvalQuestion, source: str) -> list[tuple[int, int]]:
    return q.gold.get(Path(source).name, [])


def ranking(bot: DocumentQA, evalset: EvalSet, q: EvalQuestion) -> tuple[list[str], dict[str, float]]:
    """Ranked item ids and graded relevance for one question.

    BEIR ranks corpus documents (a document ranks where its best chunk does). SQuAD and
    seed rank passages: a passage is relevant when its span contains a gold answer span,
    and only the first relevant passage counts, so recall and nDCG stay within [0, 1].
    """
    if evalset.format == "beir":
        ranked: list[str] = []
        for p in bot.retrieve(q.question, top_k=100):
            doc = evalset.doc_ids.get(Path(p.source).name, p.source)
            if doc not in ranked:
                ranked.append(doc)
        return ranked, q.relevant
    passages = bot.retrieve(q.question, top_k=max(KS))
    ids = [str(p.chunk_id) for p in passages]
    first = next((str(p.chunk_id) for p in passages if contains((p.start, p.end), _gold(q, p.source))), None)
    return ids, {first or "<none>": 1.0}


def _open(evalset: EvalSet, store: Path | None, tmp: Path, answering: AnswerConfig, retrieval: RetrievalConfig,
          progress: bool, embedder: Embedder | None, options: StoreOptions,
          llm: LLMConfig | None = None) -> tuple[DocumentQA, dict[str, Any]]:
    started = time.perf_counter()
    seconds: float | None = None
    if store is not None and Store.exists(store):
        bot = DocumentQA.open(store, retrieval=retrieval, answering=answering, options=options, llm=llm)
    else:  # a temporary store, or a new one kept at ``store`` for later runs
        bot = DocumentQA.build([evalset.documents], store or tmp / "store", progress=progress,
                               embedder=embedder, retrieval=retrieval, answering=answering, options=options, llm=llm)
        seconds = time.perf_counter() - started
    docs, chunks = bot.store.catalog.counts()
    index = {"documents": docs, "chunks": chunks, "seconds": seconds,
             "chunks_per_s": chunks / seconds if seconds else None,
             "vector_store": bot.store.manifest.vector_kind}
    return bot, index


def evaluate(
    evalset: EvalSet,
    *,
    store: Path | None = None,
    top_k: int = 5,
    threshold: float | None = None,
    lexical: bool = True,
    lexical_budget: int | None = LEXICAL_BUDGET,
    limit: int | None = None,
    progress: bool = False,
    embedder: Embedder | None = None,
    options: StoreOptions | None = None,
    answerer: str = "model",
    model_dir: Path | None = None,
    llm: LLMConfig | None = None,
) -> dict[str, Any]:
    """Ask every question of ``evalset`` and compute the report (the README defines each metric).

    ``embedder`` and ``options.vector_store`` are used only when a store is built (default: the
    bundled model, FAISS); ``options.milvus_uri``/``milvus_token`` also locate an existing Milvus store.
    ``answerer`` is "model" (the trained reader; ``model_dir``: another reader folder than the
    shipped one, with its calibration) or "heuristic".

    ``answer.ece`` compares each answer's confidence with whether its first quote (the citation,
    or when it abstained the first suggestion) holds a gold answer; unanswerable questions
    have no right quote. ``reliability`` holds the per-bin table behind it. With ``llm``, answers
    are generative where the model's quotes verify; ``generative`` reports the share of claims
    verified and how often the answer fell back to the extractive one.
    """
    from tqdm import tqdm

    questions = evalset.questions[:limit] if limit else evalset.questions
    recall: dict[int, list[float]] = {k: [] for k in KS}
    mrr: list[float] = []
    ndcg: list[float] = []
    latencies: list[float] = []
    em: list[float] = []
    f1: list[float] = []
    hit1: list[float] = []
    hit_any: list[float] = []
    holds: list[float] = []  # the first citation's text holds a gold answer, wherever (looser than hit@1)
    valid: list[float] = []
    abstained: list[bool] = []
    unanswerable: list[bool] = []
    confidences: list[float] = []
    right: list[bool] = []
    texts: dict[str, str] = {}  # stored document text by source: the reference for citation_valid
    rows: list[dict[str, Any]] = []
    modes: list[str] = []  # of the answers that did not abstain
    claim_fates: list[bool] = []  # verified or not, every claim of the model
    with tempfile.TemporaryDirectory() as tmp:
        retrieval = RetrievalConfig(top_k=top_k, lexical=lexical, lexical_budget=lexical_budget)
        answering = AnswerConfig(threshold=threshold, answerer=answerer, model_dir=model_dir)
        bot, index = _open(evalset, store, Path(tmp), answering, retrieval, progress, embedder,
                           options or StoreOptions(), llm)
        for q in tqdm(questions, desc="questions", unit="q", disable=not progress):
            row: dict[str, Any] = {"id": q.qid, "question": q.question}
            rows.append(row)
            if q.answerable is not False:  # an unanswerable question has no relevant passage to rank
                started = time.perf_counter()
                ranked, relevant = ranking(bot, evalset, q)
                if evalset.format == "beir":  # retrieval is the whole job: time it
                    latencies.append(1000 * (time.perf_counter() - started))
                for k in KS:
                    recall[k].append(recall_at_k(ranked, relevant, k))
                mrr.append(mrr_at_k(ranked, relevant, 10))
                ndcg.append(ndcg_at_k(ranked, relevant, 10))
                row["ndcg@10"] = ndcg[-1]
            if evalset.format == "beir":
                continue
            started = time.perf_counter()
            answer = bot.ask(q.question)
            latencies.append(1000 * (time.perf_counter() - started))
            for c in answer.citations + answer.suggestions:
                if c.source not in texts:
                    texts[c.source] = bot.store.catalog.document_by_source(c.source).text
                valid.append(float(texts[c.source][c.start : c.end] == c.text))
            abstained.append(answer.abstained)
            if not answer.abstained:
                modes.append(answer.mode)
            claim_fates += [c.status == "verified" for c in answer.claims]
            unanswerable.append(not q.answerable)
            row.update(answerable=q.answerable, abstained=answer.abstained, confidence=answer.confidence)
            first = (answer.citations + answer.suggestions)[:1]
            confidences.append(answer.confidence)
            right.append(bool(q.answerable and first and contains((first[0].start, first[0].end), _gold(q, first[0].source))))
            row["first_hit"] = right[-1]
            if q.answerable:
                prediction = "" if answer.abstained else (answer.short_answer or answer.citations[0].text)
                em.append(exact_match(prediction, q.answers))
                f1.append(token_f1(prediction, q.answers))
                hits = [contains((c.start, c.end), _gold(q, c.source)) for c in answer.citations]
                hit1.append(float(bool(hits) and hits[0]))
                hit_any.append(float(any(hits)))
                holds.append(float(bool(answer.citations) and holds_answer(answer.citations[0].text, q.answers)))
                row.update(prediction=prediction, gold=q.answers, hit1=hit1[-1])
        threshold_used = bot.answerer.threshold
        bot.close()
    if evalset.format == "beir":
        answer_metrics: dict[str, float | None] = dict.fromkeys(ANSWER_KEYS)
        abstention: dict[str, float | None] = dict.fromkeys(ABSTENTION_KEYS)
    else:
        answer_metrics = dict(zip(ANSWER_KEYS, (mean(em), mean(f1), mean(hit1), mean(hit_any), mean(holds), mean(valid),
                                                expected_calibration_error(confidences, right))))
        scores = abstention_scores(abstained, unanswerable)
        abstention = dict(scores) if any(unanswerable) else {
            **dict.fromkeys(ABSTENTION_KEYS[:3]), "answerable_wrongly_abstained": scores["answerable_wrongly_abstained"]}
    return {
        "dataset": evalset.name,
        "format": evalset.format,
        "questions": len(questions),
        "retrieval": {"recall@1": mean(recall[1]), "recall@5": mean(recall[5]), "recall@10": mean(recall[10]),
                      "mrr@10": mean(mrr), "ndcg@10": mean(ndcg)},
        "answer": answer_metrics,
        "abstention": abstention,
        "latency_ms": {"p50": percentile(latencies, 50), "p95": percentile(latencies, 95)},
        "index": index,
        "recall_curve": {str(k): mean(v) for k, v in recall.items()},
        "reliability": reliability(confidences, right),
        "threshold_curve": threshold_curve(confidences, right, unanswerable, [t / 20 for t in range(1, 20)])
        if any(unanswerable) else [],
        "settings": {"answerer": answerer, "model": str(model_dir) if model_dir else None, "top_k": top_k,
                     "threshold": threshold_used, "lexical": lexical, "lexical_budget": lexical_budget, "limit": limit},
        "generative": {"answers": len(modes), "generative": modes.count("generative"),
                       "fallback_rate": mean([m != "generative" for m in modes]), "claims": len(claim_fates),
                       "claims_verified": mean(claim_fates)} if llm is not None else None,
        "latencies_ms": latencies,
        "rows": rows,
    }
