"""Train the reader from the bundled all-MiniLM-L6-v2 weights on SQuAD (CPU or GPU).

    python -m train.train_reader --data ../shared/data --out runs/reader

Resumable: rerun the same command and it continues from ``OUT/checkpoint`` (weights and
optimizer state as safetensors; the step, the training time and an ``--anneal-by-time`` run's
schedule length in JSON, so a resumed run goes on with the same schedule; the batch order is a
function of the seed).
Progress goes to tqdm; ``OUT/log.jsonl`` gets the loss every ``--log-every`` steps and the dev
metrics (calibration articles of squad2_dev_train) every ``--eval-every`` steps. Run as a
command, it first re-runs itself under jemalloc when the machine has it (``train.allocator``:
about twice as fast on the CPU; ``DOCQA_TRAIN_MALLOC=system`` keeps the C library's allocator).
"""

from __future__ import annotations

import json
import logging
import math
import os
import random
import sys
import time
from pathlib import Path
from typing import Any

if __name__ == "__main__":  # pick the allocator before torch and numpy are imported and loaded
    from train.allocator import rerun_under_jemalloc

    rerun_under_jemalloc("train.train_reader", sys.argv[1:])

import numpy as np
import torch
from safetensors.torch import load_file, save_file
from torch.nn import functional as F
from tqdm import tqdm

from qa.metrics import auc
from qa.reader import best_span
from qa.reader_windows import Window, answer_tokens, load_tokenizer, make_windows, pad_batch
from train.data import Example, dev_examples, sentences
from train.model import Reader
from train.reader_options import parse_options
from train.schedule import step_factor, time_factor
from train.shared_norm import NEG, Feature, featurize_groups, group_batches, group_ids, group_loss
from train.training_set import training_examples

logger = logging.getLogger("train.reader")


def bundled_dir() -> Path:
    from index.embedders import bundled_model_path

    return bundled_model_path()



def _sentence_tokens(window: Window, passage: str, start: int, end: int) -> tuple[int, int]:
    """The window's first and last token inside the sentence(s) of ``passage`` holding ``[start, end)``."""
    spans = [(a, b) for a, b in sentences(passage) if a < max(end, start + 1) and b > start] or [(start, end)]
    a, b = spans[0][0], spans[-1][1]
    inside = [i for i, o in enumerate(window.offsets) if o is not None and o[0] < b and o[1] > a]
    return inside[0], inside[-1]


def encode_passages(tokenizer, passages: list[str], block: int = 4096) -> dict[str, Any]:  # noqa: ANN001
    """Each distinct passage encoded once, ``block`` at a time in one ``encode_batch`` (which
    runs on every core): most of the time of featurizing a large training set otherwise."""
    distinct = list(dict.fromkeys(passages))
    out: dict[str, Any] = {}
    for k in range(0, len(distinct), block):
        part = distinct[k : k + block]
        out.update(zip(part, tokenizer.encode_batch(part, add_special_tokens=False), strict=True))
    return out


def featurize(tokenizer, examples: list[Example], rng: random.Random) -> list[Feature]:  # noqa: ANN001
    """(window, start token, end token, first and last token of the answer's sentence);
    all four 0 mean no answer in the window."""
    out: list[Feature] = []
    encoded = encode_passages(tokenizer, [ex.passage for ex in examples])
    for ex in examples:
        for w in make_windows(tokenizer, ex.question, [ex.passage], encodings=[encoded[ex.passage]]):
            if ex.answer_start is None:
                out.append((w, 0, 0, 0, 0))
                continue
            end = ex.answer_end or ex.answer_start
            span = answer_tokens(w, ex.answer_start, end)
            if span is not None:
                out.append((w, *span, *_sentence_tokens(w, ex.passage, ex.answer_start, end)))
            elif rng.random() < 0.3:  # a window of a long passage that misses the answer
                out.append((w, 0, 0, 0, 0))
    return out


def batches(features: list[Feature], size: int, seed: int) -> list[list[int]]:
    """Indices in batches of similar length (less padding), in a seeded random order."""
    rng = random.Random(seed)
    order = list(range(len(features)))
    rng.shuffle(order)
    groups: list[list[int]] = []
    block = size * 50
    for i in range(0, len(order), block):
        chunk = sorted(order[i : i + block], key=lambda j: len(features[j][0].input_ids))
        groups.extend(chunk[k : k + size] for k in range(0, len(chunk), size))
    rng.shuffle(groups)
    return groups


def tensors(features: list[Feature], idx: list[int]) -> dict[str, torch.Tensor]:
    windows = [features[i][0] for i in idx]
    arrays = pad_batch(windows)
    width = arrays["input_ids"].shape[1]
    allowed = np.zeros((len(idx), width), dtype=bool)
    for row, w in enumerate(windows):
        allowed[row, : len(w.input_ids)] = w.context_mask
        allowed[row, 0] = True
    out = {k: torch.from_numpy(v) for k, v in arrays.items()}
    out["allowed"] = torch.from_numpy(allowed)
    out["start"] = torch.tensor([features[i][1] for i in idx])
    out["end"] = torch.tensor([features[i][2] for i in idx])
    sentence = np.zeros((len(idx), width), dtype=bool)
    for row, i in enumerate(idx):
        sentence[row, features[i][3] : features[i][4] + 1] = True
    out["sentence"] = torch.from_numpy(sentence)
    return out


def sentence_loss(start: torch.Tensor, end: torch.Tensor, sentence: torch.Tensor) -> torch.Tensor:
    """Minus the log of the start (and end) probability that falls inside the answer's sentence
    (for "no answer", on [CLS]): the exact tokens matter less than the sentence cited."""
    def part(logits: torch.Tensor) -> torch.Tensor:
        return (logits.logsumexp(-1) - logits.masked_fill(~sentence, NEG).logsumexp(-1)).mean()

    return (part(start) + part(end)) / 2


def loss_of(model: Reader, batch: dict[str, torch.Tensor], sentence_weight: float = 0.0,
            ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
    """The span loss (start and end cross-entropy), the answerable head's loss and, with
    ``sentence_weight``, that much of :func:`sentence_loss`."""
    start, end, answerable = model(batch["input_ids"], batch["attention_mask"], batch["token_type_ids"])
    start = start.float().masked_fill(~batch["allowed"], NEG)
    end = end.float().masked_fill(~batch["allowed"], NEG)
    target = (batch["start"] > 0).float()
    loss = (F.cross_entropy(start, batch["start"]) + F.cross_entropy(end, batch["end"])) / 2
    loss = loss + F.binary_cross_entropy_with_logits(answerable.float(), target)
    if sentence_weight:
        loss = loss + sentence_weight * sentence_loss(start, end, batch["sentence"] & batch["allowed"])
    return loss, start, end, answerable.float()


@torch.no_grad()
def evaluate(model: Reader, features: list[Feature], batch_size: int, device: str = "cpu") -> dict[str, float]:
    model.eval()
    losses, diffs, heads, labels, exact, overlap = [], [], [], [], [], []
    for k in range(0, len(features), batch_size):
        idx = list(range(k, min(k + batch_size, len(features))))
        batch = tensors(features, idx)
        loss, start, end, answerable = loss_of(model, {key: v.to(device) for key, v in batch.items()})
        start, end, answerable = start.cpu(), end.cpu(), answerable.cpu()
        losses.append(float(loss) * len(idx))
        for row, i in enumerate(idx):
            s, e = start[row].numpy(), end[row].numpy()
            n = int(batch["attention_mask"][row].sum())
            allowed = batch["allowed"][row, :n].numpy().copy()
            allowed[0] = False  # [CLS] is "no answer", not a span
            bi, bj, score = best_span(s[:n], e[:n], allowed)
            diffs.append(score - float(s[0] + e[0]))
            heads.append(float(answerable[row]))
            gold = (features[i][1], features[i][2])
            labels.append(gold[0] > 0)
            if gold[0] > 0:
                exact.append(float((bi, bj) == gold))
                inter = max(0, min(bj, gold[1]) - max(bi, gold[0]) + 1)
                overlap.append(2 * inter / ((bj - bi + 1) + (gold[1] - gold[0] + 1)))
    model.train()
    return {
        "dev_loss": sum(losses) / len(features),
        "dev_span_exact": float(np.mean(exact)) if exact else float("nan"),
        "dev_span_f1": float(np.mean(overlap)) if overlap else float("nan"),
        "dev_auc_span_minus_null": auc(diffs, labels),
        "dev_auc_answerable_head": auc(heads, labels),
        "dev_windows": len(features),
    }


def save_checkpoint(path: Path, model: torch.nn.Module, optimizer: torch.optim.Optimizer, step: int,
                    extra: dict[str, float] | None = None) -> None:
    """Weights, optimizer state and ``{"step": step, **extra}`` (state.json), swapped in whole."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.mkdir(parents=True, exist_ok=True)
    save_file(weights(model), str(tmp / "model.safetensors"))
    state: dict[str, torch.Tensor] = {}
    for n, p in enumerate(optimizer.param_groups[0]["params"] + optimizer.param_groups[1]["params"]):
        for key, value in optimizer.state.get(p, {}).items():
            state[f"{n}.{key}"] = (value if torch.is_tensor(value) else torch.tensor(value)).cpu()
    save_file(state, str(tmp / "optimizer.safetensors"))
    (tmp / "state.json").write_text(json.dumps({"step": step, **(extra or {})}))
    if path.exists():
        for f in path.iterdir():
            f.unlink()
        path.rmdir()
    os.replace(tmp, path)


def weights(model: torch.nn.Module) -> dict[str, torch.Tensor]:
    """The model's weights as contiguous CPU tensors (the model stays where it is)."""
    return {k: v.detach().cpu().contiguous() for k, v in model.state_dict().items()}


def load_checkpoint(path: Path, model: torch.nn.Module, optimizer: torch.optim.Optimizer) -> int:
    """Weights and optimizer state from ``path``, onto the model's device; returns the step."""
    device = next(model.parameters()).device
    model.load_state_dict(load_file(str(path / "model.safetensors")))
    state = load_file(str(path / "optimizer.safetensors"))
    params = optimizer.param_groups[0]["params"] + optimizer.param_groups[1]["params"]
    for key, value in state.items():
        n, name = key.split(".", 1)  # Adam's step count stays on the CPU, as torch keeps it
        optimizer.state[params[int(n)]][name] = value if name == "step" else value.to(device)
    return int(json.loads((path / "state.json").read_text())["step"])


def main(argv: list[str] | None = None) -> None:
    args = parse_options(argv, __doc__)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    if args.threads:
        torch.set_num_threads(args.threads)
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    args.out.mkdir(parents=True, exist_ok=True)

    base = args.encoder or bundled_dir()
    tokenizer = load_tokenizer(base)
    started = time.perf_counter()
    examples = training_examples(args)
    groups: list[list[int]] = []
    if args.others:
        features, groups = featurize_groups(tokenizer, examples, _sentence_tokens)
    else:
        features = featurize(tokenizer, examples, random.Random(args.seed))
    owner = [g for g, rows in enumerate(groups) for _ in rows]
    dev = featurize(tokenizer, dev_examples(args.data, limit=args.dev_size, seed=args.seed,
                                          exclude=frozenset(args.calibration_trained)), random.Random(args.seed))
    kinds: dict[str, int] = {}
    for ex in examples:
        kinds[ex.kind] = kinds.get(ex.kind, 0) + 1
    logger.info("examples %s -> %d windows (%d answerable); dev %d windows; built in %.0fs", kinds, len(features),
                sum(1 for f in features if f[1] > 0), len(dev), time.perf_counter() - started)

    model = Reader.from_config_dir(base) if args.init is not None else Reader.from_encoder_dir(base)
    if args.init is not None:
        model.load_state_dict(load_file(str(args.init)))
        logger.info("initialised from %s", args.init)
    model = model.to(args.device)
    model.encoder.embeddings.word_embeddings.weight.requires_grad_(False)  # 12M rows-worth of Adam state saved
    decay = [p for n, p in model.named_parameters() if p.requires_grad and p.ndim >= 2]
    no_decay = [p for n, p in model.named_parameters() if p.requires_grad and p.ndim < 2]
    optimizer = torch.optim.AdamW([{"params": decay, "weight_decay": 0.01}, {"params": no_decay, "weight_decay": 0.0}],
                                  lr=args.lr)
    order: list[list[int]] = []
    for epoch in range(math.ceil(args.epochs)):
        order.extend(group_batches(groups, args.batch_size, args.seed + epoch) if groups
                     else batches(features, args.batch_size, args.seed + epoch))
    total = int(len(order) * args.epochs / math.ceil(args.epochs))

    checkpoint = args.out / "checkpoint"
    resumed = json.loads((checkpoint / "state.json").read_text()) if (checkpoint / "state.json").is_file() else {}
    step = load_checkpoint(checkpoint, model, optimizer) if resumed else 0
    if step:
        logger.info("resumed at step %d of %d", step, total)
    settings = {k: str(v) for k, v in vars(args).items()}
    (args.out / "config.json").write_text(json.dumps({**settings, "total_steps": total, "windows": len(features),
                                                      "groups": len(groups), "examples": kinds}, indent=1))
    log = open(args.out / "log.jsonl", "a", encoding="utf-8")  # noqa: SIM115 - closed at the end
    end_step = min(total, args.max_steps) if args.max_steps else total
    model.train()
    window_loss, tic = [], time.perf_counter()
    bar = tqdm(total=end_step, initial=step, unit="step", desc="reader")
    deadline = started + 60 * args.max_minutes if args.max_minutes else None
    clock = time.perf_counter()  # --anneal-by-time: the schedule runs from here to the deadline ...
    trained = float(resumed.get("trained_s", 0.0))  # ... less the training time a resumed run had (its checkpoint's)
    schedule = float(resumed.get("schedule_s", 0.0)) or (deadline - clock if deadline is not None else 0.0)
    if deadline is not None and args.anneal_by_time:
        deadline = min(deadline, clock + max(0.0, schedule - trained))

    def lr_at(step: int) -> float:
        if deadline is not None and args.anneal_by_time:
            used = (trained + time.perf_counter() - clock) / max(1e-9, schedule)
            return args.lr * time_factor(max(used, step / max(1, end_step)))
        return args.lr * step_factor(step, total)

    while step < end_step:
        batch = tensors(features, order[step])
        if groups:
            batch["group"] = group_ids(owner, order[step])
        batch = {k: v.to(args.device) for k, v in batch.items()}
        lr = lr_at(step)
        for group in optimizer.param_groups:
            group["lr"] = lr
        with torch.autocast(device_type=args.device.split(":")[0], dtype=torch.bfloat16, enabled=args.bf16):
            loss = (group_loss(model, batch, args.sentence_loss) if groups
                    else loss_of(model, batch, args.sentence_loss)[0])
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        step += 1
        bar.update(1)
        window_loss.append(loss.item())
        if step % args.log_every == 0:
            rate = args.log_every * args.batch_size / (time.perf_counter() - tic)
            record = {"step": step, "loss": float(np.mean(window_loss)), "lr": lr, "windows_per_s": rate,
                      "time": time.time()}
            log.write(json.dumps(record) + "\n")
            log.flush()
            bar.set_postfix(loss=f"{record['loss']:.3f}", wps=f"{rate:.1f}")
            window_loss, tic = [], time.perf_counter()
        last = step == end_step or (deadline is not None and time.perf_counter() > deadline)
        if step % args.save_every == 0 or last:
            times = {"trained_s": trained + time.perf_counter() - clock}
            if args.anneal_by_time:
                times["schedule_s"] = schedule
            save_checkpoint(checkpoint, model, optimizer, step, times)
        if step % args.eval_every == 0 or last:
            metrics = evaluate(model, dev, 64, args.device)
            log.write(json.dumps({"step": step, **metrics, "time": time.time()}) + "\n")
            log.flush()
            logger.info("step %d: %s", step, metrics)
            tic = time.perf_counter()
        if last and step < end_step:
            logger.info("stopped at step %d of %d: --max-minutes %s", step, end_step, args.max_minutes)
            break
    bar.close()
    log.close()
    save_file(weights(model), str(args.out / "reader.safetensors"))
    logger.info("done: %s", args.out / "reader.safetensors")


if __name__ == "__main__":
    main()
