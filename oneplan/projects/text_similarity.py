"""The text search behind `projects.similarity`: which texts are the same project, or nearly
(DOMAIN.md §4, rule 6). Plain Python, no Django: `bench/similarity.py` runs it without a
database; `projects.similarity` applies it to the proposals of a cycle.

A province must not pay twice for one project: a proposal may be entered again in the
same cycle (by the same agency after a return, or by a district and an agency for the
same road), or be a project already approved in an earlier cycle. This module ranks
proposals by how alike their texts are and flags the likely duplicates.

How the texts are compared
--------------------------
* **Words, not characters.** Text is cleaned with ``normalize_text`` (zero-width
  characters, spacing, Thai digits to Arabic), dotted abbreviations are read as one word
  (ค.ส.ล. = คอนกรีตเสริมเหล็ก, see ``ABBREVIATIONS``), then cut into words with
  pythainlp's ``newmm``. Punctuation, one-letter fragments and ``STOP_WORDS`` are dropped;
  the nominalisers การ/ความ are taken off the front of a word (การพัฒนา = พัฒนา).
* **Two views, each a TF-IDF vector** (sublinear term frequency, smoothed IDF), each
  scaled to unit length:

  - the *title view*: the title's words plus the character 3-grams of the title written
    without spaces, so spelling variants (แบดมินตัน/แบตมินตัน), words newmm cuts
    differently and numbers that tell two projects apart (อาคารเรียน 2 / 3) still count;
  - the *content view*: the words of the title (counted ``TITLE_BOOST`` times) and of the
    text (objectives, outcomes). Numbers are left out here: in objectives they are list
    numbers, amounts and years.

  The score is ``TITLE_SHARE * cos(title views) + (1 - TITLE_SHARE) * cos(content views)``,
  between 0 and 1, halved (``NUMBER_CONFLICT_FACTOR``) when each title has a number the
  other lacks (ซอยสวรรค์วิถี 65 / 44: two lanes). A draft's title is compared with the
  others' titles *and* its words with theirs wherever they stand, so a title typed into
  the objectives still matches.
* **An inverted index**: each term keeps the list of documents that have it, with the
  document's weight. A query only touches the documents sharing one of its terms; the
  rarest terms are read first and very common ones are skipped once a budget of
  postings has been read (``QUERY_POSTINGS_BUDGET``), then the best candidates are
  scored exactly. ``duplicate_pairs`` finds the pairs above a threshold with the prefix
  filter of Bayardo, Ma & Srikant, *Scaling up all pairs similarity search* (WWW 2007),
  and the Euclidean bounds of Anastasiu & Karypis (L2AP, ICDE 2014): each document is
  indexed only under its rarer terms, enough that any pair above the threshold must
  share one of them, and a pair is only compared when it does. Up to ``EXACT_SIZE``
  documents no pair is missed; above, terms shared by more than ``REPORT_DF_CAP``
  documents no longer make candidates (see there).

The threshold for "likely duplicate" (``DUPLICATE_THRESHOLD``) was chosen on the labelled
pairs in ``data/similarity_pairs.csv`` (see ``data/README.md`` and ``bench/similarity.py``).
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import math
import re
import sys
from array import array
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from pythainlp.tokenize import word_tokenize

from oneplan.core.thai import normalize_text

__all__ = [
    "ABBREVIATIONS",
    "DUPLICATE_THRESHOLD",
    "STOP_WORDS",
    "Match",
    "Pair",
    "PreparedDocument",
    "SimilarityIndex",
    "numbers_conflict",
    "prepare_document",
    "title_ngrams",
    "tokenize",
]

# --------------------------------------------------------------------------- settings

DUPLICATE_THRESHOLD = 0.49
"""Score from which a pair counts as a likely duplicate.

Chosen as the best F1 for "duplicate or paraphrase" against "same topic or unrelated"
on ``data/similarity_pairs.csv`` (``python -m bench.similarity`` prints the table)."""

TITLE_SHARE = 0.5
"""Share of the score that comes from the title view (the rest from the content view)."""

TITLE_BOOST = 2.0
"""How many times a title word counts in the content view, against a word of the text."""

NGRAM = 3
"""Length of the character n-grams of the title view."""

NGRAM_WEIGHT = 0.5
"""Weight of a title n-gram against a title word in the title view."""

NUMBER_CONFLICT_FACTOR = 0.5
"""Factor on the score of two titles whose numbers differ both ways.

Officials tell sibling projects apart by a number in the title: the lane (ซอยสวรรค์วิถี
65 / 44), the building (อาคารเรียน 2 / 3), the phase (ระยะที่ 1 / 2), the year. When
each title has a number the other lacks (counted with repeats), they are taken to be
two projects. A number on one side only (a year added) is no conflict."""

QUERY_POSTINGS_BUDGET = 60_000
"""Postings a query over more than ``EXACT_SIZE`` documents reads before it stops reading
its commonest terms.

Terms are read rarest first; past the budget, the documents that only share common
words with the query are not candidates: their scores are low. A smaller index is
always searched exhaustively."""

RESCORE_CANDIDATES = 50
"""Candidates, beyond ``k`` and the excluded ids, that are scored exactly."""

REFRESH_FRACTION = 0.1
"""Documents added or removed, as a share of the index, before IDF is recomputed.

Until then a large index keeps the IDF of its last full computation (new documents are
weighted with it); an index of at most ``EXACT_SIZE`` documents recomputes at once."""

EXACT_SIZE = 5_000
"""Up to this many documents (a province's cycle) queries and reports are exact and IDF
follows every change; above, the budgets and caps below apply."""

REPORT_DF_CAP = 100
"""In ``duplicate_pairs`` over more than ``EXACT_SIZE`` documents: terms found in more
documents than this do not make candidates (they still count in the scores).

Exact all-pairs search costs about the square of the documents that share a term; over
a large index the terms of common projects (a road, a training) are shared by hundreds,
and the pairs that only they would find are mostly the same activity in another place.
The bench measures what the cap misses against the exact search."""

REPORT_MIN_TERMS = 5
"""Past the cap, a document is still indexed under at least its this many rarest terms, so
that a proposal entered twice is found even when all its words are common."""

MAX_SHARED_TERMS = 8

STOP_WORDS: frozenset[str] = frozenset(
    # Words that every project text has and that say nothing about which project it is.
    # Kept short on purpose: IDF already gives common words little weight; these are the
    # function words, the project-form boilerplate, words newmm leaves over, and the
    # words of an address (the names that follow them are what tells places apart).
    """
    โครงการ โครง การ ความ และ หรือ ของ ใน เพื่อ เพื่อให้ เพื่อเป็น ที่ ให้ ให้แก่ มี ได้ เป็น
    กับ แก่ จาก โดย ด้วย ต่อ ตาม ซึ่ง อย่าง จะ ไป มา ไว้ แห่ง ทั้ง รวม อื่น อื่นๆ นี้ นั้น
    เช่น คือ ทุก ไม่ น้อย กว่า น้อยกว่า มาก มากขึ้น ขึ้น ดังกล่าว เกี่ยวกับ บริเวณ ภายใน จำนวน
    อัน อันจะ ได้รับ ฯลฯ ฯ ๆ
    หมู่ หมู่ที่ ตำบล อำเภอ จังหวัด
    the and of for to in
    """.split()
)

ABBREVIATIONS: dict[str, str] = {
    # Dotted abbreviations of project texts, read as the words they stand for (dots
    # removed). Others (อย., ดร., ท.2) are kept as one word.
    "คสล": "คอนกรีตเสริมเหล็ก",
    "อสม": "อาสาสมัครสาธารณสุข",
    "ศพด": "ศูนย์พัฒนาเด็กเล็ก",
    "อปท": "องค์กรปกครองส่วนท้องถิ่น",
    "อบต": "องค์การบริหารส่วนตำบล",
    "อบจ": "องค์การบริหารส่วนจังหวัด",
    "รพสต": "โรงพยาบาลส่งเสริมสุขภาพตำบล",
    "ต": "ตำบล",
    "อ": "อำเภอ",
    "จ": "จังหวัด",
    "ม": "หมู่",
    "ถ": "ถนน",
}

# ค.ส.ล. / ค.ส.ล / อสม. / ต. — Thai letters with dots, not inside a word.
_THAI = "\u0e01-\u0e4e"
DOTTED_ABBREVIATION_RE = re.compile(
    rf"(?<![{_THAI}])"
    rf"((?:[\u0e01-\u0e2e][\u0e30-\u0e4e]?\.){{2,}}[\u0e01-\u0e2e]?(?![{_THAI}])"
    rf"|[\u0e01-\u0e2e][{_THAI}]{{0,4}}\.)"
)
# Kept in a word: ASCII letters and digits, Thai consonants, vowels and marks (not ฯ, ๆ).
_NOT_WORD_RE = re.compile("[^0-9a-z\u0e01-\u0e2e\u0e30-\u0e3a\u0e40-\u0e45\u0e47-\u0e4e]+")
_BASE_CHAR_RE = re.compile("[0-9a-z\u0e01-\u0e2e\u0e40-\u0e44]")
_NOMINALISERS = ("การ", "ความ")
_COMBINING_RE = re.compile("[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")  # marks above/below a letter

# Feature kinds, the first character of a term in the index.
_TITLE_WORD = "t"
_TITLE_GRAM = "g"
_CONTENT_WORD = "w"

# --------------------------------------------------------------------------- text


def _clean_word(token: str) -> str:
    word = _NOT_WORD_RE.sub("", token)
    for prefix in _NOMINALISERS:
        rest = word[len(prefix) :]
        if word.startswith(prefix) and len(rest) >= 2 and not _COMBINING_RE.match(rest):
            word = rest
            break
    if len(_BASE_CHAR_RE.findall(word)) < 2 and not word.isdigit():
        return ""  # a one-letter fragment left by newmm (แบตมินตัน -> แบต มิ น ตัน)
    return "" if word in STOP_WORDS else sys.intern(word)  # one copy of each word


def tokenize(text: str) -> list[str]:
    """The words of a project text, as compared: cleaned, cut with newmm, filtered.

    The same words come out whatever the spacing, zero-width characters or digits
    (Thai or Arabic); dotted abbreviations are one word or their expansion.
    """
    text = normalize_text(text, arabic_digits=True).lower()
    words: list[str] = []
    for i, part in enumerate(DOTTED_ABBREVIATION_RE.split(text)):
        if not part:
            continue
        if i % 2:  # an abbreviation
            key = part.replace(".", "")
            expansion = ABBREVIATIONS.get(key)
            if expansion is None:
                word = _clean_word(key)
                if word:
                    words.append(word)
                continue
            part = expansion
        for token in word_tokenize(part, engine="newmm", keep_whitespace=False):
            word = _clean_word(token)
            if word:
                words.append(word)
    return words


def title_ngrams(words: Sequence[str], n: int = NGRAM) -> list[str]:
    """Character n-grams of the title's words written together (spacing does not count)."""
    joined = "".join(words)
    if len(joined) <= n:
        return [joined] if joined else []
    return [joined[i : i + n] for i in range(len(joined) - n + 1)]


@dataclass(frozen=True, slots=True)
class PreparedDocument:
    """A document's words, ready for the index (tokenising is the slow part)."""

    title_words: tuple[str, ...]
    text_words: tuple[str, ...]


def prepare_document(title: str, text: str = "") -> PreparedDocument:
    """Tokenise a title and its text once, for ``add_prepared``/``query_prepared``."""
    return PreparedDocument(tuple(tokenize(title)), tuple(tokenize(text)))


def _title_numbers(doc: PreparedDocument) -> tuple[str, ...]:
    return tuple(sorted(word for word in doc.title_words if word.isdigit()))


def numbers_conflict(a: Sequence[str], b: Sequence[str]) -> bool:
    """True when each of two titles has a number (with repeats) that the other lacks."""
    return _sorted_numbers_conflict(tuple(sorted(a)), tuple(sorted(b)))


def _sorted_numbers_conflict(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    if not a or not b or a == b:
        return False
    i = j = 0
    a_extra = b_extra = False
    while i < len(a) and j < len(b):
        if a[i] == b[j]:
            i += 1
            j += 1
        elif a[i] < b[j]:
            a_extra = True
            i += 1
        else:
            b_extra = True
            j += 1
    return (a_extra or i < len(a)) and (b_extra or j < len(b))


def _sublinear(count: float) -> float:
    return 1.0 + math.log(count) if count > 0 else 0.0


def _raw_features(doc: PreparedDocument) -> dict[str, float]:
    """Term -> raw weight (sublinear tf; IDF and length come later)."""
    counts: dict[str, float] = {}
    for word in doc.title_words:
        counts[_TITLE_WORD + word] = counts.get(_TITLE_WORD + word, 0) + 1
    for gram in title_ngrams(doc.title_words):
        counts[_TITLE_GRAM + gram] = counts.get(_TITLE_GRAM + gram, 0) + 1
    content: dict[str, float] = {}
    for word in doc.title_words:
        if not word.isdigit():
            content[word] = content.get(word, 0) + TITLE_BOOST
    for word in doc.text_words:
        if not word.isdigit():
            content[word] = content.get(word, 0) + 1
    features = {term: _sublinear(c) for term, c in counts.items()}
    for term, c in counts.items():
        if term[0] == _TITLE_GRAM:
            features[term] = _sublinear(c) * NGRAM_WEIGHT
    for word, c in content.items():
        features[_CONTENT_WORD + word] = _sublinear(c)
    return features


def _is_title_view(term: str) -> bool:
    return term[0] != _CONTENT_WORD


# --------------------------------------------------------------------------- index


@dataclass(frozen=True, slots=True)
class Match:
    """A document found by a query: its id, the score (0-1) and the words shared."""

    id: Hashable
    score: float
    shared_terms: list[str]


class Pair(NamedTuple):
    id_a: Hashable
    id_b: Hashable
    score: float
    shared_terms: list[str]


class SimilarityIndex:
    """TF-IDF vectors of documents (id, title, text) in an inverted index.

    ``query`` ranks the documents like a given text, ``duplicate_pairs`` lists the
    pairs above a threshold, ``add``/``remove`` change the index in place. Ids are any
    hashable values (proposal primary keys).
    """

    def __init__(self, documents: Iterable[tuple[Hashable, str, str]] = ()) -> None:
        self._term_id: dict[str, int] = {}
        self._terms: list[str] = []
        self._title_view = bytearray()  # per term: 1 if in the title view
        self._df: list[int] = []
        self._idf: list[float] = []
        self._post_docs: list[array] = []  # per term: slots
        self._post_weights: list[array] = []  # per term: final weights
        self._ids: list[Hashable | None] = []  # per slot: the document's id, None if removed
        self._slot: dict[Hashable, int] = {}
        self._doc_terms: list[array | None] = []  # per slot: term ids
        self._doc_raw: list[array | None] = []  # per slot: raw weights
        self._scale: list[tuple[float, float]] = []  # per slot: (title, content) factors
        self._numbers: list[tuple[str, ...]] = []  # per slot: the title's numbers
        self._changes = 0
        self._built_size = 0
        self.extend_prepared((doc_id, prepare_document(t, x)) for doc_id, t, x in documents)

    # ------------------------------------------------------------------ building

    def __len__(self) -> int:
        return len(self._slot)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._slot

    def _intern(self, term: str) -> int:
        term_id = self._term_id.get(term)
        if term_id is None:
            term_id = len(self._terms)
            self._term_id[term] = term_id
            self._terms.append(term)
            self._title_view.append(_is_title_view(term))
            self._df.append(0)
            self._idf.append(0.0)
            self._post_docs.append(array("i"))
            self._post_weights.append(array("f"))
        return term_id

    def _store(self, doc_id: Hashable, doc: PreparedDocument) -> int:
        features = _raw_features(doc)
        terms = array("i", [self._intern(term) for term in features])
        for term_id in terms:
            self._df[term_id] += 1
        slot = len(self._ids)
        self._ids.append(doc_id)
        self._slot[doc_id] = slot
        self._doc_terms.append(terms)
        self._doc_raw.append(array("f", features.values()))
        self._scale.append((0.0, 0.0))
        self._numbers.append(_title_numbers(doc))
        return slot

    def _idf_of(self, df: int, n: int) -> float:
        return math.log((n + 1) / (df + 1)) + 1.0

    def _weigh(self, slot: int) -> None:
        """Scale factors of a document with the current IDF, and its postings."""
        terms, raw = self._doc_terms[slot], self._doc_raw[slot]
        assert terms is not None and raw is not None
        idf, title_view = self._idf, self._title_view
        sums = [0.0, 0.0]
        for term_id, r in zip(terms, raw, strict=True):
            sums[title_view[term_id]] += (r * idf[term_id]) ** 2
        title = math.sqrt(TITLE_SHARE / sums[1]) if sums[1] else 0.0
        content = math.sqrt((1 - TITLE_SHARE) / sums[0]) if sums[0] else 0.0
        self._scale[slot] = (title, content)
        for term_id, r in zip(terms, raw, strict=True):
            factor = title if title_view[term_id] else content
            self._post_docs[term_id].append(slot)
            self._post_weights[term_id].append(r * idf[term_id] * factor)

    def _refresh(self) -> None:
        """Recompute IDF, scale factors and postings (and drop removed documents)."""
        n = len(self._slot)
        self._idf = [self._idf_of(df, n) for df in self._df]
        self._post_docs = [array("i") for _ in self._terms]
        self._post_weights = [array("f") for _ in self._terms]
        for slot, doc_id in enumerate(self._ids):
            if doc_id is not None:
                self._weigh(slot)
        self._changes = 0
        self._built_size = n

    def _refresh_if_stale(self) -> None:
        if self._changes and (
            len(self._slot) <= EXACT_SIZE
            or self._changes > REFRESH_FRACTION * max(self._built_size, 1)
        ):
            self._refresh()

    def extend_prepared(self, documents: Iterable[tuple[Hashable, PreparedDocument]]) -> None:
        """Add many documents, then compute the weights once."""
        for doc_id, doc in documents:
            if doc_id in self._slot:
                self._drop(doc_id)
            self._store(doc_id, doc)
        self._refresh()

    def add(self, doc_id: Hashable, title: str, text: str = "") -> None:
        """Add a document, or replace the one with this id."""
        self.add_prepared(doc_id, prepare_document(title, text))

    def add_prepared(self, doc_id: Hashable, doc: PreparedDocument) -> None:
        """``add`` for a document already tokenised."""
        if doc_id in self._slot:
            self._drop(doc_id)
        slot = self._store(doc_id, doc)
        n = len(self._slot)
        for term_id in self._doc_terms[slot] or ():
            if self._df[term_id] == 1:  # a new term: its IDF now
                self._idf[term_id] = self._idf_of(1, n)
        self._weigh(slot)
        self._changes += 1

    def remove(self, doc_id: Hashable) -> None:
        """Take a document out; unknown ids raise ``KeyError``."""
        self._drop(doc_id)
        self._changes += 1

    def _drop(self, doc_id: Hashable) -> None:
        slot = self._slot.pop(doc_id)
        for term_id in self._doc_terms[slot] or ():
            self._df[term_id] -= 1
        self._ids[slot] = None
        self._doc_terms[slot] = None
        self._doc_raw[slot] = None
        # Its postings stay until the next refresh; readers skip slots whose id is None.

    # ------------------------------------------------------------------ scoring

    def _query_vector(self, doc: PreparedDocument) -> dict[int, float]:
        """The query's final weights by term id (terms the index lacks count in its length)."""
        n = len(self._slot)
        sums = [0.0, 0.0]
        known: list[tuple[int, float, int]] = []
        for term, r in _raw_features(doc).items():
            view = _is_title_view(term)
            term_id = self._term_id.get(term)
            if term_id is not None and self._df[term_id] > 0:
                weight = r * self._idf[term_id]
                known.append((term_id, weight, view))
            else:
                weight = r * self._idf_of(0, n)
            sums[view] += weight * weight
        factors = (
            math.sqrt((1 - TITLE_SHARE) / sums[0]) if sums[0] else 0.0,
            math.sqrt(TITLE_SHARE / sums[1]) if sums[1] else 0.0,
        )
        return {term_id: weight * factors[view] for term_id, weight, view in known}

    def _doc_weights(self, slot: int) -> Iterable[tuple[int, float]]:
        terms, raw = self._doc_terms[slot], self._doc_raw[slot]
        assert terms is not None and raw is not None
        title, content = self._scale[slot]
        idf, title_view = self._idf, self._title_view
        for term_id, r in zip(terms, raw, strict=True):
            yield term_id, r * idf[term_id] * (title if title_view[term_id] else content)

    def _score(
        self, vector: dict[int, float], numbers: tuple[str, ...], slot: int
    ) -> tuple[float, list[tuple[int, float]]]:
        """Exact score of a document against a query vector, and the shared terms."""
        shared = []
        total = 0.0
        for term_id, weight in self._doc_weights(slot):
            q = vector.get(term_id)
            if q is not None:
                contribution = q * weight
                total += contribution
                shared.append((term_id, contribution))
        if _sorted_numbers_conflict(numbers, self._numbers[slot]):
            total *= NUMBER_CONFLICT_FACTOR
        return min(total, 1.0), shared

    def _shared_words(self, shared: list[tuple[int, float]]) -> list[str]:
        """The words behind shared terms, most informative first (n-grams left out)."""
        by_word: dict[str, float] = {}
        for term_id, contribution in shared:
            term = self._terms[term_id]
            if term[0] != _TITLE_GRAM:
                by_word[term[1:]] = by_word.get(term[1:], 0.0) + contribution
        ranked = sorted(by_word.items(), key=lambda item: (-item[1], item[0]))
        return [word for word, _ in ranked[:MAX_SHARED_TERMS]]

    def query(
        self, title: str, text: str = "", k: int = 10, exclude_ids: Iterable[Hashable] = ()
    ) -> list[Match]:
        """The ``k`` documents most like (title, text), best first, without ``exclude_ids``."""
        return self.query_prepared(prepare_document(title, text), k, exclude_ids)

    def query_prepared(
        self, doc: PreparedDocument, k: int = 10, exclude_ids: Iterable[Hashable] = ()
    ) -> list[Match]:
        """``query`` for a document already tokenised (``prepare_document``)."""
        self._refresh_if_stale()
        if k <= 0:
            return []
        vector = self._query_vector(doc)
        numbers = _title_numbers(doc)
        excluded = {self._slot[i] for i in exclude_ids if i in self._slot}
        accumulated: dict[int, float] = {}
        exhaustive = len(self._slot) <= EXACT_SIZE
        budget = QUERY_POSTINGS_BUDGET
        for term_id in sorted(vector, key=lambda t: len(self._post_docs[t])):
            docs = self._post_docs[term_id]
            if budget <= 0 and accumulated and not exhaustive:
                break
            budget -= len(docs)
            q = vector[term_id]
            get = accumulated.get
            for slot, weight in zip(docs, self._post_weights[term_id], strict=True):
                accumulated[slot] = get(slot, 0.0) + q * weight
        for slot in excluded:
            accumulated.pop(slot, None)
        ids = self._ids
        candidates = heapq.nlargest(
            k + RESCORE_CANDIDATES,
            (slot for slot in accumulated if ids[slot] is not None),
            key=accumulated.__getitem__,
        )
        scored = []
        for slot in candidates:
            score, shared = self._score(vector, numbers, slot)
            scored.append((score, slot, shared))
        scored.sort(key=lambda item: (-item[0], item[1]))
        return [
            Match(ids[slot], round(score, 4), self._shared_words(shared))
            for score, slot, shared in scored[:k]
        ]

    def score(self, id_a: Hashable, id_b: Hashable) -> float:
        """The score of two documents of the index."""
        self._refresh_if_stale()
        slot_a = self._slot[id_a]
        vector = dict(self._doc_weights(slot_a))
        return round(self._score(vector, self._numbers[slot_a], self._slot[id_b])[0], 4)

    def duplicate_pairs(
        self, threshold: float = DUPLICATE_THRESHOLD, exact: bool | None = None
    ) -> list[Pair]:
        """Every pair of documents scoring at least ``threshold``, best first.

        All-pairs search with a prefix filter (Bayardo et al. 2007, with the L2 bound of
        Anastasiu & Karypis 2014): terms are ordered commonest first; each document
        keeps its commonest terms aside (its *prefix*) as long as they could not, by
        themselves, give any other document the threshold: neither their weights times
        the highest weight each term has anywhere, nor their Euclidean length (a bound
        by Cauchy-Schwarz, all vectors having length 1) reaches it. It is indexed under
        the rest. A pair at the threshold then shares an indexed term, so it is found;
        its exact score is the overlap so found plus its prefix's share.

        ``exact`` (by default: when the index has at most ``EXACT_SIZE`` documents)
        finds every pair; otherwise terms in more than ``REPORT_DF_CAP`` documents are
        kept in the prefix too, and a pair sharing no rarer term is missed.
        """
        if threshold <= 0:
            raise ValueError("threshold must be above 0")
        if self._changes:
            self._refresh()
        if exact is None:
            exact = len(self._slot) <= EXACT_SIZE
        cap = len(self._slot) if exact else REPORT_DF_CAP
        df = self._df
        n_terms = len(self._terms)
        slack = 1 + 1e-5  # postings are float32: bounds a hair above, so none falls short
        max_weight = [max(w) * slack if w else 0.0 for w in self._post_weights]
        order = sorted(range(n_terms), key=lambda t: (-self._df[t], t))
        rank = [0] * n_terms
        for position, term_id in enumerate(order):
            rank[term_id] = position

        # The partial index, and each document's prefix, in compact arrays.
        partial_docs: dict[int, array] = {}
        partial_weights: dict[int, array] = {}
        n_slots = len(self._ids)
        prefix_terms: list[array | None] = [None] * n_slots
        prefix_weights: list[array | None] = [None] * n_slots
        prefix_bound = array("d", bytes(8 * n_slots))  # bound of the prefix's share
        prefix_norm = array("d", bytes(8 * n_slots))
        prefix_last = array("i", bytes(4 * n_slots))  # rank of its least common term
        pairs: list[Pair] = []
        ids, numbers = self._ids, self._numbers
        for slot, doc_id in enumerate(ids):
            if doc_id is None:
                continue
            weights = sorted(self._doc_weights(slot), key=lambda tw: rank[tw[0]])
            vector = dict(weights)
            ranks = [rank[term_id] for term_id, _ in weights]
            lengths = list(itertools.accumulate(w * w for _, w in weights))
            # Candidates: documents indexed under one of this document's terms.
            overlap: dict[int, float] = {}
            for term_id, weight in weights:
                docs = partial_docs.get(term_id)
                if docs is None:
                    continue
                get = overlap.get
                for other, w in zip(docs, partial_weights[term_id], strict=True):
                    overlap[other] = get(other, 0.0) + weight * w
            get = vector.get
            mine = numbers[slot]
            for other, partial in overlap.items():
                found = partial * slack  # float32 weights: bounds a hair above
                bound = prefix_bound[other]
                if found + bound < threshold:
                    continue  # even its whole prefix could not lift it to the threshold
                conflict = _sorted_numbers_conflict(mine, numbers[other])
                if conflict and (found + bound) * NUMBER_CONFLICT_FACTOR < threshold:
                    continue
                # Its prefix only meets this document's terms up to the prefix's last rank.
                reach = bisect.bisect_right(ranks, prefix_last[other])
                if reach == 0:
                    bound = 0.0
                else:
                    bound = min(bound, prefix_norm[other] * math.sqrt(lengths[reach - 1]) * slack)
                if found + bound < threshold:
                    continue
                score = partial
                for term_id, w in zip(prefix_terms[other], prefix_weights[other], strict=True):
                    q = get(term_id)
                    if q is not None:
                        score += q * w
                if conflict:
                    score *= NUMBER_CONFLICT_FACTOR
                if score * slack >= threshold:  # float32 weights: the exact score decides
                    score, shared = self._score(vector, mine, other)
                    if score >= threshold:
                        words = self._shared_words(shared)
                        pairs.append(Pair(ids[other], doc_id, round(score, 4), words))
            # Keep the commonest terms aside while they cannot reach the threshold.
            index_it = [False] * len(weights)
            by_max = squares = 0.0
            for i, (term_id, weight) in enumerate(weights):
                reach_by_max = by_max + weight * max_weight[term_id]
                length = math.sqrt(squares + weight * weight)
                if min(reach_by_max, length) * slack < threshold:
                    by_max, squares = reach_by_max, squares + weight * weight
                else:
                    index_it[i] = df[term_id] <= cap
            # Past the cap, a document still goes in under its rarest terms.
            missing = REPORT_MIN_TERMS - sum(index_it)
            for i in range(len(weights) - 1, -1, -1):
                if missing <= 0:
                    break
                if not index_it[i]:
                    index_it[i] = True
                    missing -= 1
            kept_terms, kept_weights = array("i"), array("f")
            by_max = squares = 0.0
            last = -1
            for (term_id, weight), indexed in zip(weights, index_it, strict=True):
                if indexed:
                    if term_id not in partial_docs:
                        partial_docs[term_id] = array("i")
                        partial_weights[term_id] = array("f")
                    partial_docs[term_id].append(slot)
                    partial_weights[term_id].append(weight)
                else:
                    kept_terms.append(term_id)
                    kept_weights.append(weight)
                    by_max += weight * max_weight[term_id]
                    squares += weight * weight
                    last = rank[term_id]
            prefix_terms[slot], prefix_weights[slot] = kept_terms, kept_weights
            prefix_bound[slot] = min(by_max, math.sqrt(squares)) * slack
            prefix_norm[slot] = math.sqrt(squares)
            prefix_last[slot] = last
        pairs.sort(key=lambda p: (-p.score, str(p.id_a), str(p.id_b)))
        return pairs
