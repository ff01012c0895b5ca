"""Answer latency with the reader's windows run one at a time, unpadded (the shipped way), against
one padded batch per read (the way before 2026-12-04), alternating question by question in one
process, over one store; and whether every answer and confidence came out the same.

    .venv/bin/qa eval ../shared/data/squad2_dev_split/squad2_dev_test_sample600.json --store /tmp/s600  # builds it
    .venv/bin/python bench/reader_batching.py ../shared/data/squad2_dev_split/squad2_dev_test_sample600.json \\
        --store /tmp/s600 --first 0 --questions 300

Each question is retrieved and answered both ways (which goes first alternates), so both see the
same machine; the figures are per answer, retrieval included, in milliseconds.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from pathlib import Path
from typing import Any

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")


def padded_reader() -> Any:
    """The shipped reader reading as it did before: every window in one batch padded to the longest."""
    from qa.reader import OnnxReader
    from qa.reader_windows import make_windows, pad_batch

    class PaddedReader(OnnxReader):
        def logits(self, question: str, passages: Any) -> tuple[Any, Any, Any, Any]:
            self.warm_up()
            windows = make_windows(self._tokenizer, question, list(passages), max_length=self.max_length)
            if not windows:
                empty = np.zeros((0, 0), dtype=np.float32)
                return [], empty, empty, np.zeros(0, dtype=np.float32)
            start, end, answerable = self._session.run(None, pad_batch(windows))
            return windows, start, end, answerable

    return PaddedReader(by_sentence=True)


def main(argv: list[str] | None = None) -> None:
    from qa.api import DocumentQA
    from qa.model_answerer import ModelAnswerer
    from qa.reader import OnnxReader

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("squad", type=Path, help="a SQuAD-format file whose questions to ask")
    parser.add_argument("--store", type=Path, required=True, help="a store holding its articles (qa eval --store builds one)")
    parser.add_argument("--first", type=int, default=0, help="the first question to ask (default 0)")
    parser.add_argument("--questions", type=int, default=300, help="how many questions (default 300)")
    args = parser.parse_args(argv)
    data = json.loads(args.squad.read_text(encoding="utf-8"))
    questions = [q["question"] for a in data["data"] for p in a["paragraphs"] for q in p["qas"]]
    questions = questions[args.first:args.first + args.questions]
    bot = DocumentQA.open(args.store)
    times: dict[str, list[float]] = {"padded batch": [], "one window at a time": []}
    same = 0
    try:
        answerers = {"padded batch": ModelAnswerer(bot.corpus, reader=padded_reader()),
                     "one window at a time": ModelAnswerer(bot.corpus, reader=OnnxReader(by_sentence=True))}
        for answerer in answerers.values():
            if answerer.calibration.decode != "sentence":
                raise SystemExit("the shipped calibration no longer decodes by sentence: update this script")
            answerer.warm_up()
        bot.retrieve(questions[0])  # loads the embedder
        for i, question in enumerate(questions):
            modes = list(times) if i % 2 == 0 else list(reversed(times))
            got = {}
            for mode in modes:
                started = time.perf_counter()
                answer = answerers[mode].answer(question, bot.retrieve(question))
                times[mode].append(1000 * (time.perf_counter() - started))
                got[mode] = (answer.text, answer.confidence)
            same += got["padded batch"] == got["one window at a time"]
    finally:
        bot.close()
    for mode, ms in times.items():
        print(f"{mode}: p50 {statistics.median(ms):.1f} ms, p95 {np.percentile(ms, 95):.1f} ms")
    print(f"the same answer and confidence both ways: {same} of {len(questions)}")


if __name__ == "__main__":
    main()
