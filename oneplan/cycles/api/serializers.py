"""Serializers of the calendars' API: a planning calendar with its steps."""

from __future__ import annotations

from rest_framework import serializers

from oneplan.cycles import calendars
from oneplan.cycles.models import Calendar, CalendarStep


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
