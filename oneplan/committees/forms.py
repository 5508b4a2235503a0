"""The committees' page forms: members, meetings and agenda items. Choices are restricted to
what the committee's body and the user may use (another province's plan editions never
appear)."""

from __future__ import annotations

from django import forms

from oneplan.areas.models import Area, province_code_of
from oneplan.committees import composition
from oneplan.committees.models import AgendaItem, Committee, Meeting, Member
from oneplan.core.dates import ThaiDateField
from oneplan.plans.models import PlanEdition
from oneplan.projects.models import ActionPlan


class MemberForm(forms.ModelForm):
    class Meta:
        model = Member
        fields = [
            "number",
            "full_name",
            "position_title",
            "role",
            "basis",
            "seat",
            "province",
            "gender",
            "term_start",
            "term_end",
            "order",
        ]
        widgets = {
            "seat": forms.Select(choices=sorted(composition.SEAT_TH.items())),
        }
        field_classes = {"term_start": ThaiDateField, "term_end": ThaiDateField}

    def __init__(self, *args, committee: Committee, user, **kwargs):
        super().__init__(*args, **kwargs)
        codes = (
            list(committee.cluster.memberships.values_list("province_id", flat=True))
            if committee.cluster_id
            else [province_code_of(committee.area_id)]
        )
        self.fields["province"].queryset = Area.objects.filter(code__in=codes)
        self.fields["order"].queryset = committee.orders.restrict(user)


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["number", "held_on", "time", "venue"]
        field_classes = {"held_on": ThaiDateField}


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = [
            "section",
            "number",
            "title",
            "details",
            "resolution",
            "effect",
            "plan_edition",
            "action_plan",
        ]
        widgets = {
            "details": forms.Textarea(attrs={"rows": 3}),
            "resolution": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, meeting: Meeting, user, **kwargs):
        """The plan editions and action plans of the committee's province (or cluster), as
        far as the user may read them: another province's never appear, and choosing one by
        its id is a form error."""
        super().__init__(*args, **kwargs)
        committee = meeting.committee
        editions = (
            PlanEdition.objects.filter(plan__cluster=committee.cluster)
            if committee.cluster_id
            else PlanEdition.objects.filter(plan__province_id=province_code_of(committee.area_id))
        )
        self.fields["plan_edition"].queryset = editions.select_related("plan").restrict(user)
        self.fields["action_plan"].queryset = (
            ActionPlan.objects.filter(cluster=committee.cluster)
            if committee.cluster_id
            else ActionPlan.objects.filter(province_id=province_code_of(committee.area_id))
        ).restrict(user)
