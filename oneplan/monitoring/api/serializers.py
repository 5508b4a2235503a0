"""Serializers of the monitoring API: allocations, disbursement imports (and an import's
refusal), progress reports, indicator results and performance scores."""

from __future__ import annotations

from decimal import Decimal

from rest_framework import serializers

from oneplan.api.fields import ThaiDateField
from oneplan.monitoring.models import (
    Allocation,
    DisbursementImport,
    IndicatorResult,
    PerformanceScore,
    ProgressReport,
)
from oneplan.projects.models import BudgetCategory


class AllocationOut(serializers.ModelSerializer):
    fiscal_year = serializers.IntegerField(source="cycle.fiscal_year_be")
    proposal = serializers.IntegerField(source="item.proposal_id")
    reference_code = serializers.CharField(source="item.proposal.reference_code")

    class Meta:
        model = Allocation
        fields = [
            "id",
            "fiscal_year",
            "proposal",
            "reference_code",
            "category",
            "amount",
            "budget_code",
            "activity_code",
            "notice",
            "notice_date",
            "disbursing_province",
            "province",
            "cluster",
        ]


class ImportOut(serializers.ModelSerializer):
    class Meta:
        model = DisbursementImport
        fields = [
            "id",
            "province",
            "file_name",
            "imported_at",
            "rows",
            "added",
            "repeated",
            "matched",
            "unmatched",
            "first_date",
            "last_date",
        ]


class ProblemOut(serializers.Serializer):
    row = serializers.IntegerField(allow_null=True)
    column = serializers.CharField()
    message = serializers.CharField()


class ImportRefused(serializers.Serializer):
    detail = serializers.CharField()
    errors = ProblemOut(many=True)


class ReportOut(serializers.ModelSerializer):
    class Meta:
        model = ProgressReport
        fields = [
            "id",
            "item",
            "period",
            "period_end",
            "activities",
            "outputs",
            "spent",
            "progress_percent",
            "problems",
            "status",
            "review_note",
        ]


class ResultOut(serializers.ModelSerializer):
    class Meta:
        model = IndicatorResult
        fields = ["id", "indicator", "year_be", "period", "actual", "evidence", "source"]


class ScoreOut(serializers.ModelSerializer):
    indicator_code = serializers.CharField(source="indicator.code")
    weight = serializers.DecimalField(source="indicator.weight", max_digits=6, decimal_places=2)

    class Meta:
        model = PerformanceScore
        fields = ["id", "indicator", "indicator_code", "weight", "province", "level", "evidence"]


class AllocationIn(serializers.Serializer):
    """What a project of an action plan was allocated in one budget category (a second call
    for the same project and category changes it: a transfer, a cut)."""

    item = serializers.IntegerField(help_text="The action plan item (project) allocated")
    category = serializers.ChoiceField(choices=BudgetCategory.choices)
    amount = serializers.DecimalField(max_digits=16, decimal_places=2, min_value=Decimal("0"))
    budget_code = serializers.CharField(required=False, allow_blank=True, max_length=40)
    activity_code = serializers.CharField(required=False, allow_blank=True, max_length=40)
    notice = serializers.CharField(required=False, allow_blank=True, max_length=300)
    notice_date = ThaiDateField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=500)


class OutputDone(serializers.Serializer):
    output = serializers.IntegerField(help_text="The proposal output (its id)")
    done = serializers.CharField(allow_blank=True, max_length=200)


class ReportIn(serializers.Serializer):
    """An agency's progress report of a project for one period of the cycle (its code, e.g.
    2570-Q1 or 2570-03, as GET /api/v1/progress-reports answers)."""

    item = serializers.IntegerField(required=False)
    period = serializers.CharField(required=False, max_length=10)
    activities = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    outputs = OutputDone(many=True, required=False)
    spent = serializers.DecimalField(
        required=False, max_digits=16, decimal_places=2, min_value=Decimal("0")
    )
    progress_percent = serializers.IntegerField(required=False, min_value=0, max_value=100)
    problems = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    submit = serializers.BooleanField(required=False, default=False)


class ReviewIn(serializers.Serializer):
    accept = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000)
