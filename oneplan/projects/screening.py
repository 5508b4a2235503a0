"""Automatic screening of project proposals (DOMAIN.md §4): advice with its evidence, never a
decision — a person decides (`services.decide`).

Everything a rule looks for is data of the cycle's regime (`EligibilityRule`, `Criterion`,
`Regime.top_priorities`), tuned by the national secretariat; nothing here names a Thai word
a rule needs. The sufficiency-economy score reads its words and kind of project from the
criterion's `params` ({"terms": [...], "tag": "..."}); `SUFFICIENCY_TERMS` and
`SUFFICIENCY_TAG` are only the defaults of a criterion without them.

Public API
----------
* `ProposalFacts` — what screening needs, from a saved proposal (`facts_of`) or from an unsaved
  draft (`facts_from_draft`).
* `screen(facts, regime, similar_approved=None) -> Screening` — pure: reads the regime's rules
  (or takes a compiled `RuleSet`, see `rules_for`) and writes nothing; a regime without a rule
  in use raises `NoEligibilityRules` (never "eligible").
* `weighted_score(auto_scores, reviewer_scores, criteria) -> Decimal | None` — pure.
* `screen_proposal(proposal, similar_approved=None) -> ScreeningResult` — screens a saved
  proposal and saves its result; the proposal's status is left alone.

Reading Thai text
-----------------
A text is normalised (`normalize_text`: zero-width characters dropped, NFC, whitespace
collapsed, Thai digits read as Arabic), lower-cased, split at spaces, and each phrase cut into
words by PyThaiNLP's newmm with its word list *plus every term, exception and prefix of the
rules*, so that a rule's phrase is a word the segmenter knows ("โครงการศึกษาดูงาน" reads
โครงการ|ศึกษาดูงาน, not โครง|การศึกษา|ดูงาน). The words are joined again without spaces
(officials space freely: "ประกาศ นียบัตร"), remembering where each word starts and ends. A
term matches only where it starts and ends on a word boundary, so a term is never found inside
another word ("สระ" is not in "อิสระ"). A boundary is also the joint of a compound the
dictionary lists whole when both halves are dictionary words of two letters or more
("ถนนลาดยาง" = ถนน + ลาดยาง, "การอบรม" = การ + อบรม).

Main purpose, and the verdict of a rule
---------------------------------------
The title and the opening of the first objective — its first `OPENING_WORDS` (8) words, where
it says what the project is for ("เพื่อจัดซื้อครุภัณฑ์...") — state the main purpose (*main
fields*); the rest of the objectives, the rationale, the expected outcomes, the benefits and
the outputs are secondary (a word deep in the first objective is in a subordinate clause:
"เพื่อพัฒนาระบบคมนาคม...ให้รองรับรถเก็บขยะ").
For each enabled rule, the *signals* of the main purpose are counted:

* one for any of its `terms` found in a main field (one however many terms),
* one for any kind of project (tag) of the proposal that is among the rule's `tags`,
* one for each field signal named in `params.signals` that holds (below).

The verdict is "ineligible" when the signals reach `params.needs` (1 unless set; the
sub-activity and micro-spot rules ask for 2), else "check" when there is any evidence at all —
fewer signals than needed, a term only in a secondary field, or one of `params.weak_terms`
(words too common to tell the main purpose, looked for in the title only) — else "ok".
Then, in this order:

* `params.max_verdict` caps the verdict ("check" for the road/water rule and for rule 6);
* `params.requires_issue_link`: the rule is satisfied ("ok") once the proposal is linked to a
  strategic issue (roads and water sources must serve one);
* exceptions: one of the rule's `exceptions` found in a main field — an exception written as a
  list needs all its words there (["วิจัย", "ปัญหา"]) — or a tag in `params.exception_tags`
  lifts the verdict to "ok", and the finding names what lifted it for the reviewer to confirm;
* the rules govern requests for provincial or cluster budget: a proposal funded through
  another channel gets at most "check".

`params.search = "main"` looks for terms in the main fields only.

Field signals: `title_prefix` — the title's first word (after "โครงการ") is one of
`params.title_prefixes`; `small_budget` — the total budget is above 0 and below
`params.min_budget`; `single_micro_location` — not the whole area, exactly one location, at a
level in `params.micro_levels` (village or sub-district unless set); `similar_approved` — the
caller passed approved projects judged similar (score at least `params.min_similarity`, by
default the similarity search's `duplicate_threshold()`).

Alignment: aligned when the proposal's strategic issue is ranked within the regime's
`top_priorities`.

Automatic criterion scores (0 to the criterion's highest score, each with its reason; only for
criteria marked automatic, others are left to the reviewers as None):

* necessity — issue ranked 1: 5/5; within the top priorities: 4/5; another issue: 2/5; none: 0;
* feasibility_time — 3/5 when the dates fall within the cycle's fiscal year, 2/5 when the
  negative impacts were analysed;
* feasibility_budget — 3/5 when a budget is requested, 1/5 when all of it is for the cycle's
  fiscal year, 1/5 when it is broken down by budget category (not all "other");
* linkage — 2/5 for a linked plan strategy, 2/5 for a plan indicator, 1/5 for a value-chain stage;
* sufficiency — the criterion's kind of project (community economy), or one of its words in a
  main field: 5/5; such a word elsewhere: 3/5; nothing found: None (for the reviewers).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cached_property, lru_cache
from itertools import chain
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from pythainlp.tokenize import word_dict_trie, word_tokenize
from pythainlp.util import Trie

from oneplan.areas.models import Area
from oneplan.core.thai import (
    fiscal_year_range,
    format_baht,
    normalize_text,
    parse_date,
    to_arabic_digits,
)
from oneplan.cycles.models import Cycle, Regime
from oneplan.cycles.rules import RegimeWithoutRules
from oneplan.plans.models import StrategicIssue
from oneplan.projects.models import (
    Criterion,
    EligibilityRule,
    ProjectTag,
    Proposal,
    ProposalStatus,
    ScreeningResult,
)
from oneplan.projects.similarity import duplicate_threshold, similar_proposals

__all__ = [
    "CHECK",
    "INELIGIBLE",
    "OK",
    "AlignmentFinding",
    "AutoScore",
    "EligibilityFinding",
    "ProposalFacts",
    "RuleSet",
    "Screening",
    "facts_from_draft",
    "facts_of",
    "rules_for",
    "screen",
    "screen_proposal",
    "weighted_score",
]

OK = "ok"
CHECK = "check"
INELIGIBLE = "ineligible"
_RANK = {OK: 0, CHECK: 1, INELIGIBLE: 2}
# Lazy, like FIELD_LABELS: str() them where they are read (the saved result holds text).
VERDICT_LABELS: dict[str, Any] = {
    OK: gettext_lazy("Pass"),  # ผ่าน
    CHECK: gettext_lazy("To be checked"),  # ควรตรวจสอบ
    INELIGIBLE: gettext_lazy("Not to be proposed"),  # ไม่ให้เสนอขอ
}

# The rules are about requests for provincial or cluster budget (slide 67).
BUDGET_CHANNELS = frozenset({"province", "cluster"})
# Defaults for a sufficiency criterion whose params name no words or kind of project.
SUFFICIENCY_TAG = "community_economy"
SUFFICIENCY_TERMS = ("พอเพียง", "พึ่งตนเอง", "พอประมาณ", "ทฤษฎีใหม่")
MICRO_LEVELS = ("village", "subdistrict")

FIELD_LABELS: dict[str, Any] = {
    "title": gettext_lazy("Project title"),  # ชื่อโครงการ
    "objective_1": gettext_lazy("First objective"),  # วัตถุประสงค์ข้อแรก
    "objectives": gettext_lazy("Other objectives"),  # วัตถุประสงค์ส่วนอื่น
    "rationale": gettext_lazy("Rationale"),  # หลักการและเหตุผล
    "expected_outcomes": gettext_lazy("Expected outcomes"),  # ผลลัพธ์ที่คาดว่าจะได้รับ
    "benefits": gettext_lazy("Expected benefits"),  # ประโยชน์ที่คาดว่าจะได้รับ
    "outputs": gettext_lazy("Targets/outputs"),  # เป้าหมาย/ผลผลิต
}


def _field_label(code: str) -> str:
    return str(FIELD_LABELS[code])


def _kind_of_project(name: str) -> str:
    return _("the kind of project “%(kind)s”") % {"kind": name}


MAIN_FIELDS = frozenset({"title", "objective_1"})
# The first objective states the main purpose in its opening words ("เพื่อจัดซื้อครุภัณฑ์...");
# a word further on is in a subordinate clause ("...ให้รถเก็บขยะเข้าถึงได้").
OPENING_WORDS = 8
PROJECT_WORD = "โครงการ"
_HUNDREDTH = Decimal("0.01")


# --------------------------------------------------------------------------- facts


@dataclass(frozen=True, slots=True)
class ProposalFacts:
    """Everything screening looks at, detached from the database."""

    title: str
    rationale: str = ""
    objectives: str = ""
    expected_outcomes: str = ""
    benefits: str = ""
    outputs: tuple[str, ...] = ()
    tags: frozenset[str] = frozenset()
    issue_priority: int | None = None
    issue_title: str = ""
    has_strategy: bool = False
    has_indicator: bool = False
    has_stage: bool = False
    start_date: date | None = None
    end_date: date | None = None
    # (fiscal year B.E., budget category, baht)
    budget_lines: tuple[tuple[int, str, Decimal], ...] = ()
    negative_impacts_analysed: bool = False
    location_count: int = 0
    location_levels: tuple[str, ...] = ()
    whole_area: bool = False
    proposer_kind: str = ""
    funding_channel: str = ""
    fiscal_year_be: int | None = None  # the cycle's

    @property
    def total_budget(self) -> Decimal:
        return sum((amount for _year, _category, amount in self.budget_lines), Decimal(0))

    @property
    def budget_by_category(self) -> dict[str, Decimal]:
        result: dict[str, Decimal] = {}
        for _year, category, amount in self.budget_lines:
            result[category] = result.get(category, Decimal(0)) + amount
        return result

    @property
    def budget_years(self) -> frozenset[int]:
        return frozenset(year for year, _category, amount in self.budget_lines if amount)

    @property
    def investment_share(self) -> Decimal | None:
        """Share of งบลงทุน in the total budget, 0-1 (None without a budget)."""
        total = self.total_budget
        if total <= 0:
            return None
        return self.budget_by_category.get("investment", Decimal(0)) / total


def facts_of(proposal: Proposal) -> ProposalFacts:
    """The facts of a saved proposal (prefetch tags, locations, outputs, budget_lines)."""
    issue = proposal.issue
    locations = list(proposal.locations.all())
    return ProposalFacts(
        title=proposal.title,
        rationale=proposal.rationale,
        objectives=proposal.objectives,
        expected_outcomes=proposal.expected_outcomes,
        benefits=proposal.benefits,
        outputs=tuple(o.description for o in proposal.outputs.all()),
        tags=frozenset(t.code for t in proposal.tags.all()),
        issue_priority=issue.priority if issue is not None else None,
        issue_title=issue.title if issue is not None else "",
        has_strategy=proposal.strategy_id is not None,
        has_indicator=proposal.indicator_id is not None,
        has_stage=proposal.stage_id is not None,
        start_date=proposal.start_date,
        end_date=proposal.end_date,
        budget_lines=tuple(
            (b.fiscal_year_be, b.category, b.amount) for b in proposal.budget_lines.all()
        ),
        negative_impacts_analysed=proposal.negative_impacts_analysed,
        location_count=len(locations),
        location_levels=tuple(a.level for a in locations),
        whole_area=proposal.whole_area,
        proposer_kind=proposal.proposer_kind,
        funding_channel=proposal.funding_channel,
        fiscal_year_be=proposal.cycle.fiscal_year_be,
    )


def _as_date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return parse_date(text)
    except ValueError:
        return None


def _as_amount(value: Any) -> Decimal:
    try:
        amount = Decimal(to_arabic_digits(str(value)).replace(",", "").strip() or "0")
    except InvalidOperation:
        return Decimal(0)
    return amount if amount.is_finite() and amount > 0 else Decimal(0)


def _int(value: Any, default: int) -> int:
    try:
        return int(to_arabic_digits(str(value)).strip()) if value not in (None, "") else default
    except ValueError:
        return default


def _draft_budget(value: Any, year: int) -> tuple[tuple[int, str, Decimal], ...]:
    """{(year, category): baht}, {category: baht} (the cycle's year) or [{fiscal_year_be, ...}].

    A line without a readable year counts for the cycle's year; lines of 0 baht are dropped.
    """
    lines: list[tuple[int, str, Decimal]] = []
    if isinstance(value, Mapping):
        for key, amount in value.items():
            if isinstance(key, tuple) and len(key) == 2:
                lines.append((_int(key[0], year), str(key[1]), _as_amount(amount)))
            else:
                lines.append((year, str(key), _as_amount(amount)))
    elif isinstance(value, Iterable) and not isinstance(value, str):
        for item in value:
            if isinstance(item, Mapping):
                lines.append(
                    (
                        _int(item.get("fiscal_year_be"), year),
                        str(item.get("category") or "other"),
                        _as_amount(item.get("amount")),
                    )
                )
    return tuple(line for line in lines if line[2] > 0)


def _pk(value: Any) -> Any:
    return getattr(value, "pk", value)


def facts_from_draft(data: Mapping[str, Any], cycle: Cycle) -> ProposalFacts:
    """The facts of an unsaved draft, keyed like the Proposal's fields.

    `outputs`: texts or {"description": ...}; `tags`: codes or ProjectTags; `issue`: a
    StrategicIssue or its pk (or give `issue_priority`); `strategy`, `indicator`, `stage`: any
    truthy value links; dates: `date`, ISO or Thai text; `budget`: see `_draft_budget`;
    `locations`: Areas or their codes.
    """
    issue_priority: int | None = _int(data.get("issue_priority"), 0) or None
    issue_title = str(data.get("issue_title") or "")
    issue = data.get("issue")
    if isinstance(issue, StrategicIssue):
        issue_priority, issue_title = issue.priority, issue.title
    elif issue not in (None, ""):
        try:
            row = StrategicIssue.objects.filter(pk=issue).values("priority", "title").first()
        except (TypeError, ValueError):
            row = None
        if row is not None:
            issue_priority, issue_title = row["priority"], row["title"]
    locations = [str(_pk(a)) for a in data.get("locations") or ()]
    levels = tuple(Area.objects.filter(pk__in=locations).values_list("level", flat=True))
    outputs = tuple(
        str(o.get("description", "")) if isinstance(o, Mapping) else str(o)
        for o in data.get("outputs") or ()
    )
    tags = frozenset(getattr(t, "code", t) for t in data.get("tags") or ())
    return ProposalFacts(
        title=str(data.get("title") or ""),
        rationale=str(data.get("rationale") or ""),
        objectives=str(data.get("objectives") or ""),
        expected_outcomes=str(data.get("expected_outcomes") or ""),
        benefits=str(data.get("benefits") or ""),
        outputs=tuple(o for o in outputs if o.strip()),
        tags=tags,
        issue_priority=issue_priority,
        issue_title=issue_title,
        has_strategy=bool(data.get("strategy")),
        has_indicator=bool(data.get("indicator")),
        has_stage=bool(data.get("stage")),
        start_date=_as_date(data.get("start_date")),
        end_date=_as_date(data.get("end_date")),
        budget_lines=_draft_budget(data.get("budget") or (), cycle.fiscal_year_be),
        negative_impacts_analysed=bool(data.get("negative_impacts_analysed")),
        location_count=len(levels),
        location_levels=levels,
        whole_area=bool(data.get("whole_area")),
        proposer_kind=str(data.get("proposer_kind") or ""),
        funding_channel=str(data.get("funding_channel") or ""),
        fiscal_year_be=cycle.fiscal_year_be,
    )


# --------------------------------------------------------------------------- reading Thai

_PHRASE_CACHE_SIZE = 200_000
_MIN_HALF = 2  # letters in each half of a compound split at its joint


def norm_term(term: str) -> str:
    """A rule's word as it is matched: normalised, lower-case, without spaces."""
    return normalize_text(term, arabic_digits=True).lower().replace(" ", "")


class Text:
    """A field's words, joined without spaces, with the positions where words meet."""

    __slots__ = ("_boundaries", "_words", "joined", "starts", "tokens")

    def __init__(self, tokens: Sequence[str], words: Trie) -> None:
        self.tokens = tuple(tokens)
        self._words = words
        starts: list[int] = []
        position = 0
        for token in self.tokens:
            starts.append(position)
            position += len(token)
        self.starts = starts
        self.joined = "".join(self.tokens)
        self._boundaries = {*starts, position}

    def _is_boundary(self, position: int) -> bool:
        if position in self._boundaries:
            return True
        i = bisect_right(self.starts, position) - 1
        token, k = self.tokens[i], position - self.starts[i]
        if k < _MIN_HALF or len(token) - k < _MIN_HALF:
            return False
        return token[:k] in self._words and token[k:] in self._words

    def contains(self, term: str) -> bool:
        """Whether `term` (as `norm_term` gives it) is here as a whole word or words."""
        if not term:
            return False
        start = self.joined.find(term)
        while start != -1:
            if self._is_boundary(start) and self._is_boundary(start + len(term)):
                return True
            start = self.joined.find(term, start + 1)
        return False

    def first_word(self, skip: str = PROJECT_WORD) -> str:
        for token in self.tokens:
            if token != skip and token.strip("()[]\"'“”.,-:"):
                return token
        return ""


class WordList(Trie):
    """PyThaiNLP's word list (its shared trie) plus the rules' words, read as one dictionary
    without copying the 62,000 words (a trie of them takes about 60 MB and seconds to build).
    Read-only: newmm asks it for `prefixes`, the compound test asks `in`."""

    def __init__(self, extra: Iterable[str]) -> None:  # no super(): nothing of its own
        self.base = word_dict_trie()
        self.extra = Trie(extra)
        # PyThaiNLP tests a dictionary's truth (len) on every call: count once.
        self._word_count = len(self.base) + sum(1 for w in self.extra if w not in self.base)

    def prefixes(self, text: str, start: int = 0) -> list[str]:
        found = self.base.prefixes(text, start)
        more = self.extra.prefixes(text, start)
        if more:
            found = sorted({*found, *more}, key=len)
        return found

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and (key in self.base or key in self.extra)

    def __iter__(self) -> Iterator[str]:
        return chain(self.base, (w for w in self.extra if w not in self.base))

    def __len__(self) -> int:
        return self._word_count

    def add(self, word: str) -> None:
        raise TypeError("WordList is read-only")

    def remove(self, word: str) -> None:
        raise TypeError("WordList is read-only")


class Segmenter:
    """newmm with PyThaiNLP's words and the rules' vocabulary; phrases are cached."""

    def __init__(self, vocabulary: Iterable[str]) -> None:
        self.vocabulary = tuple(sorted({v for v in vocabulary if v}))
        self.words = WordList(self.vocabulary)
        self._cache: dict[str, tuple[str, ...]] = {}

    def words_of(self, phrase: str) -> tuple[str, ...]:
        cached = self._cache.get(phrase)
        if cached is None:
            if len(self._cache) >= _PHRASE_CACHE_SIZE:
                self._cache.clear()
            tokens = word_tokenize(
                phrase, custom_dict=self.words, engine="newmm", keep_whitespace=False
            )
            cached = tuple(t for t in tokens if t.strip())
            self._cache[phrase] = cached
        return cached

    def read(self, text: str) -> Text:
        tokens: list[str] = []
        for phrase in _normalised(text).split(" "):
            if phrase:
                tokens.extend(self.words_of(phrase))
        return Text(tokens, self.words)


@lru_cache(maxsize=32_768)
def _normalised(text: str) -> str:
    return normalize_text(text, arabic_digits=True).lower()


@lru_cache(maxsize=4)
def segmenter_for(vocabulary: frozenset[str]) -> Segmenter:
    return Segmenter(vocabulary)


_OBJECTIVE_MARK = re.compile(r"(?:^[-•*]|(?:^|\s)\(?\d{1,2}[.)](?!\d))\s*")


def split_objectives(text: str) -> list[str]:
    """Objectives one by one: lines, and numbered items ("1." "2)") within a line."""
    items: list[str] = []
    for line in text.splitlines():
        line = normalize_text(line, arabic_digits=True)
        items.extend(part.strip() for part in _OBJECTIVE_MARK.split(line))
    return [item for item in items if item]


# --------------------------------------------------------------------------- rules as data


def _strings(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, Iterable):
        return ()
    return tuple(norm_term(str(v)) for v in value if str(v).strip())


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value] if isinstance(value, str) else []


def _number(value: Any) -> Decimal | None:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def _exceptions(value: Any) -> tuple[tuple[str, ...], ...]:
    if not isinstance(value, list):
        return ()
    result = []
    for item in value:
        words = _strings(item)
        if words:
            result.append(words)
    return tuple(result)


@dataclass(frozen=True, slots=True)
class RuleSpec:
    """An `EligibilityRule` compiled for matching."""

    code: str
    title_th: str
    terms: tuple[str, ...]
    weak_terms: tuple[str, ...]
    exceptions: tuple[tuple[str, ...], ...]
    tags: frozenset[str]
    exception_tags: frozenset[str]
    signals: tuple[str, ...]
    needs: int
    max_verdict: str
    main_only: bool
    requires_issue_link: bool
    title_prefixes: tuple[str, ...]
    min_budget: Decimal | None
    micro_levels: tuple[str, ...]
    min_similarity: float
    advice_th: str
    source: str

    @classmethod
    def of(cls, rule: EligibilityRule) -> RuleSpec:
        """Compile a rule; parameters the admin mistyped fall back to their defaults."""
        params = rule.params if isinstance(rule.params, dict) else {}
        max_verdict = str(params.get("max_verdict") or INELIGIBLE)
        needs = _number(params.get("needs"))
        return cls(
            code=rule.code,
            title_th=rule.title_th,
            terms=_strings(rule.terms),
            weak_terms=_strings(params.get("weak_terms", ())),
            exceptions=_exceptions(rule.exceptions),
            tags=frozenset(str(t) for t in _list(rule.tags)),
            exception_tags=frozenset(str(t) for t in _list(params.get("exception_tags"))),
            signals=tuple(str(s) for s in _list(params.get("signals"))),
            needs=max(1, int(needs)) if needs is not None else 1,
            max_verdict=max_verdict if max_verdict in _RANK else INELIGIBLE,
            main_only=params.get("search") == "main",
            requires_issue_link=bool(params.get("requires_issue_link")),
            title_prefixes=_strings(params.get("title_prefixes", ())),
            min_budget=_number(params.get("min_budget")),
            micro_levels=tuple(str(v) for v in _list(params.get("micro_levels"))) or MICRO_LEVELS,
            min_similarity=_min_similarity(params),
            advice_th=str(params.get("advice_th") or ""),
            source=rule.source,
        )

    def vocabulary(self) -> set[str]:
        words = {*self.terms, *self.weak_terms, *self.title_prefixes}
        for exception in self.exceptions:
            words.update(exception)
        return words


@dataclass(frozen=True, slots=True)
class CriterionSpec:
    code: str
    title_th: str
    weight: Decimal
    max_score: int
    automatic: bool
    terms: tuple[str, ...] = ()  # normalised words the automatic score looks for
    tag: str = ""  # a kind of project that earns the full score

    @classmethod
    def of(cls, criterion: Criterion) -> CriterionSpec:
        params = criterion.params or {}
        terms, tag = params.get("terms"), params.get("tag")
        if criterion.code == "sufficiency":
            terms = SUFFICIENCY_TERMS if terms is None else terms
            tag = SUFFICIENCY_TAG if tag is None else tag
        return cls(
            criterion.code,
            criterion.title_th,
            Decimal(criterion.weight),
            criterion.max_score,
            criterion.automatic,
            tuple(dict.fromkeys(norm_term(str(t)) for t in terms or () if str(t).strip())),
            str(tag or ""),
        )


@dataclass(frozen=True)
class RuleSet:
    """A regime's screening configuration, read once (`rules_for`)."""

    regime_code: str
    top_priorities: int
    rules: tuple[RuleSpec, ...]
    criteria: tuple[CriterionSpec, ...]
    tag_names: Mapping[str, str] = field(default_factory=dict)
    regime_name: str = ""

    @cached_property
    def segmenter(self) -> Segmenter:
        vocabulary: set[str] = set()
        for criterion in self.criteria:
            vocabulary.update(criterion.terms)
        for rule in self.rules:
            vocabulary |= rule.vocabulary()
        return segmenter_for(frozenset(vocabulary))


def rules_for(regime: Regime) -> RuleSet:
    """The regime's enabled rules, its criteria and its top priorities, as they are now."""
    return RuleSet(
        regime_code=regime.code,
        top_priorities=regime.top_priorities,
        rules=tuple(
            RuleSpec.of(r)
            for r in EligibilityRule.objects.filter(regime=regime, enabled=True).order_by(
                "order", "code"
            )
        ),
        criteria=tuple(
            CriterionSpec.of(c) for c in Criterion.objects.filter(regime=regime).order_by("order")
        ),
        tag_names=dict(ProjectTag.objects.values_list("code", "name_th")),
        regime_name=regime.name_th,
    )


class NoEligibilityRules(RegimeWithoutRules):
    """The regime has no eligibility rule in use: it refuses to screen rather than call
    every proposal eligible (a ValidationError: a message on the page, 400 in the API)."""

    refusal = gettext_lazy(
        "The regime “%(regime)s” has no eligibility rules in use, so it cannot screen "
        "a proposal. The national secretariat must add its rules, or create the regime "
        "from another one (“New regime from this one”) to copy them."
    )
    refusal_code = "no_eligibility_rules"

    def __init__(self, ruleset: RuleSet) -> None:
        super().__init__(ruleset.regime_name, ruleset.regime_code)


# --------------------------------------------------------------------------- findings


@dataclass(frozen=True, slots=True)
class TermHit:
    term: str
    field: str

    @property
    def main(self) -> bool:
        return self.field in MAIN_FIELDS

    def as_dict(self) -> dict[str, Any]:
        return {
            "term": self.term,
            "field": _field_label(self.field),
            "field_code": self.field,
            "main": self.main,
        }


@dataclass(frozen=True, slots=True)
class Signal:
    signal: str
    detail: str

    def as_dict(self) -> dict[str, str]:
        return {"signal": self.signal, "detail": self.detail}


@dataclass(frozen=True, slots=True)
class EligibilityFinding:
    rule: str
    title: str
    verdict: str
    message: str
    matches: tuple[TermHit, ...] = ()
    weak_matches: tuple[TermHit, ...] = ()
    tags: tuple[str, ...] = ()
    signals: tuple[Signal, ...] = ()
    lifted_by: tuple[str, ...] = ()
    source: str = ""

    @property
    def words(self) -> list[str]:
        """The words found, strong then weak (each once)."""
        return list(dict.fromkeys(h.term for h in (*self.matches, *self.weak_matches)))

    def as_dict(self) -> dict[str, Any]:
        evidence = [h.as_dict() for h in (*self.matches, *self.weak_matches)]
        evidence += [{"term": t, "field": _("Kind of project")} for t in self.tags]
        evidence += [{"term": s.detail, "field": ""} for s in self.signals]
        return {
            "kind": "eligibility",
            "rule": self.rule,
            "title": self.title,
            "verdict": self.verdict,
            "verdict_label": str(VERDICT_LABELS[self.verdict]),
            "message": self.message,
            "matches": [h.as_dict() for h in self.matches],
            "weak_matches": [h.as_dict() for h in self.weak_matches],
            "tags": list(self.tags),
            "signals": [s.as_dict() for s in self.signals],
            "lifted_by": list(self.lifted_by),
            "evidence": evidence,
            "source": self.source,
        }


@dataclass(frozen=True, slots=True)
class AlignmentFinding:
    aligned: bool
    issue_priority: int | None
    issue_title: str
    top_priorities: int
    message: str

    @property
    def verdict(self) -> str:
        return OK if self.aligned else CHECK

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": "alignment",
            "rule": "ALIGNMENT",
            "title": _("Alignment with the strategic issues ranked first"),
            "verdict": self.verdict,
            "verdict_label": str(VERDICT_LABELS[self.verdict]),
            "aligned": self.aligned,
            "issue_priority": self.issue_priority,
            "issue_title": self.issue_title,
            "top_priorities": self.top_priorities,
            "message": self.message,
            "evidence": [],
        }


@dataclass(frozen=True, slots=True)
class AutoScore:
    title: str
    score: Decimal | None
    max_score: int
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "score": None if self.score is None else str(self.score),
            "max_score": self.max_score,
            "reason": self.reason,
        }


@dataclass
class Screening:
    eligible: bool
    aligned: bool
    findings: list[EligibilityFinding | AlignmentFinding]
    auto_scores: dict[str, AutoScore]

    @property
    def eligibility(self) -> list[EligibilityFinding]:
        return [f for f in self.findings if isinstance(f, EligibilityFinding)]

    def finding(self, rule: str) -> EligibilityFinding | None:
        return next((f for f in self.eligibility if f.rule == rule), None)

    def as_dict(self) -> dict[str, Any]:
        return {
            "eligible": self.eligible,
            "aligned": self.aligned,
            "findings": [f.as_dict() for f in self.findings],
            "auto_scores": {code: s.as_dict() for code, s in self.auto_scores.items()},
        }


# --------------------------------------------------------------------------- screening


@dataclass(frozen=True, slots=True)
class _Field:
    code: str
    text: Text
    found: frozenset[str]  # the rules' words found here

    @property
    def main(self) -> bool:
        return self.code in MAIN_FIELDS


def _read_fields(facts: ProposalFacts, segmenter: Segmenter) -> list[_Field]:
    objectives = [segmenter.read(o).tokens for o in split_objectives(facts.objectives)]
    first = objectives[0] if objectives else ()
    rest = [*first[OPENING_WORDS:], *(t for o in objectives[1:] for t in o)]
    texts = [
        ("title", segmenter.read(facts.title)),
        ("objective_1", Text(first[:OPENING_WORDS], segmenter.words)),
        ("objectives", Text(rest, segmenter.words)),
        ("rationale", segmenter.read(facts.rationale)),
        ("expected_outcomes", segmenter.read(facts.expected_outcomes)),
        ("benefits", segmenter.read(facts.benefits)),
        ("outputs", segmenter.read(" ".join(facts.outputs))),
    ]
    fields = []
    for code, text in texts:
        if text.tokens:
            found = frozenset(
                t for t in segmenter.vocabulary if t in text.joined and text.contains(t)
            )
            fields.append(_Field(code, text, found))
    return fields


def _field_signal(
    name: str,
    rule: RuleSpec,
    facts: ProposalFacts,
    fields: list[_Field],
    similar: Sequence[tuple[str, str, float]],
) -> Signal | None:
    if name == "title_prefix":
        title = next((f.text for f in fields if f.code == "title"), None)
        first = title.first_word() if title is not None else ""
        if first and first in rule.title_prefixes:
            return Signal(name, _("the title starting with “%(word)s”") % {"word": first})
    elif name == "small_budget":
        total = facts.total_budget
        if rule.min_budget is not None and 0 < total < rule.min_budget:
            detail = _("a budget of %(budget)s baht, below %(minimum)s baht") % {
                "budget": format_baht(total),
                "minimum": format_baht(rule.min_budget),
            }
            return Signal(name, detail)
    elif name == "single_micro_location":
        levels = facts.location_levels
        if not facts.whole_area and facts.location_count == 1 and levels[0] in rule.micro_levels:
            return Signal(name, _single_place(levels[0]))
    elif name == "similar_approved":
        close = [s for s in similar if float(s[2]) >= rule.min_similarity]
        if close:
            listed = "; ".join(
                _("%(reference)s %(title)s (similarity %(score)s)")
                % {"reference": ref, "title": title, "score": f"{float(score):.2f}"}
                for ref, title, score in close[:5]
            )
            return Signal(name, _("likeness to approved projects: %(list)s") % {"list": listed})
    return None


def _single_place(level: str) -> str:
    """How a project in one small place is described, by the level of that place."""
    if level == "village":
        return _("work in a single village")
    if level == "subdistrict":
        return _("work in a single sub-district")
    return _("work in a single area of level %(level)s") % {"level": level}


def _lifts(
    rule: RuleSpec, facts: ProposalFacts, fields: list[_Field], tag_names: Mapping[str, str]
) -> list[str]:
    main = [f for f in fields if f.main]
    lifted = []
    for words in rule.exceptions:
        places = [next((f.code for f in main if word in f.found), None) for word in words]
        if all(places):
            where = _field_label(str(places[0]))
            lifted.append(f"{' + '.join(words)} ({where})")
    tags = sorted(rule.exception_tags & facts.tags)
    lifted += [_kind_of_project(tag_names.get(t, t)) for t in tags]
    return lifted


def _words_found(hits: Sequence[TermHit]) -> list[str]:
    """“ศึกษาดูงาน” (ชื่อโครงการ, เป้าหมาย/ผลผลิต): each word with its fields, leaving out a
    word found only inside a longer word that was found in the same fields ("ดูงาน")."""
    fields: dict[str, list[str]] = {}
    for hit in hits:
        fields.setdefault(hit.term, [])
        if hit.field not in fields[hit.term]:
            fields[hit.term].append(hit.field)
    shown = [
        term
        for term, where in fields.items()
        if not any(
            term != other and term in other and set(where) <= set(fields[other]) for other in fields
        )
    ]
    return [
        _("the word “%(word)s” (%(fields)s)")
        % {"word": term, "fields": ", ".join(_field_label(f) for f in fields[term])}
        for term in shown
    ]


def _evaluate(
    rule: RuleSpec,
    facts: ProposalFacts,
    fields: list[_Field],
    similar: Sequence[tuple[str, str, float]],
    tag_names: Mapping[str, str],
) -> EligibilityFinding:
    searched = [f for f in fields if f.main] if rule.main_only else fields
    hits = tuple(TermHit(t, f.code) for t in rule.terms for f in searched if t in f.found)
    weak = tuple(
        TermHit(t, f.code)
        for t in rule.weak_terms
        for f in fields
        if f.code == "title" and t in f.found
    )
    tags = tuple(sorted(rule.tags & facts.tags))
    signals = tuple(
        s for s in (_field_signal(n, rule, facts, fields, similar) for n in rule.signals) if s
    )
    count = int(any(h.main for h in hits)) + int(bool(tags)) + len(signals)
    verdict = INELIGIBLE if count >= rule.needs else CHECK if (hits or weak or count) else OK
    if _RANK[verdict] > _RANK[rule.max_verdict]:
        verdict = rule.max_verdict

    found = _words_found((*hits, *weak))
    found += [_kind_of_project(tag_names.get(t, t)) for t in tags]
    found += [s.detail for s in signals]
    evidence = _("Found %(items)s") % {"items": ", ".join(found)} if found else ""
    advice = rule.advice_th

    # The rule's title and advice are the regime's data (Thai), quoted as they are.
    lifted: list[str] = []
    if verdict == OK:
        message = _("No sign of “%(rule)s”") % {"rule": rule.title_th}
    elif rule.requires_issue_link and facts.issue_priority is not None:
        verdict = OK
        message = _(
            "%(evidence)s, and it is linked to strategic issue no. %(priority)s — look at the "
            "share of roads and water sources in the budget of the whole plan"
        ) % {"evidence": evidence, "priority": facts.issue_priority}
    elif lifted := _lifts(rule, facts, fields, tag_names):
        verdict = OK
        message = _(
            "%(evidence)s, but it is an exception, as %(lifted)s was found — the reviewer "
            "should confirm that the exception really applies"
        ) % {"evidence": evidence, "lifted": ", ".join(lifted)}
    elif verdict == INELIGIBLE:
        message = _(
            "Falls under “%(rule)s”: %(evidence)s, which shows the project's main purpose "
            "— %(advice)s"
        ) % {"rule": rule.title_th, "evidence": evidence, "advice": advice}
    elif rule.requires_issue_link:
        message = _("%(evidence)s, but it is not linked to a strategic issue — %(advice)s") % {
            "evidence": evidence,
            "advice": advice,
        }
    else:
        if count and count < rule.needs:
            why = _("(%(count)s of the %(needs)s signs needed)") % {
                "count": count,
                "needs": rule.needs,
            }
        elif count:
            why = ""
        elif hits:
            why = _("but not in the project title or the first objective")
        else:
            why = _("which tells little on its own")
        finding = _("May fall under “%(rule)s”: %(evidence)s %(why)s") % {
            "rule": rule.title_th,
            "evidence": evidence,
            "why": why,
        }
        message = _(
            "%(finding)s — the reviewer should check the project's main purpose %(advice)s"
        ) % {"finding": finding.rstrip(), "advice": advice}
        message = message.rstrip()
    if verdict != OK and facts.funding_channel and facts.funding_channel not in BUDGET_CHANNELS:
        verdict = CHECK
        message = _(
            "This project does not ask for provincial or cluster budget, so this is only an "
            "observation: %(message)s"
        ) % {"message": message}
    return EligibilityFinding(
        rule=rule.code,
        title=rule.title_th,
        verdict=verdict,
        message=message,
        matches=hits,
        weak_matches=weak,
        tags=tags,
        signals=signals,
        lifted_by=tuple(lifted),
        source=rule.source,
    )


def _alignment(facts: ProposalFacts, top: int) -> AlignmentFinding:
    priority = facts.issue_priority
    if priority is None:
        return AlignmentFinding(
            False,
            None,
            "",
            top,
            _(
                "Not linked to a strategic issue — a project asking for provincial or cluster "
                "budget must serve a strategic issue ranked among the first %(top)s"
            )
            % {"top": top},
        )
    if facts.issue_title:
        name = _("strategic issue no. %(priority)s “%(title)s”") % {
            "priority": priority,
            "title": facts.issue_title,
        }
    else:
        name = _("strategic issue no. %(priority)s") % {"priority": priority}
    if priority <= top:
        message = _("Serves %(issue)s, which is among the first %(top)s") % {
            "issue": name,
            "top": top,
        }
        return AlignmentFinding(True, priority, facts.issue_title, top, message)
    message = _(
        "Serves %(issue)s, which is not among the first %(top)s — link it to an issue ranked "
        "higher, or propose it through another source of budget"
    ) % {"issue": name, "top": top}
    return AlignmentFinding(False, priority, facts.issue_title, top, message)


# ------------------------------------------------------------------ automatic criterion scores

_Points = tuple[Decimal | None, str]  # a fraction of the highest score (0-1), and why


def _necessity(
    facts: ProposalFacts, top: int, fields: list[_Field], criterion: CriterionSpec
) -> _Points:
    p = facts.issue_priority
    if p is None:
        return Decimal(0), _("Not linked to a strategic issue")
    if p == 1:
        return Decimal(1), _("Supports strategic issue no. 1")
    values = {"priority": p, "top": top}
    if p <= top:
        reason = _("Supports strategic issue no. %(priority)s (among the first %(top)s)")
        return Decimal("0.8"), reason % values
    reason = _("Supports strategic issue no. %(priority)s (not among the first %(top)s)")
    return Decimal("0.4"), reason % values


def _feasibility_time(
    facts: ProposalFacts, top: int, fields: list[_Field], criterion: CriterionSpec
) -> _Points:
    reasons = []
    points = 0
    start, end = facts.start_date, facts.end_date
    if start is None or end is None:
        reasons.append(_("No start and end dates yet"))
    elif end < start:
        reasons.append(_("The end date is before the start date"))
    elif facts.fiscal_year_be is None:
        reasons.append(_("The cycle's fiscal year is unknown"))
    else:
        first, last = fiscal_year_range(facts.fiscal_year_be)
        year = {"year": facts.fiscal_year_be}
        if first <= start and end <= last:
            points += 3
            reasons.append(_("Done within fiscal year B.E. %(year)s") % year)
        else:
            reasons.append(_("Runs beyond fiscal year B.E. %(year)s") % year)
    if facts.negative_impacts_analysed:
        points += 2
        reasons.append(_("Negative impacts analysed"))
    else:
        reasons.append(_("Negative impacts not analysed yet"))
    return Decimal(points) / 5, "; ".join(reasons)


def _feasibility_budget(
    facts: ProposalFacts, top: int, fields: list[_Field], criterion: CriterionSpec
) -> _Points:
    total = facts.total_budget
    if total <= 0:
        return Decimal(0), _("No budget requested yet")
    points = 3
    reasons = [_("Asks for a budget of %(amount)s baht") % {"amount": format_baht(total)}]
    if facts.fiscal_year_be is not None and facts.budget_years == {facts.fiscal_year_be}:
        points += 1
        reasons.append(
            _("All of it for fiscal year B.E. %(year)s") % {"year": facts.fiscal_year_be}
        )
    else:
        reasons.append(_("Some of the budget is outside the cycle's fiscal year"))
    categories = set(facts.budget_by_category)
    if categories and categories != {"other"}:
        points += 1
        count = len(categories)
        reasons.append(
            ngettext(
                "Broken down into %(count)s budget category",
                "Broken down into %(count)s budget categories",
                count,
            )
            % {"count": count}
        )
    share = facts.investment_share
    if share is not None:
        percent = (share * 100).quantize(Decimal(1), ROUND_HALF_UP)
        reasons.append(_("Investment budget %(percent)s per cent") % {"percent": percent})
    return Decimal(points) / 5, "; ".join(reasons)


def _linkage(
    facts: ProposalFacts, top: int, fields: list[_Field], criterion: CriterionSpec
) -> _Points:
    linked = (facts.has_strategy, facts.has_indicator, facts.has_stage)
    points = 2 * facts.has_strategy + 2 * facts.has_indicator + facts.has_stage
    if not any(linked):
        return Decimal(0), _("Not linked to the plan's strategies, indicators or value chain")
    return Decimal(points) / 5, _linkage_reason(*linked)


def _linkage_reason(strategy: bool, indicator: bool, stage: bool) -> str:
    """Whole sentences for each combination (the Thai lists them without commas)."""
    if strategy and indicator and stage:
        return _("Linked to the plan's strategy, indicator and value-chain stage")
    if strategy and indicator:
        return _("Linked to the plan's strategy and indicator")
    if strategy and stage:
        return _("Linked to the plan's strategy and value-chain stage")
    if indicator and stage:
        return _("Linked to the plan's indicator and value-chain stage")
    if strategy:
        return _("Linked to the plan's strategy")
    if indicator:
        return _("Linked to the plan's indicator")
    return _("Linked to the plan's value-chain stage")


def _sufficiency(
    facts: ProposalFacts, top: int, fields: list[_Field], criterion: CriterionSpec
) -> _Points:
    if criterion.tag and criterion.tag in facts.tags:
        return Decimal(1), _(
            "Its kind of project is community economy, after the sufficiency economy philosophy"
        )
    found = [(t, f) for f in fields for t in criterion.terms if t in f.found]
    if not found:
        return None, _(
            "No word showing the sufficiency economy philosophy — for the reviewers to assess"
        )
    term, where = next(((t, f) for t, f in found if f.main), found[0])
    reason = _("Found “%(word)s” in the field “%(field)s”") % {
        "word": term,
        "field": _field_label(where.code),
    }
    return (Decimal(1) if where.main else Decimal("0.6")), reason


_AUTOMATIC = {
    "necessity": _necessity,
    "feasibility_time": _feasibility_time,
    "feasibility_budget": _feasibility_budget,
    "linkage": _linkage,
    "sufficiency": _sufficiency,
}


def _auto_scores(
    facts: ProposalFacts, ruleset: RuleSet, fields: list[_Field]
) -> dict[str, AutoScore]:
    scores = {}
    for c in ruleset.criteria:
        compute = _AUTOMATIC.get(c.code)
        if not c.automatic or compute is None:
            scores[c.code] = AutoScore(
                c.title_th, None, c.max_score, _("For the reviewers to score")
            )
            continue
        fraction, reason = compute(facts, ruleset.top_priorities, fields, c)
        score = None
        if fraction is not None:
            score = (Decimal(c.max_score) * fraction).quantize(_HUNDREDTH, ROUND_HALF_UP)
        scores[c.code] = AutoScore(c.title_th, score, c.max_score, reason)
    return scores


def screen(
    facts: ProposalFacts,
    regime: Regime | RuleSet,
    similar_approved: Sequence[tuple[str, str, float]] | None = None,
) -> Screening:
    """Screen one proposal against a regime's rules and criteria. Writes nothing.

    `similar_approved`: approved projects judged similar elsewhere, as (reference, title,
    score); they become the finding of a rule with the `similar_approved` signal.
    Raises `NoEligibilityRules` when the regime has no rule in use: it never says
    "eligible" without rules to judge by.
    """
    ruleset = regime if isinstance(regime, RuleSet) else rules_for(regime)
    if not ruleset.rules:
        raise NoEligibilityRules(ruleset)
    fields = _read_fields(facts, ruleset.segmenter)
    similar = list(similar_approved or ())
    eligibility = [
        _evaluate(rule, facts, fields, similar, ruleset.tag_names) for rule in ruleset.rules
    ]
    alignment = _alignment(facts, ruleset.top_priorities)
    return Screening(
        eligible=all(f.verdict != INELIGIBLE for f in eligibility),
        aligned=alignment.aligned,
        findings=[*eligibility, alignment],
        auto_scores=_auto_scores(facts, ruleset, fields),
    )


# --------------------------------------------------------------------------- weighted score


def _score_value(value: Any) -> Decimal | None:
    if isinstance(value, AutoScore):
        return value.score
    if isinstance(value, Mapping):
        value = value.get("score")
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def weighted_score(
    auto_scores: Mapping[str, Any],
    reviewer_scores: Mapping[str, Sequence[Decimal]],
    criteria: Iterable[Any],
) -> Decimal | None:
    """The proposal's total on a 0-100 scale (two decimals).

    For each criterion (anything with `code`, `weight` and `max_score`): the mean of the
    reviewers' scores where there are any, else the automatic score (an `AutoScore`, its
    `as_dict()`, a number or a numeric string). Each is taken as a share of the criterion's
    highest score (clamped to 0-1) and weighted; weights need not add up to 100, and a
    criterion without a positive weight or highest score counts for nothing. None while any
    criterion has no score at all, or when no criterion has weight.
    """
    weighted = Decimal(0)
    total_weight = Decimal(0)
    for criterion in criteria:
        given = [Decimal(str(s)) for s in reviewer_scores.get(criterion.code, ()) or ()]
        score = sum(given, Decimal(0)) / len(given) if given else None
        if score is None:
            score = _score_value(auto_scores.get(criterion.code))
        if score is None:
            return None
        weight = Decimal(str(criterion.weight))
        highest = Decimal(criterion.max_score)
        if weight <= 0 or highest <= 0:
            continue
        weighted += weight * min(max(score / highest, Decimal(0)), Decimal(1))
        total_weight += weight
    if total_weight <= 0:
        return None
    return (weighted * 100 / total_weight).quantize(_HUNDREDTH, ROUND_HALF_UP)


# --------------------------------------------------------------------------- saved proposals


def _min_similarity(params: dict) -> float:
    """The score from which an approved look-alike counts: the rule's own parameter when the
    secretariat set one, else the similarity search's "likely duplicate" threshold."""
    value = _number(params.get("min_similarity"))
    if value is not None:
        return float(value)
    return duplicate_threshold()


def approved_look_alikes(proposal: Proposal) -> list[tuple[str, str, float]]:
    """Approved projects (this cycle or earlier) the search finds like this proposal."""
    return [
        (m.proposal.reference_code, m.proposal.title, m.score)
        for m in similar_proposals(proposal, proposal.cycle)
        if m.proposal.status == ProposalStatus.APPROVED
    ]


def screen_proposal(
    proposal: Proposal, similar_approved: Sequence[tuple[str, str, float]] | None = None
) -> ScreeningResult:
    """Screen a saved proposal with its regime's rules as they are now; save the result.

    Without `similar_approved`, the similar-project search supplies the approved projects
    this one resembles (rule 6). The proposal's status is not changed: a person decides.
    """
    proposal = (
        Proposal.objects.select_related("cycle", "issue")
        .prefetch_related("tags", "locations", "outputs", "budget_lines")
        .get(pk=proposal.pk)
    )
    if similar_approved is None:
        similar_approved = approved_look_alikes(proposal)
    regime = Regime.objects.get(pk=proposal.cycle.regime_id)
    result = screen(facts_of(proposal), regime, similar_approved).as_dict()
    record, _created = ScreeningResult.objects.update_or_create(
        proposal=proposal,
        defaults={
            "eligible": result["eligible"],
            "aligned": result["aligned"],
            "findings": result["findings"],
            "auto_scores": result["auto_scores"],
        },
    )
    return record
