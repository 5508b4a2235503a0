"""The admin for plan reference data and rules, through the permission policy.

The national secretariat tunes the plan-check rules (weight, severity, parameters, on/off)
and each regime's grade thresholds here (docs/plan-check.md). Plans themselves are edited
on their own pages, where the approval chain and the read-only rule of approved editions
apply; the admin shows them read-only with their audit log.
"""

from __future__ import annotations

from django.contrib import admin

from oneplan.orgs.admin import PolicyAdmin
from oneplan.plans.models import (
    AlignmentFramework,
    AlignmentTarget,
    CheckRule,
    IssueCategory,
    Plan,
    PlanEdition,
)


@admin.register(CheckRule)
class CheckRuleAdmin(PolicyAdmin):
    list_display = ["code", "title_th", "regime", "severity", "weight", "enabled"]
    list_filter = ["regime", "severity", "enabled"]
    list_editable = ["severity", "weight", "enabled"]
    search_fields = ["code", "title_th"]


@admin.register(IssueCategory)
class IssueCategoryAdmin(PolicyAdmin):
    list_display = ["code", "name_th", "name_en", "order"]


@admin.register(AlignmentFramework)
class AlignmentFrameworkAdmin(PolicyAdmin):
    list_display = ["code", "name_th", "first_year_be", "last_year_be"]


@admin.register(AlignmentTarget)
class AlignmentTargetAdmin(PolicyAdmin):
    list_display = ["framework", "number", "name_th"]
    list_filter = ["framework"]


class ReadOnlyPolicyAdmin(PolicyAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Plan)
class PlanAdmin(ReadOnlyPolicyAdmin):
    list_display = ["title", "kind", "first_year_be", "last_year_be", "regime"]
    list_filter = ["kind", "regime"]


@admin.register(PlanEdition)
class PlanEditionAdmin(ReadOnlyPolicyAdmin):
    list_display = ["plan", "number", "review_year_be", "status"]
    list_filter = ["status"]
