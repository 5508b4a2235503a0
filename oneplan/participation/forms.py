"""Forms of the Section 19 consultation: the consultation itself (its cycle, province, day,
venue, status and public comment window) and an invitee added by hand. They only parse; the
rules are in `services` (save_consultation, add_invitee)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy

from oneplan.areas.models import Area
from oneplan.core.dates import ThaiDateField
from oneplan.core.thai import normalize_text
from oneplan.cycles.models import Cycle
from oneplan.orgs import policy
from oneplan.orgs.models import Organisation
from oneplan.orgs.policy import Action
from oneplan.participation import services
from oneplan.participation.models import Consultation, Invitee, InviteeGroup


def provinces_for_consultations(user: Any):
    """The provinces where `user` may create a Section 19 consultation."""
    reach = policy.area_reach(user, Action.CHANGE)
    provinces = Area.objects.provinces().active().order_by("code")
    if reach is not None:
        query = Q(pk__in=[])
        for prefix in reach:
            query |= Q(code__startswith=prefix)
        provinces = provinces.filter(query)
    allowed = [p.code for p in provinces if policy.can(user, Action.ADD, Consultation(province=p))]
    return Area.objects.filter(code__in=allowed).order_by("code")


class ConsultationForm(forms.ModelForm):
    """A consultation; the province is chosen among those the user may edit, and kept once
    the consultation exists."""

    class Meta:
        model = Consultation
        fields = [
            "cycle",
            "province",
            "title",
            "held_on",
            "time",
            "venue",
            "editions",
            "selection_date",
            "status",
            "published",
            "public_comments_open",
            "summary",
        ]
        field_classes = {"held_on": ThaiDateField, "selection_date": ThaiDateField}
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "editions": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "title": gettext_lazy(
                "Leave empty for the usual title with the province and the fiscal year"
            ),
            "selection_date": gettext_lazy(
                "The day the civil-society representatives are chosen: their eligibility is"
                " judged on it"
            ),
            "public_comments_open": gettext_lazy(
                "The public page takes comments on the plans while this is ticked (the"
                " consultation must be published)"
            ),
        }

    def __init__(self, *args, user: Any, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = False
        self.fields["cycle"].queryset = Cycle.objects.order_by("-fiscal_year_be")
        province = self.fields["province"]
        if self.instance.pk is None:
            provinces = provinces_for_consultations(user)
        else:
            provinces = Area.objects.filter(pk=self.instance.province_id)
        editions = services.editions_in(provinces).select_related("plan")
        self.fields["editions"].queryset = editions.restrict(user).order_by("plan__kind", "-pk")
        self.fields["editions"].required = False
        self.fields["editions"].label_from_instance = lambda e: f"{e.plan} · {e}"
        province.queryset = provinces
        if self.instance.pk is None:
            province.label_from_instance = lambda a: a.display_name
            if len(province.queryset) == 1:  # a province's own strategy group: no choice to make
                province.initial, province.empty_label = province.queryset[0].pk, None
        else:
            province.disabled = True

    def clean_title(self) -> str:
        return normalize_text(self.cleaned_data.get("title") or "")

    def clean_venue(self) -> str:
        return normalize_text(self.cleaned_data.get("venue") or "")


class InviteeForm(forms.ModelForm):
    """One invitee added by hand: a guest or a head the list missed, in one of the five
    groups; the organisation, if any, is one of the consultation's province."""

    class Meta:
        model = Invitee
        fields = ["group", "name", "organisation"]

    def __init__(self, *args, consultation: Consultation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = InviteeGroup.choices
        self.fields["name"].required = False
        self.fields["name"].help_text = gettext_lazy("Leave empty to use the organisation's name")
        self.fields["organisation"].queryset = Organisation.objects.filter(
            area__code__startswith=consultation.province_id, is_active=True
        ).order_by("name_th")
        self.fields["organisation"].label_from_instance = lambda o: o.name_th
