"""Serializer fields shared by the API."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext as _
from rest_framework import serializers

from oneplan.core.dates import implausible_year, read_user_date


class ThaiDateField(serializers.DateField):
    """A date sent to the API, read as the forms read it (``core.dates.read_user_date``).

    ISO ``yyyy-mm-dd`` is accepted as before; as in every OnePlan date, a 4-digit year of
    2400 or more is a Buddhist-Era year and is converted: ``"2569-12-07"`` is stored as
    2026-12-07, not as the year 2569. Dates as Thai users type them are read too
    (``"7/12/2569"``, ``"7 ธ.ค. 69"``, ``"7/12/2026"`` is C.E.). A date that does not exist
    (``"2569-02-30"``) or whose year, once read, lies outside 1900-2200 C.E. (``"3112-12-07"``
    = B.E. 3112, ``"2300-01-01"``) is refused with a message in the request's language.
    Answers give ISO dates in C.E., as before.
    """

    def to_internal_value(self, value: Any) -> date:
        if isinstance(value, datetime):
            self.fail("datetime")
        if isinstance(value, date):
            reason = implausible_year(value)
            if reason is not None:
                raise serializers.ValidationError(reason, code="implausible_year")
            return value
        if not isinstance(value, str):
            raise serializers.ValidationError(
                _("A date must be text, e.g. 2026-12-07 or 7/12/2569"), code="invalid"
            )
        try:
            return read_user_date(value).value
        except ValueError as exc:
            raise serializers.ValidationError(str(exc), code="invalid") from exc
