"""Saving a record only if it is still the one the user read: no lost updates.

Two people open the same proposal (plan text, goal ...), both save, and without a check the
second silently undoes the first. A `Versioned` model carries an integer `version`, raised
by one in the database on every save. An edit page sends the version it was read at back
with the form (`VersionedFormMixin`, a hidden field), the API the `ETag` it gave out
(`If-Match`, `oneplan.api.versioning`), and the service saves through `save_if_current`:
the check and the write are one `UPDATE ... WHERE pk = %s AND version = %s` in the
transaction of the save, so of two concurrent saves of the same version exactly one wins
(PostgreSQL re-reads the row the loser waited for; SQLite writes one at a time). The loser
gets `StaleVersion`, a `ValidationError` whose Thai message says who changed what since,
read from the audit trail (each change records in its entry the version it made).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models, router, transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from oneplan.audit.services import AuditEntry, changes_since
from oneplan.core.thai import format_datetime


class Versioned(models.Model):
    """A record saved with a check that nobody changed it since it was read.

    `version` goes up by one, in the database, on every save of an existing row (so two
    saves of the same stale copy still count twice); `save_if_current` sets it itself.
    """

    version = models.PositiveIntegerField(gettext_lazy("version"), default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        update_fields = kwargs.get("update_fields")
        if (
            self._state.adding
            or self.pk is None
            or (update_fields is not None and (not update_fields or "version" in update_fields))
        ):
            super().save(*args, **kwargs)
            return
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        rows = type(self)._base_manager.using(using).filter(pk=self.pk)
        with transaction.atomic(using=using, savepoint=False):
            if rows.update(version=F("version") + 1):
                self.version = rows.values_list("version", flat=True).get()
                if update_fields is not None:
                    kwargs["update_fields"] = {*update_fields, "version"}
            super().save(*args, **kwargs)

    def get_additional_data(self) -> dict[str, Any]:
        """Stored by the audit trail with each entry: the version the change made."""
        return {"version": self.version}


class StaleVersion(ValidationError):
    """The record changed after the user read it (at `expected`; it is now at `current`)."""

    def __init__(self, obj: Versioned, expected: int, current: int):
        self.obj = obj
        self.expected = expected
        self.current = current
        self.changes: list[AuditEntry] = changes_since(obj, expected)
        super().__init__(
            _(
                "Not saved: %(change)s after you opened it. What you typed is kept below:"
                " check it against that change and save again to keep yours."
            )
            % {"change": self.summary()},
            code="stale",
        )

    def summary(self) -> str:
        """Who changed the record since, when, and which fields (their verbose names)."""
        what = str(type(self.obj)._meta.verbose_name)
        if not self.changes:
            return _("someone else changed this %(what)s") % {"what": what}
        actors = list(dict.fromkeys(entry.actor for entry in self.changes))
        fields = list(dict.fromkeys(c.field for entry in self.changes for c in entry.changes))
        values = {
            "who": ", ".join(actors),
            "what": what,
            "when": format_datetime(self.changes[-1].when),
            "fields": ", ".join(fields),
        }
        if fields:
            return _("%(who)s changed this %(what)s on %(when)s (%(fields)s)") % values
        return _("%(who)s changed this %(what)s on %(when)s") % values


def save_if_current(
    obj: Versioned, expected_version: int | None, fields: Iterable[str] | None = None
) -> Versioned:
    """Save `obj` (only `fields`, when given, and its auto_now timestamps) if it is still at
    `expected_version`; else raise `StaleVersion` and write nothing. The check and the
    write are atomic. `expected_version` None saves without the check (the version still
    goes up), for callers that read nothing stale (an API call without If-Match); `fields`
    keeps even those from overwriting what they did not send."""
    model = type(obj)
    if obj.pk is None or obj._state.adding:
        obj.save()
        return obj
    if fields is None:
        names = {f.name for f in model._meta.concrete_fields if not f.primary_key}
    else:
        names = {model._meta.get_field(name).name for name in fields}
        names |= {f.name for f in model._meta.concrete_fields if getattr(f, "auto_now", False)}
    using = router.db_for_write(model, instance=obj)
    with transaction.atomic(using=using):
        if expected_version is not None:
            rows = model._base_manager.using(using).filter(pk=obj.pk)
            # The check and the claim in one statement: the row is locked from here on, and
            # a save that waited for it finds the new version and loses.
            if not rows.filter(version=expected_version).update(version=expected_version + 1):
                current = rows.values_list("version", flat=True).first()
                raise StaleVersion(obj, expected_version, current or 0)
            obj.version = expected_version + 1
            names.add("version")  # claimed above: `Versioned.save` leaves it as it is
        obj.save(update_fields=names)
    return obj


def concrete_names(model: type[models.Model], names: Iterable[str]) -> list[str]:
    """The names that are columns of `model` (a form's fields without its many-to-many)."""
    columns = {f.name for f in model._meta.concrete_fields}
    return [name for name in names if name in columns]


class VersionedFormMixin:
    """A model form that carries, in a hidden field, the version its record was read at.

    `expected_version()` is what to hand `save_if_current`; when the save is refused,
    `refuse(exc)` puts the message above the form, keeps everything the user typed, and
    moves the hidden version on to the current one, so that saving again (after checking
    the other change, listed in `stale`) is a deliberate choice.
    """

    version_field = "record_version"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        instance = self.instance  # type: ignore[attr-defined]
        self.stale: StaleVersion | None = None
        self.fields[self.version_field] = forms.IntegerField(  # type: ignore[attr-defined]
            widget=forms.HiddenInput,
            required=False,
            min_value=0,
            initial=instance.version if instance.pk else None,
        )

    def expected_version(self) -> int | None:
        """The version the user read (None for a new record, or a form sent without it)."""
        if self.instance.pk is None:  # type: ignore[attr-defined]
            return None
        return self.cleaned_data.get(self.version_field)  # type: ignore[attr-defined]

    def model_fields(self) -> list[str]:
        """The record's columns this form writes."""
        return concrete_names(type(self.instance), self._meta.fields)  # type: ignore[attr-defined]

    def refuse(self, exc: StaleVersion) -> None:
        self.stale = exc
        self.add_error(None, exc.messages[0])  # type: ignore[attr-defined]
        data = self.data.copy()  # type: ignore[attr-defined]
        data[self.add_prefix(self.version_field)] = str(exc.current)  # type: ignore[attr-defined]
        self.data = data
