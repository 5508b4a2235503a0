"""Reading the audit trail: who changed what on an object, old → new."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from auditlog.models import LogEntry
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

ACTION_LABELS = {
    LogEntry.Action.CREATE: pgettext_lazy("audit action", "created"),
    LogEntry.Action.UPDATE: pgettext_lazy("audit action", "changed"),
    LogEntry.Action.DELETE: pgettext_lazy("audit action", "deleted"),
    LogEntry.Action.ACCESS: pgettext_lazy("audit action", "viewed"),
}


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str


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
    return [_entry(e) for e in entries]


def _entry(entry: LogEntry) -> AuditEntry:
    changes = tuple(
        FieldChange(str(field), _show(values[0]), _show(values[1]))
        for field, values in (entry.changes_display_dict or {}).items()
        if isinstance(values, (list, tuple)) and len(values) == 2
    )
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


def _show(value: Any) -> str:
    if value in (None, "None", ""):
        return "—"
    return str(value)
