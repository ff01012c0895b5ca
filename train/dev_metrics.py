"""Held-out dev metrics of a reader's weights, on the windows a training run with ``--seed`` uses.

    python -m train.dev_metrics runs/reader4/reader.safetensors --data ../shared/data --seed 15

Two weight files scored with the same seed are compared on the same windows (the calibration
articles' questions over their own paragraphs; the test split is never read). Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("weights", type=Path, help="reader.safetensors")
    parser.add_argument("--data", type=Path, required=True, help="the shared data folder")
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--dev-size", type=int, default=600)
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch
    from safetensors.torch import load_file

    from qa.reader_windows import load_tokenizer
    from train.data import dev_examples
    from train.model import Reader
    from train.train_reader import bundled_dir, evaluate, featurize

    torch.set_num_threads(1)
    base = bundled_dir()
    dev = featurize(load_tokenizer(base), dev_examples(args.data, limit=args.dev_size, seed=args.seed),
                    random.Random(args.seed))
    model = Reader.from_encoder_dir(base)
    model.load_state_dict(load_file(str(args.weights)))
    sys.stdout.write(json.dumps({"weights": str(args.weights), "seed": args.seed, **evaluate(model, dev, 64)}) + "\n")


if __name__ == "__main__":
    main()
