"""Whether two project texts are the same project: a small learned model over what the texts
share (words, letters) and what they say about which project they are (`proposal_facts`:
places, numbers, kind of work, object, target group). Plain Python, no Django.

The model is a logistic regression: each feature has a weight, learned on the training
split of the labelled pairs (`data/pairs/`, `bench/train_similarity.py`), and the threshold
of "likely duplicate" is chosen on the development split. Both are data in
`data/similarity_model.json`, written by the training script; this module only applies
them. Each feature's part of the decision (its weight × its value) is what the page and the
API show as the reasons: "same sub-district" +1.2, "different villages" −2.3.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from oneplan.projects.proposal_facts import (
    FACTS,
    PLACE_FACTS,
    SAME,
    Facts,
    Lexicon,
    Signal,
    compare,
    normalise,
    packaged_lexicon,
    read_facts,
)
from oneplan.projects.text_similarity import title_ngrams, tokenize

MODEL_JSON = Path(__file__).resolve().parent / "data" / "similarity_model.json"

LEXICAL = ("title_words", "title_letters", "content_words")
# Each fact twice: both texts state it and agree ("…_same"), or both state it and differ
# ("…_different"); then whether any place differs, any place agrees, and the titles' words
# when a place differs (a road elsewhere shares every word: the words count less there).
FACT_FEATURES = tuple(f"{fact}_{side}" for fact in FACTS for side in ("same", "different"))
PLACES = ("place_same", "place_different", "title_words_elsewhere")
FEATURES = LEXICAL + FACT_FEATURES + PLACES


@dataclass(frozen=True)
class Side:
    """One project, read once: its normalised words and its facts."""

    title_words: tuple[str, ...]
    content_words: tuple[str, ...]
    grams: frozenset[str]
    facts: Facts


def read_side(
    title: str, text: str = "", lexicon: Lexicon | None = None, provinces: Iterable[str] = ()
) -> Side:
    lexicon = lexicon or packaged_lexicon()
    title_words = tuple(tokenize(normalise(title, lexicon)))
    text_words = tuple(tokenize(normalise(text, lexicon))) if text else ()
    return Side(
        title_words=title_words,
        content_words=title_words + text_words,
        grams=frozenset(title_ngrams(title_words)),
        facts=read_facts(title, text, lexicon, provinces),
    )


def _cosine(a: Sequence[str], b: Sequence[str]) -> float:
    """Cosine of two bags of words (counts), 0 when either is empty."""
    if not a or not b:
        return 0.0
    ca: dict[str, int] = {}
    cb: dict[str, int] = {}
    for w in a:
        ca[w] = ca.get(w, 0) + 1
    for w in b:
        cb[w] = cb.get(w, 0) + 1
    dot = sum(n * cb.get(w, 0) for w, n in ca.items())
    norm = math.sqrt(sum(n * n for n in ca.values()) * sum(n * n for n in cb.values()))
    return dot / norm if norm else 0.0


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def features(a: Side, b: Side) -> tuple[dict[str, float], list[Signal]]:
    """The pair's features (name → value) and the facts' signals behind them."""
    signals = compare(a.facts, b.facts)
    values = {
        "title_words": _cosine(a.title_words, b.title_words),
        "title_letters": _jaccard(a.grams, b.grams),
        "content_words": _cosine(a.content_words, b.content_words),
    }
    values.update({name: 0.0 for name in FACT_FEATURES + PLACES})
    for signal in signals:
        values[f"{signal.fact}_{'same' if signal.direction == SAME else 'different'}"] = 1.0
    places = [s for s in signals if s.fact in PLACE_FACTS]
    if any(s.direction != SAME for s in places):
        values["place_different"] = 1.0
        values["title_words_elsewhere"] = values["title_words"]
    elif places:
        values["place_same"] = 1.0
    return values, signals


def _fact_of(feature: str) -> str:
    return feature.rsplit("_", 1)[0]


@dataclass(frozen=True)
class Reason:
    """A feature's part in a decision: positive for "the same project"."""

    feature: str
    value: float
    contribution: float
    signal: Signal | None


@dataclass(frozen=True)
class Judgement:
    probability: float
    likely_duplicate: bool
    reasons: list[Reason]  # largest part first


@dataclass(frozen=True)
class PairModel:
    weights: dict[str, float]
    bias: float
    threshold: float
    trained_on: str = ""

    @classmethod
    def load(cls, path: Path = MODEL_JSON) -> PairModel:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(
            weights={k: float(v) for k, v in data["weights"].items()},
            bias=float(data["bias"]),
            threshold=float(data["threshold"]),
            trained_on=data.get("trained_on", ""),
        )

    def dump(self, path: Path = MODEL_JSON, **about: object) -> None:
        data = {
            "weights": self.weights,
            "bias": self.bias,
            "threshold": self.threshold,
            "trained_on": self.trained_on,
            **about,
        }
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    def probability(self, values: dict[str, float]) -> float:
        z = self.bias + sum(self.weights.get(k, 0.0) * v for k, v in values.items())
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))

    def score(self, values: dict[str, float]) -> float:
        """The probability, with the place rule: two texts that name different places (and
        neither says it spans them) are never a likely duplicate — their score is held
        under half the threshold, whatever their words share."""
        p = self.probability(values)
        return min(p, self.threshold / 2) if values.get("place_different") else p

    def judge(self, a: Side, b: Side) -> Judgement:
        values, signals = features(a, b)
        by_fact = {s.fact: s for s in signals}
        p = self.score(values)
        place = next((s for s in signals if s.fact in PLACE_FACTS and s.direction != SAME), None)
        reasons = [
            Reason(
                name,
                value,
                self.weights.get(name, 0.0) * value,
                place if name in PLACES[1:] else by_fact.get(_fact_of(name)),
            )
            for name, value in values.items()
            if value and self.weights.get(name, 0.0) and name != "place_same"
        ]
        reasons.sort(key=lambda r: -abs(r.contribution))
        return Judgement(p, p >= self.threshold, reasons)


_MODEL: PairModel | None = None


def packaged_model() -> PairModel:
    """The model of `data/similarity_model.json` (read once)."""
    global _MODEL
    if _MODEL is None:
        _MODEL = PairModel.load()
    return _MODEL
