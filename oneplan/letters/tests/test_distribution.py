"""The distribution list as rows: made from what a drafted letter lists, printed on the
letter, each recipient's sent and acknowledged dates recorded on the page (B.E. or C.E.)
and through the API, audited, and refused to another province."""

from __future__ import annotations

import datetime

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from oneplan.cycles.models import Calendar
from oneplan.letters import distribution, numbering, services
from oneplan.letters.models import Recipient
from oneplan.letters.tests.helpers import api_for, make_letter, make_register

pytestmark = pytest.mark.django_db

NAMES = ("สำนักงานเกษตรจังหวัดระยอง", "ที่ว่าการอำเภอเมืองระยอง", "เทศบาลนครระยอง")


@pytest.fixture
def rayong(demo_user):
    return demo_user("rayong")


@pytest.fixture
def issued(rayong):
    letter = make_letter(rayong, names=NAMES)
    numbering.issue(rayong, letter, make_register(rayong))
    return letter


def test_drafts_list_their_recipients_as_rows(rayong):
    calendar = Calendar.objects.filter(area_id="21", is_template=False).order_by("pk").first()
    letter = services.letter_for_calendar(rayong, calendar)
    lines = [line for line in letter.distribution.splitlines() if line.strip()]
    assert lines and list(letter.recipients.values_list("name", flat=True)) == lines
    assert services.content_of(letter).distribution == tuple(lines)


def test_the_printed_list_comes_from_the_rows(rayong):
    letter = make_letter(rayong, names=NAMES)
    distribution.add_recipient(rayong, letter, "สำนักงานพัฒนาชุมชนจังหวัดระยอง")
    assert services.content_of(letter).distribution == (*NAMES, "สำนักงานพัฒนาชุมชนจังหวัดระยอง")
    letter.recipients.all().delete()  # a letter from before the rows: its text is printed
    assert services.content_of(letter).distribution == NAMES


def test_sent_and_acknowledged_on_the_page(client, rayong, issued):
    first = issued.recipients.order_by("order").first()
    client.force_login(rayong)
    page = client.get(issued.get_absolute_url())
    assert [r.pk for r, _form in page.context["recipient_forms"]] == list(
        issued.recipients.order_by("order").values_list("pk", flat=True)
    )
    today = timezone.localdate()
    be = f"{today.day}/{today.month}/{today.year + 543}"
    response = client.post(
        reverse("letters:recipient", args=[first.pk]),
        {f"r{first.pk}-sent_on": be, f"r{first.pk}-acknowledged_on": today.isoformat()},
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.sent_on == today and first.acknowledged_on == today
    entry = LogEntry.objects.get_for_object(first).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.actor == rayong and "sent_on" in entry.changes_dict

    # acknowledged before it was sent: the error under the field, nothing stored
    earlier = today - datetime.timedelta(days=1)
    response = client.post(
        reverse("letters:recipient", args=[first.pk]),
        {f"r{first.pk}-sent_on": today.isoformat(), f"r{first.pk}-acknowledged_on": str(earlier)},
    )
    assert response.status_code == 200
    form = dict((r.pk, f) for r, f in response.context["recipient_forms"])[first.pk]
    assert form.errors["acknowledged_on"]
    first.refresh_from_db()
    assert first.acknowledged_on == today

    # every other recipient marked sent at once; one added, one not sent removed
    response = client.post(reverse("letters:recipients_sent", args=[issued.pk]), {"on": be})
    assert response.status_code == 302
    assert not issued.recipients.filter(sent_on__isnull=True).exists()
    client.post(reverse("letters:recipient_add", args=[issued.pk]), {"name": "ผู้รับเพิ่ม"})
    added = issued.recipients.get(name="ผู้รับเพิ่ม")
    client.post(reverse("letters:recipient", args=[added.pk]), {"remove": "1"})
    assert not issued.recipients.filter(name="ผู้รับเพิ่ม").exists()
    client.post(reverse("letters:recipient", args=[first.pk]), {"remove": "1"})
    assert Recipient.objects.filter(pk=first.pk).exists()  # sent: it stays on the list


def test_a_draft_or_a_cancelled_letter_is_not_sent(rayong, issued):
    letter = make_letter(rayong, names=NAMES)
    today = timezone.localdate()
    with pytest.raises(ValidationError):
        distribution.update_recipient(
            rayong, letter.recipients.first(), distribution.RecipientDraft(sent_on=today)
        )
    sent, unsent = issued.recipients.order_by("order")[:2]
    distribution.update_recipient(rayong, sent, distribution.RecipientDraft(sent_on=today))
    numbering.cancel(rayong, issued, "ยกเลิก")
    with pytest.raises(ValidationError):
        distribution.update_recipient(rayong, unsent, distribution.RecipientDraft(sent_on=today))
    # what was sent before the cancellation is kept, and its acknowledgement still recorded
    distribution.update_recipient(
        rayong, sent, distribution.RecipientDraft(sent_on=today, acknowledged_on=today)
    )
    sent.refresh_from_db()
    assert sent.acknowledged_on == today


def test_recipients_through_the_api(rayong, issued):
    api = api_for(rayong)
    detail = api.get(f"/api/v1/letters/{issued.pk}").json()
    assert [r["name"] for r in detail["recipients"]] == list(NAMES)
    first = detail["recipients"][0]["id"]
    today = timezone.localdate()
    response = api.patch(
        f"/api/v1/letter-recipients/{first}",
        {"sent_on": f"{today.day}/{today.month}/{today.year + 543}", "note": "ส่งทางอีเมล"},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["sent_on"] == today.isoformat()
    response = api.patch(
        f"/api/v1/letter-recipients/{first}", {"acknowledged_on": str(today)}, format="json"
    )
    assert response.json()["acknowledged_on"] == today.isoformat()
    assert response.json()["note"] == "ส่งทางอีเมล"

    added = api.post(f"/api/v1/letters/{issued.pk}/recipients", {"name": "ผู้รับใหม่"}, format="json")
    assert added.status_code == 201
    marked = api.post(
        f"/api/v1/letters/{issued.pk}/recipients/sent", {"on": str(today)}, format="json"
    )
    assert marked.json() == {"marked": len(NAMES)}
    assert api.delete(f"/api/v1/letter-recipients/{added.json()['id']}").status_code == 400
    late = api.post(f"/api/v1/letters/{issued.pk}/recipients", {"name": "ผู้รับท้าย"}, format="json")
    assert api.delete(f"/api/v1/letter-recipients/{late.json()['id']}").status_code == 204


def test_another_province_cannot_touch_the_list(client, demo_user, issued):
    chonburi = demo_user("chonburi")
    recipient = issued.recipients.first()
    entries = LogEntry.objects.count()
    client.force_login(chonburi)
    today = timezone.localdate().isoformat()
    assert (
        client.post(
            reverse("letters:recipient", args=[recipient.pk]),
            {f"r{recipient.pk}-sent_on": today},
        ).status_code
        == 404
    )
    assert (
        client.post(reverse("letters:recipient_add", args=[issued.pk]), {"name": "x"}).status_code
        == 404
    )
    assert (
        client.post(reverse("letters:recipients_sent", args=[issued.pk]), {"on": today}).status_code
        == 404
    )
    api = api_for(chonburi)
    assert (
        api.patch(
            f"/api/v1/letter-recipients/{recipient.pk}", {"sent_on": today}, format="json"
        ).status_code
        == 404
    )
    assert api.delete(f"/api/v1/letter-recipients/{recipient.pk}").status_code == 404
    assert (
        api.post(
            f"/api/v1/letters/{issued.pk}/recipients", {"name": "x"}, format="json"
        ).status_code
        == 404
    )
    recipient.refresh_from_db()
    assert recipient.sent_on is None and LogEntry.objects.count() == entries


def test_a_cancelled_letter_is_not_sent_on_the_page_either(client, rayong, issued):
    """The page's form does not change the row before the rules are asked: a recipient not
    sent before the cancellation is not marked sent after it."""
    unsent = issued.recipients.order_by("order").first()
    numbering.cancel(rayong, issued, "ยกเลิก")
    client.force_login(rayong)
    today = timezone.localdate().isoformat()
    response = client.post(
        reverse("letters:recipient", args=[unsent.pk]), {f"r{unsent.pk}-sent_on": today}
    )
    assert response.status_code == 200
    form = dict((r.pk, f) for r, f in response.context["recipient_forms"])[unsent.pk]
    assert form.errors["sent_on"]
    unsent.refresh_from_db()
    assert unsent.sent_on is None
    # nor through the service with the object changed in memory first
    unsent.sent_on = timezone.localdate()
    with pytest.raises(ValidationError):
        distribution.update_recipient(
            rayong, unsent, distribution.RecipientDraft(sent_on=unsent.sent_on)
        )
    assert Recipient.objects.get(pk=unsent.pk).sent_on is None


def test_a_recipient_is_added_with_its_note_in_one_audited_step(client, rayong, issued):
    client.force_login(rayong)
    response = client.post(
        reverse("letters:recipient_add", args=[issued.pk]),
        {"name": "  สำนักงานพัฒนาชุมชนจังหวัดระยอง ", "note": "ส่งทางอีเมล"},
    )
    assert response.status_code == 302
    added = issued.recipients.get(name="สำนักงานพัฒนาชุมชนจังหวัดระยอง")
    assert added.note == "ส่งทางอีเมล" and added.order == len(NAMES) + 1
    entry = LogEntry.objects.get_for_object(added).get()
    assert entry.actor == rayong and entry.action == LogEntry.Action.CREATE

    # the same name again: refused under the field
    response = client.post(reverse("letters:recipient_add", args=[issued.pk]), {"name": NAMES[0]})
    assert response.status_code == 200 and response.context["add_form"].errors["name"]


def test_another_province_is_refused_before_the_list_is_read(demo_user, issued):
    with pytest.raises(PermissionDenied):
        distribution.add_recipient(demo_user("chonburi"), issued, NAMES[0])
