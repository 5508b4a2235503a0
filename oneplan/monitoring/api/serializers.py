"""Serializers of the monitoring API: allocations, disbursement imports (and an import's
refusal), progress reports, indicator results and performance scores."""

from __future__ import annotations

from rest_framework import serializers

from oneplan.monitoring.models import (
    Allocation,
    DisbursementImport,
    IndicatorResult,
    PerformanceScore,
    ProgressReport,
)


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
