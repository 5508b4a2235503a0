"""The province's committee members offered to its Section 19 invitation list
(`orgs.invitations`): who sits, on the day, on a committee of the province or of one of its
districts, in the group of the law their seat belongs to.

Only the representatives' seats: the heads of agencies and every local-government executive
are invited already as their organisations (`participation.services.build_invitations`), so
a committee's agency heads, PAO chief and mayors would be the same people twice; the
governor and their deputies are the hosts."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from django.db.models import Q

from oneplan.committees.models import Member
from oneplan.orgs.invitations import Candidate, register_provider

# The seat a member holds → the group of the law it is invited in (participation's
# InviteeGroup values).
SEAT_GROUPS = {"civil_society": "civil_society", "business": "business"}


def province_members(province_code: str, on: date) -> Iterator[Candidate]:
    sitting = (
        Member.objects.filter(
            committee__area__code__startswith=province_code,
            committee__cluster__isnull=True,
            seat__in=SEAT_GROUPS,
            renewed_by__isnull=True,
        )
        .filter(Q(term_end__isnull=True) | Q(term_end__gte=on))
        .filter(Q(term_start__isnull=True) | Q(term_start__lte=on))
        .order_by("committee__area_id", "number", "pk")
    )
    for member in sitting:
        name = member.full_name or member.position_title
        if member.full_name and member.position_title:
            name = f"{member.full_name} ({member.position_title})"
        yield Candidate(SEAT_GROUPS[member.seat], name)


def register() -> None:
    register_provider("committees", province_members)
