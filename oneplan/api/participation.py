"""The participation API: planning calendars and their steps, needs, consultations and plan
comments (read through the one policy), and the representatives' eligibility check, which
saves nothing — district officers use it before a selection meeting.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response

from oneplan.api import plan_serializers as ps
from oneplan.api.fields import ThaiDateField
from oneplan.api.permissions import PolicyPermission
from oneplan.api.plans import ReadPermission, ServiceView, year_param
from oneplan.committees import composition
from oneplan.committees.models import AgendaItem, Committee, Meeting, Member
from oneplan.cycles import calendars
from oneplan.cycles.models import Calendar, CalendarStep, Regime
from oneplan.participation import eligibility as el
from oneplan.participation.models import Consultation, Need, Nomination, PlanComment

# --------------------------------------------------------------------------- eligibility


class RegistrationIn(serializers.Serializer):
    district_code = serializers.CharField(help_text="รหัสอำเภอ 4 หลัก (DOPA) เช่น 2101")
    inside_municipality = serializers.BooleanField(help_text="อยู่ในเขตเทศบาลหรือไม่")
    start = ThaiDateField(help_text="วันที่เริ่มมีชื่อในทะเบียนบ้าน (ISO)")
    end = ThaiDateField(required=False, allow_null=True, help_text="วันสุดท้าย; ว่าง = ยังอยู่")


class PositionIn(serializers.Serializer):
    kind = serializers.ChoiceField(choices=sorted(el.POSITION_LABELS))
    start = ThaiDateField(required=False, allow_null=True)
    end = ThaiDateField(required=False, allow_null=True)


class NomineeIn(serializers.Serializer):
    birth_date = ThaiDateField(allow_null=True)
    selection_date = ThaiDateField(help_text="วันคัดเลือก")
    nationality = serializers.CharField(default="ไทย", allow_blank=True)
    district_code = serializers.CharField(help_text="อำเภอที่เสนอชื่อ")
    inside_municipality = serializers.BooleanField(help_text="ผู้แทนในเขตหรือนอกเขตเทศบาล")
    registrations = RegistrationIn(many=True, default=list)
    positions = PositionIn(many=True, default=list)
    community_leader = serializers.BooleanField(default=False, help_text="เป็นผู้นำชุมชน")
    regime = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Regime.objects.all(),
        required=False,
        help_text="ชุดหลักเกณฑ์ (ค่าเริ่มต้น: ชุดที่ใช้อยู่)",
    )


class FindingOut(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()


class VerdictOut(serializers.Serializer):
    eligible = serializers.BooleanField()
    reasons = FindingOut(many=True)
    regime = serializers.CharField()


class RepresentativeEligibility(ServiceView):
    """Check a nominee against the representatives' rules of the regime. Saves nothing."""

    queryset = Nomination.objects.all()
    permission_classes = [ReadPermission]

    @extend_schema(
        summary="ตรวจคุณสมบัติผู้แทนภาคประชาสังคม (ไม่บันทึกข้อมูล)",
        request=NomineeIn,
        responses={200: VerdictOut, 400: ps.ErrorSerializer},
    )
    def post(self, request):
        data = NomineeIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        regime = values.get("regime") or Regime.objects.get(is_current=True)
        nominee = el.Nominee(
            birth_date=values["birth_date"],
            nationality=values["nationality"],
            registrations=tuple(el.Registration(**r) for r in values["registrations"]),
            positions=tuple(el.PositionHeld(**p) for p in values["positions"]),
            community_leader=values["community_leader"],
        )
        verdict = el.check_nominee(
            nominee,
            district_code=values["district_code"],
            inside_municipality=values["inside_municipality"],
            selection_date=values["selection_date"],
            rules=el.EligibilityRules.from_params(regime.representative_rules or {}),
        )
        return Response(
            VerdictOut(
                {"eligible": verdict.eligible, "reasons": verdict.reasons, "regime": regime.code}
            ).data
        )


# --------------------------------------------------------------------------- reading


class StepOut(serializers.ModelSerializer):
    phase = serializers.CharField(source="phase.name", default=None, allow_null=True)
    when = serializers.SerializerMethodField()
    late = serializers.SerializerMethodField()

    class Meta:
        model = CalendarStep
        fields = [
            "id",
            "number",
            "phase",
            "action",
            "responsible",
            "start",
            "end",
            "precision",
            "deadline",
            "when",
            "venue",
            "notes",
            "status",
            "done_on",
            "framed_by",
            "late",
        ]

    def get_when(self, step) -> str:
        return calendars.format_when(step)

    def get_late(self, step) -> bool:
        from django.utils import timezone

        return calendars.is_late(step, timezone.localdate())


class CalendarOut(serializers.ModelSerializer):
    fiscal_year = serializers.IntegerField(source="cycle.fiscal_year_be")
    steps = StepOut(many=True, read_only=True)

    class Meta:
        model = Calendar
        fields = [
            "id",
            "fiscal_year",
            "level",
            "area",
            "cluster",
            "title",
            "is_template",
            "copied_from",
            "published",
            "as_of",
            "steps",
        ]


class CalendarList(generics.ListAPIView):
    """Planning calendars with their steps (published ones are read without a token)."""

    serializer_class = CalendarOut
    permission_classes = [PolicyPermission]
    queryset = Calendar.objects.all()

    def get_queryset(self):
        found = (
            Calendar.objects.select_related("cycle")
            .prefetch_related("steps__phase")
            .restrict(self.request.user)
        )
        year = year_param(self.request, "fiscal_year")
        if year is not None:
            found = found.filter(cycle__fiscal_year_be=year)
        return found.order_by("-cycle__fiscal_year_be", "pk")


class NeedOut(serializers.ModelSerializer):
    fiscal_year = serializers.IntegerField(source="cycle.fiscal_year_be")
    category = serializers.CharField(source="category.code", default=None)

    class Meta:
        model = Need
        fields = [
            "id",
            "fiscal_year",
            "area",
            "title",
            "detail",
            "category",
            "priority",
            "source",
            "raised_by_level",
            "beyond_capacity",
            "proposals",
            "issues",
        ]


class NeedList(generics.ListAPIView):
    serializer_class = NeedOut
    permission_classes = [PolicyPermission]
    queryset = Need.objects.all()

    def get_queryset(self):
        found = (
            Need.objects.select_related("cycle", "category")
            .prefetch_related("proposals", "issues")
            .restrict(self.request.user)
        )
        area = self.request.query_params.get("area", "")
        if area.isdigit():
            found = found.filter(area__code__startswith=area)
        return found.order_by("area", "priority", "pk")


class CommentOut(serializers.ModelSerializer):
    class Meta:
        model = PlanComment
        fields = [
            "id",
            "consultation",
            "plan",
            "component",
            "text",
            "commenter",
            "source",
            "moderation",
            "forwarded_at",
            "answer",
            "answer_text",
            "answered_at",
        ]


class ConsultationOut(serializers.ModelSerializer):
    fiscal_year = serializers.IntegerField(source="cycle.fiscal_year_be")

    class Meta:
        model = Consultation
        fields = ["id", "fiscal_year", "province", "title", "held_on", "venue", "status"]


class ConsultationList(generics.ListAPIView):
    serializer_class = ConsultationOut
    permission_classes = [PolicyPermission]
    queryset = Consultation.objects.all()

    def get_queryset(self):
        return (
            Consultation.objects.select_related("cycle")
            .restrict(self.request.user)
            .order_by("-cycle__fiscal_year_be", "pk")
        )


class CommentList(generics.ListAPIView):
    serializer_class = CommentOut
    permission_classes = [PolicyPermission]
    queryset = PlanComment.objects.all()

    def get_queryset(self):
        return PlanComment.objects.restrict(self.request.user).order_by("pk")


# --------------------------------------------------------------------------- committees


class MemberOut(serializers.ModelSerializer):
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
        ]


class CommitteeOut(serializers.ModelSerializer):
    type = serializers.CharField(source="type.short_name")
    members = MemberOut(many=True, read_only=True)
    findings = serializers.SerializerMethodField()

    class Meta:
        model = Committee
        fields = ["id", "type", "name", "area", "cluster", "members", "findings"]

    def get_findings(self, committee) -> list[str]:
        from django.utils import timezone

        return [f.message for f in composition.check(committee, timezone.localdate())]


class CommitteeList(generics.ListAPIView):
    """Committees with their members and what breaks their composition rules."""

    serializer_class = CommitteeOut
    permission_classes = [PolicyPermission]
    queryset = Committee.objects.all()

    def get_queryset(self):
        return (
            Committee.objects.select_related("type", "area", "cluster")
            .prefetch_related("members")
            .restrict(self.request.user)
            .order_by("pk")
        )


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
            "applied",
        ]


class MeetingOut(serializers.ModelSerializer):
    items = AgendaItemOut(many=True, read_only=True)

    class Meta:
        model = Meeting
        fields = ["id", "committee", "number", "held_on", "time", "venue", "status", "items"]


class MeetingList(generics.ListAPIView):
    """Meetings with their agenda items and resolutions."""

    serializer_class = MeetingOut
    permission_classes = [PolicyPermission]
    queryset = Meeting.objects.all()

    def get_queryset(self):
        return (
            Meeting.objects.prefetch_related("items")
            .restrict(self.request.user)
            .order_by("-held_on", "pk")
        )
