"""Who may be a civil-society representative for the Section 19 consultation, and how many.

The Section 19 consultation (ประชุมปรึกษาหารือตามมาตรา 19) hears civil-society
representatives (ผู้แทนภาคประชาสังคม) chosen per district, at most six per district,
and business representatives (ผู้แทนภาคธุรกิจเอกชน), at most ten in total, chosen by the
provincial chamber of commerce, the provincial federation of industries and the governor.
See /work/shared/DOMAIN.md, section 2.

This module is pure: no database, no clock, nothing of Django but gettext for its
messages. Everything it needs is passed in, and the rules themselves are data
(:class:`EligibilityRules`), because they change with each government;
:meth:`EligibilityRules.from_params` builds them from a JSON object.

* :func:`check_nominee` checks one nominee on the selection day and returns a
  :class:`Verdict` with *every* reason against, not just the first.
* :func:`check_district_selection` and :func:`check_business_selection` check the caps.

Every :class:`Finding` has a stable ``code`` and a specific ``message`` (Thai by default) with
Buddhist-Era dates (``oneplan.core.thai.format_date_short``, Arabic digits like the
rest of the UI; pass a message through ``thai.to_thai_digits`` for Thai digits).

Finding codes: ``age``, ``nationality``, ``registration``, ``community_leader``,
``position``, ``missing`` (data needed for a check is absent) for a nominee;
``district_cap``, ``business_cap`` and ``business_channel`` for the caps.

How the rules are read (assumptions to confirm with users)
----------------------------------------------------------
1. **Age** is counted in completed years on the selection day: a person born on
   1 June 2008 is 18 on 1 June 2026 (and 17 on 31 May 2026). A person born on 29 February
   has a birthday on 1 March in years without 29 February: born 29 Feb 2008, they are 18
   on 1 Mar 2026, not on 28 Feb 2026. (To confirm with users: the birthday itself counts.)
2. **One continuous year of house registration** "up to the selection day" is counted the
   same way as age: a run of registration that began on day S completes one year on the
   same calendar date a year later, and is enough if that date is on or before the
   selection day. In other words the run must have started no later than *one calendar
   year back from the selection day*, that day included: for a selection on 1 Jun 2026 the
   run must have started on or before 1 Jun 2025. When the selection day is 29 February,
   one year back is 28 February (a run begun on 1 March of the year before has not yet had
   its anniversary); a run begun on 29 February completes its year on 1 March.
   The rule is stored as ``min_registration_days`` (365 = one year). Each whole 365 days
   in the value is read as one calendar year (so leap days are absorbed: 730 = two years)
   and the remainder as plain days counted back after the years (90 = 90 days;
   400 = one year and 35 days). 0 means registered there on the selection day.
3. **Registration periods**: ``start`` and ``end`` are both days on which the person *was*
   registered there (``end`` inclusive; ``None`` = still registered). Periods in the same
   district *and* on the same side of the municipality line join up when they overlap or
   touch (one ends on the 10th, the next starts on the 11th); a missing day breaks the run.
   A period that starts after the selection day does not count. Moving across the
   municipality line inside the same district starts a new run. A period whose end is
   before its start, in the district and on the side being checked, is reported as a data
   error (``registration``) and otherwise ignored.
4. **Positions**: a disqualifying position held on the selection day disqualifies,
   including one whose last day (``end``, inclusive) *is* the selection day; one that ended
   the day before, or starts the day after, does not. A position code this module does not
   know is reported (``position``) rather than silently passed.
5. **Kamnan and village headmen** (กำนัน, ผู้ใหญ่บ้าน, ผู้ช่วยผู้ใหญ่บ้าน) are *not*
   disqualified by default. They are appointed under the Local Administration Act
   B.E. 2457 (พ.ร.บ.ลักษณะปกครองท้องที่) and paid a monthly *remuneration* (ค่าตอบแทน),
   not a salary; they are not civil servants (ข้าราชการ), LAO staff or state employees
   (พนักงานหรือลูกจ้างของรัฐ), and the regulation itself gives them a role as nominators
   outside municipalities, not as excluded persons. This is an interpretation that must be
   confirmed with the Ministry of Interior / users: if they should be excluded as holders
   of a "salaried state position", add ``"kamnan"``, ``"village_headman"`` and
   ``"assistant_village_headman"`` to ``disqualifying_positions`` (it is data, not code).
   Note the conflict of interest when a kamnan or headman nominates themself; that is a
   matter for the district officer's meeting, not for these rules.
6. **Nationality**: "ไทย", "สัญชาติไทย", "Thai", "Thailand", "TH" and "THA" (any case,
   spaces and zero-width characters ignored) mean Thai. A blank nationality is ``missing``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from datetime import date, timedelta
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from oneplan.core.thai import format_date_short, normalize_text

__all__ = [
    "BUSINESS_CHANNEL_LABELS",
    "DEFAULT_DISQUALIFYING_POSITIONS",
    "POSITION_LABELS",
    "EligibilityRules",
    "Finding",
    "Nominee",
    "PositionHeld",
    "Registration",
    "Verdict",
    "check_business_selection",
    "check_district_selection",
    "check_nominee",
    "completed_years",
    "latest_registration_start",
]

# --------------------------------------------------------------------------- vocabularies

POSITION_LABELS: dict[str, str] = {
    "political_position": gettext_lazy("holder of a political position"),
    "local_council_member": gettext_lazy("member of a local council"),
    "local_executive": gettext_lazy("local executive"),
    "party_official": gettext_lazy(
        "adviser, executive committee member or officer of a political party"
    ),
    "civil_servant": gettext_lazy("civil servant with a position or a regular salary"),
    "local_staff": gettext_lazy("local government officer"),
    "state_employee": gettext_lazy(
        "employee of the state or of a state enterprise with a regular salary"
    ),
    # Not disqualifying by default: see assumption 5 in the module docstring.
    "kamnan": gettext_lazy("kamnan (sub-district headman)"),
    "village_headman": gettext_lazy("village headman"),
    "assistant_village_headman": gettext_lazy("assistant village headman"),
}
"""Position kinds a nominee may hold, code -> label (Thai by default)."""

DEFAULT_DISQUALIFYING_POSITIONS: frozenset[str] = frozenset(
    {
        "political_position",
        "local_council_member",
        "local_executive",
        "party_official",
        "civil_servant",
        "local_staff",
        "state_employee",
    }
)

BUSINESS_CHANNEL_LABELS: dict[str, str] = {
    "chamber_of_commerce": gettext_lazy("Board of the provincial chamber of commerce"),
    "federation_of_industries": gettext_lazy("Board of the provincial federation of industries"),
    "governor": gettext_lazy("Provincial governor"),
}
"""Who chooses business representatives, code -> label (Thai by default)."""

_THAI_NATIONALITY = frozenset({"ไทย", "สัญชาติไทย", "thai", "th", "tha", "thailand"})
_YEAR_DAYS = 365

# --------------------------------------------------------------------------- rules


_FIELD_LABELS = {
    "min_age_years": "อายุขั้นต่ำเป็นปี",
    "min_registration_days": "ระยะเวลาขั้นต่ำที่มีชื่อในทะเบียนบ้านเป็นวัน",
    "require_thai_nationality": "ต้องมีสัญชาติไทยหรือไม่",
    "require_community_leader": "ต้องเป็นผู้นำชุมชนหรือไม่",
    "disqualifying_positions": "ตำแหน่งที่เป็นลักษณะต้องห้าม",
    "max_per_district": "จำนวนผู้แทนภาคประชาสังคมสูงสุดต่ออำเภอ",
    "max_business": "จำนวนผู้แทนภาคธุรกิจเอกชนสูงสุด",
    "business_channels": "ช่องทางการคัดเลือกผู้แทนภาคธุรกิจเอกชน",
}


def _type_name(value: object) -> str:
    if value is None:
        return "ค่าว่าง (null)"
    if isinstance(value, bool):
        return "ค่าจริง/เท็จ"
    if isinstance(value, int):
        return "จำนวนเต็ม"
    if isinstance(value, float):
        return "ทศนิยม"
    if isinstance(value, str):
        return "ข้อความ"
    if isinstance(value, Mapping):
        return "ชุดข้อมูล"
    if isinstance(value, list | tuple | set | frozenset):
        return "รายการ"
    return type(value).__name__


def _bad(name: str, expected: str, value: object) -> ValueError:
    return ValueError(
        f"กติกา '{name}' ({_FIELD_LABELS[name]}) ต้องเป็น{expected} แต่ได้{_type_name(value)} {value!r}"
    )


def _check_count(name: str, value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _bad(name, "จำนวนเต็ม", value)
    if value < 0:
        raise _bad(name, "จำนวนเต็มตั้งแต่ 0 ขึ้นไป", value)


def _check_flag(name: str, value: object) -> None:
    if not isinstance(value, bool):
        raise _bad(name, "ค่าจริง/เท็จ (true/false)", value)


def _codes(name: str, value: object) -> list[str]:
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise _bad(name, "รายการรหัส (list ของข้อความ)", value)
    items = list(value)
    for item in items:
        if not isinstance(item, str) or not item.strip():
            raise _bad(name, "รายการรหัสที่เป็นข้อความไม่ว่าง", item)
    return items


@dataclass(frozen=True)
class EligibilityRules:
    """The qualifications and caps in force; data, because they change with each government.

    ``min_registration_days``: 365 means one calendar year (see the module docstring,
    assumption 2). ``disqualifying_positions`` holds codes of :data:`POSITION_LABELS`.
    Invalid values raise ``ValueError`` with a Thai message, whichever way the rules are
    built; lists and sets are accepted and stored as ``frozenset``/``tuple``.
    """

    min_age_years: int = 18
    min_registration_days: int = 365
    require_thai_nationality: bool = True
    require_community_leader: bool = True
    disqualifying_positions: frozenset[str] = DEFAULT_DISQUALIFYING_POSITIONS
    max_per_district: int = 6
    max_business: int = 10
    business_channels: tuple[str, ...] = (
        "chamber_of_commerce",
        "federation_of_industries",
        "governor",
    )

    def __post_init__(self) -> None:
        for name in ("min_age_years", "min_registration_days", "max_per_district", "max_business"):
            _check_count(name, getattr(self, name))
        for name in ("require_thai_nationality", "require_community_leader"):
            _check_flag(name, getattr(self, name))

        positions = _codes("disqualifying_positions", self.disqualifying_positions)
        unknown = sorted(set(positions) - POSITION_LABELS.keys())
        if unknown:
            known = ", ".join(POSITION_LABELS)
            raise ValueError(
                f"กติกา 'disqualifying_positions' ({_FIELD_LABELS['disqualifying_positions']}) "
                f"มีรหัสตำแหน่งที่ไม่รู้จัก: {', '.join(unknown)} (รหัสที่ใช้ได้: {known})"
            )
        object.__setattr__(self, "disqualifying_positions", frozenset(positions))

        channels = _codes("business_channels", self.business_channels)
        if not channels:
            raise _bad("business_channels", "รายการที่มีอย่างน้อยหนึ่งช่องทาง", channels)
        if len(set(channels)) != len(channels):
            raise _bad("business_channels", "รายการที่ไม่มีช่องทางซ้ำกัน", channels)
        object.__setattr__(self, "business_channels", tuple(channels))

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> EligibilityRules:
        """Build rules from a JSON object; absent keys keep their default, unknown keys are
        ignored, and a value of the wrong type raises ``ValueError`` with a Thai message."""
        if not isinstance(params, Mapping):
            raise ValueError(f"กติกาการคัดเลือกต้องเป็นชุดข้อมูล (JSON object) แต่ได้{_type_name(params)}")
        names = {f.name for f in fields(cls)}
        return cls(**{key: value for key, value in params.items() if key in names})

    def to_params(self) -> dict[str, Any]:
        """The rules as a JSON-ready dict; ``from_params(rules.to_params()) == rules``."""
        return {
            "min_age_years": self.min_age_years,
            "min_registration_days": self.min_registration_days,
            "require_thai_nationality": self.require_thai_nationality,
            "require_community_leader": self.require_community_leader,
            "disqualifying_positions": sorted(self.disqualifying_positions),
            "max_per_district": self.max_per_district,
            "max_business": self.max_business,
            "business_channels": list(self.business_channels),
        }


# --------------------------------------------------------------------------- input and output


@dataclass(frozen=True)
class Registration:
    """A period of house registration (ทะเบียนบ้าน); ``end`` is the last day, inclusive."""

    district_code: str  # DOPA 4-digit district code
    inside_municipality: bool
    start: date
    end: date | None = None  # None: still registered there


@dataclass(frozen=True)
class PositionHeld:
    """A position held; ``start``/``end`` inclusive, ``None`` = open on that side."""

    kind: str  # a code of POSITION_LABELS
    start: date | None = None
    end: date | None = None  # None: still held


@dataclass(frozen=True)
class Nominee:
    birth_date: date | None
    nationality: str  # "ไทย" / "Thai" / "TH" all mean Thai
    registrations: tuple[Registration, ...]
    positions: tuple[PositionHeld, ...] = ()
    community_leader: bool = False


@dataclass(frozen=True)
class Finding:
    code: str
    message: str  # specific; in the user's language (Thai by default)


@dataclass(frozen=True)
class Verdict:
    eligible: bool
    reasons: tuple[Finding, ...]  # every reason against, not just the first


# --------------------------------------------------------------------------- date arithmetic


def completed_years(start: date, on: date) -> int:
    """Whole years from ``start`` to ``on``; an anniversary on 29 February falls on
    1 March in other years (born 29 Feb 2008: 17 on 28 Feb 2026, 18 on 1 Mar 2026)."""
    return on.year - start.year - ((on.month, on.day) < (start.month, start.day))


def _add_months(d: date, months: int) -> date:
    """``d`` plus whole months; a day the month lacks rolls to the 1st of the next month."""
    year, month0 = divmod(d.year * 12 + d.month - 1 + months, 12)
    try:
        return date(year, month0 + 1, d.day)
    except ValueError:  # 29-31 in a shorter month, which is never December
        return date(year, month0 + 2, 1)


def _age_parts(birth: date, on: date) -> tuple[int, int, int]:
    """Completed years, months and days from ``birth`` to ``on`` (``birth <= on``)."""
    months = (on.year - birth.year) * 12 + on.month - birth.month - (on.day < birth.day)
    days = (on - _add_months(birth, months)).days
    return months // 12, months % 12, days


def latest_registration_start(selection_date: date, min_days: int) -> date | None:
    """The last day a continuous registration may have begun to satisfy ``min_days`` on
    ``selection_date`` (both days included); ``None`` if that is before 1 Jan A.D. 1.

    Whole 365s in ``min_days`` are calendar years counted back like age (one year before
    29 Feb is 28 Feb), the remainder plain days: see the module docstring, assumption 2.
    """
    years, days = divmod(min_days, _YEAR_DAYS)
    try:
        edge = selection_date - timedelta(days=days)
    except OverflowError:
        return None
    year = edge.year - years
    if year < date.min.year:
        return None
    try:
        return date(year, edge.month, edge.day)
    except ValueError:  # 29 February in a common year
        return date(year, 2, 28)


def _years(n: int) -> str:
    return ngettext("%(n)s year", "%(n)s years", n) % {"n": n}


def _months(n: int) -> str:
    return ngettext("%(n)s month", "%(n)s months", n) % {"n": n}


def _days(n: int) -> str:
    return ngettext("%(n)s day", "%(n)s days", n) % {"n": n}


def _period_text(min_days: int) -> str:
    years, days = divmod(min_days, _YEAR_DAYS)
    parts = [_years(years)] if years else []
    if days or not years:
        parts.append(_days(days))
    return " ".join(parts)


def _d(d: date) -> str:
    return format_date_short(d)


# --------------------------------------------------------------------------- nominee checks


def _check_age(nominee: Nominee, on: date, rules: EligibilityRules) -> list[Finding]:
    birth = nominee.birth_date
    if birth is None:
        return [
            Finding(
                "missing", _("The nominee's date of birth is missing, so the age cannot be checked")
            )
        ]
    if birth > on:
        return [
            Finding(
                "age",
                _(
                    "The date of birth (%(birth)s) is after the selection day (%(day)s): the date"
                    " of birth is wrong"
                )
                % {"birth": _d(birth), "day": _d(on)},
            )
        ]
    if completed_years(birth, on) >= rules.min_age_years:
        return []
    years, months, days = _age_parts(birth, on)
    try:
        when = _(" (born %(birth)s, of age on %(date)s)") % {
            "birth": _d(birth),
            "date": _d(_add_months(birth, 12 * rules.min_age_years)),
        }
    except ValueError:  # beyond year 9999
        when = ""
    age = (
        _years(years)
        + (f" {_months(months)}" if months else "")
        + (f" {_days(days)}" if days else "")
    )
    return [
        Finding(
            "age",
            _(
                "Aged %(age)s on the selection day (%(day)s); the age must be at least %(least)s"
                " full years%(when)s"
            )
            % {"age": age, "day": _d(on), "least": rules.min_age_years, "when": when},
        )
    ]


def _check_nationality(nominee: Nominee, rules: EligibilityRules) -> list[Finding]:
    if not rules.require_thai_nationality:
        return []
    raw = nominee.nationality or ""
    text = normalize_text(raw).replace(" ", "").casefold()
    if not text:
        return [
            Finding(
                "missing",
                _(
                    "The nationality is missing, so it cannot be checked"
                    " (Thai nationality is required)"
                ),
            )
        ]
    if text in _THAI_NATIONALITY:
        return []
    return [
        Finding(
            "nationality",
            _("Nationality '%(nationality)s': Thai nationality is required")
            % {"nationality": normalize_text(raw)},
        )
    ]


def _side(inside: bool) -> str:
    return _("inside the municipality") if inside else _("outside the municipality")


def _runs(periods: list[Registration]) -> list[tuple[date, date | None]]:
    """Join overlapping or touching periods into continuous runs, in order of start."""
    runs: list[tuple[date, date | None]] = []
    for period in sorted(periods, key=lambda p: p.start):
        if runs:
            start, end = runs[-1]
            if end is None or (period.start - end).days <= 1:
                if end is not None and (period.end is None or period.end > end):
                    runs[-1] = (start, period.end)
                continue
        runs.append((period.start, period.end))
    return runs


def _check_registration(
    nominee: Nominee, district: str, inside: bool, on: date, rules: EligibilityRules
) -> list[Finding]:
    if not nominee.registrations:
        return [
            Finding(
                "missing",
                _("There is no house registration, so the time registered cannot be checked"),
            )
        ]

    area = _("district %(code)s, %(side)s") % {"code": district, "side": _side(inside)}
    period = _period_text(rules.min_registration_days)
    here, findings, other_side_on_day = _registrations_there(nominee, district, inside, on, area)

    run = next(
        (r for r in _runs(here) if r[0] <= on and (r[1] is None or r[1] >= on)),
        None,
    )
    need = _(
        "one must be registered there without a break for at least %(period)s up to the"
        " selection day"
    ) % {"period": period}
    if run is None:
        findings.append(_not_registered(here, inside, on, other_side_on_day, area, need))
        return findings

    too_short = _too_short(run, on, rules, area, period, need)
    if too_short is not None:
        findings.append(too_short)
    return findings


def _registrations_there(
    nominee: Nominee, district: str, inside: bool, on: date, area: str
) -> tuple[list[Registration], list[Finding], bool]:
    """The nominee's periods in the district and side that began by the day, the findings on
    wrong periods there, and whether the nominee was on the other side on the day."""
    findings: list[Finding] = []
    here: list[Registration] = []
    other_side_on_day = False
    for reg in nominee.registrations:
        if _norm_code(reg.district_code) != district:
            continue
        if reg.inside_municipality != inside:
            if reg.start <= on and (reg.end is None or reg.end >= on):
                other_side_on_day = True
        elif reg.end is not None and reg.end < reg.start:
            findings.append(
                Finding(
                    "registration",
                    _(
                        "The house registration in %(area)s is wrong: its end (%(end)s) is"
                        " before its start (%(start)s)"
                    )
                    % {"area": area, "end": _d(reg.end), "start": _d(reg.start)},
                )
            )
        elif reg.start <= on:  # a period that begins after the selection day does not count
            here.append(reg)
    return here, findings, other_side_on_day


def _not_registered(
    here: list[Registration],
    inside: bool,
    on: date,
    other_side_on_day: bool,
    area: str,
    need: str,
) -> Finding:
    """Not registered there on the day, with when the registration ended, or that the
    nominee was on the other side."""
    detail = ""
    ended = [r[1] for r in _runs(here) if r[1] is not None and r[1] < on]
    if ended:
        detail = _(" (the registration there ended on %(date)s)") % {"date": _d(max(ended))}
    elif other_side_on_day:
        other = _side(not inside)
        detail = _(" (registered %(side)s of the same district, which does not count)") % {
            "side": other
        }
    return Finding(
        "registration",
        _("Not registered in %(area)s on the selection day (%(day)s)%(detail)s; %(need)s")
        % {"area": area, "day": _d(on), "detail": detail, "need": need},
    )


def _too_short(
    run: tuple[date, date | None],
    on: date,
    rules: EligibilityRules,
    area: str,
    period: str,
    need: str,
) -> Finding | None:
    """A finding when the run that covers the day began too late, or None."""
    latest = latest_registration_start(on, rules.min_registration_days)
    if latest is not None and run[0] <= latest:
        return None
    since = (
        _("one must be registered there since %(date)s or earlier") % {"date": _d(latest)}
        if latest is not None
        else need
    )
    return Finding(
        "registration",
        _(
            "Registered in %(area)s without a break since %(start)s, less than"
            " %(period)s on the selection day (%(day)s); %(since)s"
        )
        % {
            "area": area,
            "start": _d(run[0]),
            "period": period,
            "day": _d(on),
            "since": since,
        },
    )


def _check_community_leader(nominee: Nominee, rules: EligibilityRules) -> list[Finding]:
    if not rules.require_community_leader or nominee.community_leader:
        return []
    return [
        Finding(
            "community_leader",
            _("Not a community leader under the law on community organisation councils"),
        )
    ]


def _check_positions(nominee: Nominee, on: date, rules: EligibilityRules) -> list[Finding]:
    findings: list[Finding] = []
    for held in nominee.positions:
        if held.kind not in POSITION_LABELS:
            findings.append(
                Finding(
                    "position",
                    _(
                        "Unknown kind of position '%(kind)s', so the disqualifications cannot be"
                        " checked"
                    )
                    % {"kind": held.kind},
                )
            )
            continue
        if held.kind not in rules.disqualifying_positions:
            continue
        label = POSITION_LABELS[held.kind]
        if held.start is not None and held.end is not None and held.end < held.start:
            findings.append(
                Finding(
                    "position",
                    _(
                        "The record of the position “%(position)s” is wrong: its end (%(end)s) is"
                        " before its start (%(start)s), so the disqualifications cannot be checked"
                    )
                    % {"position": label, "end": _d(held.end), "start": _d(held.start)},
                )
            )
            continue
        if (held.start is None or held.start <= on) and (held.end is None or held.end >= on):
            if held.end is None:
                until = ""
            elif held.end == on:
                until = _(
                    " (the last day in the position is the selection day, so it still counts as"
                    " held)"
                )
            else:
                until = _(" (held until %(date)s)") % {"date": _d(held.end)}
            findings.append(
                Finding(
                    "position",
                    _(
                        "Holds the disqualifying position “%(position)s” on the selection day"
                        " (%(day)s)%(until)s"
                    )
                    % {"position": label, "day": _d(on), "until": until},
                )
            )
    return findings


def _norm_code(code: str) -> str:
    return normalize_text(code or "", arabic_digits=True)


def check_nominee(
    nominee: Nominee,
    *,
    district_code: str,
    inside_municipality: bool,
    selection_date: date,
    rules: EligibilityRules = EligibilityRules(),
) -> Verdict:
    """May ``nominee`` represent civil society for ``district_code`` (inside or outside the
    municipality) on ``selection_date``? Returns every reason against, in a fixed order:
    age, nationality, registration, community leader, positions."""
    district = _norm_code(district_code)
    reasons = [
        *_check_age(nominee, selection_date, rules),
        *_check_nationality(nominee, rules),
        *_check_registration(nominee, district, inside_municipality, selection_date, rules),
        *_check_community_leader(nominee, rules),
        *_check_positions(nominee, selection_date, rules),
    ]
    return Verdict(eligible=not reasons, reasons=tuple(reasons))


# --------------------------------------------------------------------------- caps


def _count(what: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"จำนวนที่คัดเลือกของ {what} ต้องเป็นจำนวนเต็มตั้งแต่ 0 ขึ้นไป แต่ได้ {value!r}")
    return value


def check_district_selection(
    selected_by_district: Mapping[str, int],
    rules: EligibilityRules = EligibilityRules(),
) -> list[Finding]:
    """Districts that selected more civil-society representatives than ``max_per_district``.

    District codes are normalised (Thai digits, spaces), and counts of the same district
    added up. A count that is not a non-negative integer raises ``ValueError``.
    """
    totals: dict[str, int] = {}
    for code, count in selected_by_district.items():
        key = _norm_code(code)
        totals[key] = totals.get(key, 0) + _count(f"อำเภอรหัส {key}", count)
    cap = rules.max_per_district
    return [
        Finding(
            "district_cap",
            _(
                "District %(code)s selected %(count)s civil-society representatives, %(over)s"
                " more than allowed (at most %(cap)s per district)"
            )
            % {"code": code, "count": count, "cap": cap, "over": count - cap},
        )
        for code, count in sorted(totals.items())
        if count > cap
    ]


def _channel_label(code: str) -> str:
    return str(BUSINESS_CHANNEL_LABELS.get(code, code))


def check_business_selection(
    selected_by_channel: Mapping[str, int],
    rules: EligibilityRules = EligibilityRules(),
) -> list[Finding]:
    """Business representatives chosen through a channel the rules do not name, and a total
    (all channels, known or not) above ``max_business``."""
    counts = {
        code: _count(f"ช่องทาง '{code}'", count) for code, count in selected_by_channel.items()
    }
    findings = [
        Finding(
            "business_channel",
            _(
                "Unknown channel for choosing business representatives '%(code)s' (%(count)s);"
                " the channels set are: %(channels)s"
            )
            % {
                "code": code,
                "count": count,
                "channels": ", ".join(map(_channel_label, rules.business_channels)),
            },
        )
        for code, count in counts.items()
        if code not in rules.business_channels
    ]
    total = sum(counts.values())
    if total > rules.max_business:
        detail = ", ".join(
            _("%(channel)s: %(n)s") % {"channel": _channel_label(c), "n": n}
            for c, n in counts.items()
            if n
        )
        findings.append(
            Finding(
                "business_cap",
                _(
                    "%(total)s business representatives were selected in all, %(over)s more than"
                    " allowed (at most %(most)s) (%(detail)s)"
                )
                % {
                    "total": total,
                    "most": rules.max_business,
                    "over": total - rules.max_business,
                    "detail": detail,
                },
            )
        )
    return findings
