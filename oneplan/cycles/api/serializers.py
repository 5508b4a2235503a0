"""Serializers of the calendars' API: a planning calendar with its steps."""

from __future__ import annotations

from django.utils.translation import gettext_lazy
from rest_framework import serializers

from oneplan.api.fields import ThaiDateField
from oneplan.areas.models import Area, Cluster
from oneplan.cycles import calendars
from oneplan.cycles.models import (
    Calendar,
    CalendarLevel,
    CalendarStep,
    Cycle,
    DatePrecision,
    PrintLayout,
    Regime,
    StepStatus,
)


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
            "print_layout",
            "steps",
        ]


# --------------------------------------------------------------------------- writes


class CycleOut(serializers.ModelSerializer):
    regime = serializers.CharField(source="regime.code", read_only=True)

    class Meta:
        model = Cycle
        fields = ["id", "fiscal_year_be", "regime", "name"]


class CycleIn(serializers.Serializer):
    fiscal_year_be = serializers.IntegerField(
        help_text=gettext_lazy("The fiscal year (B.E.), named by the year it ends in")
    )
    regime = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Regime.objects.all(),
        required=False,
        allow_null=True,
        help_text=gettext_lazy("The regime's code; not given = the current regime"),
    )
    name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


def _cycle_field(**kwargs) -> serializers.SlugRelatedField:
    return serializers.SlugRelatedField(
        slug_field="fiscal_year_be",
        queryset=Cycle.objects.all(),
        help_text=gettext_lazy("The planning cycle's fiscal year (B.E.)"),
        **kwargs,
    )


class CalendarOwnerIn(serializers.Serializer):
    """The body a calendar belongs to: level, and the area (country, province or district
    code) or the cluster."""

    level = serializers.ChoiceField(choices=CalendarLevel.choices)
    area = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Area.objects.all(),
        required=False,
        allow_null=True,
        help_text=gettext_lazy("The area's code: TH for the nation, a province's or a district's"),
    )
    cluster = serializers.PrimaryKeyRelatedField(
        queryset=Cluster.objects.all(), required=False, allow_null=True
    )


class CalendarIn(CalendarOwnerIn):
    cycle = _cycle_field()
    title = serializers.CharField(max_length=500)
    is_template = serializers.BooleanField(default=False)
    print_layout = serializers.ChoiceField(choices=PrintLayout.choices, default=PrintLayout.GANTT)
    short_dates = serializers.BooleanField(default=True)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    prepared_by = serializers.CharField(
        max_length=300, required=False, allow_blank=True, default=""
    )
    as_of = ThaiDateField(required=False, allow_null=True, default=None)


class CalendarCopyIn(CalendarOwnerIn):
    """Into which cycle (by default the source's), for which body (by default the
    caller's own: no level given), dates moved or kept."""

    cycle = _cycle_field(required=False)
    shift_years = serializers.BooleanField(
        default=False,
        help_text=gettext_lazy("Move every date by the years between the two cycles"),
    )
    level = serializers.ChoiceField(choices=CalendarLevel.choices, required=False)
    title = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class CalendarStepIn(serializers.Serializer):
    """A step; its dates as officials write them (`when`: "9 – 12 ก.ย. 2570", "ภายใน พ.ค.
    70", "-"), or as `start`, `end`, `precision` and `deadline`."""

    number = serializers.IntegerField(min_value=1, max_value=32767, required=False)
    action = serializers.CharField()
    phase = serializers.CharField(
        required=False,
        allow_blank=True,
        allow_null=True,
        help_text=gettext_lazy("The code of a phase of the cycle's regime"),
    )
    responsible = serializers.CharField(required=False, allow_blank=True)
    when = serializers.CharField(required=False, allow_blank=True)
    start = ThaiDateField(required=False, allow_null=True)
    end = ThaiDateField(required=False, allow_null=True)
    precision = serializers.ChoiceField(choices=DatePrecision.choices, required=False)
    deadline = serializers.BooleanField(required=False)
    venue = serializers.CharField(max_length=300, required=False, allow_blank=True)
    notes = serializers.CharField(required=False, allow_blank=True)
    status = serializers.ChoiceField(choices=StepStatus.choices, required=False)

    def validate_when(self, text: str) -> calendars.When:
        try:
            return calendars.parse_when(text)
        except calendars.WhenError as exc:
            raise serializers.ValidationError(str(exc)) from exc


class CalendarProblemOut(serializers.Serializer):
    sheet = serializers.CharField()
    row = serializers.IntegerField(allow_null=True)
    column = serializers.CharField()
    message = serializers.CharField()


class CalendarImportOut(serializers.Serializer):
    steps = serializers.IntegerField()
    notes = serializers.ListField(child=serializers.CharField())


class CalendarImportRefused(serializers.Serializer):
    detail = serializers.CharField()
    errors = CalendarProblemOut(many=True)
