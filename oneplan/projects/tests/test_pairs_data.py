"""Checks on the labelled pairs in oneplan/projects/data/pairs/ (no database needed).

The pairs are split by source into train / dev / test once, before any tuning; these tests
keep that split and the files it rests on from drifting.
"""

import csv
from collections import Counter, defaultdict
from pathlib import Path

import pytest

PAIRS_DIR = Path(__file__).resolve().parents[1] / "data" / "pairs"
LABELS = {"duplicate", "paraphrase", "same_topic", "unrelated"}
SPLITS = {"train", "dev", "test"}
NAKHON_SAWAN = "nakhonsawan_plan_2566_2570"
COLUMNS = [
    "pair_id",
    "source",
    "split",
    "label",
    "title_a",
    "text_a",
    "title_b",
    "text_b",
    "row_a",
    "row_b",
    "origin",
    "note",
]


def _read(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def pairs():
    return _read(PAIRS_DIR / "pairs.csv")


@pytest.fixture(scope="module")
def splits():
    return _read(PAIRS_DIR / "splits.csv")


def test_file_parses_with_expected_columns(pairs):
    with open(PAIRS_DIR / "pairs.csv", encoding="utf-8", newline="") as f:
        header = next(csv.reader(f))
    assert header == COLUMNS
    ids = [p["pair_id"] for p in pairs]
    assert len(ids) == len(set(ids))
    for p in pairs:
        assert p["title_a"].strip() and p["title_b"].strip(), p["pair_id"]


def test_at_least_1500_pairs(pairs):
    assert len(pairs) >= 1500


def test_labels_are_the_four(pairs):
    assert {p["label"] for p in pairs} <= LABELS
    assert {p["label"] for p in pairs} == LABELS


def test_positive_share_is_balanced(pairs):
    positive = sum(p["label"] in {"duplicate", "paraphrase"} for p in pairs)
    assert 0.30 <= positive / len(pairs) <= 0.50


def test_every_source_has_one_split(pairs):
    by_source = defaultdict(set)
    for p in pairs:
        assert p["split"] in SPLITS, p["pair_id"]
        by_source[p["source"]].add(p["split"])
    for source, split_set in by_source.items():
        assert len(split_set) == 1, (source, split_set)


def test_splits_csv_agrees_with_pairs(pairs, splits):
    declared = {s["source_id"]: s["split"] for s in splits}
    assert len(declared) == len(splits), "a source listed twice in splits.csv"
    counts = Counter(p["source"] for p in pairs)
    assert set(declared) == set(counts)
    for s in splits:
        assert s["split"] in SPLITS
        assert int(s["pairs"]) == counts[s["source_id"]], s["source_id"]
    for p in pairs:
        assert declared[p["source"]] == p["split"], p["pair_id"]


def test_test_split_is_large_and_not_nakhon_sawan(pairs):
    test = [p for p in pairs if p["split"] == "test"]
    assert len(test) >= 300
    assert NAKHON_SAWAN not in {p["source"] for p in test}
    assert all(p["split"] == "train" for p in pairs if p["source"] == NAKHON_SAWAN)
    assert {p["split"] for p in pairs} == SPLITS


def test_no_pair_repeated(pairs):
    seen = set()
    for p in pairs:
        side_a = (p["title_a"], p["text_a"])
        side_b = (p["title_b"], p["text_b"])
        if side_a == side_b:
            # the same project entered twice, word for word, in two real rows
            assert p["label"] == "duplicate" and p["origin"] == "real", p["pair_id"]
            assert p["row_a"] != p["row_b"], p["pair_id"]
        key = frozenset([side_a, side_b])
        assert key not in seen, p["pair_id"]
        seen.add(key)


def test_rows_exist_in_their_source(pairs):
    ids = {}
    for source in {p["source"] for p in pairs}:
        path = PAIRS_DIR / "sources" / f"{source}.csv"
        assert path.exists(), path
        ids[source] = {r["row_id"] for r in _read(path)}
    for p in pairs:
        origin = p["origin"]
        if origin in {"real", "real_edited"}:
            assert p["row_a"] in ids[p["source"]], p["pair_id"]
            assert p["row_b"] in ids[p["source"]], p["pair_id"]
        else:
            assert origin == f"written_from:{p['source']}", p["pair_id"]
            if p["row_a"]:
                assert p["row_a"] in ids[p["source"]], p["pair_id"]


def test_written_pairs_at_most_40_percent(pairs):
    written = sum(p["origin"].startswith("written_from:") for p in pairs)
    assert written / len(pairs) <= 0.40
    origins = {p["origin"].split(":")[0] for p in pairs}
    assert origins <= {"real", "real_edited", "written_from"}
