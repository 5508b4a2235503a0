"""Committees and meetings: members, and resolutions that move plans (DOMAIN.md §2, §3).

A resolution that approves a development plan edition or an annual action plan moves it
along its approval chain through the plans' and the projects' own services, naming the
meeting as what decided it ("มติ ก.บ.จ. ครั้งที่ 2/2570"); applying it twice does nothing.
"""

from __future__ import annotations

from typing import Any

from auditlog.context import set_actor
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from oneplan.committees.models import AgendaItem, Effect, Meeting, MeetingStatus
from oneplan.orgs import policy
from oneplan.orgs.policy import Action
from oneplan.plans import services as plan_services
from oneplan.plans.models import EditionStatus
from oneplan.projects import action_plans
from oneplan.projects.models import ActionPlanStatus


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
    with set_actor(user):
        item.applied = True
        item.save(update_fields=["applied"])
    return item
