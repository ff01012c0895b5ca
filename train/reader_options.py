"""The options of ``train.train_reader`` (what it trains on, how, and for how long)."""

from __future__ import annotations

import argparse
from pathlib import Path


def parse_options(argv: list[str] | None, description: str | None) -> argparse.Namespace:
    """``train.train_reader``'s options parsed from ``argv``; a bad combination exits with a usage error."""
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True, help="the shared data folder (squad11_train/, squad2_dev_split/)")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--squad11-questions", type=int, default=30000)
    parser.add_argument("--squad2-repeats", type=int, default=2,
                        help="how many times the squad2_dev_train unanswerables are seen per epoch")
    parser.add_argument("--swap-rate", type=float, default=0.0,
                        help="share of SQuAD 1.1 positives that also give an entity-swapped unanswerable question")
    parser.add_argument("--antonym-rate", type=float, default=0.0,
                        help="share of SQuAD 1.1 positives that also give a question with a word turned into its opposite")
    parser.add_argument("--negation-rate", type=float, default=0.0,
                        help="share of SQuAD 1.1 positives that also give the question negated "
                             "(over a passage that negates nothing)")
    parser.add_argument("--echo-rate", type=float, default=0.0,
                        help="share of positives also given with an echo of the question inserted in the passage")
    parser.add_argument("--echo-before", type=float, default=0.5,
                        help="chance that an echo stands just before the answer's sentence (else at a random boundary)")
    parser.add_argument("--sentence-loss", type=float, default=0.0,
                        help="weight of the loss on the probability mass inside the answer's sentence (0: off)")
    parser.add_argument("--others", type=int, default=0,
                        help="read each question over its passage and this many other paragraphs of the article "
                             "together, one softmax over all their windows (shared normalisation; 0: off)")
    parser.add_argument("--hard", type=Path, default=None,
                        help="train.mine_hard's output: its missed SQuAD 1.1 questions are always trained on "
                             "(within --squad11-questions)")
    parser.add_argument("--docs", type=Path, default=None,
                        help="an HTML reference documentation folder (/usr/share/doc/python3.11/html): definition "
                             "look-ups from its training pages (train.docs_data); or a .json.gz file of them that "
                             "train.pack_device built (for a machine without the pages)")
    parser.add_argument("--docs-questions", type=int, default=0,
                        help="about how many definition questions --docs gives (each with a removed negative half the time)")
    parser.add_argument("--docs-attributes", action="store_true",
                        help="--docs asks about data attributes' entries too (\"What is sys.argv?\", \"What is the "
                             "value of MAXYEAR?\"), not only callables'")
    parser.add_argument("--docs-glossary", type=int, default=0,
                        help="--docs asks about every glossary term (\"What is a namespace?\") this many times, "
                             "each with its own question and window, besides --docs-questions")
    parser.add_argument("--docs-faq", type=int, default=0,
                        help="--docs asks every FAQ question (a question heading, cut out of its window) this many times")
    parser.add_argument("--docs-prose", type=int, default=0,
                        help="--docs asks about every prose definition (\"A set is ...\": \"What is a set?\") this many times")
    parser.add_argument("--confuse-rate", type=float, default=0.0,
                        help="the share of positives also given with a name swapped for another the passage holds, "
                             "as unanswerable (train.confusion_data; 0: off)")
    parser.add_argument("--focus-rate", type=float, default=0.0,
                        help="the share of positives and unanswerables also given as the focused reading's "
                             "three-sentence window (train.focus_data; 0: off)")
    parser.add_argument("--calibration-trained", nargs="+", default=[], metavar="TITLE",
                        help="calibration articles of squad2_dev_train to train on too (then calibrate with --trained-on)")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--lr", type=float, default=6e-5)
    parser.add_argument("--epochs", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--threads", type=int, default=0, help="torch threads (0: all cores)")
    parser.add_argument("--bf16", action="store_true", help="bfloat16 autocast (CPU with AVX512-BF16/AMX, or GPU)")
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--eval-every", type=int, default=400)
    parser.add_argument("--log-every", type=int, default=25)
    parser.add_argument("--save-every", type=int, default=100)
    parser.add_argument("--dev-size", type=int, default=600)
    parser.add_argument("--max-steps", type=int, default=0, help="stop after this many steps (0: the whole schedule)")
    parser.add_argument("--max-minutes", type=float, default=0.0,
                        help="stop after the step that ends this many minutes after the command started (building "
                             "the windows included), with a checkpoint, the dev metrics and the weights, as at the "
                             "last step (0: no limit; for a device call's time limit)")
    parser.add_argument("--anneal-by-time", action="store_true",
                        help="with --max-minutes: the learning rate warms up over the first 6%% of the training time "
                             "and falls to 0 at the time limit, or at the last step if that comes first (for a "
                             "device call of unknown speed); a resumed run goes on with the first run's schedule, "
                             "less the training time its checkpoint recorded")
    parser.add_argument("--init", type=Path, default=None,
                        help="start from a trained reader's weights (reader.safetensors) instead of the bare encoder")
    parser.add_argument("--encoder", type=Path, default=None,
                        help="the encoder's folder: config.json and tokenizer.json, and model.safetensors unless "
                             "--init is given (default: the bundled all-MiniLM-L6-v2)")
    args = parser.parse_args(argv)
    if args.anneal_by_time and args.max_minutes <= 0:
        parser.error("--anneal-by-time needs --max-minutes (the time the learning rate falls to 0 at)")
    return args
