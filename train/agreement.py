"""How closely the shipped int8 reader follows the fp32 graph it was quantized from.

    python -m train.agreement --data ../shared/data --fp32 runs/reader/reader-fp32.onnx

Reads the calibration articles' questions over their own paragraphs with both graphs and
reports the share of (question, paragraph) pairs whose cited sentence and best span are the same, and the spread
of the calibrated probability's difference (each graph's chosen sentence also read focused, with
only its neighbours, as the answerer reads its best candidates: ``focus_margin``).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import tempfile
from pathlib import Path

import numpy as np

from qa.focus import focus_margins
from qa.model_answerer import CALIBRATION_FILE
from qa.reader import Calibration, OnnxReader, Reading, candidate_features, shipped_model_dir
from train.data import calibration_articles


def features(reader: OnnxReader, question: str, paragraph: str, reading: Reading) -> dict[str, float]:
    """The calibration's features of ``reading``, its sentence read focused as the answerer reads it."""
    a, b = reading.sentence_start, reading.sentence_end
    out = candidate_features(reading, 0, None, question=question, sentence=paragraph[a:b], passage=paragraph)
    out["focus_margin"] = focus_margins(reader, question, [(paragraph, a, b)])[0]
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--fp32", type=Path, required=True, help="the fp32 ONNX graph export_reader wrote")
    parser.add_argument("--model", type=Path, default=shipped_model_dir())
    parser.add_argument("--pairs", type=int, default=300)
    parser.add_argument("--out", type=Path, default=Path("runs/agreement.json"))
    args = parser.parse_args(argv)
    pairs = [(qa["question"], p["context"]) for a in calibration_articles(args.data) for p in a["paragraphs"]
             for qa in p["qas"]]
    random.Random(0).shuffle(pairs)
    pairs = pairs[: args.pairs]
    calibration = Calibration.load(args.model / CALIBRATION_FILE)
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copyfile(args.fp32, Path(tmp) / "fp32.onnx")
        shutil.copyfile(args.model / "tokenizer.json", Path(tmp) / "tokenizer.json")
        int8, fp32 = OnnxReader(args.model), OnnxReader(Path(tmp), file="fp32.onnx")
        same, sentence, dp, dm, df = [], [], [], [], []
        for question, paragraph in pairs:
            a, b = int8.read(question, [paragraph])[0], fp32.read(question, [paragraph])[0]
            same.append((a.start, a.end) == (b.start, b.end))
            sentence.append((a.sentence_start, a.sentence_end) == (b.sentence_start, b.sentence_end))
            dm.append(abs(a.margin - b.margin))
            fa, fb = features(int8, question, paragraph, a), features(fp32, question, paragraph, b)
            df.append(abs(fa["focus_margin"] - fb["focus_margin"]))
            dp.append(abs(calibration.probability(fa) - calibration.probability(fb)))
    report = {"pairs": len(pairs), "same_sentence": float(np.mean(sentence)), "same_best_span": float(np.mean(same)),
              "abs_probability_difference": {"median": float(np.median(dp)), "p95": float(np.percentile(dp, 95)),
                                             "max": float(np.max(dp))},
              "abs_margin_difference": {"median": float(np.median(dm)), "p95": float(np.percentile(dm, 95))},
              "abs_focus_margin_difference": {"median": float(np.median(df)), "p95": float(np.percentile(df, 95))}}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1))
    print(json.dumps(report))  # noqa: T201 - a command-line report


if __name__ == "__main__":
    main()
