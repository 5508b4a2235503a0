"""What changed between two editions of a plan, item by item (slide 49's recommendation).

Every component keeps its `key` across editions, so the diff pairs components by key and
says, for each: added, removed, or changed (field: old → new). An indicator's yearly
targets are compared year by year ("ค่าเป้าหมาย ปี 2570: 5 → 7"); alignment links as sets;
a component moved under another parent shows the parent's change.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

from django.db.models import Model
from django.utils.translation import gettext as _

from oneplan.plans.models import (
    COMPONENT_MODELS,
    BaselineFigure,
    Goal,
    Indicator,
    PlanEdition,
    PlanProject,
    Positioning,
    StrategicIssue,
    Strategy,
    SwotItem,
    TowsStrategy,
    ValueChain,
    ValueChainStage,
)


class ChangeKind(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str

    @property
    def is_long(self) -> bool:
        """Long texts are shown word by word (what was struck out, what was put in)."""
        return len(self.old) + len(self.new) > LONG_TEXT

    def words(self) -> list[tuple[str, str]]:
        return word_diff(self.old, self.new)


LONG_TEXT = 160  # characters in old + new above which a change is shown word by word


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """The change from old to new as (op, text) runs, op in "same", "del", "ins".

    Thai is written without spaces, so the texts are cut into words with pythainlp
    (dictionary segmentation) before they are compared.
    """
    from difflib import SequenceMatcher

    from pythainlp.tokenize import word_tokenize

    a = word_tokenize(old, engine="newmm", keep_whitespace=True)
    b = word_tokenize(new, engine="newmm", keep_whitespace=True)
    runs: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            runs.append(("same", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            runs.append(("del", "".join(a[i1:i2])))
        if j2 > j1:
            runs.append(("ins", "".join(b[j1:j2])))
    return runs


@dataclass(frozen=True)
class DiffItem:
    kind: ChangeKind
    section: str  # the kind of component, as users name it ("ตัวชี้วัด")
    model: str  # model name, for the API ("indicator")
    key: str
    label: str  # the component as it reads in the newer edition (or the older, if removed)
    changes: tuple[FieldChange, ...] = ()


@dataclass
class EditionDiff:
    old: PlanEdition
    new: PlanEdition
    items: list[DiffItem] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        result = {kind.value: 0 for kind in ChangeKind}
        for item in self.items:
            result[item.kind.value] += 1
        return result

    def by_section(self) -> list[tuple[str, list[DiffItem]]]:
        sections: dict[str, list[DiffItem]] = {}
        for item in self.items:
            sections.setdefault(item.section, []).append(item)
        return list(sections.items())

    def as_dict(self) -> dict[str, Any]:
        return {
            "old": {"id": self.old.pk, "label": self.old.label, "status": self.old.status},
            "new": {"id": self.new.pk, "label": self.new.label, "status": self.new.status},
            "counts": self.counts(),
            "items": [
                {
                    **asdict(item),
                    "kind": item.kind.value,
                    "changes": [asdict(c) for c in item.changes],
                }
                for item in self.items
            ],
        }


# --------------------------------------------------------------------------- snapshots


def show(value: Any) -> str:
    """A value as the diff prints it: Decimals without trailing zeros, empty as "—"."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return text
    return str(value)


@dataclass(frozen=True)
class Snapshot:
    model: str
    section: str
    key: str
    label: str
    fields: dict[str, str]
    order: tuple


def _alignments(obj: Model) -> str:
    names = sorted(
        f"{t.framework.code}:{t.number}"
        for t in obj.alignments.all()  # type: ignore[attr-defined]
    )
    return ", ".join(names)


def _choice(obj: Model, name: str) -> str:
    return str(getattr(obj, f"get_{name}_display")())


def _fields_of(obj: Model, years: list[int]) -> dict[str, str]:
    """The compared fields of a component: verbose name → shown value."""

    def v(name: str) -> str:
        return str(obj._meta.get_field(name).verbose_name)

    if isinstance(obj, BaselineFigure):
        return {
            v("dimension"): _choice(obj, "dimension"),
            v("name"): obj.name,
            v("value"): show(obj.value),
            v("unit"): show(obj.unit),
            v("year_be"): show(obj.year_be),
            v("source"): show(obj.source),
        }
    if isinstance(obj, SwotItem):
        return {
            v("kind"): _choice(obj, "kind"),
            v("text"): obj.text,
            v("evidence"): show(obj.evidence),
        }
    if isinstance(obj, TowsStrategy):
        return {v("quadrant"): obj.quadrant, v("text"): obj.text}
    if isinstance(obj, Positioning):
        return {v("dimension"): _choice(obj, "dimension"), v("text"): obj.text}
    if isinstance(obj, StrategicIssue):
        return {
            v("priority"): str(obj.priority),
            v("title"): obj.title,
            v("category"): show(obj.category),
            v("alignments"): show(_alignments(obj)),
            v("cluster_issues"): show(", ".join(sorted(i.title for i in obj.cluster_issues.all()))),
        }
    if isinstance(obj, Goal):
        return {
            v("issue"): str(obj.issue),
            v("number"): obj.number,
            v("text"): obj.text,
            v("alignments"): show(_alignments(obj)),
        }
    if isinstance(obj, Indicator):
        targets = obj.target_map()
        result = {
            v("goal"): show(obj.goal),
            v("number"): obj.number,
            v("name"): obj.name,
            v("unit"): show(obj.unit),
            v("baseline"): show(obj.baseline),
            v("baseline_year_be"): show(obj.baseline_year_be),
            v("direction"): _choice(obj, "direction"),
            v("data_source"): show(obj.data_source),
            v("controllable"): show(obj.controllable),
        }
        for year in years:
            result[_("target for %(year)s") % {"year": year}] = show(targets.get(year))
        return result
    if isinstance(obj, Strategy):
        return {
            v("issue"): str(obj.issue),
            v("number"): obj.number,
            v("text"): obj.text,
            v("alignments"): show(_alignments(obj)),
        }
    if isinstance(obj, ValueChain):
        return {v("issue"): str(obj.issue), v("name"): obj.name}
    if isinstance(obj, ValueChainStage):
        return {v("chain"): str(obj.chain), v("name"): obj.name, v("order"): str(obj.order)}
    if isinstance(obj, PlanProject):
        return {
            v("strategy"): show(obj.strategy),
            v("stage"): show(obj.stage),
            v("name"): obj.name,
            v("actor"): _choice(obj, "actor"),
            v("responsible"): show(obj.responsible),
            v("budget"): show(obj.budget),
            v("first_year_be"): show(obj.first_year_be),
            v("last_year_be"): show(obj.last_year_be),
        }
    raise TypeError(f"no diff fields for {type(obj).__name__}")


PREFETCH: dict[type[Model], tuple[str, ...]] = {
    StrategicIssue: ("alignments__framework", "cluster_issues", "category"),
    Goal: ("alignments__framework", "issue"),
    Indicator: ("targets", "goal"),
    Strategy: ("alignments__framework", "issue"),
    ValueChain: ("issue",),
    ValueChainStage: ("chain",),
    PlanProject: ("strategy", "stage"),
}


def _edition_snapshot(edition: PlanEdition) -> Snapshot:
    def v(name: str) -> str:
        return str(PlanEdition._meta.get_field(name).verbose_name)

    return Snapshot(
        model="edition",
        section=_("Vision, mission and general sections"),
        key="edition",
        label=_("Plan text"),
        fields={
            v("vision"): show(edition.vision),
            v("mission"): show(edition.mission),
            v("general_info"): show(edition.general_info),
            v("past_performance"): show(edition.past_performance),
        },
        order=(-1,),
    )


def snapshot(edition: PlanEdition, years: list[int] | None = None) -> dict[str, Snapshot]:
    """Every component of an edition, keyed by "model:key", with its compared fields."""
    years = years if years is not None else edition.plan.years
    result = {"edition": _edition_snapshot(edition)}
    for position, model in enumerate(COMPONENT_MODELS):
        queryset = model.objects.filter(edition=edition).prefetch_related(*PREFETCH.get(model, ()))
        for obj in queryset:
            name = model._meta.model_name
            result[f"{name}:{obj.key}"] = Snapshot(
                model=name,
                section=str(model._meta.verbose_name_plural),
                key=str(obj.key),
                label=str(obj),
                fields=_fields_of(obj, years),
                order=(position, obj.order, obj.pk),
            )
    return result


def _compare(old: dict[str, str], new: dict[str, str]) -> tuple[FieldChange, ...]:
    names = list(new) + [n for n in old if n not in new]
    return tuple(
        FieldChange(name, old.get(name, "—"), new.get(name, "—"))
        for name in names
        if old.get(name, "—") != new.get(name, "—")
    )


def diff_snapshots(old: dict[str, Snapshot], new: dict[str, Snapshot]) -> list[DiffItem]:
    items: list[tuple[tuple, DiffItem]] = []
    for ident, snap in new.items():
        before = old.get(ident)
        if before is None:
            changes = tuple(
                FieldChange(n, "—", val) for n, val in snap.fields.items() if val != "—"
            )
            items.append(
                (
                    snap.order,
                    DiffItem(
                        ChangeKind.ADDED, snap.section, snap.model, snap.key, snap.label, changes
                    ),
                )
            )
            continue
        changes = _compare(before.fields, snap.fields)
        if changes:
            items.append(
                (
                    snap.order,
                    DiffItem(
                        ChangeKind.CHANGED, snap.section, snap.model, snap.key, snap.label, changes
                    ),
                )
            )
    for ident, snap in old.items():
        if ident not in new:
            changes = tuple(
                FieldChange(n, val, "—") for n, val in snap.fields.items() if val != "—"
            )
            items.append(
                (
                    snap.order,
                    DiffItem(
                        ChangeKind.REMOVED, snap.section, snap.model, snap.key, snap.label, changes
                    ),
                )
            )
    items.sort(key=lambda pair: (pair[0][0], pair[0][1:]))
    return [item for _order, item in items]


def diff_editions(old: PlanEdition, new: PlanEdition) -> EditionDiff:
    """The changes from `old` to `new` (two editions of the same plan)."""
    if old.plan_id != new.plan_id:
        raise ValueError("editions of different plans cannot be compared")
    years = new.plan.years
    return EditionDiff(old, new, diff_snapshots(snapshot(old, years), snapshot(new, years)))
