"""The element-wise mean of readers' weights (a "model soup" of runs that share a starting point).

    python -m train.average_weights runs/reader6/reader.safetensors runs/reader7/reader.safetensors \
        --out runs/soup67/reader.safetensors

Run 7 was trained from run 6's weights with shared normalisation; the shipped reader is the mean
of the two (``train/README.md``). Every file must hold the same tensors with the same shapes.
"""

from __future__ import annotations

import argparse
from pathlib import Path


def average(paths: list[Path]) -> dict:
    """The mean of the tensors of ``paths`` (safetensors files), in the first file's dtypes."""
    from safetensors.torch import load_file

    if len(paths) < 2:
        raise ValueError(f"need at least two weight files to average, got {len(paths)}")
    states = [load_file(str(p)) for p in paths]
    first = states[0]
    for path, state in zip(paths[1:], states[1:], strict=True):
        if state.keys() != first.keys() or any(state[k].shape != first[k].shape for k in first):
            raise ValueError(f"{path} does not hold the same tensors as {paths[0]}")
    import torch

    return {k: torch.stack([s[k].float() for s in states]).mean(0).to(first[k].dtype).contiguous() for k in first}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("weights", type=Path, nargs="+", help="reader.safetensors files")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    from safetensors.torch import save_file

    args.out.parent.mkdir(parents=True, exist_ok=True)
    save_file(average(args.weights), str(args.out))


if __name__ == "__main__":
    main()
