"""The committees' page forms: committees, appointment orders, members, meetings, agenda
items and follow-up tasks. Choices are restricted to what the committee's body and the user
may use (another province's plan editions, calendars or committees never appear)."""

from __future__ import annotations

from functools import reduce
from operator import or_

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from oneplan.areas.models import Area, AreaLevel, Cluster
from oneplan.committees import composition, services
from oneplan.committees.models import (
    AgendaItem,
    AppointmentOrder,
    Committee,
    CommitteeType,
    FollowUp,
    Meeting,
    Member,
)
from oneplan.core.dates import ThaiDateField
from oneplan.core.thai import fiscal_year_of
from oneplan.cycles.models import Cycle
from oneplan.orgs import policy
from oneplan.orgs.policy import Action


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
        for name, choices in services.member_choices(committee, user).items():
            self.fields[name].queryset = choices
        self.fields["number"].required = False  # left empty: after the last member


def editable_areas(user):
    """The country, provinces and districts the user may own a committee in."""
    levels = [AreaLevel.PROVINCE, AreaLevel.DISTRICT]
    reach = policy.area_reach(user, Action.CHANGE)
    if reach is None:
        return Area.objects.filter(level__in=[AreaLevel.COUNTRY, *levels]).order_by("code")
    if not reach:
        return Area.objects.none()
    within = reduce(or_, (Q(code__startswith=p) for p in reach))
    return Area.objects.filter(within, level__in=levels).order_by("code")


def editable_clusters(user) -> list[int]:
    """The clusters whose committees the user may add."""
    found = []
    for cluster in Cluster.objects.select_related("operations_centre"):
        probe = Committee(cluster=cluster, area=cluster.operations_centre)
        if policy.can(user, Action.ADD, probe):
            found.append(cluster.pk)
    return found


class TypeChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: CommitteeType) -> str:
        return f"{obj.short_name} — {obj.name_th} ({obj.regime})"


def current_cycle() -> Cycle | None:
    """The cycle of today's fiscal year, the form's default."""
    return Cycle.objects.filter(fiscal_year_be=fiscal_year_of(timezone.localdate())).first()


class CommitteeForm(forms.Form):
    """A new committee: the cycle whose regime's types are offered, the type, and the body
    (a province or district, or a cluster) among those the user may edit."""

    cycle = forms.ModelChoiceField(Cycle.objects.all(), label=_("planning cycle"))
    type = TypeChoice(CommitteeType.objects.none(), label=_("committee type"))
    name = forms.CharField(
        label=_("name"),
        max_length=300,
        required=False,
        help_text=_("Left empty: the type's name and the body's"),
    )
    area = forms.ModelChoiceField(
        Area.objects.none(),
        label=_("area"),
        required=False,
        help_text=_("The country, province or district the committee belongs to"),
    )
    cluster = forms.ModelChoiceField(
        Cluster.objects.none(),
        label=_("province cluster"),
        required=False,
        help_text=_("For a cluster's committee"),
    )
    parent = forms.ModelChoiceField(
        Committee.objects.none(),
        label=_("sub-committee of"),
        required=False,
    )
    mission = forms.CharField(label=_("mission group"), max_length=200, required=False)

    def _cycle_chosen(self) -> Cycle | None:
        """The cycle posted with the form: its regime's types are the ones to check."""
        raw = str(self.data.get(self.add_prefix("cycle"), "")) if self.is_bound else ""
        return Cycle.objects.filter(pk=int(raw)).first() if raw.isdigit() else None

    def __init__(self, *args, user, cycle: Cycle | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        types = CommitteeType.objects.select_related("regime").order_by("regime__order", "order")
        cycle = cycle or self._cycle_chosen() or current_cycle()
        if cycle is not None:
            self.fields["cycle"].initial = cycle.pk
            types = types.filter(regime=cycle.regime)
        self.fields["type"].queryset = types
        self.fields["area"].queryset = editable_areas(user)
        self.fields["cluster"].queryset = Cluster.objects.filter(pk__in=editable_clusters(user))
        self.fields["parent"].queryset = Committee.objects.select_related("type").restrict(
            user, Action.CHANGE
        )

    def clean(self):
        data = super().clean()
        cycle, type = data.get("cycle"), data.get("type")
        if cycle and type and type.regime_id != cycle.regime_id:
            self.add_error(
                "type",
                _("This committee type does not belong to the regime of the chosen cycle."),
            )
        return data


class OrderForm(forms.ModelForm):
    class Meta:
        model = AppointmentOrder
        fields = [
            "number",
            "issued_on",
            "title",
            "issued_by",
            "legal_basis",
            "signatory",
            "signatory_position",
        ]
        field_classes = {"issued_on": ThaiDateField}
        widgets = {"legal_basis": forms.Textarea(attrs={"rows": 2})}


class RenewForm(forms.Form):
    order = forms.ModelChoiceField(AppointmentOrder.objects.none(), label=_("appointed by"))

    def __init__(self, *args, committee: Committee, user, **kwargs):
        super().__init__(*args, **kwargs)
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
            "calendar",
        ]
        widgets = {
            "details": forms.Textarea(attrs={"rows": 3}),
            "resolution": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, meeting: Meeting, user, **kwargs):
        """The plan editions, action plans and calendars of the committee's body, as far as
        the user may use them: another province's never appear, and choosing one by its id
        is a form error."""
        super().__init__(*args, **kwargs)
        for name, choices in services.item_choices(meeting.committee, user).items():
            self.fields[name].queryset = choices


class FollowUpForm(forms.ModelForm):
    class Meta:
        model = FollowUp
        fields = ["item", "text", "organisation", "area", "due_on", "done_on"]
        field_classes = {"due_on": ThaiDateField, "done_on": ThaiDateField}
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, meeting: Meeting, user, **kwargs):
        """The meeting's items; the areas and organisations within the committee's body."""
        super().__init__(*args, **kwargs)
        for name, choices in services.follow_up_choices(meeting, user).items():
            self.fields[name].queryset = choices
