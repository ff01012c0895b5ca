"""Split a reader's weights into files small enough to come back from a device call, and join them.

A device machine returns at most 8 files of at most 16 MiB each, 64 MiB in all (so one reader
per call); the reader's fp32 weights are 91 MB, one tensor of them (the word-piece embeddings)
47 MB. ``split`` stores the floating-point
tensors in float16 (half the bytes; the shipped model keeps int8 weights anyway), cuts any
tensor over the limit into row blocks, and packs them into ``reader-partN.safetensors`` files of
at most ``--max-mib``, each recording in its metadata how many parts there are; ``join`` puts the
tensors back together in float32, and refuses a folder that lacks a part (a call that returned
some of them: the rest were over its limits).

    python -m train.shards split runs/gpu/reader.safetensors OUTDIR [--max-mib 15]
    python -m train.shards join OUTDIR --out runs/gpu/reader.safetensors
"""

from __future__ import annotations

import argparse
from pathlib import Path

import torch
from safetensors import safe_open
from safetensors.torch import load_file, save_file

PART = "reader-part{}.safetensors"
_BLOCK = "@block"  # name@blockK: the K-th row block of a tensor cut to fit


def split(weights: dict[str, torch.Tensor], max_bytes: int) -> list[dict[str, torch.Tensor]]:
    """``weights`` in parts of at most ``max_bytes`` each (floating-point tensors as float16), each
    part filled before the next is begun: a tensor that does not fit what is left of a part is cut
    by rows there, so the parts are as few as the bytes allow (a reader in three)."""
    if max_bytes < 1024:
        raise ValueError(f"max_bytes must be at least 1024, got {max_bytes}")
    parts: list[dict[str, torch.Tensor]] = [{}]
    used = 0
    for name, tensor in weights.items():
        if _BLOCK in name:
            raise ValueError(f"weight name {name!r} holds {_BLOCK!r}, which marks the blocks of a cut tensor")
        rest = tensor.detach().cpu().contiguous()
        rest = rest.half() if rest.is_floating_point() else rest
        block = 0
        while True:
            size = rest.numel() * rest.element_size()
            if size <= max_bytes - used:
                parts[-1][f"{name}{_BLOCK}{block}" if block else name] = rest
                used += size
                break
            row = size // rest.shape[0] if rest.ndim and rest.shape[0] else size  # a scalar is one row
            rows = (max_bytes - used) // row if rest.ndim else 0
            if rows:
                parts[-1][f"{name}{_BLOCK}{block}"] = rest[:rows].contiguous()
                rest, block = rest[rows:].contiguous(), block + 1
            elif not parts[-1]:
                raise ValueError(f"{name}: one row takes {row} bytes, over max_bytes {max_bytes}")
            parts.append({})
            used = 0
    return parts


def join(parts: list[dict[str, torch.Tensor]]) -> dict[str, torch.Tensor]:
    """The weights of :func:`split`'s parts, floating-point tensors in float32."""
    blocks: dict[str, dict[int, torch.Tensor]] = {}
    out: dict[str, torch.Tensor] = {}
    for part in parts:
        for name, t in part.items():
            base, _, k = name.partition(_BLOCK)
            if k:
                blocks.setdefault(base, {})[int(k)] = t
            else:
                out[name] = t
    for base, found in blocks.items():
        if sorted(found) != list(range(len(found))):
            raise ValueError(f"{base}: blocks {sorted(found)} found; a part is missing")
        out[base] = torch.cat([found[k] for k in range(len(found))])
    return {k: (v.float() if v.is_floating_point() else v).contiguous() for k, v in out.items()}


def part_files(folder: Path) -> list[Path]:
    """The part files in ``folder``, in order; a SystemExit naming what is missing unless all the
    parts their metadata count are there (parts written before the count: numbered from 0 on)."""
    numbers = {int(f.stem.rsplit("part", 1)[1]): f for f in folder.glob(PART.format("*"))}
    files = [numbers[n] for n in sorted(numbers)]
    if not files:
        raise SystemExit(f"no {PART.format('N')} files in {folder}")
    counts: set[str] = set()
    for f in files:
        with safe_open(str(f), framework="pt") as handle:
            count = (handle.metadata() or {}).get("parts")
        if count is not None:
            counts.add(str(count))
    if len(counts) > 1:
        raise SystemExit(f"the parts in {folder} come from different splits (they count {sorted(counts)} parts)")
    # parts without a count say only that there were at least as many as the highest number + 1
    counted = bool(counts)
    expected = int(counts.pop()) if counted else max(numbers) + 1
    missing = sorted(set(range(expected)) - set(numbers))
    if missing or len(files) != expected:
        names = ", ".join(PART.format(n) for n in missing) or f"{len(files)} files for {expected} parts"
        of = f"{expected} parts" if counted else f"at least {expected} parts"
        raise SystemExit(f"{folder} lacks {names} of {of}; fetch them all again (a device call returns "
                         f"at most 8 files, 64 MiB in all)")
    return files


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("split", help="weights -> float16 parts of at most --max-mib each")
    s.add_argument("weights", type=Path)
    s.add_argument("out_dir", type=Path)
    s.add_argument("--max-mib", type=float, default=15.0)
    j = sub.add_parser("join", help="parts -> float32 weights")
    j.add_argument("parts_dir", type=Path)
    j.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    if args.command == "split":
        args.out_dir.mkdir(parents=True, exist_ok=True)
        parts = split(load_file(str(args.weights)), int(args.max_mib * 2**20))
        for n, part in enumerate(parts):
            save_file(part, str(args.out_dir / PART.format(n)), metadata={"parts": str(len(parts))})
        return
    files = part_files(args.parts_dir)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    save_file(join([load_file(str(f)) for f in files]), str(args.out))


if __name__ == "__main__":
    main()
