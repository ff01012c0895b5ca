"""How long one training step of the reader takes, in fp32 and under bfloat16 autocast,
interleaved so that both see the same machine load:

    PYTHONPATH=. python bench/train_step.py --repeats 6

A forward and backward pass with an AdamW step over ``--batch`` windows of ``--length`` word
pieces (random ids; the bundled encoder's size). Prints each mode's median and every timing.
"""

from __future__ import annotations

import argparse
import statistics
import time


def main() -> None:
    import torch

    from train.model import Reader
    from train.train_reader import bundled_dir

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--length", type=int, default=256)
    parser.add_argument("--repeats", type=int, default=6)
    args = parser.parse_args()
    torch.manual_seed(0)
    model = Reader.from_encoder_dir(bundled_dir())
    model.train()
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-5)
    ids = torch.randint(1000, 30000, (args.batch, args.length))
    mask, types = torch.ones_like(ids), torch.zeros_like(ids)

    def step(bf16: bool) -> float:
        began = time.perf_counter()
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
            start, end, answerable = model(ids, mask, types)
            loss = start.float().logsumexp(-1).mean() + end.float().logsumexp(-1).mean() + answerable.float().mean()
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
        return time.perf_counter() - began

    step(False), step(True)  # warm-up
    times: dict[bool, list[float]] = {False: [], True: []}
    for _ in range(args.repeats):
        for bf16 in (False, True):
            times[bf16].append(step(bf16))
    for bf16, values in times.items():
        print(f"{'bf16' if bf16 else 'fp32'}: median {statistics.median(values):.2f} s "
              f"({', '.join(f'{v:.2f}' for v in values)})")


if __name__ == "__main__":
    main()
