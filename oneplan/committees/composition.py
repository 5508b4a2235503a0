"""Checking a committee's composition against the rules of its type (DOMAIN.md §2).

The rules are data on `CommitteeType.rules`, a list of objects, each with a `kind`:

* `{"kind": "one_role", "role": "chair"}` — exactly one member in this role;
* `{"kind": "min_role", "role": "secretary", "min": 1}` — at least so many;
* `{"kind": "every_province", "seat": "governor"}` — for a cluster's committee, a member of
  this seat for every member province (every governor sits on the ก.บ.ก.);
* `{"kind": "per_province", "seat": "mayor", "max": 1, "min": 1}` — per member province,
  between min and max members of this seat (`min` may be left out);
* `{"kind": "per_province_gender", "seat": "civil_society", "female": 1, "male": 1}` —
  per member province, this many women and men in the seat;
* `{"kind": "max_seats", "seat": "business", "max": 2}` — at most so many in all;
* `{"kind": "term", "seat": "agency_head", "years": 3}` — such a term runs at most so many
  years, and one that has ended is reported as expired;
* `{"kind": "min_seats", "seat": "mayor", "min": 2}` — at least so many in all (the ก.บ.ก.'s
  plan sub-committee: at least two mayors);
* `{"kind": "quorum", "numerator": 1, "denominator": 2, "more_than": false}` — a meeting
  needs at least (or, with `more_than`, more than) this share of the members present. It
  asks nothing of the composition; `quorum_of(rules, members)` reads it for a meeting.

`check(committee, today)` returns every finding with a message (in the user's language)
that says what the rule asks and what the committee has. A rule of unknown kind is itself
reported, never ignored.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from oneplan.core.thai import add_years, format_date_short

# The names of roles and seats in the findings (the user's language; Thai by default).
ROLE_TH = {
    "chair": gettext_lazy("Chair"),
    "vice_chair": gettext_lazy("Vice-chair"),
    "member": gettext_lazy("Member"),
    "secretary": gettext_lazy("Secretary"),
    "assistant_secretary": gettext_lazy("Assistant secretary"),
}
SEAT_TH = {
    "governor": gettext_lazy("Provincial governor"),
    "deputy_governor": gettext_lazy("Deputy provincial governor"),
    "agency_head": gettext_lazy("Head of a government agency"),
    "pao_chief": gettext_lazy("Chief executive of the provincial administrative organisation"),
    "mayor": gettext_lazy("Mayor"),
    "sao_chief": gettext_lazy("Chief executive of the sub-district administrative organisation"),
    "civil_society": gettext_lazy("Civil-society representative"),
    "business": gettext_lazy("Private-business representative"),
    "district_officer": gettext_lazy("District chief officer"),
    "official": gettext_lazy("Civil servant"),
    "expert": gettext_lazy("Expert"),
}


@dataclass(frozen=True)
class Seat:
    """What a rule needs of a member (a `Member` or anything shaped like it)."""

    role: str
    seat: str
    province: str | None = None  # the province code it stands for
    gender: str = ""
    term_start: date | None = None
    term_end: date | None = None
    name: str = ""


@dataclass(frozen=True)
class Finding:
    rule: str  # the rule's kind
    message: str  # in the user's language


def seat_of(member: Any) -> Seat:
    return Seat(
        role=member.role,
        seat=member.seat,
        province=member.province_id,
        gender=member.gender,
        term_start=member.term_start,
        term_end=member.term_end,
        name=str(member),
    )


def _seat(code: str) -> str:
    return str(SEAT_TH.get(code, code))


def check_seats(
    seats: Sequence[Seat],
    rules: Iterable[Mapping[str, Any]],
    *,
    provinces: Mapping[str, str] = {},  # code → name of the member provinces (a cluster)
    today: date,
) -> list[Finding]:
    """Every way the seats break the rules (empty when the composition is right)."""
    findings: list[Finding] = []
    for rule in rules:
        kind = str(rule.get("kind", ""))
        check = _CHECKS.get(kind)
        if check is None:
            findings.append(
                Finding(
                    kind or "?",
                    _("Unknown kind of rule “%(kind)s”; please check the committee type's data")
                    % {"kind": kind},
                )
            )
            continue
        findings.extend(check(seats, rule, provinces, today))
    return findings


def _one_role(seats, rule, provinces, today) -> list[Finding]:
    role = rule["role"]
    count = sum(s.role == role for s in seats)
    if count == 1:
        return []
    label = ROLE_TH.get(role, role)
    return [
        Finding(
            "one_role",
            _("There must be one %(role)s, but there are %(count)s")
            % {"role": label, "count": count},
        )
    ]


def _min_role(seats, rule, provinces, today) -> list[Finding]:
    role, least = rule["role"], int(rule.get("min", 1))
    count = sum(s.role == role for s in seats)
    if count >= least:
        return []
    label = ROLE_TH.get(role, role)
    return [
        Finding(
            "min_role",
            _("There must be at least %(least)s %(role)s, but there are %(count)s")
            % {"role": label, "least": least, "count": count},
        )
    ]


def _every_province(seats, rule, provinces, today) -> list[Finding]:
    seat = rule["seat"]
    present = {s.province for s in seats if s.seat == seat}
    missing = [name for code, name in sorted(provinces.items()) if code not in present]
    if not missing:
        return []
    return [
        Finding(
            "every_province",
            _(
                "The %(seat)s of every province in the cluster must be a member; missing:"
                " %(missing)s"
            )
            % {"seat": _seat(seat), "missing": " ".join(missing)},
        )
    ]


def _per_province(seats, rule, provinces, today) -> list[Finding]:
    seat = rule["seat"]
    most, least = rule.get("max"), rule.get("min")
    counts = Counter(s.province for s in seats if s.seat == seat)
    out = []
    for code, name in sorted(provinces.items()):
        n = counts.get(code, 0)
        if most is not None and n > int(most):
            out.append(
                Finding(
                    "per_province",
                    _("%(seat)s of %(province)s: at most %(most)s, but there are %(n)s")
                    % {"seat": _seat(seat), "province": name, "most": most, "n": n},
                )
            )
        if least is not None and n < int(least):
            out.append(
                Finding(
                    "per_province",
                    _("%(seat)s of %(province)s: at least %(least)s needed, but there are %(n)s")
                    % {"seat": _seat(seat), "province": name, "least": least, "n": n},
                )
            )
    return out


def _per_province_gender(seats, rule, provinces, today) -> list[Finding]:
    seat = rule["seat"]
    wanted = {"female": int(rule.get("female", 0)), "male": int(rule.get("male", 0))}
    words = {"female": _("women"), "male": _("men")}
    out = []
    for code, name in sorted(provinces.items()):
        counts = Counter(s.gender for s in seats if s.seat == seat and s.province == code)
        for gender, need in wanted.items():
            if counts.get(gender, 0) != need:
                out.append(
                    Finding(
                        "per_province_gender",
                        _(
                            "%(seat)s of %(province)s: %(need)s must be %(gender)s, but there"
                            " are %(n)s"
                        )
                        % {
                            "seat": _seat(seat),
                            "province": name,
                            "gender": words[gender],
                            "need": need,
                            "n": counts.get(gender, 0),
                        },
                    )
                )
    return out


def _max_seats(seats, rule, provinces, today) -> list[Finding]:
    seat, most = rule["seat"], int(rule["max"])
    n = sum(s.seat == seat for s in seats)
    if n <= most:
        return []
    return [
        Finding(
            "max_seats",
            _("%(seat)s: at most %(most)s, but there are %(n)s")
            % {"seat": _seat(seat), "most": most, "n": n},
        )
    ]


def _term(seats, rule, provinces, today) -> list[Finding]:
    seat, years = rule["seat"], int(rule["years"])
    out = []
    for s in seats:
        if s.seat != seat:
            continue
        if s.term_start is None or s.term_end is None:
            out.append(
                Finding(
                    "term",
                    _("%(name)s (%(seat)s) has no term of office given")
                    % {"name": s.name, "seat": _seat(seat)},
                )
            )
            continue
        limit = add_years(s.term_start, years)
        if s.term_end > limit:
            out.append(
                Finding(
                    "term",
                    _(
                        "%(name)s (%(seat)s) has a term longer than %(years)s years"
                        " (%(start)s – %(end)s)"
                    )
                    % {
                        "name": s.name,
                        "seat": _seat(seat),
                        "years": years,
                        "start": format_date_short(s.term_start),
                        "end": format_date_short(s.term_end),
                    },
                )
            )
        if s.term_end < today:
            out.append(
                Finding(
                    "term_expired",
                    _(
                        "The term of %(name)s (%(seat)s) ended on %(end)s; a new appointment is"
                        " needed"
                    )
                    % {"name": s.name, "seat": _seat(seat), "end": format_date_short(s.term_end)},
                )
            )
    return out


def _min_seats(seats, rule, provinces, today) -> list[Finding]:
    seat, least = rule["seat"], int(rule["min"])
    n = sum(s.seat == seat for s in seats)
    if n >= least:
        return []
    return [
        Finding(
            "min_seats",
            _("%(seat)s: at least %(least)s needed, but there are %(n)s")
            % {"seat": _seat(seat), "least": least, "n": n},
        )
    ]


def _quorum(seats, rule, provinces, today) -> list[Finding]:
    return []  # a rule of the meetings, read by `quorum_of`


_CHECKS = {
    "one_role": _one_role,
    "min_role": _min_role,
    "every_province": _every_province,
    "per_province": _per_province,
    "per_province_gender": _per_province_gender,
    "max_seats": _max_seats,
    "term": _term,
    "min_seats": _min_seats,
    "quorum": _quorum,
}

# What each kind needs besides `kind`: key → the type of its value.
_KEYS: dict[str, dict[str, type]] = {
    "one_role": {"role": str},
    "min_role": {"role": str, "min": int},
    "every_province": {"seat": str},
    "per_province": {"seat": str},
    "per_province_gender": {"seat": str},
    "max_seats": {"seat": str, "max": int},
    "term": {"seat": str, "years": int},
    "min_seats": {"seat": str, "min": int},
    "quorum": {"numerator": int, "denominator": int},
}
_OPTIONAL: dict[str, dict[str, type]] = {
    "min_role": {"min": int},
    "per_province": {"min": int, "max": int},
    "per_province_gender": {"female": int, "male": int},
    "quorum": {"more_than": bool},
}


def _type_word(kind_of: type) -> str:
    if kind_of is int:
        return _("a whole number")
    return _("true or false") if kind_of is bool else _("text")


def _key_problems(index: int, kind: str, rule: Mapping[str, Any]) -> list[str]:
    """What one known rule lacks or gives wrongly."""
    problems = []
    optional = _OPTIONAL.get(kind, {})
    needed = {k: t for k, t in _KEYS[kind].items() if k not in optional}
    for key, kind_of in {**needed, **optional}.items():
        value = rule.get(key)
        where = {"n": index, "kind": kind, "key": key}
        if value is None:
            if key in needed:
                problems.append(_("Rule %(n)s (%(kind)s): “%(key)s” is missing") % where)
            continue
        wrong_int = kind_of is int and (isinstance(value, bool) or value < 0)
        if not isinstance(value, kind_of) or wrong_int:
            problems.append(
                _("Rule %(n)s (%(kind)s): “%(key)s” must be %(what)s")
                % {**where, "what": _type_word(kind_of)}
            )
    if kind == "quorum" and isinstance(rule.get("denominator"), int):
        numerator, denominator = rule.get("numerator"), rule["denominator"]
        if denominator < 1 or not isinstance(numerator, int) or numerator > denominator:
            problems.append(
                _("Rule %(n)s (quorum): the share must be a fraction between 0 and 1")
                % {"n": index}
            )
    return problems


def rule_problems(rules: Any) -> list[str]:
    """Why a list of rules cannot be used (empty when it can): for the admin and the loader.
    Each problem names the rule by its position (1, 2, …)."""
    if not isinstance(rules, list):
        return [_("The rules must be a list of objects, each with a “kind”")]
    problems: list[str] = []
    quorums = 0
    for index, rule in enumerate(rules, 1):
        if not isinstance(rule, dict):
            problems.append(_("Rule %(n)s is not an object") % {"n": index})
            continue
        kind = rule.get("kind")
        if kind not in _CHECKS:
            problems.append(
                _("Rule %(n)s: unknown kind “%(kind)s” (known: %(known)s)")
                % {"n": index, "kind": kind, "known": ", ".join(sorted(_CHECKS))}
            )
            continue
        quorums += kind == "quorum"
        problems.extend(_key_problems(index, kind, rule))
    if quorums > 1:
        problems.append(_("Only one quorum rule may be given"))
    return problems


@dataclass(frozen=True)
class Quorum:
    """What a meeting needs: `required` of `members` present; `present` came."""

    members: int
    required: int
    present: int
    rule: str  # the rule in words (the user's language)

    @property
    def met(self) -> bool:
        return self.present >= self.required

    @property
    def message(self) -> str:
        if self.met:
            return (
                _(
                    "Quorum reached: %(present)s of %(members)s members present"
                    " (%(required)s needed: %(rule)s)"
                )
                % self.__dict__
            )
        return (
            _(
                "No quorum: %(present)s of %(members)s members present, %(required)s needed"
                " (%(rule)s)"
            )
            % self.__dict__
        )


def quorum_rule(rules: Iterable[Mapping[str, Any]]) -> Mapping[str, Any] | None:
    return next((r for r in rules if r.get("kind") == "quorum"), None)


def quorum_of(rules: Iterable[Mapping[str, Any]], members: int, present: int) -> Quorum | None:
    """The quorum of a meeting of `members` members with `present` present, or None when the
    type gives no quorum rule."""
    rule = quorum_rule(rules)
    if rule is None:
        return None
    numerator, denominator = int(rule["numerator"]), int(rule["denominator"])
    share = members * numerator
    if rule.get("more_than"):
        required = share // denominator + 1
        words = _("more than %(n)s/%(d)s of the members")
    else:
        required = -(-share // denominator)
        words = _("at least %(n)s/%(d)s of the members")
    if (numerator, denominator) == (1, 2):
        words = (
            _("more than half of the members")
            if rule.get("more_than")
            else _("at least half of the members")
        )
    return Quorum(
        members=members,
        required=min(required, members) if members else 0,
        present=present,
        rule=words % {"n": numerator, "d": denominator},
    )


def current_members(committee: Any):
    """The members who sit now: every row not renewed by a later one (history excluded)."""
    return committee.members.filter(renewed_by__isnull=True)


def check(committee: Any, today: date) -> list[Finding]:
    """The committee's composition against its type's rules."""
    seats = [seat_of(m) for m in current_members(committee)]
    if committee.cluster_id:
        provinces = {
            m.province_id: m.province.display_name
            for m in committee.cluster.memberships.select_related("province")
        }
    else:
        provinces = (
            {committee.area.province_code: committee.area.display_name} if committee.area_id else {}
        )
    return check_seats(seats, committee.type.rules or [], provinces=provinces, today=today)
