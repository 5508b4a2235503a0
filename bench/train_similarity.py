"""Train the model of "the same project?" (`oneplan.projects.pair_model`) on the labelled pairs:
`.venv/bin/python -m bench.train_similarity`.

The pairs (`oneplan/projects/data/pairs/pairs.csv`, their guide in the README there) are
split by source into train, dev and test, fixed before any tuning. This script:

1. reads every pair's two sides once (normalised words, facts);
2. fits a logistic regression on the *train* pairs whose weights keep their meaning's sign
   (`sign_of`; scipy's L-BFGS-B with bounds), for each regularisation strength of
   ``C_GRID``, and keeps the one with the best log-loss on the *dev* pairs (scikit-learn's
   metrics);
3. chooses the threshold of "likely duplicate" as the best F1 over the *train* and *dev*
   pairs together (dev alone is one source);
4. writes the weights, bias and threshold to ``oneplan/projects/data/similarity_model.json``
   with the train and dev figures (precision, recall, F1, ROC AUC).

The *test* pairs are not read unless ``--report-test`` is given: that is done once, at the
end of the work, and its figures are written beside the model (``test`` in the JSON) and
printed. ``--pairs FILE`` reads another file of the same columns (a file without a split
column is all train: for trying the plumbing on the older `similarity_pairs.csv`).
"""

from __future__ import annotations

import argparse
import csv
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAIRS = ROOT / "oneplan" / "projects" / "data" / "pairs" / "pairs.csv"
POSITIVE = frozenset({"duplicate", "paraphrase"})
C_GRID = (0.03, 0.1, 0.3, 1.0, 3.0, 10.0)


@dataclass(frozen=True)
class Row:
    split: str
    label: str
    source: str
    values: dict[str, float]

    @property
    def positive(self) -> bool:
        return self.label in POSITIVE


def read_pairs(path: Path, with_test: bool) -> list[Row]:
    from oneplan.projects.pair_model import features, read_side

    rows = []
    with path.open(encoding="utf-8", newline="") as f:
        for record in csv.DictReader(f):
            split = record.get("split") or "train"
            if split == "test" and not with_test:
                continue
            a = read_side(record["title_a"], record.get("text_a") or "")
            b = read_side(record["title_b"], record.get("text_b") or "")
            values, _signals = features(a, b)
            rows.append(Row(split, record["label"], record.get("source", ""), values))
    return rows


def figures(truth: list[bool], scores: list[float], threshold: float) -> dict[str, float]:
    """Precision, recall and F1 at the threshold (`bench.similarity.quality_at`, the text
    search's bench), with scikit-learn's ROC AUC."""
    from sklearn.metrics import roc_auc_score

    from bench.similarity import quality_at

    quality = quality_at(scores, truth, threshold)
    auc = roc_auc_score(truth, scores) if len(set(truth)) == 2 else float("nan")
    return {
        "pairs": len(truth),
        "positive": sum(truth),
        "precision": round(quality.precision, 4),
        "recall": round(quality.recall, 4),
        "f1": round(quality.f1, 4),
        "roc_auc": round(float(auc), 4),
    }


def best_threshold(truth: list[bool], scores: list[float], tolerance: float = 0.005) -> float:
    """The middle of the thresholds whose F1 is within `tolerance` of the best: F1 is flat
    over a range, and the middle of it holds best on text not seen."""
    candidates = sorted(set(scores))
    f1s = [figures(truth, scores, t)["f1"] for t in candidates]
    best = max(f1s)
    near = [t for t, f1 in zip(candidates, f1s, strict=True) if f1 >= best - tolerance]
    return round(near[len(near) // 2], 4)


def sign_of(feature: str) -> int:
    """The sign a feature's weight must have: +1 (at least 0), -1 (at most 0) or 0 (free).
    Sharing words, agreeing on a fact, being in the same place never argue against the same
    project; differing on a fact never argues for it — so every reason shown means what it
    says. The words of titles in another place are free (how much they still count)."""
    if feature.endswith("_different") or feature == "place_different":
        return -1
    if feature == "title_words_elsewhere":
        return 0
    return 1


def fit_signed(x, y, c: float, signs: list[int]):
    """A logistic regression (L2 penalty 1/(2c) on the weights, none on the bias) whose
    weights keep the given signs: L-BFGS-B with bounds (scipy)."""
    import numpy as np
    from scipy.optimize import minimize

    target = y.astype(float)

    def loss(params):
        w, b = params[:-1], params[-1]
        z = x @ w + b
        p = 1 / (1 + np.exp(-z))
        value = np.sum(np.logaddexp(0, z) - target * z) + (w @ w) / (2 * c)
        grad = np.append(x.T @ (p - target) + w / c, np.sum(p - target))
        return value, grad

    bounds = [(0, None) if s > 0 else (None, 0) if s < 0 else (None, None) for s in signs]
    start = np.zeros(len(signs) + 1)
    found = minimize(loss, start, jac=True, method="L-BFGS-B", bounds=[*bounds, (None, None)])
    return found.x[:-1], found.x[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=Path, default=PAIRS)
    parser.add_argument("--report-test", action="store_true", help="read the test split")
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args()

    import numpy as np
    from sklearn.metrics import log_loss

    from oneplan.projects.pair_model import FEATURES, MODEL_JSON, PairModel

    started = time.process_time()
    rows = read_pairs(args.pairs, args.report_test)
    by_split = {s: [r for r in rows if r.split == s] for s in ("train", "dev", "test")}
    if not by_split["dev"]:  # a file without splits: dev is train (plumbing only)
        by_split["dev"] = by_split["train"]

    def matrix(split_rows: list[Row]):
        x = np.array([[r.values[name] for name in FEATURES] for r in split_rows])
        y = np.array([r.positive for r in split_rows])
        return x, y

    x_train, y_train = matrix(by_split["train"])
    x_dev, y_dev = matrix(by_split["dev"])
    fitted = []
    for c in C_GRID:
        coef, intercept = fit_signed(x_train, y_train, c, [sign_of(n) for n in FEATURES])
        p_dev = 1 / (1 + np.exp(-(x_dev @ coef + intercept)))
        loss = log_loss(y_dev, p_dev, labels=[False, True])
        fitted.append((loss, c, coef, intercept))
    loss, c, coef, intercept = min(fitted, key=lambda item: item[0])
    pair_model = PairModel(
        weights={n: round(float(w), 4) for n, w in zip(FEATURES, coef, strict=True)},
        bias=round(float(intercept), 4),
        threshold=0.5,
        trained_on=str(args.pairs.relative_to(ROOT)) if args.pairs.is_relative_to(ROOT) else "",
    )

    def scores(split_rows: list[Row]) -> list[float]:
        """The model's scores, with the place rule of `PairModel.score`."""
        return [pair_model.score(r.values) for r in split_rows]

    dev_scores = scores(by_split["dev"])
    dev_truth = [r.positive for r in by_split["dev"]]
    # The threshold: the best F1 over train and dev together (dev alone is one source; the
    # threshold is one number, and more sources make it hold on text not seen).
    seen = by_split["train"] + by_split["dev"]
    ruled = [
        0.0 if r.values["place_different"] else s for r, s in zip(seen, scores(seen), strict=True)
    ]
    threshold = best_threshold([r.positive for r in seen], ruled)
    pair_model = PairModel(pair_model.weights, pair_model.bias, threshold, pair_model.trained_on)
    report = {
        "C": c,
        "dev_log_loss": round(float(loss), 4),
        "train": figures(
            [r.positive for r in by_split["train"]], scores(by_split["train"]), threshold
        ),
        "dev": figures(dev_truth, dev_scores, threshold),
    }
    if args.report_test:
        report["test"] = figures(
            [r.positive for r in by_split["test"]], scores(by_split["test"]), threshold
        )
    print(f"features read and model fitted in {time.process_time() - started:.1f} s CPU")
    print(f"C={c}  threshold={threshold}")
    for split in ("train", "dev", "test"):
        if split in report:
            print(f"{split:5}  {report[split]}")
    for name, weight in sorted(pair_model.weights.items(), key=lambda item: -abs(item[1])):
        print(f"  {name:15} {weight:+.3f}")
    if not args.no_write:
        pair_model.dump(MODEL_JSON, **report)
        print(f"written: {MODEL_JSON.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
