"""Reading the audit trail: who changed what on an object, old → new."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from auditlog.models import LogEntry
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from oneplan.audit.display import FieldChange, readable_changes

__all__ = ["AuditEntry", "FieldChange", "changes_since", "history_for"]

ACTION_LABELS = {
    LogEntry.Action.CREATE: pgettext_lazy("audit action", "created"),
    LogEntry.Action.UPDATE: pgettext_lazy("audit action", "changed"),
    LogEntry.Action.DELETE: pgettext_lazy("audit action", "deleted"),
    LogEntry.Action.ACCESS: pgettext_lazy("audit action", "viewed"),
}


@dataclass(frozen=True)
class AuditEntry:
    when: datetime
    actor: str
    action: str
    changes: tuple[FieldChange, ...]
    remote_addr: str | None


def history_for(obj: Any, limit: int = 100) -> list[AuditEntry]:
    """The object's changes, newest first, with field names as users read them."""
    entries = LogEntry.objects.get_for_object(obj).select_related("actor")[:limit]
    return [_entry(e, type(obj)) for e in entries]


def changes_since(obj: Any, version: int, limit: int = 50) -> list[AuditEntry]:
    """What was changed on a versioned object (`oneplan.audit.versioning.Versioned`) after it
    was at `version`, oldest first: who, when, and each field (its verbose name) old → new,
    many-to-many fields included; bookkeeping (timestamps, the version) left out. Each entry
    of such an object records the version its change made."""
    entries = (
        LogEntry.objects.get_for_object(obj)
        .filter(additional_data__version__gt=version)
        .select_related("actor", "content_type")
        .order_by("timestamp", "pk")[:limit]
    )
    return [_entry(entry, type(obj)) for entry in entries]


def _entry(entry: LogEntry, model: Any) -> AuditEntry:
    """One entry with its changes as users read them (labels, yes/no, B.E. dates, names)."""
    changes = readable_changes(model, entry)
    actor = (
        entry.actor.get_full_name() or entry.actor.get_username() if entry.actor else _("system")
    )
    return AuditEntry(
        when=entry.timestamp,
        actor=actor,
        action=str(ACTION_LABELS.get(entry.action, entry.action)),
        changes=changes,
        remote_addr=entry.remote_addr,
    )
