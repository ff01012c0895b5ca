"""Would embedding each chunk with its document title and section path in front help retrieval?

    python bench/section_headers.py ../shared/data/squad2_sample500/squad2_sample500.json --out runs/headers.json

Issue 16's measurement. One process, the same documents indexed twice into temporary stores:
"plain" embeds each chunk's text (what docqa does), "headed" embeds ``Title › Section path``
on a line before it. Queries, BM25, the answerer and everything else are the same; only the
stored vectors differ. Prints recall@1/@5, nDCG@10 and citation hit@1 (heuristic answerer, to
keep it quick, unless ``--answerer model``) for both, and the paired changes on the answerable questions (exact two-sided
sign test), since a small set moves by chance.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np


class HeadedEmbedder:
    """Embeds a chunk's text with its header in front (a text it has no header for, a query, as is)."""

    def __init__(self, inner: Any, headers: dict[str, str]) -> None:
        self.inner = inner
        self.headers = headers
        self.headed = 0  # texts embedded with a header (a check that the chunks matched)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.headed += sum(bool(self.headers.get(t)) for t in texts)
        return self.inner.embed([f"{self.headers[t]}\n{t}" if self.headers.get(t) else t for t in texts])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path, help="an evaluation set qa eval reads (SQuAD JSON, BEIR folder)")
    parser.add_argument("--out", type=Path, default=None, help="both reports, as JSON")
    parser.add_argument("--split", default="test", help="a BEIR set's split (train: to decide on; test: to report)")
    parser.add_argument("--answerer", choices=("heuristic", "model"), default="heuristic")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from index.chunker import Chunker, ChunkerConfig
    from index.embedders import default_embedder
    from index.loaders import load_document
    from qa.datasets import load
    from qa.evaluation import evaluate
    from qa.metrics import sign_test

    reports: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        evalset = load(args.data, Path(tmp) / "docs", split=args.split)
        embedder = default_embedder()
        chunker = Chunker(embedder, ChunkerConfig())
        headers: dict[str, str] = {}
        for path in sorted(p for p in Path(evalset.documents).rglob("*") if p.is_file()):
            document = load_document(path)
            for chunk in chunker.chunk(document):
                parts = (document.title.replace("_", " "), document.section_at(chunk.start))
                headers[chunk.text] = " › ".join(p for p in parts if p)
        for side in ("plain", "headed"):
            used = HeadedEmbedder(embedder, headers) if side == "headed" else embedder
            reports[side] = evaluate(evalset, embedder=used, answerer=args.answerer)  # type: ignore[arg-type]
            r = reports[side]
            if isinstance(used, HeadedEmbedder):
                print(f"texts embedded with a header: {used.headed} ({len(headers)} distinct chunks)", flush=True)
            hit = (r.get("answer") or {}).get("citation_hit@1")  # none for a retrieval-only set (BEIR)
            print(side, json.dumps({k: round(r["retrieval"][k], 4) for k in ("recall@1", "recall@5", "ndcg@10")}
                                   | ({"citation_hit@1": round(hit, 4)} if hit is not None else {})), flush=True)
    plain = {row["id"]: row for row in reports["plain"]["rows"]}
    headed = {row["id"]: row for row in reports["headed"]["rows"]}
    answerable = [q for q in plain if plain[q].get("answerable", True)]  # BEIR rows: every query is
    better = sum(headed[q]["ndcg@10"] > plain[q]["ndcg@10"] for q in answerable)
    worse = sum(headed[q]["ndcg@10"] < plain[q]["ndcg@10"] for q in answerable)
    print(f"nDCG@10 per question: headed better {better}, worse {worse} (sign test p = {sign_test(better, worse):.3f})")
    for key, name in (("first_hit", "first quote holds the answer"), ("hit1", "citation hit@1")):
        if not any(key in plain[q] for q in answerable):
            continue
        pairs = [(bool(plain[q][key]), bool(headed[q][key])) for q in answerable]
        gained = sum(h and not p for p, h in pairs)
        lost = sum(p and not h for p, h in pairs)
        print(f"{name}: headed gains {gained}, loses {lost} (sign test p = {sign_test(gained, lost):.3f})")
    if args.out:
        args.out.write_text(json.dumps(reports, default=str))


if __name__ == "__main__":
    main()
