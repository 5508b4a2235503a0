"""An audit entry's changes as a user reads them: the field's label, values in words.

django-auditlog stores each change as the field's name and its old and new values (JSON).
Shown as stored, a user would read internal names, "False", C.E. dates, choice codes and a
reverse relation's manager (`projects.BudgetLine.None`). Here every change is read against
the model's own field: its verbose name; yes/no; dates in the Buddhist Era; a choice's
label; a related record's name; money and numbers with thousands separators. What is not
a field of the record itself (a reverse relation, bookkeeping such as timestamps or the
record's version) is left out.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from oneplan.core.thai import be_year, format_date_short, thai_month_name

EMPTY = "—"
HIDDEN_FIELDS = {"version", "password", "last_login"}


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str


def readable_changes(model: type[models.Model] | None, entry: Any) -> tuple[FieldChange, ...]:
    """The changes of one audit entry, each with its label and values as users read them."""
    stored = entry.changes_dict or {}
    changes = []
    related: dict[tuple[type[models.Model], str], str] = {}
    for name, values in stored.items():
        field = _field(model, name)
        if field is None or not _shown(field):
            continue
        label = str(field.verbose_name)
        if isinstance(values, dict):  # many-to-many: {"type": "m2m", "operation", "objects"}
            sign = "+" if values.get("operation") == "add" else "−"
            objects = ", ".join(str(o) for o in values.get("objects", []))
            changes.append(FieldChange(label, "", f"{sign} {objects}"))
            continue
        if not (isinstance(values, list | tuple) and len(values) == 2):
            continue
        old, new = (readable_value(field, v, related) for v in values)
        if old != new:
            changes.append(FieldChange(label, old, new))
    return tuple(changes)


def _field(model: type[models.Model] | None, name: str) -> models.Field | None:
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _shown(field: Any) -> bool:
    if not getattr(field, "concrete", False) and not getattr(field, "many_to_many", False):
        return False  # a reverse relation (budget lines of a proposal): its rows have their own
    if field.name in HIDDEN_FIELDS:
        return False
    return not (getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False))


def readable_value(field: Any, value: Any, related: dict | None = None) -> str:
    """One stored value of `field` in words (Thai where the interface is Thai)."""
    if value is None or value in ("", "None"):
        return EMPTY
    if field.choices:
        labels = {str(k): str(v) for k, v in field.flatchoices}
        return labels.get(str(value), str(value))
    if isinstance(field, models.BooleanField):
        truth = value if isinstance(value, bool) else str(value).lower() in ("true", "1")
        return _("yes") if truth else _("no")
    if isinstance(field, models.DateTimeField):
        return _datetime(value)
    if isinstance(field, models.DateField):
        return _date(value)
    if isinstance(field, models.DecimalField | models.IntegerField | models.FloatField):
        return _number(value, field)
    if isinstance(field, models.ForeignKey | models.OneToOneField):
        return _related(field, value, related if related is not None else {})
    if isinstance(field, models.JSONField) and not isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _date(value: Any) -> str:
    try:
        day = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    except ValueError:
        return str(value)
    return format_date_short(day)


def _datetime(value: Any) -> str:
    try:
        moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    month = thai_month_name(moment.month, short=True)
    return f"{moment.day} {month} {be_year(moment.year)} {moment:%H:%M}"


def _number(value: Any, field: Any) -> str:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    if not number.is_finite():
        return str(value)
    places = getattr(field, "decimal_places", 0) or 0
    if isinstance(field, models.IntegerField) and "year" in field.name:
        return str(number)  # a year (2570), not an amount
    return f"{number:,.{min(places, 2)}f}" if places else f"{number:,.0f}"


def _related(field: Any, value: Any, cache: dict) -> str:
    key = (field.related_model, str(value))
    if key not in cache:
        target = field.related_model._default_manager.filter(pk=value).first()
        cache[key] = str(target) if target is not None else f"#{value}"
    return cache[key]
