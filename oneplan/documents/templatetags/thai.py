"""Template filters for Thai output: ``{{ d|thai_date }}``, ``{{ amount|baht }}`` ...

Thin wrappers over :mod:`oneplan.core.thai`; every filter returns "" for None.
Date filters take an optional argument to switch to Thai digits: ``{{ d|thai_date:True }}``.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django import template
from django.utils import timezone

from oneplan.core import thai

register = template.Library()


def _local_date(value: date) -> date:
    # An aware datetime is shown on the local (Bangkok) calendar day, not the UTC one.
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def _decimal(value: object) -> Decimal | None:
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        return Decimal(value)
    try:
        # str() keeps what the value prints as (0.1, not 0.1000000000000000055...).
        number = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


@register.filter
def thai_date(value: object, thai_digits: bool = False) -> str:
    """Full date, "28 พฤษภาคม 2562"; "" when the value is not a date."""
    if not isinstance(value, date):
        return ""
    return thai.format_date_full(_local_date(value), thai_digits=bool(thai_digits))


@register.filter
def thai_date_short(value: object, thai_digits: bool = False) -> str:
    """Short date, "28 พ.ค. 2562"; "" when the value is not a date."""
    if not isinstance(value, date):
        return ""
    return thai.format_date_short(_local_date(value), thai_digits=bool(thai_digits))


@register.filter(is_safe=True)
def thai_digits(value: object) -> str:
    """Arabic digits to Thai digits."""
    if value is None:
        return ""
    return thai.to_thai_digits(str(value))


@register.filter
def baht(value: object, thai_digits: bool = False) -> str:
    """Baht in figures, "1,234,567.50"; "" when the value is not a number."""
    if value is None:
        return ""
    number = _decimal(value)
    return "" if number is None else thai.format_baht(number, thai_digits=bool(thai_digits))


@register.filter
def baht_words(value: object) -> str:
    """Baht in words, "หนึ่งพันบาทถ้วน"; "" unless the value is a number >= 0."""
    if value is None:
        return ""
    number = _decimal(value)
    if number is None or number < 0:
        return ""
    return thai.baht_in_words(number)


@register.filter
def fiscal_year(value: object, thai_digits: bool = False) -> str:
    """Fiscal year label, "ปีงบประมาณ พ.ศ. 2570", of a date or a B.E. year number."""
    if isinstance(value, date):
        fy = thai.fiscal_year_of(_local_date(value))
    elif isinstance(value, int | str) and not isinstance(value, bool) and str(value).isdecimal():
        fy = int(value)
    else:
        return ""
    return thai.format_fiscal_year(fy, thai_digits=bool(thai_digits))


@register.filter
def thai_datetime(value: object, thai_digits: bool = False) -> str:
    """A moment as "28 พ.ค. 2562 14:05 น." on the Bangkok clock."""
    if not isinstance(value, datetime):
        return ""
    return thai.format_datetime(value, thai_digits=bool(thai_digits))
