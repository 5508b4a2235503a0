"""The committee's agenda form offers only the plans the user may read: another province's
edition is never among its choices, and naming it by its id is a form error, not a 500."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from oneplan.committees.forms import AgendaItemForm
from oneplan.committees.models import AgendaItem, AgendaSection, Committee, Meeting
from oneplan.plans.models import PlanEdition

pytestmark = pytest.mark.django_db


def _rayong_edition() -> PlanEdition:
    return PlanEdition.objects.filter(plan__province_id="21").order_by("-number").first()


def _rayong_meeting() -> Meeting:
    committee = Committee.objects.get(area_id="21", cluster__isnull=True)
    return committee.meetings.order_by("pk").first()


def _chonburi_meeting() -> Meeting:
    """A meeting of Chonburi's own provincial committee (the demo has none: made here)."""
    rayongs = Committee.objects.get(area_id="21", cluster__isnull=True)
    committee = Committee.objects.create(
        type=rayongs.type, name="คณะกรรมการบริหารงานจังหวัดแบบบูรณาการ จังหวัดชลบุรี", area_id="20"
    )
    return Meeting.objects.create(committee=committee, number="1/2570", held_on=date(2026, 11, 2))


def test_another_provinces_edition_is_not_a_choice_even_on_a_form_for_its_province(demo_user):
    """The form of a Rayong meeting filters editions to Rayong's; a user of Chonburi who
    somehow holds that form is offered none of them, and the owner is (not vacuous)."""
    meeting, edition = _rayong_meeting(), _rayong_edition()
    offered = AgendaItemForm(meeting=meeting, user=demo_user("rayong")).fields["plan_edition"]
    assert edition in offered.queryset
    refused = AgendaItemForm(meeting=meeting, user=demo_user("chonburi")).fields["plan_edition"]
    assert edition not in refused.queryset
    assert not refused.queryset.filter(plan__province_id="21").exists()


def test_chonburis_agenda_does_not_offer_rayongs_edition_and_refuses_its_id(demo_user):
    meeting, edition = _chonburi_meeting(), _rayong_edition()
    client = Client()
    client.force_login(demo_user("chonburi"))
    page = client.get(meeting.get_absolute_url())
    assert page.status_code == 200
    choices = page.context["form"].fields["plan_edition"].queryset
    assert edition not in choices
    assert f'value="{edition.pk}"' not in str(page.context["form"]["plan_edition"])

    response = client.post(
        meeting.get_absolute_url(),
        {
            "section": AgendaSection.values[0],
            "number": "3.1",
            "title": "ให้ความเห็นชอบแผนพัฒนาจังหวัด",
            "effect": "approves_plan",
            "plan_edition": edition.pk,
        },
    )
    assert response.status_code == 200
    assert "plan_edition" in response.context["form"].errors
    assert not AgendaItem.objects.filter(meeting=meeting).exists()
