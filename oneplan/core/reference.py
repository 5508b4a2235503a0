"""Loading every app's reference data, in dependency order."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import import_module

from auditlog.context import disable_auditlog
from django.apps import apps
from django.db import transaction


@dataclass
class LoadReport:
    """What a loader did, by kind of record: {"area": {"created": 3, ...}}."""

    counts: dict[str, dict[str, int]] = field(default_factory=dict)

    def add(self, kind: str, outcome: str, n: int = 1) -> None:
        if n:
            bucket = self.counts.setdefault(kind, {})
            bucket[outcome] = bucket.get(outcome, 0) + n

    def merge(self, other: LoadReport) -> None:
        for kind, outcomes in other.counts.items():
            for outcome, n in outcomes.items():
                self.add(kind, outcome, n)

    @property
    def changed(self) -> bool:
        return any(
            n for outcomes in self.counts.values() for k, n in outcomes.items() if k != "unchanged"
        )

    def lines(self) -> list[str]:
        return [
            f"{kind}: " + ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items()))
            for kind, outcomes in sorted(self.counts.items())
        ]


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
