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
  years, and one that has ended is reported as expired.

`check(committee, today)` returns every finding with a Thai message that says what the rule
asks and what the committee has. A rule of unknown kind is itself reported, never ignored.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from oneplan.core.thai import format_date_short

ROLE_TH = {
    "chair": "ประธานกรรมการ",
    "vice_chair": "รองประธานกรรมการ",
    "member": "กรรมการ",
    "secretary": "กรรมการและเลขานุการ",
    "assistant_secretary": "ผู้ช่วยเลขานุการ",
}
SEAT_TH = {
    "governor": "ผู้ว่าราชการจังหวัด",
    "deputy_governor": "รองผู้ว่าราชการจังหวัด",
    "agency_head": "หัวหน้าส่วนราชการ",
    "pao_chief": "นายกองค์การบริหารส่วนจังหวัด",
    "mayor": "นายกเทศมนตรี",
    "sao_chief": "นายกองค์การบริหารส่วนตำบล",
    "civil_society": "ผู้แทนภาคประชาสังคม",
    "business": "ผู้แทนภาคธุรกิจเอกชน",
    "district_officer": "นายอำเภอ",
    "official": "ข้าราชการ",
    "expert": "ผู้ทรงคุณวุฒิ",
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
    message: str  # Thai


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
    return SEAT_TH.get(code, code)


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
                Finding(kind or "?", f"ไม่รู้จักหลักเกณฑ์ชนิด “{kind}” กรุณาตรวจข้อมูลประเภทคณะกรรมการ")
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
    return [Finding("one_role", f"ต้องมี{label} 1 คน แต่มี {count} คน")]


def _min_role(seats, rule, provinces, today) -> list[Finding]:
    role, least = rule["role"], int(rule.get("min", 1))
    count = sum(s.role == role for s in seats)
    if count >= least:
        return []
    label = ROLE_TH.get(role, role)
    return [Finding("min_role", f"ต้องมี{label}อย่างน้อย {least} คน แต่มี {count} คน")]


def _every_province(seats, rule, provinces, today) -> list[Finding]:
    seat = rule["seat"]
    present = {s.province for s in seats if s.seat == seat}
    missing = [name for code, name in sorted(provinces.items()) if code not in present]
    if not missing:
        return []
    return [
        Finding(
            "every_province",
            f"{_seat(seat)}ของทุกจังหวัดในกลุ่มจังหวัดต้องเป็นกรรมการ ยังไม่มีของ{' '.join(missing)}",
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
                Finding("per_province", f"{_seat(seat)}ของ{name}มีได้ไม่เกิน {most} คน แต่มี {n} คน")
            )
        if least is not None and n < int(least):
            out.append(
                Finding("per_province", f"ต้องมี{_seat(seat)}ของ{name}อย่างน้อย {least} คน แต่มี {n} คน")
            )
    return out


def _per_province_gender(seats, rule, provinces, today) -> list[Finding]:
    seat = rule["seat"]
    wanted = {"female": int(rule.get("female", 0)), "male": int(rule.get("male", 0))}
    words = {"female": "หญิง", "male": "ชาย"}
    out = []
    for code, name in sorted(provinces.items()):
        counts = Counter(s.gender for s in seats if s.seat == seat and s.province == code)
        for gender, need in wanted.items():
            if counts.get(gender, 0) != need:
                out.append(
                    Finding(
                        "per_province_gender",
                        f"{_seat(seat)}ของ{name}ต้องเป็น{words[gender]} {need} คน"
                        f" แต่มี {counts.get(gender, 0)} คน",
                    )
                )
    return out


def _max_seats(seats, rule, provinces, today) -> list[Finding]:
    seat, most = rule["seat"], int(rule["max"])
    n = sum(s.seat == seat for s in seats)
    if n <= most:
        return []
    return [Finding("max_seats", f"{_seat(seat)}มีได้ไม่เกิน {most} คน แต่มี {n} คน")]


def _term(seats, rule, provinces, today) -> list[Finding]:
    seat, years = rule["seat"], int(rule["years"])
    out = []
    for s in seats:
        if s.seat != seat:
            continue
        if s.term_start is None or s.term_end is None:
            out.append(Finding("term", f"{s.name} ({_seat(seat)}) ยังไม่ได้ระบุวาระการดำรงตำแหน่ง"))
            continue
        limit = _add_years(s.term_start, years)
        if s.term_end > limit:
            out.append(
                Finding(
                    "term",
                    f"{s.name} ({_seat(seat)}) มีวาระเกิน {years} ปี"
                    f" ({format_date_short(s.term_start)} – {format_date_short(s.term_end)})",
                )
            )
        if s.term_end < today:
            out.append(
                Finding(
                    "term_expired",
                    f"วาระของ{s.name} ({_seat(seat)}) สิ้นสุดแล้วเมื่อ {format_date_short(s.term_end)}"
                    " ต้องแต่งตั้งใหม่",
                )
            )
    return out


def _add_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


_CHECKS = {
    "one_role": _one_role,
    "min_role": _min_role,
    "every_province": _every_province,
    "per_province": _per_province,
    "per_province_gender": _per_province_gender,
    "max_seats": _max_seats,
    "term": _term,
}


def check(committee: Any, today: date) -> list[Finding]:
    """The committee's composition against its type's rules."""
    seats = [seat_of(m) for m in committee.members.all()]
    if committee.cluster_id:
        provinces = {
            m.province_id: m.province.display_name
            for m in committee.cluster.memberships.select_related("province")
        }
    else:
        provinces = (
            {committee.area_id[:2]: committee.area.display_name} if committee.area_id else {}
        )
    return check_seats(seats, committee.type.rules or [], provinces=provinces, today=today)
