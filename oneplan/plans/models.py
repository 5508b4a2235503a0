"""Development plans: the strategic chain of a province or a cluster, edition by edition.

A `Plan` belongs to a province or a cluster and spans fiscal years set by its regime
(4 in the seeds' regime, 5 today: `cycles.Regime.span_years`, data, not code). A plan has
*editions*: the original (number 0) and each yearly review (ฉบับทบทวน). A review starts
as a copy of the last approved edition; every component keeps its `key` (a UUID) across
editions, so two editions can be compared item by item (`plans.diff`).

Alignment targets (national strategy, master plans, national-plan milestones, SDGs),
issue categories, the plan-check rules and the grading thresholds are all data loaded by
`oneplan load-reference` and chosen per regime (DOMAIN.md §9).
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from oneplan.areas.models import Area, AreaLevel, Cluster
from oneplan.audit.versioning import Versioned
from oneplan.core.restrict import RestrictedManager
from oneplan.cycles.models import Regime
from oneplan.cycles.rules import ApprovalChain

# --------------------------------------------------------------------------- reference


class AlignmentFramework(models.Model):
    code = models.CharField(_("code"), max_length=40, unique=True)  # "ns-2561-2580"
    name_th = models.CharField(_("Thai name"), max_length=300)
    name_en = models.CharField(_("English name"), max_length=300, blank=True)
    first_year_be = models.PositiveSmallIntegerField(_("first year (B.E.)"), null=True, blank=True)
    last_year_be = models.PositiveSmallIntegerField(_("last year (B.E.)"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    # The regimes under which plans link to this framework's targets.
    regimes = models.ManyToManyField(
        Regime, verbose_name=_("regimes"), blank=True, related_name="frameworks"
    )

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("alignment framework")
        verbose_name_plural = _("alignment frameworks")
        ordering = ["order"]

    def __str__(self) -> str:
        return self.name_th


class AlignmentTarget(models.Model):
    framework = models.ForeignKey(
        AlignmentFramework,
        verbose_name=_("framework"),
        on_delete=models.CASCADE,
        related_name="targets",
    )
    number = models.PositiveSmallIntegerField(_("number"))
    name_th = models.CharField(_("Thai name"), max_length=300)
    name_en = models.CharField(_("English name"), max_length=300, blank=True)

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("alignment target")
        verbose_name_plural = _("alignment targets")
        ordering = ["framework", "number"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "number"], name="target_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name_th}"


class IssueCategory(models.Model):
    """A national category for strategic issues (การเกษตร, ท่องเที่ยว, ...), slide 41."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name_th = models.CharField(_("Thai name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("issue category")
        verbose_name_plural = _("issue categories")
        ordering = ["order"]

    def __str__(self) -> str:
        return self.name_th


class Severity(models.TextChoices):
    ERROR = "error", _("must fix")  # ต้องแก้ไข
    WARNING = "warning", _("should fix")  # ควรแก้ไข
    ADVICE = "advice", _("advice")  # ข้อแนะนำ


class CheckRule(models.Model):
    """One rule of the plan check, as the national secretariat set it for a regime."""

    regime = models.ForeignKey(
        Regime, verbose_name=_("regime"), on_delete=models.CASCADE, related_name="rules"
    )
    code = models.CharField(_("rule code"), max_length=40)  # "PC-GOAL-NO-INDICATOR"
    title_th = models.CharField(_("Thai title"), max_length=300)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    enabled = models.BooleanField(_("in use"), default=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("plan-check rule")
        verbose_name_plural = _("plan-check rules")
        ordering = ["regime", "order"]
        constraints = [
            models.UniqueConstraint(fields=["regime", "code"], name="check_rule_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title_th}"


# --------------------------------------------------------------------------- plans


class PlanKind(models.TextChoices):
    PROVINCE = "province", _("Provincial development plan")  # แผนพัฒนาจังหวัด
    CLUSTER = "cluster", _("Cluster development plan")  # แผนพัฒนากลุ่มจังหวัด


class Plan(models.Model):
    """A multi-year development plan of one province or one cluster."""

    kind = models.CharField(_("kind"), max_length=10, choices=PlanKind.choices)
    province = models.ForeignKey(
        Area,
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plans",
        limit_choices_to={"level": AreaLevel.PROVINCE},
    )
    cluster = models.ForeignKey(
        Cluster,
        verbose_name=_("province cluster"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plans",
    )
    regime = models.ForeignKey(
        Regime, verbose_name=_("regime"), on_delete=models.PROTECT, related_name="plans"
    )
    first_year_be = models.PositiveSmallIntegerField(_("first fiscal year (B.E.)"))
    last_year_be = models.PositiveSmallIntegerField(_("last fiscal year (B.E.)"))
    title = models.CharField(_("title"), max_length=300)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("development plan")
        verbose_name_plural = _("development plans")
        ordering = ["-first_year_be", "kind", "province_id", "cluster_id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind="province", province__isnull=False, cluster__isnull=True)
                    | models.Q(kind="cluster", cluster__isnull=False, province__isnull=True)
                ),
                name="plan_owner_matches_kind",
            ),
            models.UniqueConstraint(
                fields=["province", "first_year_be"],
                condition=models.Q(kind="province"),
                name="one_province_plan_per_period",
            ),
            models.UniqueConstraint(
                fields=["cluster", "first_year_be"],
                condition=models.Q(kind="cluster"),
                name="one_cluster_plan_per_period",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("plans:plan", kwargs={"pk": self.pk})

    @property
    def owner(self) -> Area | Cluster | None:
        return self.province if self.kind == PlanKind.PROVINCE else self.cluster

    @property
    def owner_name(self) -> str:
        owner = self.owner
        return owner.display_name if isinstance(owner, Area) else str(owner or "")

    @property
    def years(self) -> list[int]:
        return list(range(self.first_year_be, self.last_year_be + 1))

    @property
    def committee(self) -> str:
        if self.kind == PlanKind.PROVINCE:
            return self.regime.provincial_committee
        return self.regime.cluster_committee

    def clean(self) -> None:
        if self.province_id and self.province.level != AreaLevel.PROVINCE:
            raise ValidationError({"province": _("A provincial plan belongs to a province.")})
        if self.regime_id and self.first_year_be and self.last_year_be:
            if self.last_year_be - self.first_year_be + 1 != self.regime.span_years:
                raise ValidationError(
                    {
                        "last_year_be": _("This regime's plans span %(n)s fiscal years.")
                        % {"n": self.regime.span_years}
                    }
                )


class EditionStatus(models.TextChoices):
    """The approval chain of a plan edition (DOMAIN.md §3; slide 51)."""

    DRAFT = "draft", _("Draft")  # ร่าง
    CONSULTED = "consulted", _("Consulted")  # ผ่านการประชุมปรึกษาหารือ
    APPROVED = "approved", _("Approved by the committee")  # ก.บ.จ./ก.บ.ก. เห็นชอบ
    ENDORSED = "endorsed", _("Endorsed nationally")  # ก.น.จ./ก.บ.ภ. กลั่นกรอง
    CABINET = "cabinet", _("Acknowledged by the Cabinet")  # ครม.


# Editions in these states are read-only; a change needs a new review.
LOCKED_STATUSES = frozenset({EditionStatus.APPROVED, EditionStatus.ENDORSED, EditionStatus.CABINET})

# The approval chain, which status may follow which, is regime data (`Regime.edition_chain`);
# a regime without its own follows this default (DOMAIN.md §3, slide 51). A step back to
# draft is allowed before approval (the committee sends it back for changes).
DEFAULT_EDITION_CHAIN: dict[str, tuple[str, ...]] = {
    EditionStatus.DRAFT: (EditionStatus.CONSULTED,),
    EditionStatus.CONSULTED: (EditionStatus.APPROVED, EditionStatus.DRAFT),
    EditionStatus.APPROVED: (EditionStatus.ENDORSED,),
    EditionStatus.ENDORSED: (EditionStatus.CABINET,),
    EditionStatus.CABINET: (),
}
EDITION_CHAIN = ApprovalChain(
    field="edition_chain", statuses=tuple(EditionStatus.values), default=DEFAULT_EDITION_CHAIN
)


class PlanEdition(Versioned, models.Model):
    """The original plan (number 0) or one yearly review of it (ฉบับทบทวน ปี ...); its texts
    are saved with a check that nobody changed them since they were read (`audit.versioning`)."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("development plan"), on_delete=models.CASCADE, related_name="editions"
    )
    number = models.PositiveSmallIntegerField(_("edition number"), default=0)
    review_year_be = models.PositiveSmallIntegerField(
        _("review for fiscal year (B.E.)"), null=True, blank=True
    )
    based_on = models.ForeignKey(
        "self",
        verbose_name=_("copied from"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reviews",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=EditionStatus.choices, default=EditionStatus.DRAFT
    )
    vision = models.TextField(_("vision"), blank=True)  # วิสัยทัศน์
    mission = models.TextField(_("mission"), blank=True)  # พันธกิจ, one per line
    general_info = models.TextField(_("general information"), blank=True)  # ข้อมูลสภาพทั่วไป
    past_performance = models.TextField(_("past performance"), blank=True)  # ผลการดำเนินงานที่ผ่านมา
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("plan edition")
        verbose_name_plural = _("plan editions")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="edition_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.plan} – {self.label}"

    def get_absolute_url(self) -> str:
        return reverse("plans:edition", kwargs={"pk": self.pk})

    @property
    def label(self) -> str:
        if self.number == 0:
            return str(_("original edition"))
        return str(_("review for fiscal year %(year)s")) % {"year": self.review_year_be}

    @property
    def is_locked(self) -> bool:
        return self.status in LOCKED_STATUSES

    @property
    def missions(self) -> list[str]:
        return [line.strip() for line in self.mission.splitlines() if line.strip()]


class EditionTransition(models.Model):
    """One step of an edition along the approval chain: who, when, and what decided it."""

    edition = models.ForeignKey(
        PlanEdition,
        verbose_name=_("plan edition"),
        on_delete=models.CASCADE,
        related_name="transitions",
    )
    from_status = models.CharField(_("from"), max_length=12, choices=EditionStatus.choices)
    to_status = models.CharField(_("to"), max_length=12, choices=EditionStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    # The meeting or document that decided it: "ประชุม ก.บ.จ. ครั้งที่ 2/2569".
    decided_by = models.CharField(_("decided by (meeting or document)"), max_length=300)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["edition", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


# --------------------------------------------------------------------------- components


class Component(Versioned, models.Model):
    """A part of an edition. `key` is the component's identity across editions; `version`
    (`audit.versioning`) keeps two people editing it from undoing each other's change."""

    key = models.UUIDField(_("identity across editions"), default=uuid.uuid4, editable=False)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        abstract = True

    # For the diff and the check: a short name a person recognises.
    def label(self) -> str:
        return str(self)


class Dimension(models.TextChoices):
    """Dimensions of the baseline data (ข้อมูลพื้นฐาน)."""

    ECONOMY = "economy", _("Economy")  # เศรษฐกิจ
    SOCIETY = "society", _("Society")  # สังคม
    ENVIRONMENT = "environment", _("Natural resources and environment")  # ทรัพยากรธรรมชาติฯ
    SECURITY = "security", _("Security")  # ความมั่นคง


class PositionDimension(models.TextChoices):
    """Positioning dimensions (seed 004)."""

    ECONOMY = "economy", _("Economy")
    SOCIETY = "society", _("Society")
    SECURITY = "security", _("Security")
    MANAGEMENT = "management", _("Management")  # การบริหารจัดการ


class BaselineFigure(Component):
    """One row of the baseline data tables, by dimension."""

    edition = models.ForeignKey(
        PlanEdition, on_delete=models.CASCADE, related_name="baseline_figures"
    )
    dimension = models.CharField(_("dimension"), max_length=12, choices=Dimension.choices)
    name = models.CharField(_("item"), max_length=300)
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4, null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    year_be = models.PositiveSmallIntegerField(_("year (B.E.)"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("baseline figure")
        verbose_name_plural = _("baseline figures")
        ordering = ["edition", "dimension", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "key"], name="baselinefigure_unique_key")
        ]

    def __str__(self) -> str:
        return self.name


class SwotKind(models.TextChoices):
    STRENGTH = "S", _("Strength")  # จุดแข็ง
    WEAKNESS = "W", _("Weakness")  # จุดอ่อน
    OPPORTUNITY = "O", _("Opportunity")  # โอกาส
    THREAT = "T", _("Threat")  # อุปสรรค


class SwotItem(Component):
    edition = models.ForeignKey(PlanEdition, on_delete=models.CASCADE, related_name="swot_items")
    kind = models.CharField(_("kind"), max_length=1, choices=SwotKind.choices)
    text = models.TextField(_("statement"))
    evidence = models.TextField(_("supporting evidence"), blank=True)  # ข้อมูลสนับสนุน

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("SWOT item")
        verbose_name_plural = _("SWOT items")
        ordering = ["edition", "kind", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "key"], name="swotitem_unique_key")
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.text[:80]}"


class TowsQuadrant(models.TextChoices):
    SO = "SO", _("SO: use strengths to seize opportunities")  # เชิงรุก
    ST = "ST", _("ST: use strengths against threats")  # เชิงป้องกัน
    WO = "WO", _("WO: overcome weaknesses through opportunities")  # เชิงแก้ไข
    WT = "WT", _("WT: reduce weaknesses, avoid threats")  # เชิงรับ


class TowsStrategy(Component):
    edition = models.ForeignKey(
        PlanEdition, on_delete=models.CASCADE, related_name="tows_strategies"
    )
    quadrant = models.CharField(_("TOWS quadrant"), max_length=2, choices=TowsQuadrant.choices)
    text = models.TextField(_("strategy"))

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("TOWS strategy")
        verbose_name_plural = _("TOWS strategies")
        ordering = ["edition", "quadrant", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "key"], name="towsstrategy_unique_key")
        ]

    def __str__(self) -> str:
        return f"{self.quadrant}: {self.text[:80]}"


class Positioning(Component):
    edition = models.ForeignKey(PlanEdition, on_delete=models.CASCADE, related_name="positionings")
    dimension = models.CharField(_("dimension"), max_length=12, choices=PositionDimension.choices)
    text = models.TextField(_("position"))

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("positioning")
        verbose_name_plural = _("positionings")
        ordering = ["edition", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "key"], name="positioning_unique_key")
        ]

    def __str__(self) -> str:
        return f"{self.get_dimension_display()}: {self.text[:80]}"


class StrategicIssue(Component):
    """ประเด็นยุทธศาสตร์, ranked by priority (1 = first)."""

    edition = models.ForeignKey(PlanEdition, on_delete=models.CASCADE, related_name="issues")
    priority = models.PositiveSmallIntegerField(_("priority"))
    title = models.CharField(_("strategic issue"), max_length=500)
    category = models.ForeignKey(
        IssueCategory,
        verbose_name=_("national category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="issues",
    )
    alignments = models.ManyToManyField(
        AlignmentTarget, verbose_name=_("aligned with"), blank=True, related_name="issues"
    )
    # For a provincial plan: the cluster plan's issues this issue serves.
    cluster_issues = models.ManyToManyField(
        "self",
        verbose_name=_("cluster plan issues"),
        symmetrical=False,
        blank=True,
        related_name="provincial_issues",
    )

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("strategic issue")
        verbose_name_plural = _("strategic issues")
        ordering = ["edition", "priority", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "key"], name="strategicissue_unique_key")
        ]

    def __str__(self) -> str:
        return f"{self.priority}. {self.title}"


class Goal(Component):
    """เป้าประสงค์ of a strategic issue."""

    edition = models.ForeignKey(PlanEdition, on_delete=models.CASCADE, related_name="goals")
    issue = models.ForeignKey(
        StrategicIssue,
        verbose_name=_("strategic issue"),
        on_delete=models.CASCADE,
        related_name="goals",
    )
    number = models.CharField(_("number"), max_length=20)  # "1.1"
    text = models.TextField(_("goal"))
    alignments = models.ManyToManyField(
        AlignmentTarget, verbose_name=_("aligned with"), blank=True, related_name="goals"
    )

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["edition", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["edition", "key"], name="goal_unique_key")]

    def __str__(self) -> str:
        return f"{self.number} {self.text[:120]}"


class Direction(models.TextChoices):
    INCREASE = "increase", _("higher is better")  # ยิ่งมากยิ่งดี
    DECREASE = "decrease", _("lower is better")  # ยิ่งน้อยยิ่งดี
    MAINTAIN = "maintain", _("keep at the target")  # รักษาระดับ


class Indicator(Component):
    """ตัวชี้วัด with its baseline and a target for every plan year."""

    edition = models.ForeignKey(PlanEdition, on_delete=models.CASCADE, related_name="indicators")
    goal = models.ForeignKey(
        Goal,
        verbose_name=_("goal"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="indicators",
    )
    number = models.CharField(_("number"), max_length=20)  # "1.1.1"
    name = models.CharField(_("indicator"), max_length=500)
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    baseline = models.DecimalField(
        _("baseline"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    baseline_year_be = models.PositiveSmallIntegerField(
        _("baseline year (B.E.)"), null=True, blank=True
    )
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.INCREASE
    )
    data_source = models.CharField(_("data source"), max_length=300, blank=True)
    # Whether the province (or cluster) can influence it; GPP, export value cannot (slide 48).
    controllable = models.BooleanField(_("the province can influence it"), default=True)

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["edition", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "key"], name="indicator_unique_key")
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"

    def target_map(self) -> dict[int, Decimal]:
        return {t.year_be: t.value for t in self.targets.all()}


class IndicatorTarget(models.Model):
    """ค่าเป้าหมาย of one indicator for one fiscal year of the plan."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="targets"
    )
    year_be = models.PositiveSmallIntegerField(_("fiscal year (B.E.)"))
    value = models.DecimalField(_("target"), max_digits=20, decimal_places=4)

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("indicator target")
        verbose_name_plural = _("indicator targets")
        ordering = ["indicator", "year_be"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year_be"], name="target_unique_year")
        ]

    def __str__(self) -> str:
        return f"{self.year_be}: {self.value}"


class Strategy(Component):
    """กลยุทธ์ of a strategic issue."""

    edition = models.ForeignKey(PlanEdition, on_delete=models.CASCADE, related_name="strategies")
    issue = models.ForeignKey(
        StrategicIssue,
        verbose_name=_("strategic issue"),
        on_delete=models.CASCADE,
        related_name="strategies",
    )
    number = models.CharField(_("number"), max_length=20)  # "1.2"
    text = models.TextField(_("strategy"))
    alignments = models.ManyToManyField(
        AlignmentTarget, verbose_name=_("aligned with"), blank=True, related_name="strategies"
    )

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")
        ordering = ["edition", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "key"], name="strategy_unique_key")
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.text[:120]}"


class ValueChain(Component):
    """A value chain of a strategic issue (slides 37-40)."""

    edition = models.ForeignKey(PlanEdition, on_delete=models.CASCADE, related_name="value_chains")
    issue = models.ForeignKey(
        StrategicIssue,
        verbose_name=_("strategic issue"),
        on_delete=models.CASCADE,
        related_name="value_chains",
    )
    name = models.CharField(_("value chain"), max_length=300)

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("value chain")
        verbose_name_plural = _("value chains")
        ordering = ["edition", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "key"], name="valuechain_unique_key")
        ]

    def __str__(self) -> str:
        return self.name


class ValueChainStage(Component):
    edition = models.ForeignKey(PlanEdition, on_delete=models.CASCADE, related_name="chain_stages")
    chain = models.ForeignKey(
        ValueChain, verbose_name=_("value chain"), on_delete=models.CASCADE, related_name="stages"
    )
    name = models.CharField(_("stage"), max_length=300)

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("value-chain stage")
        verbose_name_plural = _("value-chain stages")
        ordering = ["edition", "chain", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "key"], name="valuechainstage_unique_key")
        ]

    def __str__(self) -> str:
        return self.name


class ActorKind(models.TextChoices):
    """Who carries a project out (slide 39)."""

    MINISTRY = "ministry", _("Ministry or department")  # กระทรวง/กรม
    AREA = "area", _("Cluster or province")  # กลุ่มจังหวัด/จังหวัด
    LOCAL = "local", _("Local government")  # องค์กรปกครองส่วนท้องถิ่น
    PRIVATE = "private", _("Private sector")  # ภาคธุรกิจเอกชน
    CIVIL = "civil", _("Civil society or community")  # ภาคประชาสังคม/ชุมชน


class PlanProject(Component):
    """A programme or project listed in the plan (proposals attach in the projects app)."""

    edition = models.ForeignKey(PlanEdition, on_delete=models.CASCADE, related_name="projects")
    strategy = models.ForeignKey(
        Strategy,
        verbose_name=_("strategy"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="projects",
    )
    stage = models.ForeignKey(
        ValueChainStage,
        verbose_name=_("value-chain stage"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="projects",
    )
    name = models.CharField(_("programme or project"), max_length=500)
    actor = models.CharField(
        _("actor"), max_length=10, choices=ActorKind.choices, default=ActorKind.AREA
    )
    responsible = models.CharField(_("responsible agency"), max_length=300, blank=True)
    budget = models.DecimalField(
        _("budget (baht)"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    first_year_be = models.PositiveSmallIntegerField(_("from fiscal year"), null=True, blank=True)
    last_year_be = models.PositiveSmallIntegerField(_("to fiscal year"), null=True, blank=True)

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("plan project")
        verbose_name_plural = _("plan projects")
        ordering = ["edition", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "key"], name="planproject_unique_key")
        ]

    def __str__(self) -> str:
        return self.name


# Every component model, in the order a plan document presents them.
COMPONENT_MODELS: tuple[type[Component], ...] = (
    BaselineFigure,
    SwotItem,
    TowsStrategy,
    Positioning,
    StrategicIssue,
    Goal,
    Indicator,
    Strategy,
    ValueChain,
    ValueChainStage,
    PlanProject,
)
