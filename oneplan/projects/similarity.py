"""Finding proposals that are the same project, or nearly (DOMAIN.md §4, rule 6), in two
stages:

1. **candidates**: the text search of `projects.text_similarity` (TF-IDF of words and
   letters in an inverted index kept in memory per cycle) over the proposals of a cycle and
   the approved proposals of earlier cycles finds the texts that share words;
2. **judgement**: each candidate and the proposal are read for what they say about which
   project they are (`projects.proposal_facts`: places, numbers, kind of work, object,
   target group, with the lexicon the secretariat keeps in the admin), and the learned model
   of `projects.pair_model` gives the probability that they are one project, with its
   reasons ("same sub-district", "different villages"). The score shown is that
   probability; "likely duplicate" is the model's threshold (`duplicate_threshold`).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Max, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from oneplan.areas.models import Area, AreaLevel
from oneplan.cycles.models import Cycle
from oneplan.projects.models import LexiconEntry, Proposal, ProposalStatus
from oneplan.projects.pair_model import Reason, Side, packaged_model, read_side
from oneplan.projects.proposal_facts import Lexicon, packaged_lexicon
from oneplan.projects.text_similarity import (
    ABBREVIATIONS,
    DUPLICATE_THRESHOLD,
    STOP_WORDS,
    Match,
    Pair,
    PreparedDocument,
    SimilarityIndex,
    numbers_conflict,
    prepare_document,
    title_ngrams,
    tokenize,
)

__all__ = [
    "ABBREVIATIONS",
    "DUPLICATE_THRESHOLD",
    "STOP_WORDS",
    "Draft",
    "DuplicatePair",
    "Match",
    "Pair",
    "PreparedDocument",
    "SimilarProposal",
    "SimilarityIndex",
    "clear_caches",
    "cycle_index",
    "duplicate_report",
    "duplicate_threshold",
    "numbers_conflict",
    "prepare_document",
    "similar_proposals",
    "title_ngrams",
    "tokenize",
]


@dataclass(frozen=True, slots=True)
class Draft:
    """A proposal not yet saved: its title and its text (objectives, outcomes ...)."""

    title: str
    text: str = ""


@dataclass(frozen=True, slots=True)
class SimilarProposal:
    proposal: Proposal
    score: float
    shared_terms: list[str]
    likely_duplicate: bool
    same_cycle: bool  # else an approved proposal of an earlier cycle
    agency: str  # the proposing body (or the responsible agency written in)
    district: str  # the proposing district, empty when a provincial agency proposed
    reasons: list[Reason] = field(default_factory=list)  # the model's, largest part first


@dataclass(frozen=True, slots=True)
class DuplicatePair:
    a: Proposal  # always a proposal of the cycle
    b: Proposal  # of the cycle, or approved in an earlier cycle
    score: float
    shared_terms: list[str]
    same_cycle: bool
    reasons: list[Reason] = field(default_factory=list)


CANDIDATES = 30
"""Candidates of the text search the model judges for one query (at least; `k` more)."""

CANDIDATE_SCORE = 0.3
"""Text-search score from which a pair of the cycle's report is judged by the model (below
the text search's own threshold: the model, not the words, decides)."""

LEXICON_SECONDS = 60
"""How long a process keeps the lexicon read from the database before reading it again
(an edit in the admin reaches every process within this time)."""


# What each feature of the model says, when two projects agree on it and when they do not.
REASON_TEXTS = {
    "title_words": (gettext_lazy("the titles share words"), ""),
    "title_letters": (gettext_lazy("the titles are spelt alike"), ""),
    "content_words": (gettext_lazy("the objectives share words"), ""),
    "villages": (gettext_lazy("same village number"), gettext_lazy("different village numbers")),
    "village_names": (gettext_lazy("same village"), gettext_lazy("different villages")),
    "subdistricts": (gettext_lazy("same sub-district"), gettext_lazy("different sub-districts")),
    "districts": (gettext_lazy("same district"), gettext_lazy("different districts")),
    "provinces": (gettext_lazy("same province"), gettext_lazy("different provinces")),
    "routes": (gettext_lazy("same route or lane"), gettext_lazy("different routes or lanes")),
    "sites": (gettext_lazy("same site"), gettext_lazy("different sites")),
    "countries": (gettext_lazy("same country"), gettext_lazy("different countries")),
    "quantities": (gettext_lazy("same quantities"), gettext_lazy("different quantities")),
    "phases": (gettext_lazy("same phase"), gettext_lazy("different phases")),
    "years": (gettext_lazy("same year"), gettext_lazy("different years")),
    "numbers": (
        gettext_lazy("same numbers in the title"),
        gettext_lazy("different numbers in the title"),
    ),
    "actions": (gettext_lazy("same kind of work"), gettext_lazy("different kinds of work")),
    "objects": (
        gettext_lazy("same object of the work"),
        gettext_lazy("different objects of the work"),
    ),
    "targets": (gettext_lazy("same target group"), gettext_lazy("different target groups")),
}


ELSEWHERE_TEXTS = {
    "place_different": gettext_lazy("in another place"),
    "title_words_elsewhere": gettext_lazy("the titles share words, but in another place"),
}


def explain(reason: Reason) -> str:
    """A reason as a user reads it: "different villages (วัดไทร / ดงมะไฟ)", "the titles
    share words (0.82)"."""
    feature = reason.feature
    signal = reason.signal
    if feature in ELSEWHERE_TEXTS:
        text = ELSEWHERE_TEXTS[feature]
        if signal is None:
            return str(text)
    else:
        fact = feature.removesuffix("_same").removesuffix("_different")
        same, different = REASON_TEXTS.get(fact, (fact, fact))
        if signal is None:
            return _("%(what)s (%(value)s)") % {"what": same, "value": f"{reason.value:.2f}"}
        text = same if signal.direction > 0 else different
    mine, theirs = ", ".join(signal.mine), ", ".join(signal.theirs)
    values = mine if mine == theirs else f"{mine} / {theirs}"
    return _("%(what)s (%(value)s)") % {"what": text, "value": values}


def duplicate_threshold() -> float:
    """The probability from which two proposals are a likely duplicate (the model's)."""
    return packaged_model().threshold


_INDEX_CACHE: OrderedDict[int, tuple[tuple, SimilarityIndex]] = OrderedDict()
_INDEX_CACHE_SIZE = 8
_PREPARED_CACHE: dict[int, tuple[object, PreparedDocument]] = {}
_PREPARED_CACHE_SIZE = 20_000
_SIDE_CACHE: dict[int, tuple[object, Side]] = {}
_READING: list[tuple[float, Lexicon, tuple[str, ...]]] = []  # (read at, lexicon, provinces)
_LOCK = threading.Lock()


def clear_caches() -> None:
    """Forget the cycles' indexes, the proposals' words and facts, and the lexicon (tests;
    after bulk updates)."""
    with _LOCK:
        _INDEX_CACHE.clear()
        _PREPARED_CACHE.clear()
        _SIDE_CACHE.clear()
        _READING.clear()


def reading() -> tuple[Lexicon, tuple[str, ...]]:
    """The lexicon (the database's rows; the packaged file's while the table is empty) and
    the provinces' names, as texts are read with them; kept `LEXICON_SECONDS`."""
    now = time.monotonic()
    if _READING and now - _READING[0][0] < LEXICON_SECONDS:
        return _READING[0][1], _READING[0][2]
    rows = list(LexiconEntry.objects.values_list("kind", "term", "canonical"))
    lexicon = Lexicon.from_rows(rows) if rows else packaged_lexicon()
    provinces = tuple(Area.objects.provinces().values_list("name_th", flat=True))
    _READING[:] = [(now, lexicon, provinces)]
    return lexicon, provinces


def _side_of(title: str, text: str) -> Side:
    lexicon, provinces = reading()
    return read_side(title, text, lexicon, provinces)


def _proposal_side(proposal: Proposal) -> Side:
    """A saved proposal's side, kept by (id, updated_at) as its words are."""
    known = _SIDE_CACHE.get(proposal.pk) if proposal.pk else None
    if known is not None and known[0] == proposal.updated_at:
        return known[1]
    p = proposal
    side = _side_of(p.title, proposal_text(p.title, p.objectives, p.expected_outcomes, p.rationale))
    if proposal.pk:
        if len(_SIDE_CACHE) >= _PREPARED_CACHE_SIZE:
            _SIDE_CACHE.clear()
        _SIDE_CACHE[proposal.pk] = (proposal.updated_at, side)
    return side


def proposal_text(title: str, objectives: str, outcomes: str, rationale: str) -> str:
    """The text compared besides the title: objectives and expected outcomes.

    The rationale is left out unless both are empty: it is the programme's background,
    much the same for every road or training of an agency, and long to tokenise.
    """
    text = "\n".join(part for part in (objectives, outcomes) if part.strip())
    return text or rationale


def _candidate_proposals(cycle: Cycle):
    return Proposal.objects.filter(
        Q(cycle=cycle)
        | Q(cycle__fiscal_year_be__lt=cycle.fiscal_year_be, status=ProposalStatus.APPROVED)
    )


def cycle_index(cycle: Cycle) -> SimilarityIndex:
    """The index of a cycle's proposals and the approved proposals of earlier cycles.

    Kept in memory per process, keyed on (cycle, count, last change, highest id): any
    proposal added, edited, deleted or approved there makes a new one. Each proposal's
    words are kept by (id, updated_at), so a rebuild only tokenises what changed.
    (Changes made with ``QuerySet.update`` do not touch ``updated_at`` and are not seen.)
    """
    queryset = _candidate_proposals(cycle)
    stats = queryset.aggregate(n=Count("pk"), changed=Max("updated_at"), top=Max("pk"))
    key = (cycle.pk, stats["n"], stats["changed"], stats["top"])
    with _LOCK:
        cached = _INDEX_CACHE.get(cycle.pk)
        if cached is not None and cached[0] == key:
            _INDEX_CACHE.move_to_end(cycle.pk)
            return cached[1]
        rows = queryset.values_list(
            "pk", "updated_at", "title", "objectives", "expected_outcomes", "rationale"
        )
        documents = []
        for pk, updated_at, title, objectives, outcomes, rationale in rows.iterator():
            known = _PREPARED_CACHE.get(pk)
            if known is None or known[0] != updated_at:
                text = proposal_text(title, objectives, outcomes, rationale)
                known = (updated_at, prepare_document(title, text))
                if len(_PREPARED_CACHE) >= _PREPARED_CACHE_SIZE:
                    _PREPARED_CACHE.clear()
                _PREPARED_CACHE[pk] = known
            documents.append((pk, known[1]))
        index = SimilarityIndex()
        index.extend_prepared(documents)
        _INDEX_CACHE[cycle.pk] = (key, index)
        _INDEX_CACHE.move_to_end(cycle.pk)
        while len(_INDEX_CACHE) > _INDEX_CACHE_SIZE:
            _INDEX_CACHE.popitem(last=False)
        return index


def _agency_and_district(proposal: Proposal) -> tuple[str, str]:
    agency = proposal.proposer.name_th if proposal.proposer else proposal.responsible_agency
    area = proposal.area
    district = area.display_name if area.level == AreaLevel.DISTRICT else ""
    return agency, district


def _load(pks: Iterable[int]) -> dict[int, Proposal]:
    queryset = Proposal.objects.select_related("cycle", "proposer", "area")
    return queryset.in_bulk(list(pks))


def similar_proposals(
    proposal_or_draft: Proposal | Draft | str, cycle: Cycle, k: int = 10
) -> list[SimilarProposal]:
    """The proposals most like a proposal or a draft, most probably the same project first.

    Searched: the proposals of ``cycle`` (the proposal itself left out) and the
    proposals approved in earlier cycles. A ``str`` is a draft's title. The text search's
    best candidates are judged by the model; its probability is the score.
    """
    if isinstance(proposal_or_draft, str):
        proposal_or_draft = Draft(proposal_or_draft)
    if isinstance(proposal_or_draft, Draft):
        doc = prepare_document(proposal_or_draft.title, proposal_or_draft.text)
        side = _side_of(proposal_or_draft.title, proposal_or_draft.text)
        exclude: tuple[int, ...] = ()
    else:
        p = proposal_or_draft
        text = proposal_text(p.title, p.objectives, p.expected_outcomes, p.rationale)
        doc = prepare_document(p.title, text)
        side = _proposal_side(p)
        exclude = (p.pk,) if p.pk is not None else ()
    candidates = [
        m
        for m in cycle_index(cycle).query_prepared(doc, max(CANDIDATES, k) + k, exclude)
        if m.score > 0
    ]
    proposals = _load(m.id for m in candidates)
    model = packaged_model()
    results = []
    for match in candidates:
        other = proposals.get(match.id)
        if other is None:  # deleted since the index was built
            continue
        judged = model.judge(side, _proposal_side(other))
        agency, district = _agency_and_district(other)
        results.append(
            SimilarProposal(
                proposal=other,
                score=round(judged.probability, 4),
                shared_terms=match.shared_terms,
                likely_duplicate=judged.likely_duplicate,
                same_cycle=other.cycle_id == cycle.pk,
                agency=agency,
                district=district,
                reasons=judged.reasons,
            )
        )
    results.sort(key=lambda r: -r.score)
    return results[:k]


def duplicate_report(cycle: Cycle, threshold: float | None = None) -> list[DuplicatePair]:
    """Likely duplicate pairs of a cycle: two of its proposals, or one of its proposals and
    a proposal approved in an earlier cycle; most probable first. The text search's pairs
    from `CANDIDATE_SCORE` are judged by the model; kept from `threshold` (the model's)."""
    threshold = duplicate_threshold() if threshold is None else threshold
    pairs = cycle_index(cycle).duplicate_pairs(CANDIDATE_SCORE)
    proposals = _load({pk for pair in pairs for pk in (pair.id_a, pair.id_b)})
    model = packaged_model()
    report = []
    for pair in pairs:
        a, b = proposals.get(pair.id_a), proposals.get(pair.id_b)
        if a is None or b is None:
            continue
        if a.cycle_id != cycle.pk:
            a, b = b, a
        if a.cycle_id != cycle.pk:
            continue  # two proposals of earlier cycles
        judged = model.judge(_proposal_side(a), _proposal_side(b))
        if judged.probability < threshold:
            continue
        report.append(
            DuplicatePair(
                a,
                b,
                round(judged.probability, 4),
                pair.shared_terms,
                same_cycle=b.cycle_id == cycle.pk,
                reasons=judged.reasons,
            )
        )
    report.sort(key=lambda pair: -pair.score)
    return report
