"""The number registers of outgoing letters (ทะเบียนหนังสือส่ง): setting up an office's
register for a year, issuing a letter under the next number, cancelling an issued letter.

A number is taken once: issuing locks the register's row (`select_for_update`) inside one
transaction, so concurrent issuers wait for each other on PostgreSQL, and the unique
constraint on (register, year, number) refuses a duplicate whatever happens. SQLite has no
row locks: a writer that meets another one's lock gets "database is locked" at once, and
the whole transaction is tried again (`ATTEMPTS`). A cancelled letter keeps its number; the
register never gives it again.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from datetime import date
from typing import Any

from auditlog.context import set_actor
from django.core.exceptions import ValidationError
from django.db import OperationalError, connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from oneplan.areas.models import Area, province_code_of
from oneplan.core.thai import be_year, to_arabic_digits, to_thai_digits
from oneplan.letters.models import IssuedNumber, Letter, NumberRegister
from oneplan.orgs import policy
from oneplan.orgs.models import Organisation
from oneplan.orgs.policy import Action

ATTEMPTS = 60  # tries of one issue on SQLite when another writer holds the lock


@dataclass(frozen=True)
class RegisterDraft:
    """A number register as the page or the API gives it."""

    province: Area
    prefix: str
    year_be: int
    circular: bool = False
    name: str = ""
    organisation: Organisation | None = None
    last_number: int = 0


def number_text(register: NumberRegister, number: int) -> str:
    """The letter's number as the office writes it: "มท ๐๓๑๘/๑๕", "รย 0017.2/ว 2647".
    The digits follow the prefix's (Thai when the prefix is written in Thai digits); the
    printed letter shows Thai digits either way (`layout.py`)."""
    digits = str(number)
    if to_arabic_digits(register.prefix) != register.prefix:  # written in Thai digits
        digits = to_thai_digits(digits)
    series = f"ว {digits}" if register.circular else digits
    return f"{register.prefix.strip()}/{series}"


def _check_register(draft: RegisterDraft, register: NumberRegister | None) -> None:
    problems: dict[str, str] = {}
    if not draft.prefix.strip():
        problems["prefix"] = _("Give the number prefix, e.g. มท ๐๓๑๘.")
    if "/" in draft.prefix:
        problems["prefix"] = _("The prefix is written without the slash; the number follows it.")
    if draft.organisation is not None and (
        province_code_of(draft.organisation.area_id or "") != draft.province.code
    ):
        problems["organisation"] = _("The office must be a body of this province.")
    duplicate = NumberRegister.objects.filter(
        province=draft.province,
        prefix=draft.prefix.strip(),
        circular=draft.circular,
        year_be=draft.year_be,
    )
    if register is not None:
        duplicate = duplicate.exclude(pk=register.pk)
        taken = register.numbers.aggregate(top=Max("number"))["top"] or 0
        if taken and (
            draft.prefix.strip() != register.prefix
            or draft.circular != register.circular
            or draft.year_be != register.year_be
        ):
            problems["prefix"] = _(
                "Numbers have been taken from this register: its prefix, series and year "
                "no longer change. Make a new register instead."
            )
        if draft.last_number < taken:
            problems["last_number"] = _(
                "Number %(n)s has already been taken: the last number cannot go below it."
            ) % {"n": taken}
    if duplicate.exists():
        problems["prefix"] = _("This province already has this register for that year.")
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def save_register(
    user: Any, draft: RegisterDraft, register: NumberRegister | None = None
) -> NumberRegister:
    """Create a number register (`register` None) or change one."""
    target = register or NumberRegister(province=draft.province)
    if register is None:
        policy.require(
            user, Action.ADD, target, _("You may not keep the letter registers of this province.")
        )
    else:
        policy.require(user, Action.CHANGE, register, _("You may not change this letter register."))
        if draft.province.pk != register.province_id:
            raise ValidationError({"province": _("A register stays in its province.")})
        # Locked as issuing locks it: no number is taken between the check and the save.
        target = NumberRegister.objects.select_for_update().get(pk=register.pk)
    _check_register(draft, register)
    target.prefix = draft.prefix.strip()
    target.circular = draft.circular
    target.year_be = draft.year_be
    target.name = draft.name.strip()
    target.organisation = draft.organisation
    target.last_number = draft.last_number
    with set_actor(user):
        target.full_clean()
        target.save()
    return target


def _locked(exc: OperationalError) -> bool:
    return "locked" in str(exc).lower()


def issue(
    user: Any, letter: Letter, register: NumberRegister, on: date | None = None
) -> IssuedNumber:
    """Issue the draft `letter` under the next number of `register`, dated `on` (today):
    the letter's number and date are fixed from now on."""
    policy.require(user, Action.CHANGE, letter, _("You may not issue this letter."))
    policy.require(user, Action.CHANGE, register, _("You may not take numbers from this register."))
    if register.province_id != letter.province_id:
        raise ValidationError(_("The register belongs to another province."))
    on = on or timezone.localdate()
    if be_year(on.year) != register.year_be:
        raise ValidationError(
            _(
                "The register counts the year %(year)s; a letter dated in %(date_year)s takes "
                "its number from that year's register."
            )
            % {"year": register.year_be, "date_year": be_year(on.year)}
        )
    for attempt in range(ATTEMPTS):
        try:
            entry = _take_number(user, letter, register, on)
        except OperationalError as exc:
            # Inside an outer transaction a retry cannot start afresh: let the caller decide.
            if connection.in_atomic_block or not _locked(exc) or attempt == ATTEMPTS - 1:
                raise
            time.sleep(min(0.2, 0.005 * 2 ** min(attempt, 6)) * (0.5 + random.random()))  # noqa: S311 (jitter)
            continue
        letter.number, letter.date = entry.text, entry.issued_on
        letter._state.fields_cache["issued_number"] = entry
        return entry
    raise AssertionError("unreachable")  # pragma: no cover


def _take_number(user: Any, letter: Letter, register: NumberRegister, on: date) -> IssuedNumber:
    with transaction.atomic(), set_actor(user):
        book = NumberRegister.objects.select_for_update().get(pk=register.pk)
        fresh = Letter.objects.select_for_update().get(pk=letter.pk)
        if IssuedNumber.objects.filter(letter=fresh).exists():
            raise ValidationError(_("The letter has already been issued."))
        book.last_number += 1
        book.save(update_fields=["last_number"])
        entry = IssuedNumber.objects.create(
            register=book,
            year_be=book.year_be,
            number=book.last_number,
            text=number_text(book, book.last_number),
            letter=fresh,
            issued_on=on,
            issued_by=user if getattr(user, "is_authenticated", False) else None,
        )
        fresh.number, fresh.date = entry.text, on
        fresh.save(update_fields=["number", "date", "updated_at"])
    return entry


@transaction.atomic
def cancel(user: Any, letter: Letter, reason: str) -> IssuedNumber:
    """Cancel an issued letter: who, when and why are recorded; the number stays taken."""
    policy.require(user, Action.CHANGE, letter, _("You may not cancel this letter."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the letter is cancelled.")})
    entry = IssuedNumber.objects.select_for_update().filter(letter=letter).first()
    if entry is None:
        raise ValidationError(_("A draft has no number to cancel."))
    if entry.cancelled_at is not None:
        raise ValidationError(_("The letter has already been cancelled."))
    entry.cancelled_at = timezone.now()
    entry.cancelled_by = user
    entry.cancel_reason = reason
    with set_actor(user):
        entry.save(update_fields=["cancelled_at", "cancelled_by", "cancel_reason"])
    letter._state.fields_cache["issued_number"] = entry
    return entry
