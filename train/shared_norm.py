"""Training the reader on a question's passages together (shared normalisation).

In use the reader reads five retrieved passages, one window at a time, and the answerer cites
the passage whose best sentence beats its own window's "no answer" ([CLS]) by the most. A reader
trained one window at a time never learns to make those margins comparable between windows,
and on held-out articles 7.5% of answerable questions cite the wrong passage while another
passage's sentence holds the answer. Here a training group is one question over its passage
and other paragraphs of the article (``Example.others``), and one softmax runs over every
passage token of every window of the group, each scored relative to its own window's [CLS],
plus "no answer" at 0: exactly the quantity the answerer compares (``Reading.sentence_margin``
cancels each window's normaliser). A group of one window is the single-window loss.
"""

from __future__ import annotations

import random

import torch
from torch.nn import functional as F

from qa.reader_windows import Window, answer_tokens, make_windows
from train.data import Example

NEG = -1e4
Feature = tuple[Window, int, int, int, int]


def featurize_groups(tokenizer, examples: list[Example], sentence_tokens, max_windows: int = 8,  # noqa: ANN001
                     ) -> tuple[list[Feature], list[list[int]]]:
    """Windows of each example's passage and its ``others`` (as in ``train.train_reader.featurize``:
    answer and sentence tokens, zeros where the window holds no answer), and the feature indices of
    each group. ``sentence_tokens(window, passage, start, end)`` marks the answer's sentence. A group
    keeps at most ``max_windows`` windows, those holding the answer first."""
    features: list[Feature] = []
    groups: list[list[int]] = []
    for ex in examples:
        passages = [ex.passage, *ex.others]
        rows: list[Feature] = []
        for w in make_windows(tokenizer, ex.question, passages):
            if w.passage_index == 0 and ex.answer_start is not None:
                end = ex.answer_end or ex.answer_start
                span = answer_tokens(w, ex.answer_start, end)
                if span is not None:
                    rows.append((w, *span, *sentence_tokens(w, ex.passage, ex.answer_start, end)))
                    continue
            rows.append((w, 0, 0, 0, 0))
        rows.sort(key=lambda f: f[1] == 0)  # stable: the answer's windows first, then in reading order
        rows = rows[:max_windows]
        if ex.answer_start is not None and rows[0][1] == 0:
            continue  # the answer fell outside every window (a truncated question or passage)
        groups.append(list(range(len(features), len(features) + len(rows))))
        features.extend(rows)
    return features, groups


def group_batches(groups: list[list[int]], windows: int, seed: int) -> list[list[int]]:
    """Whole groups packed in a seeded random order into batches of at most ``windows`` windows."""
    order = list(range(len(groups)))
    random.Random(seed).shuffle(order)
    out: list[list[int]] = []
    current: list[int] = []
    for g in order:
        if current and len(current) + len(groups[g]) > windows:
            out.append(current)
            current = []
        current.extend(groups[g])
    if current:
        out.append(current)
    return out


def group_ids(owner: list[int], idx: list[int]) -> torch.Tensor:
    """Each batch row's group, numbered from 0 in order of appearance (``owner[i]``: feature i's group)."""
    seen: dict[int, int] = {}
    return torch.tensor([seen.setdefault(owner[i], len(seen)) for i in idx])


def _group_logsumexp(values: torch.Tensor, group: torch.Tensor, n: int, null: bool) -> torch.Tensor:
    """Per group, the log-sum-exp of its rows' ``values`` (and of 0, "no answer", with ``null``)."""
    out = []
    zero = values.new_zeros(1)
    for g in range(n):
        part = values[group == g]
        out.append(torch.logsumexp(torch.cat([zero, part]) if null else part, 0))
    return torch.stack(out)


def shared_cross_entropy(logits: torch.Tensor, allowed: torch.Tensor, target: torch.Tensor,
                         group: torch.Tensor) -> torch.Tensor:
    """Mean over groups of minus the log-probability of the ``target`` tokens (any of them) in a
    softmax over every ``allowed`` passage token of the group's windows, each relative to its
    window's [CLS] logit, and "no answer" at 0; a group with no target token is "no answer"."""
    n = int(group.max()) + 1
    relative = (logits - logits[:, :1]).masked_fill(~allowed, NEG)
    total = _group_logsumexp(relative.logsumexp(-1), group, n, null=True)
    hit = relative.masked_fill(~target, NEG).logsumexp(-1)
    has = torch.zeros(n, device=logits.device).index_add_(0, group, target.any(-1).float()) > 0
    gold = torch.where(has, _group_logsumexp(hit, group, n, null=False), torch.zeros_like(total))
    return (total - gold).mean()


def group_loss(model, batch: dict[str, torch.Tensor], sentence_weight: float = 0.0) -> torch.Tensor:  # noqa: ANN001
    """Shared-normalisation span loss over each group's windows, the answerable head's loss per
    window, and ``sentence_weight`` of the same shared loss on the answer's sentence."""
    start, end, answerable = model(batch["input_ids"], batch["attention_mask"], batch["token_type_ids"])
    start, end = start.float(), end.float()
    allowed = batch["allowed"].clone()
    allowed[:, 0] = False  # [CLS] is the reference ("no answer" at 0), not a passage token
    width = start.shape[1]
    rows = torch.arange(len(start), device=start.device)
    answered = batch["start"] > 0
    target_start = torch.zeros((len(start), width), dtype=torch.bool, device=start.device)
    target_end = torch.zeros_like(target_start)
    target_start[rows[answered], batch["start"][answered]] = True
    target_end[rows[answered], batch["end"][answered]] = True
    group = batch["group"]
    loss = (shared_cross_entropy(start, allowed, target_start, group)
            + shared_cross_entropy(end, allowed, target_end, group)) / 2
    loss = loss + F.binary_cross_entropy_with_logits(answerable.float(), answered.float())
    if sentence_weight:
        sentence = batch["sentence"] & allowed & answered[:, None]
        loss = loss + sentence_weight * (shared_cross_entropy(start, allowed, sentence, group)
                                         + shared_cross_entropy(end, allowed, sentence, group)) / 2
    return loss
