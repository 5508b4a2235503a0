"""Serializers of the plan API: plans, editions with their whole strategic chain, and the
shapes of the actions (transition, review, targets, check, diff).

The edition serializers read only prefetched relations (`.all()`), so an edition fetched
through `edition_queryset()` is serialised in a fixed number of queries however many
issues, goals and indicators it has. Decimals are strings (DRF's default).
"""

from decimal import Decimal

from django.db.models import Prefetch, QuerySet
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from oneplan.api.fields import ThaiDateField
from oneplan.areas.models import Area, Cluster
from oneplan.cycles.models import Regime
from oneplan.plans.models import (
    AlignmentTarget,
    BaselineFigure,
    EditionStatus,
    EditionTransition,
    Goal,
    Indicator,
    IndicatorTarget,
    Plan,
    PlanEdition,
    PlanKind,
    PlanProject,
    Positioning,
    StrategicIssue,
    Strategy,
    SwotItem,
    TowsStrategy,
    ValueChain,
    ValueChainStage,
)

# How target values are written out (and read in): the model's precision, as a string.
TARGET_VALUE = serializers.DecimalField(max_digits=20, decimal_places=4)
TARGETS_SCHEMA = {
    "type": "object",
    "description": gettext_lazy("Targets by fiscal year (B.E.) → value"),
    "additionalProperties": {"type": "string", "format": "decimal"},
}
TARGETS_REQUEST_SCHEMA = {
    "type": "object",
    "description": gettext_lazy(
        "Targets by fiscal year (B.E.) → value; null = remove that year's target"
    ),
    "additionalProperties": {"type": "string", "format": "decimal", "nullable": True},
    "example": {"2570": "7", "2571": None},
}


def decimal_text(value: Decimal | None) -> str | None:
    return None if value is None else TARGET_VALUE.to_representation(value)


# --------------------------------------------------------------------------- plans


class EditionSummarySerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    is_locked = serializers.BooleanField(read_only=True)

    class Meta:
        model = PlanEdition
        fields = [
            "id",
            "number",
            "label",
            "review_year_be",
            "status",
            "status_label",
            "is_locked",
            "based_on",
            "created_at",
            "updated_at",
        ]


class PlanSerializer(serializers.ModelSerializer):
    """A plan, in the list and alone (one shape, so the schema names its kinds once)."""

    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    owner_code = serializers.SerializerMethodField()
    owner_name = serializers.CharField(read_only=True)
    regime = serializers.CharField(source="regime.code", read_only=True)
    years = serializers.ListField(child=serializers.IntegerField(), read_only=True)
    committee = serializers.CharField(read_only=True)
    editions = EditionSummarySerializer(many=True, read_only=True)

    class Meta:
        model = Plan
        fields = [
            "id",
            "kind",
            "kind_label",
            "owner_code",
            "owner_name",
            "first_year_be",
            "last_year_be",
            "years",
            "title",
            "regime",
            "committee",
            "created_at",
            "editions",
        ]

    def get_owner_code(self, plan: Plan) -> str:
        """The province's DOPA code, or the cluster's id."""
        return plan.province_id if plan.kind == PlanKind.PROVINCE else str(plan.cluster_id)


def plan_queryset(queryset: QuerySet[Plan] | None = None) -> QuerySet[Plan]:
    queryset = Plan.objects.all() if queryset is None else queryset
    return queryset.select_related("province", "cluster", "regime").prefetch_related(
        Prefetch("editions", queryset=PlanEdition.objects.order_by("number"))
    )


class PlanCreateSerializer(serializers.Serializer):
    province = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Area.objects.provinces(),
        required=False,
        allow_null=True,
        help_text=gettext_lazy("The province's code (DOPA), for a province development plan"),
    )
    cluster = serializers.PrimaryKeyRelatedField(
        queryset=Cluster.objects.all(),
        required=False,
        allow_null=True,
        help_text=gettext_lazy("The cluster's code, for a cluster development plan"),
    )
    first_year_be = serializers.IntegerField(
        min_value=2500,
        max_value=2700,
        help_text=gettext_lazy("The plan's first fiscal year (B.E.)"),
    )
    title = serializers.CharField(max_length=300, required=False, allow_blank=True)
    regime = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Regime.objects.all(),
        required=False,
        allow_null=True,
        help_text=gettext_lazy("The code of the planning regulation; not given = the one in force"),
    )

    def validate(self, attrs):
        if bool(attrs.get("province")) == bool(attrs.get("cluster")):
            raise serializers.ValidationError(
                _(
                    "Give exactly one owner of the plan: a province (province) or a cluster"
                    " (cluster)"
                )
            )
        return attrs


# --------------------------------------------------------------------------- the chain


class AlignmentSerializer(serializers.ModelSerializer):
    framework = serializers.CharField(source="framework.code", read_only=True)
    name = serializers.CharField(source="name_th", read_only=True)

    class Meta:
        model = AlignmentTarget
        fields = ["framework", "number", "name"]


class IssueRefSerializer(serializers.ModelSerializer):
    """A strategic issue of another plan (the cluster plan's issues an issue serves)."""

    class Meta:
        model = StrategicIssue
        fields = ["id", "key", "priority", "title", "edition"]


class IndicatorSerializer(serializers.ModelSerializer):
    targets = serializers.SerializerMethodField()

    class Meta:
        model = Indicator
        fields = [
            "id",
            "key",
            "number",
            "name",
            "unit",
            "baseline",
            "baseline_year_be",
            "direction",
            "data_source",
            "controllable",
            "goal",
            "targets",
        ]

    @extend_schema_field(TARGETS_SCHEMA)
    def get_targets(self, indicator: Indicator):
        return {str(t.year_be): decimal_text(t.value) for t in indicator.targets.all()}


class GoalSerializer(serializers.ModelSerializer):
    alignments = AlignmentSerializer(many=True, read_only=True)
    indicators = IndicatorSerializer(many=True, read_only=True)

    class Meta:
        model = Goal
        fields = ["id", "key", "number", "text", "alignments", "indicators"]


class ProjectSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanProject
        fields = [
            "id",
            "key",
            "name",
            "actor",
            "responsible",
            "budget",
            "first_year_be",
            "last_year_be",
            "strategy",
            "stage",
        ]


class StrategySerializer(serializers.ModelSerializer):
    alignments = AlignmentSerializer(many=True, read_only=True)
    projects = ProjectSerializer(many=True, read_only=True)

    class Meta:
        model = Strategy
        fields = ["id", "key", "number", "text", "alignments", "projects"]


class StageSerializer(serializers.ModelSerializer):
    class Meta:
        model = ValueChainStage
        fields = ["id", "key", "name", "order"]


class ValueChainSerializer(serializers.ModelSerializer):
    stages = StageSerializer(many=True, read_only=True)

    class Meta:
        model = ValueChain
        fields = ["id", "key", "name", "stages"]


class CategorySerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField(source="name_th")


class IssueSerializer(serializers.ModelSerializer):
    category = CategorySerializer(read_only=True, allow_null=True)
    alignments = AlignmentSerializer(many=True, read_only=True)
    cluster_issues = IssueRefSerializer(many=True, read_only=True)
    goals = GoalSerializer(many=True, read_only=True)
    strategies = StrategySerializer(many=True, read_only=True)
    value_chains = ValueChainSerializer(many=True, read_only=True)

    class Meta:
        model = StrategicIssue
        fields = [
            "id",
            "key",
            "priority",
            "title",
            "category",
            "alignments",
            "cluster_issues",
            "goals",
            "strategies",
            "value_chains",
        ]


class BaselineSerializer(serializers.ModelSerializer):
    class Meta:
        model = BaselineFigure
        fields = ["id", "key", "dimension", "name", "value", "unit", "year_be", "source"]


class SwotSerializer(serializers.ModelSerializer):
    class Meta:
        model = SwotItem
        fields = ["id", "key", "kind", "text", "evidence"]


class TowsSerializer(serializers.ModelSerializer):
    class Meta:
        model = TowsStrategy
        fields = ["id", "key", "quadrant", "text"]


class PositioningSerializer(serializers.ModelSerializer):
    class Meta:
        model = Positioning
        fields = ["id", "key", "dimension", "text"]


class EditionDetailSerializer(EditionSummarySerializer):
    plan = PlanSerializer(read_only=True)
    missions = serializers.ListField(child=serializers.CharField(), read_only=True)
    baseline = BaselineSerializer(source="baseline_figures", many=True, read_only=True)
    swot = SwotSerializer(source="swot_items", many=True, read_only=True)
    tows = TowsSerializer(source="tows_strategies", many=True, read_only=True)
    positioning = PositioningSerializer(source="positionings", many=True, read_only=True)
    issues = IssueSerializer(many=True, read_only=True)
    indicators_without_goal = IndicatorSerializer(many=True, read_only=True)
    projects_without_strategy = ProjectSerializer(many=True, read_only=True)

    class Meta(EditionSummarySerializer.Meta):
        fields = [
            *EditionSummarySerializer.Meta.fields,
            "plan",
            "vision",
            "mission",
            "missions",
            "general_info",
            "past_performance",
            "baseline",
            "swot",
            "tows",
            "positioning",
            "issues",
            "indicators_without_goal",
            "projects_without_strategy",
        ]


def _alignments() -> Prefetch:
    return Prefetch("alignments", queryset=AlignmentTarget.objects.select_related("framework"))


def _indicators(**filters) -> QuerySet[Indicator]:
    targets = IndicatorTarget.objects.order_by("year_be")
    return (
        Indicator.objects.filter(**filters)
        .order_by("order", "pk")
        .prefetch_related(Prefetch("targets", queryset=targets))
    )


def _projects(**filters) -> QuerySet[PlanProject]:
    return PlanProject.objects.filter(**filters).order_by("order", "pk")


def edition_queryset(queryset: QuerySet[PlanEdition] | None = None) -> QuerySet[PlanEdition]:
    """Editions with everything `EditionDetailSerializer` reads, in a fixed number of queries."""
    queryset = PlanEdition.objects.all() if queryset is None else queryset
    goals = Goal.objects.order_by("order", "pk").prefetch_related(
        _alignments(), Prefetch("indicators", queryset=_indicators())
    )
    strategies = Strategy.objects.order_by("order", "pk").prefetch_related(
        _alignments(), Prefetch("projects", queryset=_projects())
    )
    chains = ValueChain.objects.order_by("order", "pk").prefetch_related(
        Prefetch("stages", queryset=ValueChainStage.objects.order_by("order", "pk"))
    )
    issues = (
        StrategicIssue.objects.order_by("priority", "pk")
        .select_related("category")
        .prefetch_related(
            _alignments(),
            Prefetch("cluster_issues", queryset=StrategicIssue.objects.order_by("priority", "pk")),
            Prefetch("goals", queryset=goals),
            Prefetch("strategies", queryset=strategies),
            Prefetch("value_chains", queryset=chains),
        )
    )
    return queryset.select_related(
        "plan__province", "plan__cluster", "plan__regime"
    ).prefetch_related(
        Prefetch("plan__editions", queryset=PlanEdition.objects.order_by("number")),
        Prefetch(
            "baseline_figures",
            queryset=BaselineFigure.objects.order_by("dimension", "order", "pk"),
        ),
        Prefetch("swot_items", queryset=SwotItem.objects.order_by("kind", "order", "pk")),
        Prefetch(
            "tows_strategies", queryset=TowsStrategy.objects.order_by("quadrant", "order", "pk")
        ),
        Prefetch("positionings", queryset=Positioning.objects.order_by("order", "pk")),
        Prefetch("issues", queryset=issues),
        Prefetch(
            "indicators",
            queryset=_indicators(goal__isnull=True),
            to_attr="indicators_without_goal",
        ),
        Prefetch(
            "projects",
            queryset=_projects(strategy__isnull=True),
            to_attr="projects_without_strategy",
        ),
    )


# --------------------------------------------------------------------------- actions


STATUS_HELP = format_lazy(
    "{}: {}", gettext_lazy("The statuses of an edition"), ", ".join(EditionStatus.values)
)


class TransitionRequestSerializer(serializers.Serializer):
    # A plain string in the schema: the choice set is documented once, as editions' `status`.
    to_status = serializers.CharField(help_text=STATUS_HELP)
    decided_by = serializers.CharField(
        max_length=300,
        allow_blank=True,
        help_text=gettext_lazy("The meeting or letter that resolved it"),
    )
    decided_on = ThaiDateField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, default="")

    def validate_to_status(self, value: str) -> str:
        if value not in EditionStatus.values:
            raise serializers.ValidationError(
                _("There is no status “%(value)s” (the statuses of an edition: %(choices)s)")
                % {"value": value, "choices": ", ".join(EditionStatus.values)}
            )
        return value


class TransitionSerializer(serializers.ModelSerializer):
    from_status = serializers.CharField(read_only=True, help_text=STATUS_HELP)
    to_status = serializers.CharField(read_only=True, help_text=STATUS_HELP)
    actor = serializers.CharField(source="actor.username", read_only=True, allow_null=True)
    edition_status = serializers.CharField(source="edition.status", read_only=True)

    class Meta:
        model = EditionTransition
        fields = [
            "id",
            "edition",
            "from_status",
            "to_status",
            "edition_status",
            "decided_by",
            "decided_on",
            "note",
            "actor",
            "at",
        ]


class ReviewRequestSerializer(serializers.Serializer):
    review_year_be = serializers.IntegerField(
        min_value=2500, max_value=2700, help_text=gettext_lazy("Review for the fiscal year (B.E.)")
    )


class TargetsRequestField(serializers.DictField):
    """{"2570": "7", "2571": null}: a value per fiscal year; null removes that year's target."""

    child = serializers.DecimalField(max_digits=20, decimal_places=4, allow_null=True)

    def to_internal_value(self, data):
        values = super().to_internal_value(data)
        result: dict[int, Decimal | None] = {}
        for year, value in values.items():
            if not str(year).isdigit():
                raise serializers.ValidationError(
                    _("“%(year)s” is not a fiscal year (B.E.)") % {"year": year}
                )
            result[int(year)] = value
        if not result:
            raise serializers.ValidationError(_("No year's target was given"))
        return result


class TargetChangeSerializer(serializers.Serializer):
    year_be = serializers.IntegerField()
    old = serializers.DecimalField(max_digits=20, decimal_places=4, allow_null=True)
    new = serializers.DecimalField(max_digits=20, decimal_places=4, allow_null=True)


class TargetsResultSerializer(serializers.Serializer):
    indicator = serializers.IntegerField()
    changes = TargetChangeSerializer(many=True)
    targets = serializers.SerializerMethodField()

    @extend_schema_field(TARGETS_SCHEMA)
    def get_targets(self, result):
        return result["targets"]


# --------------------------------------------------------------------------- check and diff
# These describe the JSON of `CheckResult.as_dict()` and `EditionDiff.as_dict()` for the
# schema; the views return those dictionaries as they are.


class FindingSerializer(serializers.Serializer):
    rule = serializers.CharField(
        help_text=gettext_lazy("The rule's code, e.g. PC-GOAL-NO-INDICATOR")
    )
    severity = serializers.ChoiceField(choices=["error", "warning", "advice"])
    message = serializers.CharField()
    component = serializers.CharField(
        help_text=gettext_lazy("The kind of component, e.g. goal, indicator, edition")
    )
    component_id = serializers.IntegerField(allow_null=True)
    anchor = serializers.CharField(
        help_text=gettext_lazy("The component's id on the edition's page")
    )
    label = serializers.CharField()


class RuleResultSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    severity = serializers.ChoiceField(choices=["error", "warning", "advice"])
    weight = serializers.IntegerField()
    examined = serializers.IntegerField()
    failed = serializers.IntegerField()
    score = serializers.FloatField()
    source = serializers.CharField()


class CheckCountsSerializer(serializers.Serializer):
    error = serializers.IntegerField()
    warning = serializers.IntegerField()
    advice = serializers.IntegerField()


class CheckResultSerializer(serializers.Serializer):
    edition_id = serializers.IntegerField()
    score = serializers.FloatField(help_text="0–100")
    grade = serializers.ChoiceField(choices=["very_good", "good", "fair", "needs_work"])
    grade_label = serializers.CharField()
    counts = CheckCountsSerializer()
    findings = FindingSerializer(many=True)
    rules = RuleResultSerializer(many=True)


class DiffEditionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    label = serializers.CharField()
    status = serializers.CharField()


class DiffCountsSerializer(serializers.Serializer):
    added = serializers.IntegerField()
    removed = serializers.IntegerField()
    changed = serializers.IntegerField()


class FieldChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    old = serializers.CharField()
    new = serializers.CharField()


class DiffItemSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["added", "removed", "changed"])
    section = serializers.CharField()
    model = serializers.CharField()
    key = serializers.CharField()
    label = serializers.CharField()
    changes = FieldChangeSerializer(many=True)


class DiffSerializer(serializers.Serializer):
    old = DiffEditionSerializer()
    new = DiffEditionSerializer()
    counts = DiffCountsSerializer()
    items = DiffItemSerializer(many=True)
