"""The national secretariat tunes the regimes (envelope split, top priorities, grades, the
approval chains, report periods and investment words)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from oneplan.core.responses import errors_to_form
from oneplan.cycles import rules
from oneplan.cycles.models import Cycle, Phase, Regime
from oneplan.cycles.regime_copy import copy_regime
from oneplan.orgs.admin import PolicyAdmin


class RegimeCopyForm(forms.Form):
    """The new regime's code and names (everything else is copied)."""

    code = forms.CharField(label=gettext_lazy("code"), max_length=20)
    name_th = forms.CharField(label=gettext_lazy("Thai name"), max_length=300)
    name_en = forms.CharField(label=gettext_lazy("English name"), max_length=300, required=False)


@admin.action(description=gettext_lazy("New regime from this one"), permissions=["add"])
def new_regime_from_this_one(modeladmin, request, queryset):
    """Ask the new regime's code and Thai name, then copy the chosen regime and all it owns."""
    if queryset.count() != 1:
        modeladmin.message_user(
            request, _("Choose exactly one regime to copy."), level=messages.ERROR
        )
        return None
    source = queryset.get()
    form = RegimeCopyForm(request.POST if "apply" in request.POST else None)
    if form.is_valid():
        try:
            regime = copy_regime(request.user, source, **form.cleaned_data)
        except PermissionDenied:
            modeladmin.message_user(request, _("You may not do this."), level=messages.ERROR)
            return None
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            modeladmin.message_user(
                request,
                _("The regime “%(regime)s” was created from “%(source)s” with all its rules.")
                % {"regime": regime, "source": source},
                level=messages.SUCCESS,
            )
            return redirect(reverse("admin:cycles_regime_change", args=[regime.pk]))
    return render(
        request,
        "admin/cycles/regime/copy_regime.html",
        {
            **modeladmin.admin_site.each_context(request),
            "title": _("New regime from “%(source)s”") % {"source": source},
            "opts": modeladmin.model._meta,
            "source": source,
            "form": form,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        },
    )


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
    actions = [new_regime_from_this_one]

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
