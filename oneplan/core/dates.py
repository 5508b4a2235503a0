"""Dates typed into OnePlan's forms: one reading for every date field.

Officials type Buddhist-Era dates ("7/12/2569", "7 ธ.ค. 69", "๗ ธันวาคม ๒๕๖๙"); a browser's
date picker or a C.E. habit gives "2026-12-07" or "7/12/2026". Every date field reads them
with ``core.thai.read_date``: B.E. by default, C.E. understood and said back to the user
("อ่าน “7/12/2026” เป็น ค.ศ. 2026 = พ.ศ. 2569"), impossible dates and years outside
1900-2200 C.E. refused in Thai — so that a B.E. year typed where C.E. was expected can no
longer be stored as the year 3112. The API's date field (``api.fields.ThaiDateField``) reads
dates the same way.

``ThaiDateField`` is the form field (a text input showing dates as "07/12/2569"); after a
form is validated, ``announce_date_readings`` puts each C.E. reading in the messages shown on
the next page. ``validate_plausible_date`` is the same year check as a model validator.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms.utils import pretty_name
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from oneplan.core.thai import (
    be_year,
    ce_year,
    format_date_full,
    format_date_numeric,
    normalize_text,
    read_date,
)

EARLIEST_YEAR_CE = 1900
LATEST_YEAR_CE = 2200
"""Dates outside these years (B.E. 2443-2743) are taken for typing mistakes."""

PLACEHOLDER = gettext_lazy("dd/mm/yyyy (B.E.)")


@dataclass(frozen=True, slots=True)
class DateReading:
    """A date as typed, and how it was read."""

    value: date
    typed: str
    era_given: Literal["BE", "CE"]

    @property
    def notice(self) -> str | None:
        """What to tell the user when the year was read as C.E.; None for B.E."""
        if self.era_given != "CE":
            return None
        return _("Read “%(typed)s” as %(ce)s C.E. = B.E. %(be)s, that is %(date)s") % {
            "typed": self.typed,
            "ce": self.value.year,
            "be": be_year(self.value.year),
            "date": format_date_full(self.value),
        }


def implausible_year(value: date) -> str | None:
    """The Thai reason why ``value``'s year cannot be meant, or None when it is plausible."""
    if EARLIEST_YEAR_CE <= value.year <= LATEST_YEAR_CE:
        return None
    return _(
        "The year B.E. %(be)s (%(ce)s C.E.) is unlikely to be right — a date must lie"
        " between B.E. %(earliest)s and B.E. %(latest)s"
    ) % {
        "be": be_year(value.year),
        "ce": value.year,
        "earliest": be_year(EARLIEST_YEAR_CE),
        "latest": be_year(LATEST_YEAR_CE),
    }


BE_YEAR_FROM = 2400
"""A year from here on in a date that arrived as a date (a spreadsheet's date cell, an ISO
string) is a Buddhist-Era year: Excel keeps "7/12/2569" typed on a Gregorian calendar as
the year 2569."""


def plausible_date(value: date, be_years: bool = True) -> date:
    """A date read from a file or another system, its year made C.E. and checked: a year of
    2400 or more is read as B.E. (7 Dec 2569 → 7 Dec 2026) unless `be_years` is False (a
    date parsed from text, whose era was already read); one still outside 1900-2200 is
    refused with ``ValueError`` (a translated message)."""
    if be_years and value.year >= BE_YEAR_FROM:
        try:
            value = value.replace(year=ce_year(value.year))
        except ValueError as exc:  # 29 February of a B.E. year that is not leap in C.E.
            raise ValueError(
                _("There is no %(day)s February in B.E. %(year)s")
                % {"day": value.day, "year": value.year}
            ) from exc
    reason = implausible_year(value)
    if reason is not None:
        raise ValueError(reason)
    return value


def read_user_date(text: str) -> DateReading:
    """Read a typed date (see ``core.thai.parse_date``) and refuse an implausible year.

    Raises ``ValueError`` with a translated message."""
    typed = normalize_text(text)
    parsed = read_date(typed)
    reason = implausible_year(parsed.value)
    if reason is not None:
        raise ValueError(reason)
    return DateReading(value=parsed.value, typed=typed, era_given=parsed.year.era_given)


def validate_plausible_date(value: date) -> None:
    """Model-field validator: the year lies within 1900-2200 C.E."""
    reason = implausible_year(value)
    if reason is not None:
        raise ValidationError(reason, code="implausible_year")


class ThaiDateInput(forms.TextInput):
    """A text input showing a date as "07/12/2569" (B.E.); what the user typed is kept."""

    def __init__(self, attrs: dict[str, Any] | None = None):
        super().__init__({"placeholder": PLACEHOLDER, "autocomplete": "off", **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, datetime):
            value = value.date()
        if isinstance(value, date):
            return format_date_numeric(value)
        return super().format_value(value)


class ThaiDateField(forms.Field):
    """A date typed as B.E. or C.E. (see the module's doc). After ``clean``, ``reading``
    says how the text was read (None when empty or given as a date)."""

    widget = ThaiDateInput

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self.reading: DateReading | None = None

    def to_python(self, value: Any) -> date | None:
        if isinstance(value, datetime):
            value = value.date()
        if isinstance(value, date):
            reason = implausible_year(value)
            if reason is not None:
                raise ValidationError(reason, code="implausible_year")
            return value
        if value in self.empty_values or not str(value).strip():
            return None
        try:
            reading = read_user_date(str(value))
        except ValueError as exc:
            raise ValidationError(str(exc), code="invalid") from exc
        self.reading = reading
        return reading.value

    def clean(self, value: Any) -> date | None:
        self.reading = None
        return super().clean(value)


def announce_date_readings(request: HttpRequest, *forms_: forms.BaseForm) -> None:
    """After validation, tell the user (a message on the next page) of every date whose
    year was read as C.E., under the label of its field."""
    for form in forms_:
        for name, field in form.fields.items():
            if not isinstance(field, ThaiDateField) or field.reading is None:
                continue
            notice = field.reading.notice
            if notice:
                label = field.label or pretty_name(name)
                messages.info(request, f"{label}: {notice}")
