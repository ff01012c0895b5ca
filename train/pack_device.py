"""Prepare what a GPU device call needs beside the working tree (`train/device_job.sh`).

The device machine gets a copy of the repository and the paths named in ``carry`` (64 MiB in
all), not ``../shared`` nor the installed packages. This writes, under ``--out`` (ignored by
git, never committed): the bundled encoder's configuration and tokenizer (its 91 MB of weights
are not needed: the job starts from the shipped reader's weights, read out of
``qa/models/reader/reader-int8.onnx`` there), the two training files, gzipped, and with ``--docs``
the definition look-ups of the reference pages as built here (``docs_examples.json.gz``: the
device has neither the pages nor the HTML parser), for ``train_reader --docs`` there.

    python -m train.pack_device --data ../shared/data [--out runs/device-pack] \
        [--docs /usr/share/doc/python3.11/html --docs-questions 3000 --docs-attributes --docs-glossary 3 --seed 41]
"""

from __future__ import annotations

import argparse
import gzip
import logging
import shutil
from pathlib import Path

ENCODER_FILES = ("config.json", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "vocab.txt")
DATA_FILES = ("squad11_train/squad11_train.json", "squad2_dev_split/squad2_dev_train.json")
DOCS_FILE = "docs_examples.json.gz"
LIMIT_BYTES = 64 * 2**20

logger = logging.getLogger("train.pack_device")


def pack(data: Path, out: Path, encoder: Path) -> int:
    """Write the pack; returns its size in bytes."""
    missing = [f for f in DATA_FILES if not (data / f).is_file()]
    if missing:
        raise SystemExit(f"--data {data}: missing {', '.join(missing)} (the shared data folder; see its README)")
    (out / "encoder").mkdir(parents=True, exist_ok=True)
    for name in ENCODER_FILES:
        shutil.copyfile(encoder / name, out / "encoder" / name)
    for name in DATA_FILES:
        with open(data / name, "rb") as src, gzip.open(out / (Path(name).name + ".gz"), "wb", compresslevel=9) as dst:
            shutil.copyfileobj(src, dst)
    return sum(f.stat().st_size for f in out.rglob("*") if f.is_file())


def pack_docs(folder: Path, out: Path, *, questions: int, seed: int, attributes: bool, glossary: int) -> int:
    """Write ``out/docs_examples.json.gz``: ``train.docs_data``'s examples of ``folder`` with these
    settings (``train_reader``'s ``--docs-questions``, ``--seed``, ``--docs-attributes``,
    ``--docs-glossary``, which must match the device run's); returns how many."""
    from train.docs_data import docs_examples
    from train.training_set import save_examples

    examples = docs_examples(folder, questions=questions, seed=seed, attributes=attributes, glossary_repeats=glossary)
    settings = {"docs": str(folder), "docs_questions": questions, "seed": seed, "docs_attributes": attributes,
                "docs_glossary": glossary}
    out.mkdir(parents=True, exist_ok=True)
    save_examples(examples, out / DOCS_FILE, settings)
    return len(examples)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True, help="the shared data folder")
    parser.add_argument("--out", type=Path, default=Path("runs/device-pack"))
    parser.add_argument("--docs", type=Path, default=None, help="an HTML reference documentation folder to pack "
                        "the definition look-ups of (train_reader --docs)")
    parser.add_argument("--docs-questions", type=int, default=3000)
    parser.add_argument("--docs-attributes", action="store_true")
    parser.add_argument("--docs-glossary", type=int, default=0)
    parser.add_argument("--seed", type=int, default=41, help="the device run's --seed (the docs sample uses it)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    from index.embedders import bundled_model_path

    size = pack(args.data, args.out, bundled_model_path())
    if args.docs is not None:
        count = pack_docs(args.docs, args.out, questions=args.docs_questions, seed=args.seed,
                          attributes=args.docs_attributes, glossary=args.docs_glossary)
        size += (args.out / DOCS_FILE).stat().st_size
        logger.info("%s: %d definition look-ups", args.out / DOCS_FILE, count)
    if size > LIMIT_BYTES // 2:
        raise SystemExit(f"{args.out} holds {size:,} bytes: too much beside the working tree for one device call")
    logger.info("%s: %.1f MiB; on the device: bash train/device_job.sh  (carry %s)", args.out, size / 2**20, args.out)


if __name__ == "__main__":
    main()
