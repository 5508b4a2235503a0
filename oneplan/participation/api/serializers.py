"""Serializers of the participation API: the nominee the representatives' eligibility check
reads and its verdict; needs, consultations and plan comments."""

from __future__ import annotations

from django.utils.translation import gettext_lazy
from rest_framework import serializers

from oneplan.api.fields import ThaiDateField
from oneplan.cycles.models import Regime
from oneplan.participation import eligibility as el
from oneplan.participation.models import Consultation, Need, PlanComment

# --------------------------------------------------------------------------- eligibility


class RegistrationIn(serializers.Serializer):
    district_code = serializers.CharField(
        help_text=gettext_lazy("The district's 4-digit code (DOPA), e.g. 2101")
    )
    inside_municipality = serializers.BooleanField(
        help_text=gettext_lazy("Whether it is inside a municipality")
    )
    start = ThaiDateField(
        help_text=gettext_lazy("The date the name was first on the house register (ISO)")
    )
    end = ThaiDateField(
        required=False, allow_null=True, help_text=gettext_lazy("The last day; empty = still there")
    )


class PositionIn(serializers.Serializer):
    kind = serializers.ChoiceField(choices=sorted(el.POSITION_LABELS))
    start = ThaiDateField(required=False, allow_null=True)
    end = ThaiDateField(required=False, allow_null=True)


class NomineeIn(serializers.Serializer):
    birth_date = ThaiDateField(allow_null=True)
    selection_date = ThaiDateField(help_text=gettext_lazy("The selection date"))
    nationality = serializers.CharField(default="ไทย", allow_blank=True)
    district_code = serializers.CharField(help_text=gettext_lazy("The district that nominates"))
    inside_municipality = serializers.BooleanField(
        help_text=gettext_lazy("A representative inside or outside a municipality")
    )
    registrations = RegistrationIn(many=True, default=list)
    positions = PositionIn(many=True, default=list)
    community_leader = serializers.BooleanField(
        default=False, help_text=gettext_lazy("Is a community leader")
    )
    regime = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Regime.objects.all(),
        required=False,
        help_text=gettext_lazy("The set of criteria (by default: the one in force)"),
    )


class FindingOut(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()


class VerdictOut(serializers.Serializer):
    eligible = serializers.BooleanField()
    reasons = FindingOut(many=True)
    regime = serializers.CharField()


# --------------------------------------------------------------------------- reading


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
