"""The national secretariat tunes the regimes (envelope split, top priorities, grades, the
approval chains, report periods and investment words)."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext as _

from oneplan.cycles import rules
from oneplan.cycles.models import Cycle, Phase, Regime
from oneplan.orgs.admin import PolicyAdmin


@admin.register(Regime)
class RegimeAdmin(PolicyAdmin):
    list_display = [
        "code",
        "name_th",
        "span_years",
        "cluster_share_percent",
        "top_priorities",
        "grade_very_good",
        "grade_good",
        "grade_fair",
        "fallback_budget_years",
        "is_current",
    ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        """Each rule the apps declare says what an empty field means: its named default."""
        form = super().get_form(request, obj, change, **kwargs)
        for rule in rules.registered():
            field = form.base_fields.get(rule.field)
            if field is not None:
                field.help_text = _("Left empty, the regime follows the default: %(default)s") % {
                    "default": rule.describe_default()
                }
        return form


@admin.register(Cycle)
class CycleAdmin(PolicyAdmin):
    list_display = ["fiscal_year_be", "regime", "name"]


@admin.register(Phase)
class PhaseAdmin(PolicyAdmin):
    list_display = ["code", "name", "name_th", "regime", "order"]
    list_filter = ["regime"]
