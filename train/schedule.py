"""The learning-rate schedules of ``train.train_reader``: linear warm-up, then linear decay to 0,
counted in steps (the default) or in the share of a time limit or of the steps used, whichever is
further on (``--anneal-by-time``)."""

from __future__ import annotations

WARMUP = 0.06  # the share of the schedule spent warming up


def step_factor(step: int, total: int) -> float:
    """The share of the peak learning rate at ``step`` of ``total`` steps."""
    warmup = max(1, int(WARMUP * total))
    return step / warmup if step < warmup else max(0.0, (total - step) / max(1, total - warmup))


def time_factor(fraction: float) -> float:
    """The share of the peak learning rate once ``fraction`` of the schedule (of its time) has passed."""
    if fraction < WARMUP:
        return max(0.0, fraction) / WARMUP
    return max(0.0, (1.0 - fraction) / (1.0 - WARMUP))
