"""Benchmark of the proposal similarity search: `.venv/bin/python -m bench.similarity`.

(a) Quality: scores the labelled pairs of ``oneplan/projects/data/similarity_pairs.csv``
    and prints precision, recall and F1 of "likely duplicate" (score at least the
    threshold) against the truth "duplicate or paraphrase", at the threshold in use and
    over a range; the best-F1 threshold; the scores of each label; and a two-fold check
    (threshold chosen on one half of the pairs, measured on the other).
(b) Scale: 200,000 synthetic proposals made in memory from the real Nakhon Sawan plan
    rows (titles and objectives recombined, placed in real sub-districts from geothai,
    numbered; 1% re-entered with small edits). Times tokenising, building the index,
    200 queries (median, p95), the whole-set duplicate report, the memory held; and,
    in the same run, a brute-force baseline (every pair scored) on a 2,000-document
    sample, against the index on the same sample.

No database is used. ``--size N`` changes the number of synthetic proposals, ``--quality``
runs part (a) only.
"""

from __future__ import annotations

import argparse
import csv
import gc
import itertools
import random
import re
import resource
import statistics
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from oneplan.projects import text_similarity
from oneplan.projects.text_similarity import PreparedDocument, SimilarityIndex, prepare_document

ROOT = Path(__file__).resolve().parent.parent
PAIRS = ROOT / "oneplan" / "projects" / "data" / "similarity_pairs.csv"
PLAN_ROWS = ROOT.parent / "shared" / "real" / "local_plan_nakhonsawan_2566_2570.csv"
POSITIVE = frozenset({"duplicate", "paraphrase"})
LABELS = ("duplicate", "paraphrase", "same_topic", "unrelated")


# --------------------------------------------------------------------------- quality


@dataclass(frozen=True)
class LabelledPair:
    pair_id: int
    label: str
    source: str
    title_a: str
    text_a: str
    title_b: str
    text_b: str

    @property
    def positive(self) -> bool:
        return self.label in POSITIVE


def load_pairs(path: Path = PAIRS) -> list[LabelledPair]:
    with path.open(encoding="utf-8", newline="") as f:
        return [
            LabelledPair(
                int(row["pair_id"]),
                row["label"],
                row["source"],
                row["title_a"],
                row["text_a"],
                row["title_b"],
                row["text_b"],
            )
            for row in csv.DictReader(f)
        ]


def score_pairs(pairs: list[LabelledPair]) -> list[float]:
    """The score of each pair, with IDF from all the pairs' texts in one index.

    Every distinct (title, text) of the set is a document of one index, as the
    proposals of a cycle would be; each pair is then scored inside it.
    """
    documents: dict[tuple[str, str], int] = {}
    for pair in pairs:
        for key in ((pair.title_a, pair.text_a), (pair.title_b, pair.text_b)):
            documents.setdefault(key, len(documents))
    index = SimilarityIndex((doc_id, title, text) for (title, text), doc_id in documents.items())
    return [
        index.score(documents[(p.title_a, p.text_a)], documents[(p.title_b, p.text_b)])
        for p in pairs
    ]


@dataclass(frozen=True)
class Quality:
    threshold: float
    precision: float
    recall: float
    f1: float
    true_positives: int
    false_positives: int
    false_negatives: int


def quality_at(scores: list[float], positives: list[bool], threshold: float) -> Quality:
    tp = sum(1 for s, p in zip(scores, positives, strict=True) if s >= threshold and p)
    fp = sum(1 for s, p in zip(scores, positives, strict=True) if s >= threshold and not p)
    fn = sum(1 for s, p in zip(scores, positives, strict=True) if s < threshold and p)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Quality(threshold, precision, recall, f1, tp, fp, fn)


def best_threshold(scores: list[float], positives: list[bool]) -> Quality:
    """The threshold (to 0.01) with the highest F1; the lowest such threshold on ties."""
    candidates = [quality_at(scores, positives, t / 100) for t in range(1, 100)]
    return max(candidates, key=lambda q: (round(q.f1, 6), -q.threshold))


def run_quality() -> None:
    pairs = load_pairs()
    scores = score_pairs(pairs)
    positives = [p.positive for p in pairs]
    counts = Counter(p.label for p in pairs)
    print(f"labelled pairs: {len(pairs)} ({', '.join(f'{k} {counts[k]}' for k in LABELS)})")
    print("positive = duplicate or paraphrase; negative = same_topic or unrelated")
    print()
    print("scores by label       min   25%   med   75%   max")
    for label in LABELS:
        values = sorted(s for s, p in zip(scores, pairs, strict=True) if p.label == label)
        q = statistics.quantiles(values, n=4)
        print(
            f"  {label:<16} {values[0]:5.2f} {q[0]:5.2f} {q[1]:5.2f} {q[2]:5.2f} {values[-1]:5.2f}"
        )
    print()
    print("threshold  precision  recall    F1    TP  FP  FN")
    in_use = text_similarity.DUPLICATE_THRESHOLD
    thresholds = sorted({round(0.3 + 0.05 * i, 2) for i in range(11)} | {in_use})
    for threshold in thresholds:
        q = quality_at(scores, positives, threshold)
        mark = "  <- DUPLICATE_THRESHOLD" if threshold == in_use else ""
        print(
            f"  {threshold:5.2f}     {q.precision:6.3f}   {q.recall:6.3f}  {q.f1:6.3f}"
            f"  {q.true_positives:3d} {q.false_positives:3d} {q.false_negatives:3d}{mark}"
        )
    best = best_threshold(scores, positives)
    print(
        f"best F1: {best.f1:.3f} at {best.threshold:.2f} "
        f"(precision {best.precision:.3f}, recall {best.recall:.3f})"
    )
    # Two-fold check: choose on odd pair ids, measure on even ones, and the other way.
    for name, chosen_on in (("odd", 1), ("even", 0)):
        train = [i for i, p in enumerate(pairs) if p.pair_id % 2 == chosen_on]
        test = [i for i, p in enumerate(pairs) if p.pair_id % 2 != chosen_on]
        chosen = best_threshold([scores[i] for i in train], [positives[i] for i in train])
        held = quality_at([scores[i] for i in test], [positives[i] for i in test], chosen.threshold)
        print(
            f"chosen on {name} ids: {chosen.threshold:.2f}; on the other half precision "
            f"{held.precision:.3f}, recall {held.recall:.3f}, F1 {held.f1:.3f}"
        )
    print()
    print("misses at the threshold in use (the lowest positives, the highest negatives):")
    ranked = sorted(zip(scores, pairs, strict=True), key=lambda sp: sp[0])
    low = [sp for sp in ranked if sp[1].positive][:5]
    high = [sp for sp in reversed(ranked) if not sp[1].positive][:5]
    for score, pair in low + high:
        print(f"  {score:.2f} {pair.label:<10} {pair.title_a[:45]} | {pair.title_b[:45]}")


# --------------------------------------------------------------------------- synthetic data


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _places() -> list[tuple[str, str, str]]:
    """(sub-district, district, province) names of the whole country, from geothai."""
    import geothai

    places = []
    for province in geothai.provinces():
        for district in geothai.districts(province.code):
            for sub in geothai.subdistricts(district.code):
                places.append((sub.name_th, district.name_th, province.name_th))
    return places


def _edit(title: str, text: str, rng: random.Random) -> tuple[str, str]:
    """A re-entered copy: Thai digits, spacing, a zero-width space, โครงการ."""
    thai = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
    edits: list[Callable[[str, str], tuple[str, str]]] = [
        lambda t, x: (t.translate(thai), x.translate(thai)),
        lambda t, x: (t.replace(" ", ""), x),
        lambda t, x: (t.replace(" ", "\u200b ", 1), x),
        lambda t, x: ("โครงการ" + t, x),
        lambda t, x: (t, x[: max(30, len(x) // 2)]),
    ]
    for edit in rng.sample(edits, 2):
        title, text = edit(title, text)
    return title, text


@dataclass(frozen=True)
class Corpus:
    documents: list[tuple[int, str, str]]
    planted: list[tuple[int, int]]  # (original, re-entered copy)


def synthetic_corpus(size: int, seed: int = 2570) -> Corpus:
    """Proposals recombined from the real plan rows and placed across the country.

    Title: a real title and an address: a village (บ้าน + a sub-district name), หมู่ที่
    1-20, a real sub-district, its district and province (geothai). Text: the objective
    of the same row or, half the time, of another row of the strategy, sometimes cut,
    and the place it serves. One in a hundred is a re-entered copy of an earlier
    one with small edits (the planted duplicates).
    """
    rng = random.Random(seed)
    with PLAN_ROWS.open(encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["project"].strip()]
    by_strategy: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        by_strategy.setdefault(row["strategy_no"] or "?", []).append(row)
    strategies = list(by_strategy.values())
    places = _places()
    documents: list[tuple[int, str, str]] = []
    planted: list[tuple[int, int]] = []
    for doc_id in range(size):
        if documents and rng.random() < 0.01:
            original = rng.randrange(len(documents))
            title, text = _edit(documents[original][1], documents[original][2], rng)
            documents.append((doc_id, title, text))
            planted.append((original, doc_id))
            continue
        group = rng.choice(strategies)
        first = rng.choice(group)
        other = first if rng.random() < 0.5 else rng.choice(group)
        sub, district, province = rng.choice(places)
        village = rng.choice(places)[0]
        moo = rng.randint(1, 20)
        address = f"บ้าน{village} หมู่ที่ {moo} ตำบล{sub} อำเภอ{district} จังหวัด{province}"
        text = _clean(other["objective"])
        if rng.random() < 0.3:
            text = text[: max(40, len(text) // 2)]
        text += f" ประชาชนบ้าน{village} ตำบล{sub} ได้รับประโยชน์"
        documents.append((doc_id, f"{_clean(first['project'])} {address}", text))
    return Corpus(documents, planted)


# --------------------------------------------------------------------------- scale


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def _each(fn: Callable[..., Any], items: Iterable[Any], *args: Any) -> list[Any]:
    return [fn(item, *args) for item in items]


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def brute_force_pairs(index: SimilarityIndex, ids: list[int], threshold: float) -> int:
    """Every pair scored, with the index's own exact scoring: the baseline."""
    return sum(1 for a, b in itertools.combinations(ids, 2) if index.score(a, b) >= threshold)


def brute_force_query(index: SimilarityIndex, doc: PreparedDocument, ids: Iterable[int]) -> int:
    """A query scored against every document (the top one's id)."""
    vector = index._query_vector(doc)
    numbers = text_similarity._title_numbers(doc)
    best = max(ids, key=lambda i: index._score(vector, numbers, index._slot[i])[0])
    return best


def run_scale(size: int, sample: int = 2000, queries: int = 200, compare: int = 20_000) -> None:
    threshold = text_similarity.DUPLICATE_THRESHOLD
    rss_start = _rss_mib()
    seconds, corpus = _timed(lambda: synthetic_corpus(size))
    print(
        f"synthetic proposals: {size:,} ({len(corpus.planted):,} planted re-entries), "
        f"made in {seconds:.1f} s"
    )
    gc.collect()
    rss_corpus = _rss_mib()

    # A province's cycle: the first build tokenises; later ones reuse the words kept.
    cycle_docs = corpus.documents[:3000]
    first_s, _ = _timed(partial(SimilarityIndex, cycle_docs))
    words = [(doc_id, prepare_document(t, x)) for doc_id, t, x in cycle_docs]
    again_s, _ = _timed(partial(SimilarityIndex().extend_prepared, words))
    print(
        f"a cycle of 3,000 proposals: index built in {first_s:.2f} s with tokenising, "
        f"{again_s:.2f} s from the words kept (what a rebuild after an edit costs)"
    )
    tokenise_s, prepared = _timed(
        lambda: [(doc_id, prepare_document(t, x)) for doc_id, t, x in corpus.documents]
    )
    rss_prepared = _rss_mib()
    index = SimilarityIndex()
    build_s, _ = _timed(partial(index.extend_prepared, prepared))
    rss_index = _rss_mib()
    postings = sum(len(p) for p in index._post_docs)
    print(
        f"tokenising: {tokenise_s:.1f} s ({tokenise_s / size * 1000:.2f} ms per proposal); "
        f"index: {build_s:.1f} s; together {tokenise_s + build_s:.1f} s"
    )
    print(f"index: {len(index._terms):,} terms, {postings:,} postings")
    print(
        f"peak memory (max RSS): {rss_start:.0f} MiB at start, {rss_corpus:.0f} with the texts, "
        f"{rss_prepared:.0f} tokenised, {rss_index:.0f} MiB with the index "
        f"(+{rss_index - rss_prepared:.0f} MiB for the index)"
    )

    rng = random.Random(7)
    probes = []
    for _ in range(queries):
        doc_id, title, text = rng.choice(corpus.documents)
        if rng.random() < 0.5:
            title, text = _edit(title, text, rng)  # a re-entered copy typed again
        probes.append((doc_id, title, text))
    times = []
    found = 0
    for doc_id, title, text in probes:
        seconds, matches = _timed(partial(index.query, title, text, k=10))
        times.append(seconds)
        found += any(m.id == doc_id for m in matches)
    print(
        f"query (tokenising included), {queries} queries: median "
        f"{statistics.median(times) * 1000:.1f} ms, p95 {_percentile(times, 0.95) * 1000:.1f} ms; "
        f"the proposal typed again is in the top 10 for {found}/{queries}"
    )
    report_s, pairs = _timed(partial(index.duplicate_pairs, threshold))
    found_pairs = {(p.id_a, p.id_b) for p in pairs} | {(p.id_b, p.id_a) for p in pairs}
    planted_found = sum(1 for pair in corpus.planted if pair in found_pairs)
    print(
        f"duplicate report at {threshold}: {report_s:.1f} s "
        f"({report_s / size * 1000:.2f} ms per proposal), {len(pairs):,} pairs; "
        f"planted re-entries found: {planted_found}/{len(corpus.planted)}"
    )
    print(f"peak memory after the report: {_rss_mib():.0f} MiB")
    del index, prepared
    gc.collect()

    # Brute force against the index, on the same sample, in the same run.
    chosen = corpus.documents[:sample]
    small = SimilarityIndex(chosen)
    ids = [doc_id for doc_id, _, _ in chosen]
    index_report_s, index_pairs = _timed(partial(small.duplicate_pairs, threshold))
    brute_report_s, brute_pairs = _timed(partial(brute_force_pairs, small, ids, threshold))
    probe_docs = [prepare_document(t, x) for _, t, x in chosen[:50]]
    index_query_s, _ = _timed(partial(_each, small.query_prepared, probe_docs))
    brute_query_s, _ = _timed(partial(_each, partial(brute_force_query, small), probe_docs, ids))
    per_doc_index = index_report_s / sample * 1000
    per_doc_brute = brute_report_s / sample * 1000
    print(f"brute force on the first {sample:,} proposals (every pair scored exactly):")
    print(
        f"  report: index {index_report_s:.2f} s ({per_doc_index:.2f} ms per proposal, "
        f"{len(index_pairs)} pairs), brute force {brute_report_s:.1f} s "
        f"({per_doc_brute:.2f} ms per proposal, {brute_pairs} pairs): "
        f"brute force / index = {brute_report_s / index_report_s:.0f}x"
    )
    print(
        f"  query (tokenising excluded): index {index_query_s / 50 * 1000:.2f} ms, "
        f"brute force {brute_query_s / 50 * 1000:.1f} ms: "
        f"brute force / index = {brute_query_s / index_query_s:.0f}x"
    )
    scale = size / sample
    print(
        f"  brute force grows with the square of the size: at {size:,} it would take about "
        f"{brute_report_s * scale * scale / 3600:.1f} h for the report "
        f"({per_doc_brute * scale:.0f} ms per proposal, against "
        f"{report_s / size * 1000:.2f} ms measured with the index), and "
        f"{brute_query_s / 50 * scale * 1000:.0f} ms per query"
    )
    del small
    # What the cap on common terms misses, against the exact search, on a larger sample.
    if size > text_similarity.EXACT_SIZE:
        middle = min(size, compare)
        medium = SimilarityIndex(corpus.documents[:middle])
        capped_s, capped = _timed(partial(medium.duplicate_pairs, threshold, exact=False))
        exact_s, exact = _timed(partial(medium.duplicate_pairs, threshold, exact=True))
        capped_ids = {(p.id_a, p.id_b) for p in capped}
        missed = [p for p in exact if (p.id_a, p.id_b) not in capped_ids]
        missed_high = sum(1 for p in missed if p.score >= 0.8)
        print(
            f"report with the cap on common terms against the exact search, first {middle:,}: "
            f"{capped_s:.1f} s / {exact_s:.1f} s; {len(capped):,} / {len(exact):,} pairs, "
            f"{len(missed):,} missed ({len(missed) / max(len(exact), 1):.1%}; "
            f"{missed_high} of them at 0.8 or more)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=200_000)
    parser.add_argument("--quality", action="store_true", help="only the labelled pairs")
    args = parser.parse_args()
    run_quality()
    if not args.quality:
        print()
        run_scale(args.size)


if __name__ == "__main__":
    main()
