"""Serializers of the participation API: the nominee the representatives' eligibility check
reads and its verdict; needs, consultations and plan comments."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from oneplan.api.fields import ThaiDateField
from oneplan.areas.models import Area, AreaLevel
from oneplan.cycles.models import Regime
from oneplan.orgs.models import Organisation
from oneplan.participation import eligibility as el
from oneplan.participation.models import (
    Answer,
    Consultation,
    ConsultationStatus,
    Invitee,
    InviteeGroup,
    Need,
    Nomination,
    PlanComment,
    RepresentativeKind,
)
from oneplan.plans.models import PlanEdition
from oneplan.projects.api.serializers import CycleField

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
            "project_idea",
            "budget",
            "category",
            "priority",
            "source",
            "raised_by_level",
            "raised_on",
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
        fields = [
            "id",
            "fiscal_year",
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


# --------------------------------------------------------------------------- writing


class ConsultationIn(serializers.Serializer):
    """A Section 19 consultation to create (cycle and province required) or change (only
    the fields sent; the province cannot change)."""

    cycle = CycleField()
    province = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Area.objects.provinces(),
        help_text=gettext_lazy("The province's code (DOPA), e.g. 21"),
    )
    title = serializers.CharField(
        max_length=500,
        required=False,
        allow_blank=True,
        help_text=gettext_lazy("Not given: the usual title with the province and the year"),
    )
    held_on = ThaiDateField(required=False, allow_null=True)
    time = serializers.CharField(
        max_length=40, required=False, allow_blank=True, help_text="09.00 - 12.00 น."
    )
    venue = serializers.CharField(max_length=300, required=False, allow_blank=True)
    editions = serializers.PrimaryKeyRelatedField(
        queryset=PlanEdition.objects.all(),
        many=True,
        required=False,
        help_text=gettext_lazy(
            "The plan editions consulted on (ids; the province's or its cluster's)"
        ),
    )
    selection_date = ThaiDateField(
        required=False,
        allow_null=True,
        help_text=gettext_lazy("The day the civil-society representatives are chosen"),
    )
    # Text checked against the statuses (an enum here would clash with ConsultationOut's).
    status = serializers.CharField(
        required=False,
        help_text=gettext_lazy("preparing, held or closed"),
    )
    published = serializers.BooleanField(required=False)
    public_comments_open = serializers.BooleanField(
        required=False,
        help_text=gettext_lazy("Open to comments from the public (only when published)"),
    )
    summary = serializers.CharField(required=False, allow_blank=True)

    def validate_status(self, value: str) -> str:
        if value not in ConsultationStatus.values:
            raise serializers.ValidationError(
                _("Choose one of: %(choices)s") % {"choices": ", ".join(ConsultationStatus.values)}
            )
        return value


class InviteeOut(serializers.ModelSerializer):
    class Meta:
        model = Invitee
        fields = ["id", "consultation", "group", "name", "organisation", "nomination", "attended"]


class InviteeIn(serializers.Serializer):
    group = serializers.ChoiceField(choices=InviteeGroup.choices)
    name = serializers.CharField(
        max_length=300,
        required=False,
        allow_blank=True,
        help_text=gettext_lazy("Name or position; not given: the organisation's name"),
    )
    organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(),
        required=False,
        allow_null=True,
        help_text=gettext_lazy("An organisation of the consultation's province (its id)"),
    )


class AttendedIn(serializers.Serializer):
    attended = serializers.BooleanField()


class BuildOut(serializers.Serializer):
    added = serializers.IntegerField(help_text=gettext_lazy("How many invitees were added"))
    invitees = serializers.IntegerField(help_text=gettext_lazy("How many are on the list now"))


class NominationOut(serializers.ModelSerializer):
    # Plain text out (the enums are documented once, on NominationIn).
    kind = serializers.CharField(read_only=True)
    gender = serializers.CharField(read_only=True)

    class Meta:
        model = Nomination
        fields = [
            "id",
            "consultation",
            "kind",
            "district",
            "inside_municipality",
            "channel",
            "full_name",
            "gender",
            "birth_date",
            "nationality",
            "community_leader",
            "registrations",
            "positions",
            "nominated_by",
            "eligible",
            "reasons",
            "selected",
        ]


class NominationIn(serializers.Serializer):
    """A nominee, judged by the regime's rules on the consultation's selection day when
    saved."""

    kind = serializers.ChoiceField(choices=RepresentativeKind.choices)
    district = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Area.objects.filter(level=AreaLevel.DISTRICT),
        required=False,
        allow_null=True,
        help_text=gettext_lazy("The district's 4-digit code (civil society)"),
    )
    inside_municipality = serializers.BooleanField(default=False)
    channel = serializers.ChoiceField(
        choices=sorted(el.BUSINESS_CHANNEL_LABELS.items()),
        required=False,
        allow_blank=True,
        help_text=gettext_lazy("How a business representative is chosen"),
    )
    full_name = serializers.CharField(max_length=200)
    gender = serializers.ChoiceField(  # the model's choices: one enum with the members'
        choices=Nomination._meta.get_field("gender").choices, required=False, allow_blank=True
    )
    birth_date = ThaiDateField(required=False, allow_null=True)
    nationality = serializers.CharField(max_length=40, default="ไทย")
    community_leader = serializers.BooleanField(default=False)
    registrations = RegistrationIn(many=True, default=list)
    positions = PositionIn(many=True, default=list)
    nominated_by = serializers.CharField(max_length=300, required=False, allow_blank=True)


class SelectIn(serializers.Serializer):
    selected = serializers.BooleanField(help_text=gettext_lazy("true: select; false: unselect"))


class CommentIn(serializers.Serializer):
    plan = serializers.IntegerField(
        help_text=gettext_lazy("One of the plans put to this consultation (its id)")
    )
    text = serializers.CharField(max_length=3000)
    component = serializers.CharField(max_length=300, required=False, allow_blank=True)
    commenter = serializers.CharField(max_length=200, required=False, allow_blank=True)
    commenter_group = serializers.CharField(max_length=200, required=False, allow_blank=True)


class AnswerIn(serializers.Serializer):
    answer = serializers.ChoiceField(choices=Answer.choices)
    why = serializers.CharField(
        allow_blank=True,
        default="",
        help_text=gettext_lazy("Required unless the comment is accepted"),
    )


class ModerationIn(serializers.Serializer):
    approve = serializers.BooleanField(
        help_text=gettext_lazy("true: show it on the public page; false: reject it")
    )
