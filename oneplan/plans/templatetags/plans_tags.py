"""Small presentational helpers for plan pages (no domain rules here)."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.urls import reverse

from oneplan.plans.forms import COMPONENT_KINDS
from oneplan.plans.models import Severity

register = template.Library()

_SLUGS: dict[str, str] | None = None


def _slug_of(model_name: str) -> str | None:
    global _SLUGS
    if _SLUGS is None:
        _SLUGS = {k.model._meta.model_name: slug for slug, k in COMPONENT_KINDS.items()}
    return _SLUGS.get(model_name)


@register.simple_tag
def component_url(obj) -> str:
    """The edit page of a component."""
    slug = _slug_of(obj._meta.model_name)
    return reverse(
        "plans:component_edit", kwargs={"pk": obj.edition_id, "kind": slug, "cid": obj.pk}
    )


@register.simple_tag
def component_delete_url(obj) -> str:
    slug = _slug_of(obj._meta.model_name)
    return reverse(
        "plans:component_delete", kwargs={"pk": obj.edition_id, "kind": slug, "cid": obj.pk}
    )


@register.simple_tag
def add_url(edition, slug: str) -> str:
    return reverse("plans:component_add", kwargs={"pk": edition.pk, "kind": slug})


@register.filter
def anchor(obj) -> str:
    """The id of a component's element on the edition page: "goal-12"."""
    return f"{obj._meta.model_name}-{obj.pk}"


@register.filter
def yearly_targets(indicator, years) -> list[tuple[int, Decimal | None]]:
    """(year, target) in the order of the plan's years (None where a target is missing)."""
    targets = {t.year_be: t.value for t in indicator.targets.all()}
    return [(year, targets.get(year)) for year in years]


@register.filter
def number(value) -> str:
    """A Decimal without trailing zeros, thousands separated; "—" when empty."""
    if value is None or value == "":
        return "—"
    if isinstance(value, Decimal):
        value = value.normalize()
        if value == value.to_integral():
            return f"{value:,.0f}"
        return f"{value:,f}"
    return str(value)


@register.filter
def verbose_name(obj) -> str:
    return str(obj._meta.verbose_name)


@register.filter
def severity_label(code: str) -> str:
    """The label of a plan-check severity ("error" → ต้องแก้ไข in Thai)."""
    return str(Severity(code).label) if code in Severity.values else code
