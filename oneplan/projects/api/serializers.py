"""Serializers of the project API: proposals (read, write, bulk), their screening, similar
projects, reviewers' decisions, scores and clinic comments, envelopes and action plans.

Reading serializers read only `select_related` and prefetched relations (`.all()`), so the
querysets below (`proposal_queryset`, `proposal_detail_queryset`, `action_plan_queryset`)
serialise any number of rows in a fixed number of queries. Decimals are strings.

`ProposalWriteSerializer` holds the rules a proposal must meet before it is saved, whether
it comes one at a time, in a bulk list or as a draft to screen: its messages in the
request's language throughout (Thai by default).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from oneplan.api.fields import ThaiDateField
from oneplan.areas.models import Area, AreaLevel, Cluster
from oneplan.core.thai import normalize_text
from oneplan.cycles.models import Cycle
from oneplan.orgs.models import Organisation
from oneplan.plans.importing import clean_code, clean_line, clean_lines
from oneplan.plans.models import Goal, Indicator, StrategicIssue, Strategy, ValueChainStage
from oneplan.projects import intake
from oneplan.projects.models import (
    ActionPlan,
    ActionPlanItem,
    ActionPlanStatus,
    ActionPlanTransition,
    BudgetCategory,
    BudgetLine,
    CriterionScore,
    Decision,
    DecisionOutcome,
    Envelope,
    FundingChannel,
    Level,
    ProjectTag,
    Proposal,
    ProposalIndicator,
    ProposalOutput,
    ProposalStatus,
    ProposerKind,
    ReviewComment,
    ScreeningResult,
)
from oneplan.projects.similarity import explain

MAX_AMOUNT = Decimal("99999999999999.99")  # the model's 16 digits, 2 after the point
STATUS_HELP = format_lazy(
    "{}: {}", gettext_lazy("The statuses of an action plan"), ", ".join(ActionPlanStatus.values)
)


def _pk_errors(not_found: Any, not_a_number: Any) -> dict[str, Any]:
    """A related record's messages: `not_found` holds `{pk_value}` (DRF formats it)."""
    return {"does_not_exist": not_found, "incorrect_type": not_a_number}


# The years a proposal may ask money for, and the message for one outside them: the intake's.
budget_years = intake.budget_years
_years_message = intake.years_message


# --------------------------------------------------------------------------- small parts


class CycleField(serializers.IntegerField):
    """A planning cycle, by its fiscal year (B.E.)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", gettext_lazy("The cycle's fiscal year (B.E.), e.g. 2570"))
        super().__init__(**kwargs)

    def to_internal_value(self, data) -> Cycle:
        year = super().to_internal_value(data)
        cycle = Cycle.objects.select_related("regime").filter(fiscal_year_be=year).first()
        if cycle is None:
            raise serializers.ValidationError(
                _("There is no cycle for the fiscal year B.E. %(year)s in the system")
                % {"year": year}
            )
        return cycle

    def to_representation(self, value) -> int:
        return value.fiscal_year_be if isinstance(value, Cycle) else int(value)


class AreaCodeField(serializers.SlugRelatedField):
    """An area by its DOPA code, limited to the given levels."""

    def __init__(self, levels: tuple[str, ...], not_found: Any, **kwargs):
        """`not_found`: the message (lazy) when no area has the code, with `%(code)s`."""
        self.levels = levels
        self.not_found = not_found
        kwargs.setdefault("slug_field", "code")
        kwargs.setdefault("queryset", Area.objects.filter(level__in=levels))
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        code = normalize_text(str(data), arabic_digits=True)
        area = self.get_queryset().filter(code=code).first()
        if area is None:
            raise serializers.ValidationError(str(self.not_found) % {"code": code})
        return area


class BudgetLineSerializer(serializers.ModelSerializer):
    fiscal_year_be = serializers.IntegerField(help_text=gettext_lazy("Fiscal year (B.E.)"))
    amount = serializers.DecimalField(
        max_digits=16,
        decimal_places=2,
        min_value=Decimal("0"),
        max_value=MAX_AMOUNT,
        help_text=gettext_lazy("Amount (baht)"),
    )

    class Meta:
        model = BudgetLine
        fields = ["fiscal_year_be", "category", "amount"]

    def validate(self, attrs):
        years_of = getattr(self.root, "budget_years", None)
        years = years_of() if years_of is not None else None
        if years and attrs["fiscal_year_be"] not in years:
            message = _years_message(attrs["fiscal_year_be"], years)
            raise serializers.ValidationError({"fiscal_year_be": [message]})
        return attrs

    def to_internal_value(self, data):
        if isinstance(data, dict) and isinstance(data.get("amount"), str):
            raw = normalize_text(data["amount"], arabic_digits=True).replace(",", "")
            data = {**data, "amount": raw}
        return super().to_internal_value(data)


class OutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProposalOutput
        fields = ["description", "unit", "quantity"]
        extra_kwargs = {"unit": {"default": ""}, "quantity": {"default": None}}

    def validate_description(self, value: str) -> str:
        value = clean_line(value)
        if not value:
            raise serializers.ValidationError(_("Please give the target or output"))
        return value


class ProposalIndicatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProposalIndicator
        fields = ["name", "unit", "target"]
        extra_kwargs = {"unit": {"default": ""}, "target": {"default": ""}}

    def validate_name(self, value: str) -> str:
        value = clean_line(value)
        if not value:
            raise serializers.ValidationError(_("Please give the indicator's name"))
        return value


class ScreeningVerdictSerializer(serializers.ModelSerializer):
    """The verdict of the automatic screening (advice: a person decides)."""

    class Meta:
        model = ScreeningResult
        fields = ["eligible", "aligned", "computed_at"]


# --------------------------------------------------------------------------- proposals


class ProposalSerializer(serializers.ModelSerializer):
    """A proposal in the list: who proposed it, where, its status, budget and screening."""

    cycle = serializers.IntegerField(source="cycle.fiscal_year_be", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    province = serializers.CharField(source="province_id", read_only=True, allow_null=True)
    area = serializers.CharField(source="area_id", read_only=True)
    area_name = serializers.CharField(source="area.display_name", read_only=True)
    proposer_name = serializers.SerializerMethodField()
    total_budget = serializers.DecimalField(max_digits=18, decimal_places=2, read_only=True)
    screening = serializers.SerializerMethodField()

    class Meta:
        model = Proposal
        fields = [
            "id",
            "cycle",
            "reference_code",
            "title",
            "level",
            "province",
            "cluster",
            "area",
            "area_name",
            "status",
            "status_label",
            "proposer_kind",
            "proposer",
            "proposer_name",
            "responsible_agency",
            "funding_channel",
            "total_budget",
            "screening",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_proposer_name(self, proposal: Proposal) -> str:
        return proposal.proposer.name_th if proposal.proposer_id else proposal.responsible_agency

    @extend_schema_field(ScreeningVerdictSerializer(allow_null=True))
    def get_screening(self, proposal: Proposal):
        try:
            result = proposal.screening
        except ScreeningResult.DoesNotExist:
            return None
        return ScreeningVerdictSerializer(result).data


class ProposalRefSerializer(serializers.ModelSerializer):
    """A proposal named in another answer (a similar project, an action plan's item)."""

    cycle = serializers.IntegerField(source="cycle.fiscal_year_be", read_only=True)
    area = serializers.CharField(source="area_id", read_only=True)
    area_name = serializers.CharField(source="area.display_name", read_only=True)
    proposer_name = serializers.SerializerMethodField()

    class Meta:
        model = Proposal
        fields = [
            "id",
            "cycle",
            "reference_code",
            "title",
            "status",
            "area",
            "area_name",
            "proposer_name",
            "funding_channel",
        ]
        read_only_fields = fields

    def get_proposer_name(self, proposal: Proposal) -> str:
        return proposal.proposer.name_th if proposal.proposer_id else proposal.responsible_agency


class DecisionSerializer(serializers.ModelSerializer):
    outcome_label = serializers.CharField(source="get_outcome_display", read_only=True)
    decided_by = serializers.CharField(source="decided_by.username", read_only=True)
    proposal_status = serializers.CharField(source="proposal.status", read_only=True)

    class Meta:
        model = Decision
        fields = [
            "id",
            "proposal",
            "outcome",
            "outcome_label",
            "reason",
            "decided_by",
            "decided_at",
            "overrides_screening",
            "proposal_status",
        ]
        read_only_fields = fields


class CommentSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.username", read_only=True)
    replied_by = serializers.CharField(
        source="replied_by.username", read_only=True, allow_null=True
    )

    class Meta:
        model = ReviewComment
        fields = [
            "id",
            "proposal",
            "field",
            "text",
            "author",
            "created_at",
            "reply",
            "replied_by",
            "replied_at",
        ]
        read_only_fields = fields


class ScoreSerializer(serializers.ModelSerializer):
    criterion = serializers.CharField(source="criterion.code", read_only=True)
    criterion_title = serializers.CharField(source="criterion.title_th", read_only=True)
    max_score = serializers.IntegerField(source="criterion.max_score", read_only=True)
    reviewer = serializers.CharField(source="reviewer.username", read_only=True)

    class Meta:
        model = CriterionScore
        fields = [
            "id",
            "proposal",
            "criterion",
            "criterion_title",
            "max_score",
            "score",
            "note",
            "reviewer",
            "scored_at",
        ]
        read_only_fields = fields


class ProposalDetailSerializer(ProposalSerializer):
    """A proposal with its texts, outputs, indicators, budget lines and its review."""

    locations = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    tags = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    outputs = OutputSerializer(many=True, read_only=True)
    indicators = ProposalIndicatorSerializer(many=True, read_only=True)
    budget_lines = BudgetLineSerializer(many=True, read_only=True)
    decisions = DecisionSerializer(many=True, read_only=True)
    comments = CommentSerializer(many=True, read_only=True)
    scores = ScoreSerializer(many=True, read_only=True)
    created_by = serializers.CharField(
        source="created_by.username", read_only=True, allow_null=True
    )

    class Meta(ProposalSerializer.Meta):
        fields = [
            *ProposalSerializer.Meta.fields,
            "rationale",
            "objectives",
            "expected_outcomes",
            "benefits",
            "whole_area",
            "locations",
            "start_date",
            "end_date",
            "issue",
            "goal",
            "strategy",
            "indicator",
            "stage",
            "tags",
            "requests_budget_directly",
            "negative_impacts_analysed",
            "outputs",
            "indicators",
            "budget_lines",
            "decisions",
            "comments",
            "scores",
            "created_by",
        ]
        read_only_fields = fields


LIST_RELATED = ("cycle", "province", "cluster", "area", "proposer", "screening")


def proposal_queryset(queryset: QuerySet[Proposal] | None = None) -> QuerySet[Proposal]:
    """Proposals with everything `ProposalSerializer` reads, in a fixed number of queries."""
    queryset = Proposal.objects.all() if queryset is None else queryset
    return queryset.select_related(*LIST_RELATED).prefetch_related(
        Prefetch("budget_lines", queryset=BudgetLine.objects.order_by("fiscal_year_be", "category"))
    )


def proposal_detail_queryset(queryset: QuerySet[Proposal] | None = None) -> QuerySet[Proposal]:
    """Proposals with everything `ProposalDetailSerializer` reads."""
    return (
        proposal_queryset(queryset)
        .prefetch_related(
            Prefetch("locations", queryset=Area.objects.order_by("code")),
            Prefetch("tags", queryset=ProjectTag.objects.order_by("order", "pk")),
            Prefetch("outputs", queryset=ProposalOutput.objects.order_by("pk")),
            Prefetch("indicators", queryset=ProposalIndicator.objects.order_by("pk")),
            Prefetch(
                "decisions",
                queryset=Decision.objects.select_related("decided_by", "proposal").order_by(
                    "decided_at", "pk"
                ),
            ),
            Prefetch(
                "comments",
                queryset=ReviewComment.objects.select_related("author", "replied_by").order_by(
                    "created_at", "pk"
                ),
            ),
            Prefetch(
                "scores",
                queryset=CriterionScore.objects.select_related("criterion", "reviewer").order_by(
                    "criterion__order", "pk"
                ),
            ),
        )
        .select_related("created_by")
    )


# --------------------------------------------------------------------------- writing


class ProposalWriteSerializer(serializers.Serializer):
    """A proposal as it is sent: to create one, change one (PATCH: only the fields given;
    a list given replaces the list), in a bulk list, or as a draft to screen.

    `area` is where the proposal belongs: the province, or the proposing district for a
    district's proposal. `proposer` defaults to the sender's own body (an agency or a local
    government). Budget lines may ask for the cycle's fiscal year and the two after it.
    """

    cycle = CycleField()
    reference_code = serializers.CharField(
        max_length=60, help_text=gettext_lazy("The project's reference code, unique in the cycle")
    )
    title = serializers.CharField(max_length=500)
    rationale = serializers.CharField(required=False, allow_blank=True, default="")
    objectives = serializers.CharField(required=False, allow_blank=True, default="")
    expected_outcomes = serializers.CharField(required=False, allow_blank=True, default="")
    benefits = serializers.CharField(required=False, allow_blank=True, default="")
    level = serializers.ChoiceField(
        choices=Level.choices,
        default=Level.PROVINCE,
        help_text=gettext_lazy(
            "Proposed for the action plan of the province (province) or of the cluster (cluster)"
        ),
    )
    area = AreaCodeField(
        (AreaLevel.PROVINCE, AreaLevel.DISTRICT),
        gettext_lazy("No province or district has the code “%(code)s”"),
        help_text=gettext_lazy(
            "The code of the proposing province or district (DOPA), e.g. 21 or 2101"
        ),
    )
    cluster = serializers.PrimaryKeyRelatedField(
        queryset=Cluster.objects.all(),
        error_messages=_pk_errors(
            gettext_lazy("No cluster has the code “{pk_value}”"),
            gettext_lazy("A cluster's code must be a number"),
        ),
        required=False,
        allow_null=True,
        default=None,
        help_text=gettext_lazy("The cluster's code (when level is cluster)"),
    )
    whole_area = serializers.BooleanField(required=False, default=False)
    locations = serializers.ListField(
        child=AreaCodeField(
            (AreaLevel.PROVINCE, AreaLevel.DISTRICT, AreaLevel.SUBDISTRICT, AreaLevel.VILLAGE),
            gettext_lazy("No area has the code “%(code)s”"),
        ),
        required=False,
        default=list,
        help_text=gettext_lazy(
            "The codes of the places of work (districts, sub-districts, villages)"
        ),
    )
    start_date = ThaiDateField(required=False, allow_null=True, default=None)
    end_date = ThaiDateField(required=False, allow_null=True, default=None)
    funding_channel = serializers.ChoiceField(choices=FundingChannel.choices)
    proposer_kind = serializers.ChoiceField(choices=ProposerKind.choices)
    proposer = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(),
        error_messages=_pk_errors(
            gettext_lazy("No agency has the code “{pk_value}”"),
            gettext_lazy("An agency's code must be a number"),
        ),
        required=False,
        allow_null=True,
        help_text=gettext_lazy(
            "The proposing agency; not given = the sender's (an agency or a local government)"
        ),
    )
    responsible_agency = serializers.CharField(
        max_length=300, required=False, allow_blank=True, default=""
    )
    issue = serializers.PrimaryKeyRelatedField(
        queryset=StrategicIssue.objects.select_related("edition__plan"),
        error_messages=_pk_errors(
            gettext_lazy("No strategic issue has the code “{pk_value}”"),
            gettext_lazy("A strategic issue's code must be a number"),
        ),
        required=False,
        allow_null=True,
        default=None,
        help_text=gettext_lazy(
            "The strategic issue of the province's or cluster's development plan the project serves"
        ),
    )
    goal = serializers.PrimaryKeyRelatedField(
        queryset=Goal.objects.select_related("edition__plan"),
        error_messages=_pk_errors(
            gettext_lazy("No goal has the code “{pk_value}”"),
            gettext_lazy("A goal's code must be a number"),
        ),
        required=False,
        allow_null=True,
        default=None,
    )
    strategy = serializers.PrimaryKeyRelatedField(
        queryset=Strategy.objects.select_related("edition__plan"),
        error_messages=_pk_errors(
            gettext_lazy("No strategy has the code “{pk_value}”"),
            gettext_lazy("A strategy's code must be a number"),
        ),
        required=False,
        allow_null=True,
        default=None,
    )
    indicator = serializers.PrimaryKeyRelatedField(
        queryset=Indicator.objects.select_related("edition__plan"),
        error_messages=_pk_errors(
            gettext_lazy("No indicator has the code “{pk_value}”"),
            gettext_lazy("An indicator's code must be a number"),
        ),
        required=False,
        allow_null=True,
        default=None,
        help_text=gettext_lazy("The plan's indicator the project contributes to"),
    )
    stage = serializers.PrimaryKeyRelatedField(
        queryset=ValueChainStage.objects.select_related("edition__plan"),
        error_messages=_pk_errors(
            gettext_lazy("No value-chain stage has the code “{pk_value}”"),
            gettext_lazy("A value-chain stage's code must be a number"),
        ),
        required=False,
        allow_null=True,
        default=None,
    )
    tags = serializers.ListField(
        child=serializers.SlugRelatedField(
            slug_field="code",
            queryset=ProjectTag.objects.all(),
            error_messages={
                "does_not_exist": gettext_lazy(
                    "There is no project feature with the code “{value}”"
                )
            },
        ),
        required=False,
        default=list,
        help_text=gettext_lazy("The codes of the project's features"),
    )
    requests_budget_directly = serializers.BooleanField(required=False, default=False)
    negative_impacts_analysed = serializers.BooleanField(required=False, default=False)
    outputs = OutputSerializer(many=True, required=False, default=list)
    indicators = ProposalIndicatorSerializer(many=True, required=False, default=list)
    budget_lines = BudgetLineSerializer(many=True, required=False, default=list)

    default_error_messages = {
        "exists": gettext_lazy(
            "A project with the reference code “{code}” already exists in the cycle of fiscal"
            " year B.E. {year}"
        )
    }

    def __init__(self, *args, check_unique: bool = True, **kwargs):
        """`check_unique=False` for the bulk list, where an existing code is an update."""
        self.check_unique = check_unique
        super().__init__(*args, **kwargs)

    # ------------------------------------------------------------------ single fields

    def validate_reference_code(self, value: str) -> str:
        value = clean_code(value)  # as the upload reads it, so both find the same proposal
        if not value:
            raise serializers.ValidationError(_("Please give the project's reference code"))
        return value

    def validate_title(self, value: str) -> str:
        value = clean_line(value)
        if not value:
            raise serializers.ValidationError(_("Please give the project's title"))
        return value

    def validate_responsible_agency(self, value: str) -> str:
        return clean_line(value)

    def validate_rationale(self, value: str) -> str:
        return clean_lines(value)

    def validate_objectives(self, value: str) -> str:
        return clean_lines(value)

    def validate_expected_outcomes(self, value: str) -> str:
        return clean_lines(value)

    def validate_benefits(self, value: str) -> str:
        return clean_lines(value)

    def validate_budget_lines(self, lines: list[dict]) -> list[dict]:
        """Years of the plan, one line per year and category; checked here (not in
        `validate`) so that these errors come together with the other fields'."""
        errors = _budget_errors(lines, self.budget_years())
        if errors:
            raise serializers.ValidationError(errors)
        return lines

    def _sent(self, name: str) -> Any:
        """A field's value as sent (else the proposal's), before `validate`; None when it
        is missing or wrong (that is the field's own error)."""
        raw = self.initial_data.get(name) if isinstance(self.initial_data, dict) else None
        if raw is None:
            return getattr(self.instance, name) if self.instance is not None else None
        try:
            return self.fields[name].to_internal_value(raw)
        except serializers.ValidationError:
            return None

    def budget_years(self) -> list[int] | None:
        """The years the budget lines may be for (None while the cycle or area is unknown)."""
        if not hasattr(self, "_budget_years"):
            cycle, area = self._sent("cycle"), self._sent("area")
            if cycle is None or area is None:  # their own errors; the years wait for them
                self._budget_years = None
            else:
                level, cluster = self._sent("level"), self._sent("cluster")
                owner = (
                    cluster
                    if level == Level.CLUSTER and cluster is not None
                    else Area.objects.filter(code=area.province_code).first()
                )
                self._budget_years = budget_years(cycle, owner)
        return self._budget_years

    # ------------------------------------------------------------------ across fields

    def _current(self, attrs: dict, name: str) -> Any:
        """The value after this change: the one sent, else the proposal's (PATCH)."""
        if name in attrs:
            return attrs[name]
        if self.instance is not None:
            return getattr(self.instance, name)
        return None

    def validate(self, attrs):
        errors: dict[str, Any] = {}
        for problem in intake.validate(self.to_draft(attrs)):
            name = "budget_lines" if problem.column == "budget" else problem.column
            errors.setdefault(name, []).append(problem.message)

        errors.update(self._stale_budget_errors(attrs))
        errors.update(self._code_errors(attrs))
        if errors:
            raise serializers.ValidationError(errors)
        return attrs

    def _stale_budget_errors(self, attrs: dict) -> dict[str, list[str]]:
        """A move to another cycle or area that leaves stored lines outside the new years."""
        moved = {"cycle", "area"} & set(attrs)
        if not moved or "budget_lines" in attrs or self.instance is None:
            return {}
        years = self.budget_years() or []
        outside = sorted({b.fiscal_year_be for b in self.instance.budget_lines.all()} - set(years))
        if not (years and outside):
            return {}
        message = _("%(problem)s Send the budget_lines again too.") % {
            "problem": _years_message(outside[0], years)
        }
        return {sorted(moved)[0]: [message]}

    def _code_errors(self, attrs: dict) -> dict[str, list[str]]:
        """The reference code is the proposal's in its cycle (the bulk list updates by it)."""
        cycle = self._current(attrs, "cycle")
        code = self._current(attrs, "reference_code")
        changes_key = self.instance is None or "cycle" in attrs or "reference_code" in attrs
        if not (self.check_unique and cycle is not None and code and changes_key):
            return {}
        others = Proposal.objects.filter(cycle=cycle, reference_code=code)
        if self.instance is not None:
            others = others.exclude(pk=self.instance.pk)
        if not others.exists():
            return {}
        return {
            "reference_code": [
                self.error_messages["exists"].format(code=code, year=cycle.fiscal_year_be)
            ]
        }

    def to_draft(self, attrs: dict) -> intake.ProposalDraft:
        """The proposal after this change (the values sent on top of the proposal as it is)
        as the intake's draft; only what was sent is checked again."""
        base = self.instance if self.instance is not None else Proposal()
        changes: dict[str, Any] = {name: attrs[name] for name in intake.SCALARS if name in attrs}
        if "level" in changes and not changes["level"]:
            changes["level"] = Level.PROVINCE
        if "locations" in attrs:
            changes["locations"] = list(attrs["locations"])
        if "budget_lines" in attrs:
            changes["budget"] = {
                (line["fiscal_year_be"], line["category"]): line["amount"]
                for line in attrs["budget_lines"]
            }
        sent = set(attrs) | ({"budget"} if "budget_lines" in attrs else set())
        return intake.ProposalDraft.of(base, **changes, sent=frozenset(sent))


def _budget_errors(lines: list[dict], years: list[int] | None) -> dict[int, dict[str, list[str]]]:
    """The errors of the lines, by their index (as DRF reports a list's errors)."""
    seen: set[tuple[int, str]] = set()
    errors: dict[int, dict[str, list[str]]] = {}
    for index, line in enumerate(lines):
        line_errors: dict[str, list[str]] = {}
        year, category = line["fiscal_year_be"], line["category"]
        if years and year not in years:
            line_errors["fiscal_year_be"] = [_years_message(year, years)]
        elif (year, category) in seen:
            label = BudgetCategory(category).label
            line_errors["category"] = [
                _("The budget “%(label)s” of the year %(year)s is given on more than one line")
                % {"label": label, "year": year}
            ]
        seen.add((year, category))
        if line_errors:
            errors[index] = line_errors
    return errors


class DraftSerializer(ProposalWriteSerializer):
    """A draft to check before it is sent: nothing is saved, so less is required."""

    reference_code = serializers.CharField(
        max_length=60, required=False, allow_blank=True, default=""
    )
    funding_channel = serializers.ChoiceField(
        choices=FundingChannel.choices, default=FundingChannel.PROVINCE
    )
    proposer_kind = serializers.ChoiceField(
        choices=ProposerKind.choices, default=ProposerKind.AGENCY
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("check_unique", False)
        super().__init__(*args, **kwargs)

    def validate_reference_code(self, value: str) -> str:
        return normalize_text(value, arabic_digits=True)


class BulkErrorSerializer(serializers.Serializer):
    index = serializers.IntegerField(
        help_text=gettext_lazy("The project's position in the list sent (from 0)")
    )
    reference_code = serializers.CharField(allow_blank=True)
    field = serializers.CharField(
        help_text=gettext_lazy("The field's name, e.g. budget_lines[1].amount")
    )
    message = serializers.CharField()


class BulkErrorsSerializer(serializers.Serializer):
    detail = serializers.CharField()
    # Per proposal, when the list was read; absent when the request itself was refused.
    errors = BulkErrorSerializer(many=True, required=False)


class BulkItemSerializer(serializers.Serializer):
    index = serializers.IntegerField()
    id = serializers.IntegerField()
    reference_code = serializers.CharField()
    result = serializers.ChoiceField(
        choices=["created", "updated", "unchanged"],
        help_text=gettext_lazy("created = new, updated = changed, unchanged = the same, not saved"),
    )


class BulkResultSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    items = BulkItemSerializer(many=True)


# --------------------------------------------------------------------------- screening


# These describe the JSON of `oneplan.projects.screening.Screening.as_dict()` (also what a
# ScreeningResult keeps) for the schema; the views return it as it is.


class TermHitSerializer(serializers.Serializer):
    term = serializers.CharField()
    field = serializers.CharField(help_text=gettext_lazy("The field where it was found (in Thai)"))
    field_code = serializers.CharField(
        required=False, help_text=gettext_lazy("e.g. title, objective_1")
    )
    main = serializers.BooleanField(
        required=False, help_text=gettext_lazy("In the title or the first objective")
    )


class SignalSerializer(serializers.Serializer):
    signal = serializers.CharField()
    detail = serializers.CharField()


class ScreeningFindingSerializer(serializers.Serializer):
    """One finding: an eligibility rule (kind "eligibility") or the alignment with the top
    strategic issues (kind "alignment"), with its evidence."""

    kind = serializers.CharField(help_text=gettext_lazy("eligibility or alignment"))
    rule = serializers.CharField(
        help_text=gettext_lazy("The rule's code, e.g. NE-EQUIPMENT-DREDGING or ALIGNMENT")
    )
    title = serializers.CharField()
    verdict = serializers.ChoiceField(
        choices=["ok", "check", "ineligible"],
        help_text=gettext_lazy(
            "ok = passes, check = should be checked, ineligible = may not be proposed"
        ),
    )
    verdict_label = serializers.CharField()
    message = serializers.CharField()
    evidence = TermHitSerializer(many=True)
    matches = TermHitSerializer(many=True, required=False)
    weak_matches = TermHitSerializer(many=True, required=False)
    tags = serializers.ListField(child=serializers.CharField(), required=False)
    signals = SignalSerializer(many=True, required=False)
    lifted_by = serializers.ListField(child=serializers.CharField(), required=False)
    source = serializers.CharField(required=False)
    aligned = serializers.BooleanField(required=False)
    issue_priority = serializers.IntegerField(required=False, allow_null=True)
    issue_title = serializers.CharField(required=False)
    top_priorities = serializers.IntegerField(required=False)


class AutoScoreSerializer(serializers.Serializer):
    title = serializers.CharField()
    score = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    max_score = serializers.IntegerField()
    reason = serializers.CharField()


AUTO_SCORES_HELP = gettext_lazy(
    "The scores computed, by criterion code (null = a reviewer scores it)"
)


class ScreeningSerializer(serializers.Serializer):
    """The screening of a draft: eligibility, alignment, findings and computed scores."""

    eligible = serializers.BooleanField()
    aligned = serializers.BooleanField()
    findings = ScreeningFindingSerializer(many=True)
    auto_scores = serializers.DictField(child=AutoScoreSerializer(), help_text=AUTO_SCORES_HELP)


class ScreeningResultSerializer(serializers.ModelSerializer):
    """The saved screening of a proposal: eligibility, alignment, the findings with their
    evidence and the scores computed where the data allow (advice: a person decides)."""

    findings = serializers.SerializerMethodField()
    auto_scores = serializers.SerializerMethodField()

    class Meta:
        model = ScreeningResult
        fields = ["proposal", "computed_at", "eligible", "aligned", "findings", "auto_scores"]
        read_only_fields = fields

    @extend_schema_field(ScreeningFindingSerializer(many=True))
    def get_findings(self, result: ScreeningResult):
        return result.findings

    @extend_schema_field(
        serializers.DictField(child=AutoScoreSerializer(), help_text=AUTO_SCORES_HELP)
    )
    def get_auto_scores(self, result: ScreeningResult):
        return result.auto_scores


class SimilarRequestSerializer(serializers.Serializer):
    title = serializers.CharField(
        max_length=500, help_text=gettext_lazy("The project's title (draft)")
    )
    text = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text=gettext_lazy("The draft's objectives, outcomes or rationale"),
    )
    cycle = CycleField()
    limit = serializers.IntegerField(required=False, default=10, min_value=1, max_value=50)

    def validate_title(self, value: str) -> str:
        value = clean_line(value)
        if not value:
            raise serializers.ValidationError(_("Please give the project's title"))
        return value

    def validate_text(self, value: str) -> str:
        return clean_lines(value)


class SimilarReasonSerializer(serializers.Serializer):
    """One reason of the judgement: a feature of the model and its part in the decision."""

    feature = serializers.CharField(
        help_text=gettext_lazy(
            "title_words, title_letters, content_words; a fact with _same or _different "
            "(villages, village_names, subdistricts, districts, provinces, routes, sites, "
            "countries, quantities, phases, years, numbers, actions, objects, targets); "
            "place_different, title_words_elsewhere"
        )
    )
    text = serializers.SerializerMethodField(help_text=gettext_lazy("The reason in words"))
    same = serializers.SerializerMethodField(
        help_text=gettext_lazy("true: the two agree on it; false: they differ; null: a measure")
    )
    contribution = serializers.FloatField(
        help_text=gettext_lazy("Its part in the decision: positive for the same project")
    )

    def get_text(self, reason) -> str:
        return explain(reason)

    def get_same(self, reason) -> bool | None:
        return None if reason.signal is None else reason.signal.direction > 0


class SimilarMatchSerializer(serializers.Serializer):
    proposal = ProposalRefSerializer()
    score = serializers.FloatField(
        help_text=gettext_lazy("How probably the same project, 0–1 (the model's probability)")
    )
    shared_terms = serializers.ListField(child=serializers.CharField())
    likely_duplicate = serializers.BooleanField(
        help_text=gettext_lazy("The score reaches the threshold of a likely duplicate")
    )
    same_cycle = serializers.BooleanField(
        help_text=gettext_lazy(
            "true = a project of the same cycle; false = a project approved in an earlier cycle"
        )
    )
    agency = serializers.CharField(help_text=gettext_lazy("The proposing agency"))
    district = serializers.CharField(
        help_text=gettext_lazy("The proposing district (empty when an agency proposed it)")
    )
    reasons = SimilarReasonSerializer(
        many=True, help_text=gettext_lazy("Why: the largest parts of the decision first")
    )


class SimilarResultSerializer(serializers.Serializer):
    threshold = serializers.FloatField(
        help_text=gettext_lazy("From this score on, a project is a likely duplicate")
    )
    matches = SimilarMatchSerializer(many=True)


# --------------------------------------------------------------------------- review


class MoveRequestSerializer(serializers.Serializer):
    # A plain string in the schema: the choice set is documented once, as proposals' `status`.
    to_status = serializers.CharField(
        help_text=gettext_lazy(
            "full (the full project is sent), screened, clinic or returned; approval or"
            " rejection is recorded as a decision (decision)"
        )
    )

    def validate_to_status(self, value: str) -> str:
        if value not in ProposalStatus.values:
            raise serializers.ValidationError(
                _(
                    "There is no status “%(value)s” (the statuses of a project proposal:"
                    " %(choices)s)"
                )
                % {"value": value, "choices": ", ".join(ProposalStatus.values)}
            )
        return value


class DecisionRequestSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=DecisionOutcome.choices)
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text=gettext_lazy("The reason for the decision (required)"),
    )


class CommentRequestSerializer(serializers.Serializer):
    text = serializers.CharField(required=False, allow_blank=True, default="")
    field = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text=gettext_lazy(
            "The project's field commented on, e.g. objectives; empty = the whole project"
        ),
    )


class ReplyRequestSerializer(serializers.Serializer):
    text = serializers.CharField(required=False, allow_blank=True, default="")


class ScoreRequestSerializer(serializers.Serializer):
    criterion = serializers.CharField(
        help_text=gettext_lazy("The criterion's code, e.g. necessity")
    )
    score = serializers.DecimalField(max_digits=5, decimal_places=2)
    note = serializers.CharField(required=False, allow_blank=True, default="")


# --------------------------------------------------------------------------- envelopes


class EnvelopeSerializer(serializers.ModelSerializer):
    cycle = serializers.IntegerField(source="cycle.fiscal_year_be", read_only=True)
    province = serializers.CharField(source="province_id", read_only=True, allow_null=True)
    owner_name = serializers.SerializerMethodField()

    class Meta:
        model = Envelope
        fields = ["id", "cycle", "province", "cluster", "owner_name", "amount"]
        read_only_fields = fields

    def get_owner_name(self, envelope: Envelope) -> str:
        return _owner_name(envelope.province, envelope.cluster)


def _owner_name(province: Area | None, cluster: Cluster | None) -> str:
    if province is not None:
        return province.display_name
    if cluster is None:
        return ""
    name = cluster.name_th
    return name if name.startswith("กลุ่มจังหวัด") else f"กลุ่มจังหวัด{name}"


# --------------------------------------------------------------------------- action plans


class ActionPlanSerializer(serializers.ModelSerializer):
    cycle = serializers.IntegerField(source="cycle.fiscal_year_be", read_only=True)
    province = serializers.CharField(source="province_id", read_only=True, allow_null=True)
    owner_name = serializers.SerializerMethodField()
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    item_count = serializers.SerializerMethodField()
    total_amount = serializers.SerializerMethodField()
    within_envelope_amount = serializers.SerializerMethodField()

    class Meta:
        model = ActionPlan
        fields = [
            "id",
            "cycle",
            "level",
            "province",
            "cluster",
            "owner_name",
            "title",
            "status",
            "status_label",
            "item_count",
            "total_amount",
            "within_envelope_amount",
            "created_at",
        ]
        read_only_fields = fields

    def get_owner_name(self, plan: ActionPlan) -> str:
        return _owner_name(plan.province, plan.cluster)

    def get_item_count(self, plan: ActionPlan) -> int:
        return len(plan.items.all())

    @extend_schema_field(serializers.DecimalField(max_digits=18, decimal_places=2))
    def get_total_amount(self, plan: ActionPlan) -> str:
        return _money(sum((i.amount for i in plan.items.all()), Decimal("0")))

    @extend_schema_field(serializers.DecimalField(max_digits=18, decimal_places=2))
    def get_within_envelope_amount(self, plan: ActionPlan) -> str:
        items = plan.items.all()
        return _money(sum((i.amount for i in items if i.within_envelope), Decimal("0")))


def _money(value: Decimal) -> str:
    return serializers.DecimalField(max_digits=18, decimal_places=2).to_representation(value)


class ActionPlanItemSerializer(serializers.ModelSerializer):
    proposal = ProposalRefSerializer(read_only=True)

    class Meta:
        model = ActionPlanItem
        fields = ["id", "rank", "amount", "within_envelope", "proposal"]
        read_only_fields = fields


class ActionPlanTransitionSerializer(serializers.ModelSerializer):
    from_status = serializers.CharField(read_only=True, help_text=STATUS_HELP)
    to_status = serializers.CharField(read_only=True, help_text=STATUS_HELP)
    actor = serializers.CharField(source="actor.username", read_only=True, allow_null=True)
    action_plan_status = serializers.CharField(source="action_plan.status", read_only=True)

    class Meta:
        model = ActionPlanTransition
        fields = [
            "id",
            "action_plan",
            "from_status",
            "to_status",
            "action_plan_status",
            "decided_by",
            "decided_on",
            "actor",
            "at",
        ]
        read_only_fields = fields


class ActionPlanDetailSerializer(ActionPlanSerializer):
    items = ActionPlanItemSerializer(many=True, read_only=True)
    transitions = ActionPlanTransitionSerializer(many=True, read_only=True)

    class Meta(ActionPlanSerializer.Meta):
        fields = [*ActionPlanSerializer.Meta.fields, "items", "transitions"]
        read_only_fields = fields


class ActionPlanTransitionRequestSerializer(serializers.Serializer):
    # A plain string in the schema, as for editions: the choice set is documented once.
    to_status = serializers.CharField(help_text=STATUS_HELP)
    decided_by = serializers.CharField(
        max_length=300,
        allow_blank=True,
        help_text=gettext_lazy("The meeting or letter that approved it"),
    )
    decided_on = ThaiDateField(required=False, allow_null=True, default=None)


def action_plan_queryset(queryset: QuerySet[ActionPlan] | None = None) -> QuerySet[ActionPlan]:
    queryset = ActionPlan.objects.all() if queryset is None else queryset
    return queryset.select_related("cycle", "province", "cluster").prefetch_related(
        Prefetch("items", queryset=ActionPlanItem.objects.order_by("rank", "pk"))
    )


def action_plan_detail_queryset(
    queryset: QuerySet[ActionPlan] | None = None,
) -> QuerySet[ActionPlan]:
    items = ActionPlanItem.objects.order_by("rank", "pk").select_related(
        "proposal__cycle", "proposal__area", "proposal__proposer"
    )
    transitions = ActionPlanTransition.objects.select_related("actor").order_by("at", "pk")
    queryset = ActionPlan.objects.all() if queryset is None else queryset
    return queryset.select_related("cycle", "province", "cluster").prefetch_related(
        Prefetch("items", queryset=items),
        Prefetch("transitions", queryset=transitions),
    )
