"""A sentence ranker: a cross-encoder over (question, one sentence), the issue's first design.

    python -m train.pair_ranker --data ../shared/data --out runs/pair1 --questions 7000 --max-minutes 85

The reader reads a whole passage and picks a span; this model reads the question with one
candidate sentence and scores "this sentence answers the question". It is trained from the
bundled all-MiniLM-L6-v2 weights (not the reader's), so that its mistakes are its own, on groups
of one question's sentences: the one holding the answer, up to ``--same`` other sentences of its
paragraph (those sharing most of the question's words first: the restatements a reader falls
for) and the best-sharing sentence of each of up to ``--other`` other paragraphs of the article
(what retrieval puts beside it). SQuAD 2.0's unanswerable questions of the non-calibration
articles give groups with no right sentence. The loss is a softmax over each answerable group
(ranking) plus a per-sentence logistic loss on every group (so a score means something alone).

Resumable (``runs/pair1/checkpoint``, the same layout as ``train.train_reader``'s); a JSON log of
the loss; at the end, hit@1 over the gold paragraph's sentences on the calibration articles.
``score_rows`` adds ``pair_score`` / ``pair_gap`` to ``train.calibrate``'s rows for the probe.
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import random
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch
from safetensors.torch import load_file, save_file
from torch import nn
from tqdm import tqdm

from train.data import _closest_others, _words, calibration_articles, is_calibration_article, load_articles, sentences
from train.train_reader import bundled_dir, load_checkpoint, save_checkpoint, weights

logger = logging.getLogger("train.pair_ranker")


@dataclass(frozen=True)
class Group:
    question: str
    sentences: tuple[str, ...]
    right: int  # index into ``sentences``; -1: none answers


class PairRanker(nn.Module):
    """``(input_ids, attention_mask, token_type_ids) -> logit`` per pair, mean-pooled."""

    def __init__(self, encoder: Any) -> None:
        super().__init__()
        self.encoder = encoder
        self.head = nn.Linear(int(encoder.config.hidden_size), 1)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor, token_type_ids: torch.Tensor) -> torch.Tensor:
        hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask,
                              token_type_ids=token_type_ids).last_hidden_state
        mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
        return self.head((hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0)).squeeze(-1)


def _overlap(question: set[str], text: str) -> int:
    return len(question & _words(text))


def article_groups(article: dict, rng: random.Random, same: int, other: int) -> list[Group]:
    paragraphs = [p["context"] for p in article["paragraphs"]]
    spans = [sentences(p) for p in paragraphs]
    paragraph_words = [_words(p) for p in paragraphs]
    df = Counter(w for words in paragraph_words for w in words)
    idf = {w: math.log(1 + len(paragraphs) / n) for w, n in df.items()}
    out = []
    for i, paragraph in enumerate(article["paragraphs"]):
        texts = [paragraphs[i][a:b] for a, b in spans[i]]
        for qa in paragraph["qas"]:
            question = qa["question"].strip()
            q = _words(question)
            answer = None if qa.get("is_impossible") or not qa["answers"] else qa["answers"][0]
            right = -1
            if answer is not None:
                at = int(answer["answer_start"])
                right = next((k for k, (a, b) in enumerate(spans[i]) if a <= at < b), -1)
                if right < 0:
                    continue
            rest = [k for k in range(len(texts)) if k != right]
            rng.shuffle(rest)
            rest.sort(key=lambda k: -_overlap(q, texts[k]))
            chosen = [texts[k] for k in rest[:same]]
            lowered = answer["text"].lower() if answer else ""
            for j in _closest_others(question, i, paragraph_words, idf)[:other]:
                if lowered and lowered in paragraphs[j].lower():
                    continue
                best = max((paragraphs[j][a:b] for a, b in spans[j]), key=lambda t: _overlap(q, t))
                chosen.append(best)
            if answer is not None:
                place = rng.randint(0, len(chosen))
                chosen.insert(place, texts[right])
                right = place
            if len(chosen) >= 2:
                out.append(Group(question, tuple(chosen), right))
    return out


def training_groups(data_dir: Path, questions: int, seed: int, same: int, other: int) -> list[Group]:
    rng = random.Random(seed)
    squad11 = load_articles(data_dir / "squad11_train" / "squad11_train.json")
    groups = [g for a in squad11 for g in article_groups(a, rng, same, other)]
    rng.shuffle(groups)
    groups = groups[:questions]
    squad2 = [a for a in load_articles(data_dir / "squad2_dev_split" / "squad2_dev_train.json")
              if not is_calibration_article(a["title"])]
    groups += [g for a in squad2 for g in article_groups(a, rng, same, other)]
    rng.shuffle(groups)
    return groups


def encode(tokenizer, pairs: list[tuple[str, str]], max_length: int) -> dict[str, torch.Tensor]:  # noqa: ANN001
    enc = tokenizer([q for q, _ in pairs], [s for _, s in pairs], truncation="only_second", max_length=max_length,
                    padding=True, return_tensors="pt")
    if "token_type_ids" not in enc:
        enc["token_type_ids"] = torch.zeros_like(enc["input_ids"])
    return {k: enc[k] for k in ("input_ids", "attention_mask", "token_type_ids")}


def group_loss(logits: torch.Tensor, sizes: list[int], rights: list[int]) -> torch.Tensor:
    labels = torch.zeros_like(logits)
    listwise, at = [], 0
    for size, right in zip(sizes, rights, strict=True):
        if right >= 0:
            labels[at + right] = 1.0
            listwise.append(torch.nn.functional.cross_entropy(logits[at:at + size].unsqueeze(0),
                                                              torch.tensor([right])))
        at += size
    pointwise = torch.nn.functional.binary_cross_entropy_with_logits(logits, labels)
    return pointwise + (torch.stack(listwise).mean() if listwise else logits.sum() * 0.0)


@torch.no_grad()
def score(model: PairRanker, tokenizer, pairs: list[tuple[str, str]], max_length: int = 128,  # noqa: ANN001
          batch: int = 64) -> np.ndarray:
    model.eval()
    out = []
    for k in range(0, len(pairs), batch):
        out.append(model(**encode(tokenizer, pairs[k:k + batch], max_length)).float().numpy())
    return np.concatenate(out) if out else np.zeros(0, dtype=np.float32)


def gold_hit_at_1(model: PairRanker, tokenizer, data_dir: Path, limit: int, seed: int) -> dict[str, float]:  # noqa: ANN001
    """hit@1 among every sentence of the gold paragraph, calibration articles' answerable questions."""
    rng = random.Random(seed)
    groups = [g for a in calibration_articles(data_dir) for g in article_groups(a, rng, 99, 0) if g.right >= 0]
    rng.shuffle(groups)
    groups = groups[:limit]
    pairs = [(g.question, s) for g in groups for s in g.sentences]
    scores, at, hits = score(model, tokenizer, pairs), 0, 0
    for g in groups:
        hits += int(np.argmax(scores[at:at + len(g.sentences)]) == g.right)
        at += len(g.sentences)
    return {"gold_hit_at_1": hits / max(1, len(groups)), "questions": len(groups)}


def load_ranker(weights_file: Path | None) -> tuple[PairRanker, object]:
    from transformers import AutoModel, AutoTokenizer

    path = bundled_dir()
    model = PairRanker(AutoModel.from_pretrained(str(path), local_files_only=True))
    if weights_file is not None:
        model.load_state_dict(load_file(str(weights_file)))
    return model, AutoTokenizer.from_pretrained(str(path), local_files_only=True)


def score_rows(rows: list[dict], model: PairRanker, tokenizer) -> None:  # noqa: ANN001
    """Add ``pair_score`` and ``pair_gap`` (minus the question's best) to every candidate, in place."""
    pairs = [(r["question"], c["sentence"]) for r in rows for c in r["candidates"]]
    scores, k = score(model, tokenizer, pairs), 0
    for row in rows:
        for cand in row["candidates"]:
            cand["features"]["pair_score"] = float(scores[k])
            k += 1
        best = max((c["features"]["pair_score"] for c in row["candidates"]), default=0.0)
        for cand in row["candidates"]:
            cand["features"]["pair_gap"] = cand["features"]["pair_score"] - best


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--questions", type=int, default=12000, help="SQuAD 1.1 questions (groups)")
    parser.add_argument("--same", type=int, default=4, help="other sentences of the gold paragraph per group")
    parser.add_argument("--other", type=int, default=3, help="other paragraphs' best sentences per group")
    parser.add_argument("--groups-per-batch", type=int, default=4)
    parser.add_argument("--max-length", type=int, default=128)
    parser.add_argument("--lr", type=float, default=5e-5)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--save-every", type=int, default=100)
    parser.add_argument("--max-minutes", type=float, default=0.0)
    parser.add_argument("--threads", type=int, default=0)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stderr)
    if args.threads:
        torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    started = time.perf_counter()
    args.out.mkdir(parents=True, exist_ok=True)
    groups = training_groups(args.data, args.questions, args.seed, args.same, args.other)
    model, tokenizer = load_ranker(None)
    model.encoder.embeddings.word_embeddings.weight.requires_grad_(False)
    decay = [p for p in model.parameters() if p.requires_grad and p.ndim >= 2]
    no_decay = [p for p in model.parameters() if p.requires_grad and p.ndim < 2]
    optimizer = torch.optim.AdamW([{"params": decay, "weight_decay": 0.01}, {"params": no_decay, "weight_decay": 0.0}],
                                  lr=args.lr)
    total = math.ceil(len(groups) / args.groups_per_batch)
    warmup = max(1, int(0.06 * total))
    checkpoint = args.out / "checkpoint"
    step = load_checkpoint(checkpoint, model, optimizer) if (checkpoint / "state.json").is_file() else 0
    (args.out / "config.json").write_text(json.dumps({**{k: str(v) for k, v in vars(args).items()},
                                                      "groups": len(groups), "total_steps": total,
                                                      "unanswerable": sum(g.right < 0 for g in groups)}, indent=1))
    log = open(args.out / "log.jsonl", "a", encoding="utf-8")  # noqa: SIM115 - closed at the end
    deadline = started + 60 * args.max_minutes if args.max_minutes else None
    model.train()
    losses: list[float] = []
    bar = tqdm(total=total, initial=step, unit="step", desc="pairs", mininterval=30)
    while step < total:
        chunk = groups[step * args.groups_per_batch:(step + 1) * args.groups_per_batch]
        pairs = [(g.question, s) for g in chunk for s in g.sentences]
        lr = args.lr * (step / warmup if step < warmup else max(0.0, (total - step) / max(1, total - warmup)))
        for group in optimizer.param_groups:
            group["lr"] = lr
        loss = group_loss(model(**encode(tokenizer, pairs, args.max_length)), [len(g.sentences) for g in chunk],
                          [g.right for g in chunk])
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        step += 1
        bar.update(1)
        losses.append(loss.item())
        if step % 50 == 0:
            log.write(json.dumps({"step": step, "loss": float(np.mean(losses)), "lr": lr, "time": time.time()}) + "\n")
            log.flush()
            losses = []
        last = step == total or (deadline is not None and time.perf_counter() > deadline)
        if step % args.save_every == 0 or last:
            save_checkpoint(checkpoint, model, optimizer, step)
        if last:
            break
    bar.close()
    metrics = gold_hit_at_1(model, tokenizer, args.data, 1000, 15)
    log.write(json.dumps({"step": step, **metrics, "time": time.time()}) + "\n")
    log.close()
    logger.info("step %d of %d: %s", step, total, metrics)
    save_file(weights(model), str(args.out / "pair.safetensors"))


if __name__ == "__main__":
    main()
