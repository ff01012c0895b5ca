"""``qa eval`` / ``python -m qa.eval_cli``: measure retrieval, answers, citations and refusals.

DATASET is a BEIR folder, an official SQuAD v1.1/v2.0 JSON file, or a seed question file
(the default: ``seeds/questions.jsonl`` over ``seeds/``). The JSON report goes to ``--out``,
a Markdown summary beside it (and to standard output), and a PNG figure beside it too.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import tempfile
from pathlib import Path
from typing import Any

from index.embedders import BACKENDS, make_embedder
from index.errors import QAError
from qa.cli_options import add_llm_arguments, add_model_argument, add_vector_store_arguments, llm_config, store_options
from qa.config import default_seeds_path
from qa.datasets import FORMATS, load
from qa.retriever import LEXICAL_BUDGET

logger = logging.getLogger(__name__)


def _fmt(value: Any) -> str:
    if value is None:
        return "n/a"
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def markdown(reports: list[dict[str, Any]]) -> str:
    """The summary of one report, or of several (one column per answerer) over the same dataset."""
    first = reports[0]
    lines = [f"# Evaluation: {first['dataset']} ({first['format']}, {first['questions']} questions)", ""]
    for r in reports:
        s = r["settings"]
        model = f" (reader {s['model']})" if s.get("model") else ""
        lines.append(f"- answerer {s.get('answerer', 'model')}{model}: top-k {s['top_k']}, threshold "
                     f"{_fmt(s['threshold'])}, lexical {'on' if s['lexical'] else 'off'}")
    names = [r["settings"].get("answerer", "model") for r in reports]
    for section in ("retrieval", "answer", "abstention", "latency_ms", "index"):
        lines += ["", f"## {section}", "", "| metric | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
        lines += [f"| {k} | " + " | ".join(_fmt(r[section].get(k)) for r in reports) + " |" for k in first[section]]
    if any(r.get("generative") for r in reports):
        lines += ["", "## generative (language model; every quote verified, else the extractive answer)", "",
                  "| metric | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
        keys = next(r["generative"] for r in reports if r.get("generative"))
        lines += [f"| {k} | " + " | ".join(_fmt((r.get("generative") or {}).get(k)) for r in reports) + " |"
                  for k in keys]
    for r in reports:
        curve = r.get("threshold_curve") or []
        if curve:
            lines += ["", f"## threshold trade-off ({r['settings'].get('answerer', 'model')}, same answers)", "",
                      "| threshold | citation_hit@1 | abstention precision | recall | F1 | answerable wrongly abstained |",
                      "|---|---|---|---|---|---|"]
            lines += [f"| {c['threshold']:.2f} | {c['citation_hit@1']:.3f} | {c['precision']:.3f} | {c['recall']:.3f} "
                      f"| {c['f1']:.3f} | {c['answerable_wrongly_abstained']:.3f} |" for c in curve]
    return "\n".join(lines) + "\n"


def figure(reports: list[dict[str, Any]], path: Path) -> None:
    """Recall@k, the latency histogram and the reliability diagram (confidence against accuracy)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    first = reports[0]
    fig, (left, middle, right) = plt.subplots(1, 3, figsize=(15, 4))
    ks = [int(k) for k in first["recall_curve"]]
    left.plot(ks, [first["recall_curve"][str(k)] for k in ks], marker="o")
    left.set(xlabel="k", ylabel="recall@k", title="Retrieval recall@k", ylim=(0, 1.02), xticks=ks)
    left.grid(alpha=0.3)
    right.plot([0, 1], [0, 1], color="grey", linestyle="--", label="perfectly calibrated")
    for r in reports:
        name = r["settings"].get("answerer", "model")
        middle.hist(r["latencies_ms"], bins=30, alpha=0.6, label=name)
        table = r.get("reliability") or []
        if table:
            ece = r["answer"].get("ece")
            right.plot([b["confidence"] for b in table], [b["accuracy"] for b in table], marker="o",
                       label=f"{name} (ECE {_fmt(ece)})")
    middle.set(xlabel="ms per question", ylabel="questions", title="Latency")
    middle.legend()
    right.set(xlabel="confidence", ylabel="share whose first quote holds the answer", title="Reliability",
              xlim=(0, 1), ylim=(0, 1))
    right.legend(loc="upper left", fontsize=8)
    right.grid(alpha=0.3)
    fig.suptitle(f"{first['dataset']} ({first['questions']} questions)")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="qa eval", description="Evaluate retrieval, answers, citations and refusals.")
    parser.add_argument("dataset", nargs="?", type=Path, default=None,
                        help="BEIR folder, SQuAD JSON, or seed .jsonl (default: seeds/questions.jsonl)")
    parser.add_argument("--format", choices=FORMATS, default=None, help="override the format read from the path")
    parser.add_argument("--split", default="test", help="BEIR split (default test)")
    parser.add_argument("--seeds", type=Path, default=None,
                        help="documents for a seed question file (default: its folder)")
    parser.add_argument("--limit", type=int, default=None, help="ask only the first N questions")
    parser.add_argument("--store", type=Path, default=None,
                        help="reuse the store at DIR (built there on the first run) instead of a temporary one")
    parser.add_argument("--top-k", type=int, default=5, help="passages the answerer reads (default 5)")
    parser.add_argument("--threshold", type=float, default=None, help="abstention threshold (0..1)")
    parser.add_argument("--no-lexical", action="store_true", help="dense retrieval only")
    parser.add_argument("--answerer", choices=("model", "heuristic", "both"), default="model",
                        help="who picks the cited sentence and decides to abstain: the trained model (default), "
                             "the heuristic, or both side by side over one store")
    add_model_argument(parser)
    parser.add_argument("--lexical-budget", type=int, default=LEXICAL_BUDGET, metavar="N",
                        help=f"BM25 postings per question before common words are left out "
                             f"(default {LEXICAL_BUDGET:,}; 0: no bound)")
    parser.add_argument("--backend", choices=BACKENDS, default=None,
                        help="embedding backend for a store built here (default: the project's default)")
    add_vector_store_arguments(parser, new_store=True)
    add_llm_arguments(parser)
    parser.add_argument("--out", type=Path, default=Path("eval-report.json"), help="JSON report (default eval-report.json)")
    return parser


def main(argv: list[str] | None = None) -> int:
    from qa.evaluation import evaluate

    args = build_parser().parse_args(argv)
    if args.limit is not None and args.limit < 1:
        print(f"error: --limit must be at least 1, got {args.limit}", file=sys.stderr)
        return 2
    if args.model is not None and args.answerer == "heuristic":
        print(f"error: --model {args.model} is a reader for the model answerer; --answerer heuristic reads none "
              "(use --answerer model or both)", file=sys.stderr)
        return 2
    if args.lexical_budget < 0:
        print(f"error: --lexical-budget must be 0 (no bound) or more, got {args.lexical_budget}", file=sys.stderr)
        return 2
    dataset = args.dataset or default_seeds_path() / "questions.jsonl"
    answerers = ["model", "heuristic"] if args.answerer == "both" else [args.answerer]
    reports = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            evalset = load(dataset, Path(tmp) / "corpus", fmt=args.format, split=args.split, seeds=args.seeds)
            store = args.store or (Path(tmp) / "store" if len(answerers) > 1 else None)  # index once for both
            for answerer in answerers:
                reports.append(evaluate(
                    evalset, store=store, top_k=args.top_k, threshold=args.threshold, lexical=not args.no_lexical,
                    lexical_budget=args.lexical_budget or None, limit=args.limit, progress=sys.stderr.isatty(),
                    embedder=make_embedder(args.backend) if args.backend else None, options=store_options(args),
                    answerer=answerer, model_dir=args.model if answerer == "model" else None, llm=llm_config(args)))
    except QAError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    args.out.parent.mkdir(parents=True, exist_ok=True)
    report: dict[str, Any] = reports[0] if len(reports) == 1 else {
        "dataset": reports[0]["dataset"], "format": reports[0]["format"], "questions": reports[0]["questions"],
        "answerers": {r["settings"]["answerer"]: r for r in reports}}
    args.out.write_text(json.dumps(report, indent=2), encoding="utf-8")
    summary = markdown(reports)
    args.out.with_suffix(".md").write_text(summary, encoding="utf-8")
    figure(reports, args.out.with_suffix(".png"))
    sys.stdout.write(summary)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
