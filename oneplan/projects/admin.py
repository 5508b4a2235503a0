"""The admin for the screening configuration, through the permission policy.

The national secretariat tunes each regime's eligibility rules (words, exceptions, kinds of
project, parameters, on/off) and criteria (weight, highest score, computed or manual,
parameters) here (docs/screening.md). Proposals and action plans are worked on their own
pages, where the pipeline's rules apply; the admin shows them read-only with their audit log.
"""

from __future__ import annotations

from django.contrib import admin

from oneplan.orgs.admin import PolicyAdmin
from oneplan.plans.admin import ReadOnlyPolicyAdmin
from oneplan.projects.models import (
    ActionPlan,
    Criterion,
    EligibilityRule,
    Envelope,
    LexiconEntry,
    ProjectTag,
    Proposal,
)


@admin.register(EligibilityRule)
class EligibilityRuleAdmin(PolicyAdmin):
    list_display = ["code", "title_th", "regime", "enabled", "order"]
    list_filter = ["regime", "enabled"]
    list_editable = ["enabled"]
    search_fields = ["code", "title_th"]


@admin.register(Criterion)
class CriterionAdmin(PolicyAdmin):
    list_display = ["code", "title_th", "regime", "weight", "max_score", "automatic", "order"]
    list_filter = ["regime", "automatic"]
    list_editable = ["weight", "max_score", "automatic"]


@admin.register(ProjectTag)
class ProjectTagAdmin(PolicyAdmin):
    list_display = ["code", "name_th", "order"]


@admin.register(LexiconEntry)
class LexiconEntryAdmin(PolicyAdmin):
    """The words the similar-project search reads as one (abbreviations, synonyms) and the
    words of kinds of action, objects, target groups and countries (docs/similarity.md)."""

    list_display = ["term", "canonical", "kind", "note"]
    list_filter = ["kind"]
    search_fields = ["term", "canonical", "note"]


@admin.register(Envelope)
class EnvelopeAdmin(ReadOnlyPolicyAdmin):
    list_display = ["cycle", "province", "cluster", "amount"]
    list_filter = ["cycle"]


@admin.register(Proposal)
class ProposalAdmin(ReadOnlyPolicyAdmin):
    list_display = ["reference_code", "title", "cycle", "level", "status"]
    list_filter = ["cycle", "level", "status"]
    search_fields = ["reference_code", "title"]


@admin.register(ActionPlan)
class ActionPlanAdmin(ReadOnlyPolicyAdmin):
    list_display = ["title", "cycle", "level", "status"]
    list_filter = ["cycle", "level", "status"]
