"""Serializers of the committees' API: committees with their members, orders and what breaks
their composition rules; meetings with their agenda items, quorum and follow-up tasks; and
what a client sends to create or change them (parsed here, saved by `committees.services`)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from oneplan.api.fields import ThaiDateField
from oneplan.areas.models import Area, Cluster
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
from oneplan.cycles.models import Cycle, Regime
from oneplan.orgs.models import Organisation


class MemberOut(serializers.ModelSerializer):
    sitting = serializers.SerializerMethodField()

    class Meta:
        model = Member
        fields = [
            "id",
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
            "renews",
            "sitting",
        ]

    def get_sitting(self, member) -> bool:
        """False for a row another has renewed (history)."""
        return not hasattr(member, "renewed_by")


class OrderOut(serializers.ModelSerializer):
    class Meta:
        model = AppointmentOrder
        fields = ["id", "number", "issued_on", "title", "issued_by"]


class CommitteeOut(serializers.ModelSerializer):
    type = serializers.CharField(source="type.short_name")
    type_code = serializers.CharField(source="type.code")
    regime = serializers.CharField(source="type.regime.code")
    members = MemberOut(many=True, read_only=True)
    orders = OrderOut(many=True, read_only=True)
    findings = serializers.SerializerMethodField()

    class Meta:
        model = Committee
        fields = [
            "id",
            "type",
            "type_code",
            "regime",
            "name",
            "area",
            "cluster",
            "parent",
            "mission",
            "members",
            "orders",
            "findings",
        ]

    def get_findings(self, committee) -> list[str]:
        return [f.message for f in composition.check(committee, timezone.localdate())]


class CommitteeCreate(serializers.Serializer):
    cycle = serializers.SlugRelatedField(
        slug_field="fiscal_year_be",
        queryset=Cycle.objects.all(),
        required=False,
        allow_null=True,
        help_text=gettext_lazy("The cycle's fiscal year (B.E.); its regime's types are allowed"),
    )
    type = serializers.SlugRelatedField(
        slug_field="code",
        queryset=CommitteeType.objects.all(),
        help_text=gettext_lazy("The committee type's code in the cycle's regime (kbj, kbk, …)"),
    )
    name = serializers.CharField(max_length=300, required=False, allow_blank=True)
    area = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Area.objects.all(),
        required=False,
        allow_null=True,
        help_text=gettext_lazy("The province's or district's code (not for a cluster)"),
    )
    cluster = serializers.PrimaryKeyRelatedField(
        queryset=Cluster.objects.all(), required=False, allow_null=True
    )
    parent = serializers.PrimaryKeyRelatedField(
        queryset=Committee.objects.all(),
        required=False,
        allow_null=True,
        help_text=gettext_lazy("The committee this is a sub-committee of"),
    )
    mission = serializers.CharField(max_length=200, required=False, allow_blank=True)

    def to_internal_value(self, data):
        """The type's code is read within the cycle's regime (codes repeat across regimes)."""
        regime = None
        year = str(data.get("cycle") or "") if hasattr(data, "get") else ""
        if year.isdigit() and len(year) == 4:
            found = Cycle.objects.filter(fiscal_year_be=int(year)).first()
            regime = found.regime if found else None
        if regime is None:
            regime = Regime.objects.filter(is_current=True).first()
        self.fields["type"].queryset = CommitteeType.objects.filter(regime=regime)
        return super().to_internal_value(data)


class MemberIn(serializers.ModelSerializer):
    province = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Area.objects.provinces(),
        required=False,
        allow_null=True,
    )

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
        extra_kwargs = {"number": {"required": False}}


class OrderIn(serializers.ModelSerializer):
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


class RenewIn(serializers.Serializer):
    order = serializers.IntegerField(
        min_value=1, max_value=2**31 - 1, help_text=gettext_lazy("The new order's id")
    )


class MeetingIn(serializers.ModelSerializer):
    class Meta:
        model = Meeting
        fields = ["number", "held_on", "time", "venue", "status"]
        extra_kwargs = {"status": {"required": False}}


class AgendaItemOut(serializers.ModelSerializer):
    class Meta:
        model = AgendaItem
        fields = [
            "id",
            "section",
            "number",
            "title",
            "details",
            "resolution",
            "effect",
            "plan_edition",
            "action_plan",
            "calendar",
            "applied",
        ]


class AgendaItemIn(serializers.ModelSerializer):
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


class FollowUpOut(serializers.ModelSerializer):
    status = serializers.SerializerMethodField()
    responsible = serializers.CharField(read_only=True)

    class Meta:
        model = FollowUp
        fields = [
            "id",
            "item",
            "text",
            "organisation",
            "area",
            "responsible",
            "due_on",
            "done_on",
            "status",
            "calendar_step",
        ]

    def get_status(self, task) -> str:
        """due, late or done, as of today."""
        return task.status_on(timezone.localdate())


class FollowUpIn(serializers.ModelSerializer):
    area = serializers.SlugRelatedField(
        slug_field="code", queryset=Area.objects.all(), required=False, allow_null=True
    )
    organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = FollowUp
        fields = ["item", "text", "organisation", "area", "due_on", "done_on"]
        extra_kwargs = {"item": {"queryset": AgendaItem.objects.all()}}


class FollowUpDoneIn(serializers.Serializer):
    done_on = ThaiDateField(
        allow_null=True, help_text=gettext_lazy("The day it was done; null: not done")
    )


class QuorumOut(serializers.Serializer):
    members = serializers.IntegerField()
    required = serializers.IntegerField()
    present = serializers.IntegerField()
    met = serializers.BooleanField()
    message = serializers.CharField()


class AttendanceIn(serializers.Serializer):
    present = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**31 - 1),
        help_text=gettext_lazy("The ids of the members present; the others are absent"),
    )


class MeetingOut(serializers.ModelSerializer):
    items = AgendaItemOut(many=True, read_only=True)
    quorum = serializers.SerializerMethodField()
    follow_ups = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = [
            "id",
            "committee",
            "number",
            "held_on",
            "time",
            "venue",
            "status",
            "items",
            "quorum",
            "follow_ups",
        ]

    @extend_schema_field(QuorumOut(allow_null=True))
    def get_quorum(self, meeting) -> dict | None:
        found = services.quorum(meeting)
        if found is None:
            return None
        return {
            "members": found.members,
            "required": found.required,
            "present": found.present,
            "met": found.met,
            "message": found.message,
        }

    @extend_schema_field(FollowUpOut(many=True))
    def get_follow_ups(self, meeting) -> list[dict]:
        tasks = FollowUp.objects.filter(item__meeting=meeting).select_related(
            "organisation", "area"
        )
        return FollowUpOut(tasks, many=True).data
