"""Every create/change/delete of a domain object is in the audit trail: who, when, old → new."""

from __future__ import annotations

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.apps import apps
from django.test import Client

from oneplan.areas.models import ProvinceProfile
from oneplan.audit.services import history_for
from oneplan.orgs.models import Organisation, OrgKind

pytestmark = pytest.mark.django_db


def test_every_oneplan_model_is_audited():
    for model in apps.get_models():
        if model.__module__.startswith("oneplan."):
            assert auditlog.contains(model), f"{model.__name__} is not in the audit trail"


def test_change_records_actor_and_old_and_new(demo_user):
    profile = ProvinceProfile.objects.get(province_id="21")
    old_phone = profile.phone
    with set_actor(demo_user("rayong")):
        profile.phone = "0-3800-0000"
        profile.save()
    entry = LogEntry.objects.get_for_object(profile).latest("timestamp")
    assert entry.action == LogEntry.Action.UPDATE
    assert entry.actor.username == "rayong"
    assert entry.changes_dict["phone"] == [old_phone, "0-3800-0000"]
    shown = history_for(profile)[0]
    assert shown.actor == demo_user("rayong").get_full_name()
    assert [(c.old, c.new) for c in shown.changes] == [(old_phone, "0-3800-0000")]


def test_create_and_delete_are_recorded(demo_user):
    with set_actor(demo_user("rayong")):
        org = Organisation.objects.create(
            name_th="หน่วยงานทดสอบ", kind=OrgKind.PROVINCIAL_AGENCY, area_id="21"
        )
        pk = org.pk
        org.delete()
    actions = list(
        LogEntry.objects.filter(object_pk=str(pk), content_type__model="organisation")
        .order_by("timestamp")
        .values_list("action", flat=True)
    )
    assert actions == [LogEntry.Action.CREATE, LogEntry.Action.DELETE]


def test_change_through_the_page_is_attributed_to_the_signed_in_user(demo_user):
    client = Client()
    client.force_login(demo_user("rayong_agency"))
    org = Organisation.objects.get(name_th="สำนักงานเกษตรจังหวัดระยอง")
    client.post(
        f"/organisations/{org.pk}/edit/",
        {"name_th": org.name_th, "kind": org.kind, "area": "21", "phone": "038-111-222"},
    )
    entry = LogEntry.objects.get_for_object(org).latest("timestamp")
    assert entry.actor.username == "rayong_agency"
    assert entry.changes_dict["phone"][1] == "038-111-222"
    page = client.get(f"/organisations/{org.pk}/").content.decode()
    assert "038-111-222" in page


def test_trail_is_hidden_from_the_public(client):
    page = client.get("/areas/21/").content.decode()
    assert "audit-trail" not in page


def test_admin_shows_the_log(demo_user):
    client = Client()
    client.force_login(demo_user("admin"))
    assert client.get("/admin/auditlog/logentry/").status_code == 200


def test_admin_object_audit_log_view(demo_user):
    profile = ProvinceProfile.objects.get(province_id="21")
    with set_actor(demo_user("rayong")):
        profile.fax = "0-3800-1111"
        profile.save()
    client = Client()
    client.force_login(demo_user("admin"))
    response = client.get("/admin/areas/provinceprofile/21/auditlog/")
    assert response.status_code == 200
    assert "0-3800-1111" in response.content.decode()


def test_admin_lists_are_restricted_by_the_policy(demo_user):
    rayong = demo_user("rayong")
    rayong.is_staff = True
    rayong.save()
    client = Client()
    client.force_login(rayong)
    listed = client.get("/admin/orgs/organisation/").context["cl"].queryset
    assert listed.filter(area_id="21").exists()
    assert not listed.filter(area_id="20").exists()
    chonburi_office = Organisation.objects.get(name_th="สำนักงานจังหวัดชลบุรี")
    other = client.get(f"/admin/orgs/organisation/{chonburi_office.pk}/change/")
    assert other.status_code in (302, 403, 404)


def test_the_history_reads_as_users_read(demo_user):
    """Labels, not field names; yes/no, not False; B.E. dates; a related record's name; no
    reverse relation (`budget_lines: — → projects.BudgetLine.None`) and no bookkeeping."""
    from datetime import date

    from django.utils import translation

    from oneplan.projects.models import Proposal

    proposal = Proposal.objects.filter(province_id="21", cycle__fiscal_year_be=2570).first()
    other_issue = (
        proposal.issue.edition.issues.exclude(pk=proposal.issue_id).first()
        if proposal.issue
        else None
    )
    with set_actor(demo_user("rayong")):
        proposal.start_date = date(2026, 12, 7)
        proposal.requests_budget_directly = not proposal.requests_budget_directly
        if other_issue is not None:
            proposal.issue = other_issue
        proposal.save()
    with translation.override("th"):
        shown = history_for(proposal)[0]
    by_label = {c.field: c for c in shown.changes}
    start = Proposal._meta.get_field("start_date").verbose_name
    with translation.override("th"):
        assert by_label[str(start)].new == "7 ธ.ค. 2569"
        direct = str(Proposal._meta.get_field("requests_budget_directly").verbose_name)
    assert {by_label[direct].old, by_label[direct].new} == {"ใช่", "ไม่ใช่"}
    if other_issue is not None:
        with translation.override("th"):
            label = str(Proposal._meta.get_field("issue").verbose_name)
        assert by_label[label].new == str(other_issue)
    everything = " ".join(f"{c.field} {c.old} {c.new}" for c in shown.changes)
    for internal in ("budget_lines", "BudgetLine", "False", "True", "updated_at", "version"):
        assert internal not in everything
