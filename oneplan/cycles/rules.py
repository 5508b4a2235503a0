"""Rules a regime keeps as data, each with a named default (DOMAIN.md §9).

Some rules of the planning process change with each government: which status of a plan
edition, a proposal or an action plan may follow which (the approval chains), the periods
the action plan's results are reported for, and the words of a project's title that make
its budget an investment. Each is a field of `Regime`, loaded from cycles/data/regimes.csv
and tuned by the national secretariat in the admin.

The app that owns a rule declares it (an `ApprovalChain`, `ReportPeriods` or `WordList`
with its named default: plans the edition chain, projects the proposal and action-plan
chains and the investment words, cycles the report periods) and registers the declaration
from its AppConfig.ready(). It then reads the rule through the declaration: `of(regime)` is
the regime's own value, or the named default when the regime has none (its field left
empty). Registering is also how the regime, which sits below plans and projects, checks
what the secretariat types without importing them: `Regime.clean` asks every registered
rule for its problems, and the admin shows each rule's default beside its field.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from oneplan.cycles.models import Regime

Chain = dict[str, tuple[str, ...]]


class RegimeRule(Protocol):
    field: str

    def problems(self, value: Any) -> list[str]: ...

    def describe_default(self) -> str: ...


def _own(regime: Regime | None, field: str) -> Any:
    """The regime's own value of a rule; None when there is no regime or the field is empty."""
    value = getattr(regime, field, None) if regime is not None else None
    return value or None


# --------------------------------------------------------------------------- approval chains


@dataclass(frozen=True)
class ApprovalChain:
    """Which status may follow which: {status: (next statuses)}; a status missing from the
    chain, or followed by nothing, is the last. Who may make a step is the permission
    policy's answer (oneplan.orgs.policy), not the chain's."""

    field: str
    statuses: tuple[str, ...]
    default: Mapping[str, tuple[str, ...]]

    def of(self, regime: Regime | None) -> Chain:
        """The regime's own chain, or the named default when it has none."""
        own = _own(regime, self.field)
        source = own if own is not None else self.default
        return {str(status): tuple(str(n) for n in nexts) for status, nexts in source.items()}

    def next_statuses(self, regime: Regime | None, status: str) -> tuple[str, ...]:
        return self.of(regime).get(str(status), ())

    def problems(self, value: Any) -> list[str]:
        if not value:
            return []
        if not isinstance(value, dict):
            return [_('Write the chain as {"status": ["next status", ...], ...}.')]
        known = ", ".join(self.statuses)
        out: list[str] = []
        for status, nexts in value.items():
            if status not in self.statuses:
                out.append(
                    _("Unknown status “%(status)s” (known: %(known)s).")
                    % {"status": status, "known": known}
                )
            if not isinstance(nexts, list) or not all(isinstance(n, str) for n in nexts):
                out.append(
                    _("The statuses after “%(status)s” must be a list of statuses.")
                    % {"status": status}
                )
                continue
            for following in nexts:
                if following not in self.statuses:
                    out.append(
                        _("Unknown status “%(status)s” (known: %(known)s).")
                        % {"status": following, "known": known}
                    )
                elif following == status:
                    out.append(_("“%(status)s” cannot follow itself.") % {"status": status})
        return out

    def describe_default(self) -> str:
        return "; ".join(
            f"{status} → {', '.join(str(n) for n in nexts) or '—'}"
            for status, nexts in self.default.items()
        )


# --------------------------------------------------------------------------- report periods

_CODE = re.compile(r"^[A-Za-z0-9_-]{1,20}$")


@dataclass(frozen=True)
class ReportPeriod:
    """A period the action plan's results are reported for: its code (in the report's
    address), its name in the report's title, and how many months of the fiscal year it
    covers (6: up to 31 March; 12: the whole year, up to 30 September)."""

    code: str
    name_th: str
    months: int
    name_en: str = ""

    @property
    def name(self) -> str:
        """The name in the language of the page (Thai unless English is chosen and given)."""
        if self.name_en and (get_language() or "").startswith("en"):
            return self.name_en
        return self.name_th

    def as_data(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name_th": self.name_th,
            "name_en": self.name_en,
            "months": self.months,
        }


@dataclass(frozen=True)
class ReportPeriods:
    """The periods of the results reports, in order."""

    field: str
    default: tuple[ReportPeriod, ...]

    def of(self, regime: Regime | None) -> tuple[ReportPeriod, ...]:
        """The regime's own periods, or the named default when it has none."""
        own = _own(regime, self.field)
        if own is None:
            return self.default
        return tuple(
            ReportPeriod(
                code=str(item["code"]),
                name_th=str(item["name_th"]),
                months=int(item["months"]),
                name_en=str(item.get("name_en", "")),
            )
            for item in own
        )

    def get(self, regime: Regime | None, code: str) -> ReportPeriod | None:
        return next((p for p in self.of(regime) if p.code == code), None)

    def problems(self, value: Any) -> list[str]:
        if not value:
            return []
        shape = _(
            'Write the periods as [{"code": "H1", "name_th": "รอบ 6 เดือน", "months": 6}, ...].'
        )
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            return [shape]
        out: list[str] = []
        seen: set[str] = set()
        for item in value:
            code, name, months = item.get("code"), item.get("name_th"), item.get("months")
            if not isinstance(code, str) or not _CODE.match(code):
                out.append(
                    _("A period's code is 1 to 20 letters, digits, “-” or “_” (not “%(code)s”).")
                    % {"code": code}
                )
            elif code in seen:
                out.append(_("The period code “%(code)s” is repeated.") % {"code": code})
            else:
                seen.add(code)
            if not isinstance(name, str) or not name.strip():
                out.append(shape)
            if not isinstance(item.get("name_en", ""), str):
                out.append(shape)
            if isinstance(months, bool) or not isinstance(months, int) or not 1 <= months <= 12:
                out.append(
                    _("A period covers 1 to 12 months of the fiscal year (not “%(months)s”).")
                    % {"months": months}
                )
        return out

    def describe_default(self) -> str:
        return "; ".join(f"{p.code}: {p.name_th} ({p.months})" for p in self.default)


# --------------------------------------------------------------------------- word lists


@dataclass(frozen=True)
class WordList:
    """A lexicon the secretariat edits: words (or phrases) to look for in a text."""

    field: str
    default: tuple[str, ...]

    def of(self, regime: Regime | None) -> tuple[str, ...]:
        """The regime's own words, or the named default when it has none."""
        own = _own(regime, self.field)
        return tuple(str(word) for word in own) if own is not None else self.default

    def problems(self, value: Any) -> list[str]:
        if not value:
            return []
        if not isinstance(value, list) or not all(
            isinstance(word, str) and word.strip() for word in value
        ):
            return [_('Write the words as a list: ["word", "another word", ...].')]
        return []

    def describe_default(self) -> str:
        return " ".join(self.default)


# --------------------------------------------------------------------------- code sets


@dataclass(frozen=True)
class CodeSet:
    """Which of a fixed set of codes a regime allows (the budget sources a proposal may name,
    ...): the regime's own list, or every code when it has none."""

    field: str
    codes: tuple[str, ...]

    def of(self, regime: Regime | None) -> tuple[str, ...]:
        own = _own(regime, self.field)
        if own is None:
            return self.codes
        return tuple(code for code in self.codes if code in own)

    def problems(self, value: Any) -> list[str]:
        if not value:
            return []
        if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
            return [_('Write the codes as a list: ["code", "another code", ...].')]
        unknown = [code for code in value if code not in self.codes]
        if unknown:
            return [
                _("Unknown codes: %(unknown)s (the codes: %(codes)s).")
                % {"unknown": ", ".join(unknown), "codes": ", ".join(self.codes)}
            ]
        return []

    def describe_default(self) -> str:
        return ", ".join(self.codes)


# --------------------------------------------------------------------------- rules as rows


class RegimeWithoutRules(ValidationError):
    """A regime with no rule of a kind in use (no plan-check rule, no eligibility rule)
    refuses to judge rather than pass everything: a ValidationError, so a message on the
    page and 400 in the API. Each kind names what it cannot do in `refusal` (with
    %(regime)s) under its own `refusal_code`: `plans.quality.NoCheckRules`,
    `projects.screening.NoEligibilityRules`."""

    refusal: Any = ""
    refusal_code = ""

    def __init__(self, regime_name: str, regime_code: str) -> None:
        super().__init__(
            str(self.refusal) % {"regime": regime_name or regime_code}, code=self.refusal_code
        )
        self.regime_code = regime_code


# --------------------------------------------------------------------------- the registry

_RULES: dict[str, RegimeRule] = {}


def register(rule: RegimeRule) -> None:
    """Declare a rule kept in the regime field `rule.field` (from an AppConfig.ready())."""
    known = _RULES.get(rule.field)
    if known is not None and known != rule:
        raise ImproperlyConfigured(f"Regime field {rule.field!r} is declared twice.")
    _RULES[rule.field] = rule


def registered() -> Sequence[RegimeRule]:
    return tuple(_RULES.values())


def rule_for(field: str) -> RegimeRule | None:
    return _RULES.get(field)


def problems_of(regime: Regime) -> dict[str, list[str]]:
    """Each registered rule's problems with the regime's value, by field."""
    found = {rule.field: rule.problems(getattr(regime, rule.field)) for rule in registered()}
    return {field: problems for field, problems in found.items() if problems}
