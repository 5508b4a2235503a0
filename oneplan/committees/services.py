"""Committees and meetings: creating a committee for its body, its appointment orders and
members, renewing ended terms, meetings with their quorum, and resolutions that move plans,
publish a calendar or give a body a task with a deadline (DOMAIN.md §2, §3).

Every write asks the one policy first and leaves its audit entry (`set_actor`).

A resolution that approves a development plan edition or an annual action plan moves it
along its approval chain through the plans' and the projects' own services, naming the
meeting as what decided it ("มติ ก.บ.จ. ครั้งที่ 2/2570"); applying it twice does nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from functools import reduce
from operator import or_
from typing import Any

from auditlog.context import set_actor
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from oneplan.areas.models import COUNTRY_CODE, Area, AreaLevel, Cluster, province_code_of
from oneplan.committees import composition
from oneplan.committees.models import (
    AgendaItem,
    AppointmentOrder,
    Attendance,
    Committee,
    CommitteeLevel,
    CommitteeType,
    Effect,
    FollowUp,
    Meeting,
    MeetingStatus,
    Member,
)
from oneplan.core.thai import add_years, fiscal_year_of
from oneplan.cycles import calendars
from oneplan.cycles.models import Calendar, CalendarStep, Cycle, StepStatus
from oneplan.orgs import policy
from oneplan.orgs.models import Organisation
from oneplan.orgs.policy import Action
from oneplan.plans import services as plan_services
from oneplan.plans.models import EditionStatus, PlanEdition
from oneplan.projects import action_plans
from oneplan.projects.models import ActionPlan, ActionPlanStatus

_ONE_DAY = timedelta(days=1)


def decided_by(meeting: Meeting) -> str:
    return (
        f"มติ{meeting.committee.type.short_name} {meeting.committee.name} {meeting.number}".strip()
    )


@transaction.atomic
def apply_resolution(user: Any, item: AgendaItem) -> AgendaItem:
    """Carry out what the resolution decides on the linked plan or action plan."""
    meeting = item.meeting
    policy.require(
        user, Action.CHANGE, meeting, _("You may not record the resolutions of this meeting.")
    )
    if item.applied or not item.effect:
        return item
    if meeting.status != MeetingStatus.HELD:
        raise ValidationError(_("A resolution can be carried out once the meeting has been held."))
    if not item.resolution.strip():
        raise ValidationError(_("Please record the meeting's resolution first."))
    who = decided_by(meeting)
    if item.effect == Effect.APPROVES_PLAN:
        if item.plan_edition is None:
            raise ValidationError(_("Please choose the development plan this resolution approves."))
        if item.plan_edition.status != EditionStatus.APPROVED:
            plan_services.transition(
                user,
                item.plan_edition,
                EditionStatus.APPROVED,
                decided_by=who,
                decided_on=meeting.held_on,
            )
    elif item.effect == Effect.APPROVES_ACTION_PLAN:
        if item.action_plan is None:
            raise ValidationError(
                _("Please choose the annual action plan this resolution approves.")
            )
        if item.action_plan.status != ActionPlanStatus.COMMITTEE:
            action_plans.transition(
                user, item.action_plan, ActionPlanStatus.COMMITTEE, who, meeting.held_on
            )
    elif item.effect == Effect.APPROVES_CALENDAR:
        if item.calendar is None:
            raise ValidationError(
                _("Please choose the planning calendar this resolution approves.")
            )
        if not item.calendar.published:
            calendars.set_published(user, item.calendar, True)
    with set_actor(user):
        item.applied = True
        item.save(update_fields=["applied"])
    return item


# --------------------------------------------------------------------------- committees

MSG_COMMITTEE = gettext_lazy("You may not change this committee.")

LEVEL_OF_AREA = {
    CommitteeLevel.NATION: AreaLevel.COUNTRY,
    CommitteeLevel.PROVINCE: AreaLevel.PROVINCE,
    CommitteeLevel.DISTRICT: AreaLevel.DISTRICT,
}


def _owner_area(cluster: Cluster) -> Area | None:
    if cluster.operations_centre_id:
        return cluster.operations_centre
    first = cluster.memberships.select_related("province").order_by("province_id").first()
    return first.province if first else None


@transaction.atomic
def create_committee(
    user: Any,
    *,
    type: CommitteeType,
    name: str = "",
    area: Area | None = None,
    cluster: Cluster | None = None,
    parent: Committee | None = None,
    mission: str = "",
    cycle: Cycle | None = None,
) -> Committee:
    """A committee of `type` for its body: the country (a national type), a cluster, a
    province or a district; a sub-committee names its `parent`. When `cycle` is given the
    type must be one of its regime's."""
    if cycle is not None and type.regime_id != cycle.regime_id:
        raise ValidationError(
            {"type": _("This committee type does not belong to the regime of the chosen cycle.")}
        )
    if type.level == CommitteeLevel.CLUSTER:
        if cluster is None:
            raise ValidationError({"cluster": _("Please choose the province cluster.")})
        area = _owner_area(cluster)
        if area is None:
            raise ValidationError({"cluster": _("This cluster has no member province.")})
    else:
        cluster = None
        if type.level == CommitteeLevel.NATION:
            area = Area.objects.filter(code=COUNTRY_CODE).first()
        if area is None or area.level != LEVEL_OF_AREA[type.level]:
            raise ValidationError(
                {
                    "area": _("A committee of this type belongs to a %(level)s.")
                    % {"level": CommitteeLevel(type.level).label}
                }
            )
    if parent is not None:
        same_body = (
            parent.cluster_id == cluster.pk
            if cluster is not None
            else parent.cluster_id is None and area.code.startswith(parent.area_id)
        ) or parent.area_id == COUNTRY_CODE
        if not same_body or parent.type.regime_id != type.regime_id:
            raise ValidationError(
                {"parent": _("A sub-committee belongs to a committee of its own body and regime.")}
            )
    committee = Committee(
        type=type,
        name=name.strip() or default_name(type, area, cluster),
        area=area,
        cluster=cluster,
        parent=parent,
        mission=mission,
    )
    policy.require(user, Action.ADD, committee, MSG_COMMITTEE)
    committee.full_clean()
    with set_actor(user):
        committee.save()
    return committee


def default_name(type: CommitteeType, area: Area | None, cluster: Cluster | None) -> str:
    if cluster is not None:
        return f"{type.name_th} {cluster}"
    if area is None or area.code == COUNTRY_CODE:
        return type.name_th
    return f"{type.name_th}{area.display_name}"


@transaction.atomic
def save_order(user: Any, order: AppointmentOrder) -> AppointmentOrder:
    """Add or change an appointment order (คำสั่ง) of a committee."""
    policy.require(user, Action.CHANGE, order.committee, MSG_COMMITTEE)
    order.full_clean()
    with set_actor(user):
        order.save()
    return order


def body_provinces(committee: Committee) -> list[str]:
    """The province codes of the committee's body: its cluster's member provinces, else the
    province its area lies in."""
    if committee.cluster_id:
        return list(committee.cluster.memberships.values_list("province_id", flat=True))
    return [province_code_of(committee.area_id)]


def member_choices(committee: Committee, user: Any) -> dict[str, Any]:
    """What a member of this committee may name, as far as the user may use it: a province of
    its body (any, for a national committee), one of its appointment orders (the page's
    choices; `save_member` holds every channel to them)."""
    provinces = Area.objects.provinces()
    if committee.area_id != COUNTRY_CODE:
        provinces = provinces.filter(code__in=body_provinces(committee))
    return {"province": provinces, "order": committee.orders.restrict(user)}


@transaction.atomic
def save_member(user: Any, member: Member) -> Member:
    """Add or change a member; the appointing order must be one of the committee's, the
    province one of its body's."""
    policy.require(user, Action.CHANGE, member.committee, MSG_COMMITTEE)
    if member.order_id and member.order.committee_id != member.committee_id:
        raise ValidationError({"order": _("The order must be one of this committee's.")})
    provinces = member_choices(member.committee, user)["province"]
    if member.province_id and not provinces.filter(pk=member.province_id).exists():
        raise ValidationError({"province": _("Please choose one of this committee's body.")})
    if member.term_start and member.term_end and member.term_end < member.term_start:
        raise ValidationError({"term_end": _("The term ends before it starts.")})
    if not member.number:
        member.number = (
            max(member.committee.members.values_list("number", flat=True), default=0) + 1
        )
    member.full_clean()
    with set_actor(user):
        member.save()
    return member


@transaction.atomic
def remove_member(user: Any, member: Member) -> None:
    policy.require(user, Action.CHANGE, member.committee, MSG_COMMITTEE)
    with set_actor(user):
        member.delete()


def expired_members(committee: Committee, on: date) -> list[Member]:
    """The sitting members whose term ended before `on`."""
    return list(
        composition.current_members(committee).filter(term_end__isnull=False, term_end__lt=on)
    )


@transaction.atomic
def renew_terms(user: Any, committee: Committee, order: AppointmentOrder) -> list[Member]:
    """A new member row, appointed by `order`, for every sitting member whose term ended
    before the order's date: the same seat, role, position and province, a new term from the
    order's date for the type's term (or as long as the old one). The old rows stay as
    history. Names are kept; the strategy office edits whoever changed."""
    policy.require(user, Action.CHANGE, committee, MSG_COMMITTEE)
    if order.committee_id != committee.pk:
        raise ValidationError({"order": _("The order must be one of this committee's.")})
    ended = expired_members(committee, order.issued_on)
    if not ended:
        raise ValidationError(_("No member's term has ended by the order's date."))
    made = []
    with set_actor(user):
        for old in ended:
            if committee.type.term_years:
                years = committee.type.term_years
            elif old.term_start:
                years = max(1, round((old.term_end - old.term_start).days / 365.25))
            else:
                years = 1
            end = add_years(order.issued_on, years) - _ONE_DAY
            new = Member(
                committee=committee,
                full_name=old.full_name,
                position_title=old.position_title,
                role=old.role,
                basis=old.basis,
                seat=old.seat,
                province=old.province,
                gender=old.gender,
                term_start=order.issued_on,
                term_end=end,
                order=order,
                number=old.number,
                renews=old,
            )
            new.full_clean()
            new.save()
            made.append(new)
    return made


# --------------------------------------------------------------------------- meetings


def body_calendars(committee: Committee):
    """The calendars a committee's resolution may approve: its body's and those of the
    areas within it (a province's committee approves its districts' calendars too)."""
    found = Calendar.objects.filter(is_template=False).select_related("cycle")
    if committee.cluster_id:
        return found.filter(cluster=committee.cluster)
    if committee.area_id == COUNTRY_CODE:
        return found
    return found.filter(area__code__startswith=committee.area_id)


def item_choices(committee: Committee, user: Any) -> dict[str, Any]:
    """What an agenda item of this committee may link, as far as the user may use it: the
    plan editions and action plans of its province (or cluster), the calendars of its body.
    Another province's never appear."""
    province = province_code_of(committee.area_id)
    if committee.cluster_id:
        editions = PlanEdition.objects.filter(plan__cluster=committee.cluster)
        plans = ActionPlan.objects.filter(cluster=committee.cluster)
    else:
        editions = PlanEdition.objects.filter(plan__province_id=province)
        plans = ActionPlan.objects.filter(province_id=province)
    return {
        "plan_edition": editions.select_related("plan").restrict(user),
        "action_plan": plans.restrict(user),
        "calendar": body_calendars(committee).restrict(user, Action.CHANGE),
    }


@transaction.atomic
def save_agenda_item(user: Any, item: AgendaItem) -> AgendaItem:
    """Add or change an agenda item; what it links must be the committee's body's."""
    meeting = item.meeting
    policy.require(user, Action.CHANGE, meeting, _("You may not change this meeting."))
    allowed = item_choices(meeting.committee, user)
    for name, choices in allowed.items():
        linked = getattr(item, f"{name}_id")
        if linked is not None and not choices.filter(pk=linked).exists():
            raise ValidationError({name: _("Please choose one of this committee's body.")})
    if not item.order:
        item.order = meeting.items.count() + 1
    item.full_clean()
    with set_actor(user):
        item.save()
    return item


@transaction.atomic
def set_meeting_held(user: Any, meeting: Meeting) -> Meeting:
    policy.require(user, Action.CHANGE, meeting, _("You may not change this meeting."))
    with set_actor(user):
        meeting.status = MeetingStatus.HELD
        meeting.save(update_fields=["status"])
    return meeting


@transaction.atomic
def save_meeting(user: Any, meeting: Meeting) -> Meeting:
    policy.require(user, Action.CHANGE, meeting.committee, MSG_COMMITTEE)
    meeting.full_clean()
    with set_actor(user):
        meeting.save()
    return meeting


@transaction.atomic
def record_attendance(user: Any, meeting: Meeting, present: Iterable[int]) -> list[Attendance]:
    """Who came: the sitting members in `present` ticked present, the others absent."""
    policy.require(user, Action.CHANGE, meeting, _("You may not change this meeting."))
    present = {int(p) for p in present}
    with set_actor(user):
        meeting.attendance.all().delete()
        return [
            Attendance.objects.create(
                meeting=meeting, member=member, name=str(member), present=member.pk in present
            )
            for member in composition.current_members(meeting.committee)
        ]


def quorum(meeting: Meeting) -> composition.Quorum | None:
    """The meeting's quorum from its type's rule, counted from the recorded attendance."""
    members = composition.current_members(meeting.committee).count()
    present = meeting.attendance.filter(present=True, member__isnull=False).count()
    return composition.quorum_of(meeting.committee.type.rules or [], members, present)


def cycle_of(meeting: Meeting) -> Cycle | None:
    if meeting.calendar_step_id:
        return meeting.calendar_step.calendar.cycle
    return Cycle.objects.filter(fiscal_year_be=fiscal_year_of(meeting.held_on)).first()


def _calendar_for(follow_up: FollowUp, cycle: Cycle | None) -> Calendar | None:
    """The responsible body's calendar for the cycle, else the committee's body's."""
    if cycle is None:
        return None
    committee = follow_up.item.meeting.committee
    found = Calendar.objects.filter(cycle=cycle, is_template=False)
    area = follow_up.area or (follow_up.organisation.area if follow_up.organisation_id else None)
    if area is not None:
        calendar = found.filter(area=area, cluster__isnull=True).order_by("pk").first()
        if calendar is not None:
            return calendar
    if committee.cluster_id:
        return found.filter(cluster=committee.cluster).order_by("pk").first()
    return found.filter(area=committee.area, cluster__isnull=True).order_by("pk").first()


def follow_up_choices(meeting: Meeting, user: Any) -> dict[str, Any]:
    """Whom a task of this meeting may be given to, as far as the user may see them: a
    province or district within the committee's body (any, for a national committee), an
    organisation there."""
    committee = meeting.committee
    if committee.cluster_id:
        codes = body_provinces(committee)
    elif committee.area_id == COUNTRY_CODE:
        codes = [""]
    else:
        codes = [committee.area_id]  # a province's, or a district's only
    areas = reduce(or_, (Q(code__startswith=c) for c in codes))
    organisations = reduce(or_, (Q(area__code__startswith=c) for c in codes))
    return {
        "item": meeting.items.all(),
        "area": Area.objects.filter(
            areas, level__in=[AreaLevel.PROVINCE, AreaLevel.DISTRICT]
        ).order_by("code"),
        "organisation": Organisation.objects.filter(organisations)
        .restrict(user)
        .order_by("name_th"),
    }


@transaction.atomic
def add_follow_up(user: Any, follow_up: FollowUp) -> FollowUp:
    """A task a resolution gives a body, with its deadline; put on the body's calendar for
    the meeting's cycle (or the committee's) when there is one the user may change. The
    responsible area or organisation must be within the committee's body."""
    meeting = follow_up.item.meeting
    policy.require(user, Action.CHANGE, meeting, _("You may not change this meeting."))
    if follow_up.organisation_id is None and follow_up.area_id is None:
        raise ValidationError(_("Please name the responsible body or area."))
    allowed = follow_up_choices(meeting, user)
    for name in ("area", "organisation"):
        linked = getattr(follow_up, f"{name}_id")
        if linked is not None and not allowed[name].filter(pk=linked).exists():
            raise ValidationError({name: _("Please choose one of this committee's body.")})
    follow_up.full_clean()
    with set_actor(user):
        follow_up.save()
    calendar = _calendar_for(follow_up, cycle_of(meeting))
    if calendar is not None and policy.can(user, Action.CHANGE, calendar):
        step = CalendarStep(
            calendar=calendar,
            number=calendars.next_number(calendar),
            action=follow_up.text,
            responsible=follow_up.responsible,
            start=follow_up.due_on,
            end=follow_up.due_on,
            deadline=True,
            notes=decided_by(meeting),
            status=StepStatus.DONE if follow_up.done_on else StepStatus.PLANNED,
            done_on=follow_up.done_on,
        )
        calendars.save_step(user, step)
        with set_actor(user):
            follow_up.calendar_step = step
            follow_up.save(update_fields=["calendar_step"])
    return follow_up


@transaction.atomic
def set_follow_up_done(user: Any, follow_up: FollowUp, done_on: date | None) -> FollowUp:
    """Mark a task done on a day (or not done again); its calendar step follows."""
    policy.require(user, Action.CHANGE, follow_up, _("You may not change this meeting."))
    follow_up.done_on = done_on
    follow_up.full_clean()
    with set_actor(user):
        follow_up.save(update_fields=["done_on"])
    step = follow_up.calendar_step
    if step is not None and policy.can(user, Action.CHANGE, step.calendar):
        step.status = StepStatus.DONE if done_on else StepStatus.PLANNED
        step.done_on = done_on
        calendars.save_step(user, step)
    return follow_up
