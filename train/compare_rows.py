"""Two readers, paired, on the calibration questions: each scored with its own fitted calibration.

    python -m train.compare_rows runs/calib2-rows.json train/logs/calibration-report.json \\
        runs/calib4-rows.json train/logs/calibration4-report.json

The rows are what ``train.calibrate --rows`` cached (the held-out training articles asked the
normal way). Prints citation hit@1 of each with the questions gained and lost (exact McNemar
test), where each one's misses on answerable questions lie (another passage's candidate held
the answer, or none did), and the AUC of each one's confidence for answerable vs not. With
``--feature NAME`` (repeatable), also each reader's candidate chosen by that feature alone: how
often it cites right, and the AUC of its value for "it holds a gold answer" over all questions.
``--skip-articles TITLE...`` leaves those articles' questions out of the paired figures (the
articles a reader was trained on: ``train.calibrate --trained-on``).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from qa.metrics import auc, sign_test
from qa.reader import Calibration
from train.calibrate import refresh_text_features


def best_per_question(rows_path: Path, report_path: Path) -> dict[str, tuple[bool, bool, float, bool]]:
    """Question id -> (answerable, its best candidate holds a gold answer, that candidate's probability,
    some candidate holds one)."""
    fitted = json.loads(report_path.read_text())["calibration"]
    cal = Calibration(bias=fitted["bias"], weights=tuple(fitted["weights"].items()), threshold=fitted["threshold"])
    out = {}
    rows = json.loads(rows_path.read_text())
    refresh_text_features(rows)  # rows collected before a text check the calibration weighs
    for row in rows:
        if not row["candidates"]:
            out[row["id"]] = (bool(row["answerable"]), False, 0.0, False)
            continue
        best = max(row["candidates"], key=lambda c: cal.probability(c["features"]))
        out[row["id"]] = (bool(row["answerable"]), bool(best["correct"]), cal.probability(best["features"]),
                          any(c["correct"] for c in row["candidates"]))
    return out


def by_feature(rows_path: Path, name: str) -> tuple[float, float]:
    """(the share of answerable questions whose candidate with the highest ``name`` holds a gold
    answer, the AUC of that highest value for "it holds one", over every question with a candidate)."""
    hits, answerable, values, right = 0, 0, [], []
    for row in json.loads(rows_path.read_text()):
        answerable += bool(row["answerable"])
        if not row["candidates"]:
            continue
        best = max(row["candidates"], key=lambda c: c["features"][name])
        hits += bool(row["answerable"] and best["correct"])
        values.append(float(best["features"][name]))
        right.append(bool(row["answerable"] and best["correct"]))
    return hits / max(1, answerable), auc(values, right)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("rows_a", type=Path)
    parser.add_argument("report_a", type=Path)
    parser.add_argument("rows_b", type=Path)
    parser.add_argument("report_b", type=Path)
    parser.add_argument("--skip-articles", nargs="+", default=[], metavar="TITLE",
                        help="leave out these articles' questions (those a reader was trained on: calibrate --trained-on)")
    parser.add_argument("--feature", action="append", default=[],
                        help="also report the candidate each reader's rows rank first by this feature alone")
    args = parser.parse_args(argv)
    a = best_per_question(args.rows_a, args.report_a)
    b = best_per_question(args.rows_b, args.report_b)
    skip = set(args.skip_articles)
    skipped = {r["id"] for r in json.loads(args.rows_b.read_text()) if r.get("article") in skip} if skip else set()
    ids = [q for q in a if q in b and q not in skipped]
    answerable = [q for q in ids if a[q][0]]
    gained = sum(b[q][1] and not a[q][1] for q in answerable)
    lost = sum(a[q][1] and not b[q][1] for q in answerable)
    out = sys.stdout
    out.write(f"questions {len(ids)}, answerable {len(answerable)}\n")
    out.write(f"hit@1 A {sum(a[q][1] for q in answerable) / len(answerable):.3f}  "
              f"B {sum(b[q][1] for q in answerable) / len(answerable):.3f}  "
              f"B gains {gained}, loses {lost} (McNemar exact p = {sign_test(gained, lost):.3f})\n")
    for name, d in (("A", a), ("B", b)):
        other = sum(d[q][3] and not d[q][1] for q in answerable) / len(answerable)
        none = sum(not d[q][3] for q in answerable) / len(answerable)
        out.write(f"{name}: answerable questions whose answer another passage's candidate held {other:.3f}, "
                  f"no candidate held {none:.3f}\n")
        score = auc([d[q][2] for q in ids], [d[q][0] for q in ids])
        out.write(f"{name}: AUC of the confidence, answerable vs not: {score:.3f}\n")
    for feature in args.feature:
        for name, rows in (("A", args.rows_a), ("B", args.rows_b)):
            hit, score = by_feature(rows, feature)
            out.write(f"{name}: by {feature} alone cites right {hit:.3f}, AUC of it for a right candidate {score:.3f}\n")


if __name__ == "__main__":
    main()
