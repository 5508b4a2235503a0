"""The national secretariat tunes the regimes (envelope split, top priorities, grades)."""

from __future__ import annotations

from django.contrib import admin

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
        "is_current",
    ]


@admin.register(Cycle)
class CycleAdmin(PolicyAdmin):
    list_display = ["fiscal_year_be", "regime", "name"]


@admin.register(Phase)
class PhaseAdmin(PolicyAdmin):
    list_display = ["code", "name", "name_th", "regime", "order"]
    list_filter = ["regime"]
