"""A letter's distribution list (บัญชีส่งหนังสือ) as rows: each recipient with the date the
letter was sent to it and the date it acknowledged receipt. The printed letter lists these
rows when there are any (`services.content_of`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from auditlog.context import set_actor
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from oneplan.letters.models import IssuedNumber, Letter, Recipient
from oneplan.orgs import policy
from oneplan.orgs.policy import Action


@dataclass(frozen=True)
class RecipientDraft:
    """What the page or the API says of one recipient."""

    sent_on: date | None = None
    acknowledged_on: date | None = None
    note: str = ""


def _last_order(letter: Letter) -> int:
    return letter.recipients.aggregate(last=Max("order"))["last"] or 0


def add_names(user: Any, letter: Letter, names: Iterable[str]) -> list[Recipient]:
    """Put each name (not yet on the list) at the end of the letter's distribution list."""
    policy.require(user, Action.CHANGE, letter, _("You may not change this letter."))
    seen = set(letter.recipients.values_list("name", flat=True))
    order = _last_order(letter)
    added = []
    with set_actor(user):
        for raw in names:
            name = raw.strip()[:300]
            if not name or name in seen:
                continue
            seen.add(name)
            order += 1
            added.append(Recipient.objects.create(letter=letter, order=order, name=name))
    return added


@transaction.atomic
def add_recipient(user: Any, letter: Letter, name: str, note: str = "") -> Recipient:
    """Add one recipient (with its note) at the end of the letter's distribution list."""
    policy.require(user, Action.CHANGE, letter, _("You may not change this letter."))
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the recipient's name.")})
    if letter.recipients.filter(name=name).exists():
        raise ValidationError({"name": _("This recipient is already on the list.")})
    order = _last_order(letter) + 1
    recipient = Recipient(letter=letter, order=order, name=name, note=note.strip())
    with set_actor(user):
        recipient.full_clean()
        recipient.save()
    return recipient


@transaction.atomic
def update_recipient(user: Any, recipient: Recipient, draft: RecipientDraft) -> Recipient:
    """Record when the letter was sent to the recipient and when it was acknowledged."""
    policy.require(user, Action.CHANGE, recipient, _("You may not change this letter."))
    # What is stored, not what a caller may have set on the object in memory.
    stored = Recipient.objects.select_for_update().get(pk=recipient.pk)
    issued = IssuedNumber.objects.filter(letter_id=recipient.letter_id).first()  # as it is now
    if draft.sent_on and issued is None:
        raise ValidationError({"sent_on": _("Issue the letter before sending it.")})
    if draft.sent_on and issued is not None and draft.sent_on < issued.issued_on:
        raise ValidationError({"sent_on": _("A letter is sent on or after the day it was issued.")})
    if (
        draft.sent_on
        and draft.sent_on != stored.sent_on
        and issued is not None
        and issued.cancelled_at is not None
    ):
        raise ValidationError({"sent_on": _("The letter was cancelled: it is not sent any more.")})
    if draft.acknowledged_on and not draft.sent_on:
        raise ValidationError(
            {"acknowledged_on": _("Give the day the letter was sent before its acknowledgement.")}
        )
    recipient.sent_on = draft.sent_on
    recipient.acknowledged_on = draft.acknowledged_on
    recipient.note = draft.note.strip()
    with set_actor(user):
        recipient.full_clean()
        recipient.save()
    return recipient


@transaction.atomic
def mark_sent(user: Any, letter: Letter, on: date) -> int:
    """Mark every recipient the letter has not been sent to as sent on `on`; how many."""
    policy.require(user, Action.CHANGE, letter, _("You may not change this letter."))
    count = 0
    for recipient in letter.recipients.filter(sent_on__isnull=True).order_by("order", "pk"):
        update_recipient(user, recipient, RecipientDraft(sent_on=on, note=recipient.note))
        count += 1
    return count


@transaction.atomic
def remove_recipient(user: Any, recipient: Recipient) -> None:
    """Take a recipient the letter was not sent to off the list."""
    policy.require(user, Action.CHANGE, recipient, _("You may not change this letter."))
    if recipient.sent_on is not None:
        raise ValidationError(_("The letter was sent to this recipient: it stays on the list."))
    with set_actor(user):
        recipient.delete()
