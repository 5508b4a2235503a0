"""Finding proposals that are the same project, or nearly (DOMAIN.md §4, rule 6): the text
search of `projects.text_similarity` (how texts are compared, and why the threshold is
what it is, is told there) applied to the proposals of a cycle and the approved proposals
of earlier cycles, with an index kept in memory per cycle."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Max, Q

from oneplan.areas.models import AreaLevel
from oneplan.cycles.models import Cycle
from oneplan.projects.models import Proposal, ProposalStatus
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


@dataclass(frozen=True, slots=True)
class DuplicatePair:
    a: Proposal  # always a proposal of the cycle
    b: Proposal  # of the cycle, or approved in an earlier cycle
    score: float
    shared_terms: list[str]
    same_cycle: bool


_INDEX_CACHE: OrderedDict[int, tuple[tuple, SimilarityIndex]] = OrderedDict()
_INDEX_CACHE_SIZE = 8
_PREPARED_CACHE: dict[int, tuple[object, PreparedDocument]] = {}
_PREPARED_CACHE_SIZE = 20_000
_LOCK = threading.Lock()


def clear_caches() -> None:
    """Forget the cycles' indexes and the proposals' words (tests; after bulk updates)."""
    with _LOCK:
        _INDEX_CACHE.clear()
        _PREPARED_CACHE.clear()


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
    """The proposals most like a proposal or a draft, best first.

    Searched: the proposals of ``cycle`` (the proposal itself left out) and the
    proposals approved in earlier cycles. A ``str`` is a draft's title.
    """
    if isinstance(proposal_or_draft, str):
        proposal_or_draft = Draft(proposal_or_draft)
    if isinstance(proposal_or_draft, Draft):
        doc = prepare_document(proposal_or_draft.title, proposal_or_draft.text)
        exclude: tuple[int, ...] = ()
    else:
        p = proposal_or_draft
        text = proposal_text(p.title, p.objectives, p.expected_outcomes, p.rationale)
        doc = prepare_document(p.title, text)
        exclude = (p.pk,) if p.pk is not None else ()
    matches = [m for m in cycle_index(cycle).query_prepared(doc, k, exclude) if m.score > 0]
    proposals = _load(m.id for m in matches)
    results = []
    for match in matches:
        other = proposals.get(match.id)
        if other is None:  # deleted since the index was built
            continue
        agency, district = _agency_and_district(other)
        results.append(
            SimilarProposal(
                proposal=other,
                score=match.score,
                shared_terms=match.shared_terms,
                likely_duplicate=match.score >= DUPLICATE_THRESHOLD,
                same_cycle=other.cycle_id == cycle.pk,
                agency=agency,
                district=district,
            )
        )
    return results


def duplicate_report(cycle: Cycle, threshold: float = DUPLICATE_THRESHOLD) -> list[DuplicatePair]:
    """Likely duplicate pairs of a cycle: two of its proposals, or one of its proposals and
    a proposal approved in an earlier cycle; best first."""
    pairs = cycle_index(cycle).duplicate_pairs(threshold)
    proposals = _load({pk for pair in pairs for pk in (pair.id_a, pair.id_b)})
    report = []
    for pair in pairs:
        a, b = proposals.get(pair.id_a), proposals.get(pair.id_b)
        if a is None or b is None:
            continue
        if a.cycle_id != cycle.pk:
            a, b = b, a
        if a.cycle_id != cycle.pk:
            continue  # two proposals of earlier cycles
        report.append(
            DuplicatePair(a, b, pair.score, pair.shared_terms, same_cycle=b.cycle_id == cycle.pk)
        )
    return report
