"""Loading every app's reference data, in dependency order."""

from __future__ import annotations

from importlib import import_module

from auditlog.context import disable_auditlog
from django.apps import apps
from django.db import transaction

from oneplan.areas.reference import LoadReport


def reference_loaders():
    """Each OnePlan app may have `reference.load_all() -> LoadReport`; INSTALLED_APPS order."""
    for config in apps.get_app_configs():
        if not config.name.startswith("oneplan.") or config.name == "oneplan.core":
            continue
        try:
            module = import_module(f"{config.name}.reference")
        except ModuleNotFoundError as exc:
            if exc.name == f"{config.name}.reference":
                continue
            raise
        if hasattr(module, "load_all"):
            yield config.label, module.load_all


def load_reference(province_codes: list[str] | None = None) -> LoadReport:
    """Load or refresh all reference data. Idempotent: a second run reports no change.

    Rows are written in bulk and not logged one by one in the audit trail (7,436
    sub-districts are not a user's change); what changed is in the returned report.
    """
    report = LoadReport()
    with transaction.atomic(), disable_auditlog():
        for _label, load_all in reference_loaders():
            report.merge(load_all(province_codes=province_codes))
    return report
