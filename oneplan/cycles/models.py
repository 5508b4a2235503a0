"""Planning cycles and the regimes that set their rules (DOMAIN.md §9).

A *regime* is the set of rules in force for a period: how many years a development plan
spans, which cluster set applies, the committees' names, the split of the envelope between
a cluster and its provinces, how many top-ranked strategic issues a project must serve, and
the thresholds of the plan check's grades, the approval chains of editions, proposals and
action plans, the periods of the results reports and the words that make a project's budget
an investment (these last ones declared with their named defaults through
`oneplan.cycles.rules`). Two ship ready-made: the 2551 regime of the source documents
(4-year plans, ก.น.จ., 30:70) and today's (5-year plans 2566–2570).
They are data (cycles/data/regimes.csv), tuned by the national secretariat in the admin.

A *cycle* is one fiscal year's round of planning and budgeting, under one regime.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from oneplan.areas.models import AreaLevel, Cluster, ClusterRegime
from oneplan.core.dates import validate_plausible_date
from oneplan.core.restrict import RestrictedManager
from oneplan.cycles import rules

# Without the province's plan, a proposal asks money for the cycle's year and the two after.
DEFAULT_FALLBACK_BUDGET_YEARS = 3


class Regime(models.Model):
    """The rules plans, projects and budgets follow in a period (ชุดหลักเกณฑ์)."""

    code = models.CharField(_("code"), max_length=20, unique=True)  # "2551", "2566"
    name_th = models.CharField(_("Thai name"), max_length=300)
    name_en = models.CharField(_("English name"), max_length=300, blank=True)
    span_years = models.PositiveSmallIntegerField(_("plan span (years)"))
    cluster_regime = models.ForeignKey(
        ClusterRegime,
        verbose_name=_("cluster set"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    provincial_committee = models.CharField(_("provincial committee"), max_length=60)  # ก.บ.จ.
    cluster_committee = models.CharField(_("cluster committee"), max_length=60)  # ก.บ.ก.
    national_body = models.CharField(_("national body"), max_length=60)  # ก.น.จ. / ก.บ.ภ.
    # The cluster's share of the summed provincial envelopes (30 in the 2009 resolution).
    cluster_share_percent = models.DecimalField(
        _("cluster share of the envelope (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("30"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    # A project for province/cluster budget must serve an issue ranked in the top N.
    top_priorities = models.PositiveSmallIntegerField(
        _("top-ranked issues projects serve"), default=2
    )
    # Grade thresholds on the 0-100 plan-check score (docs/plan-check.md).
    grade_very_good = models.PositiveSmallIntegerField(_("score for 'very good'"), default=85)
    grade_good = models.PositiveSmallIntegerField(_("score for 'good'"), default=70)
    grade_fair = models.PositiveSmallIntegerField(_("score for 'fair'"), default=50)
    # Cumulative disbursement targets at the end of each quarter of the fiscal year, in per
    # cent of the allocation (the Budget Bureau's curve), e.g. [30, 52, 75, 100].
    disbursement_targets = models.JSONField(
        _("disbursement targets by quarter (%)"), default=list, blank=True
    )
    # Progress reports: each project reports every month or every quarter, due so many
    # days after the period ends.
    progress_period = models.CharField(
        _("progress reports every"),
        max_length=10,
        choices=[("month", _("Month")), ("quarter", _("Quarter"))],
        default="quarter",
    )
    progress_due_days = models.PositiveSmallIntegerField(
        _("progress report due (days after the period)"), default=15
    )
    # The Section 19 representatives' rules (oneplan.participation.eligibility
    # .EligibilityRules.from_params): age, registration, disqualifying positions, caps.
    representative_rules = models.JSONField(_("representative rules"), default=dict, blank=True)
    # The approval chains: which status may follow which, {"status": ["next status", ...]},
    # for plan editions, proposals and action plans. Empty: the chain's named default
    # (oneplan.cycles.rules; declared by plans and projects).
    edition_chain = models.JSONField(_("approval chain of plan editions"), default=dict, blank=True)
    proposal_chain = models.JSONField(_("approval chain of proposals"), default=dict, blank=True)
    action_plan_chain = models.JSONField(
        _("approval chain of action plans"), default=dict, blank=True
    )
    # The periods of the action plan's results reports, [{"code", "name_th", "name_en",
    # "months"}]; empty: the named default of oneplan.cycles.report_periods (H1 and year).
    report_periods = models.JSONField(_("results report periods"), default=list, blank=True)
    # Words of a local plan's project title that make its budget an investment (งบลงทุน);
    # empty: the named default of oneplan.projects.budget_words.
    investment_words = models.JSONField(_("investment words"), default=list, blank=True)
    # The budget sources (funding channels) a proposal may name; empty: every source
    # (oneplan.projects.models.FUNDING_CHANNELS).
    funding_channels = models.JSONField(_("budget sources"), default=list, blank=True)
    # The budget years a proposal may ask money for when its province's plan cannot be found:
    # the cycle's year and the ones after it.
    fallback_budget_years = models.PositiveSmallIntegerField(
        _("budget years of a proposal without a plan"),
        default=DEFAULT_FALLBACK_BUDGET_YEARS,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    is_current = models.BooleanField(_("current"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("regime")
        verbose_name_plural = _("regimes")
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"],
                condition=models.Q(is_current=True),
                name="one_current_regime",
            )
        ]

    def __str__(self) -> str:
        return self.name_th

    def takes_cluster(self, cluster: Cluster) -> bool:
        """Whether a plan, a proposal or a calendar under this regime may be the cluster's:
        one of the regime's cluster set (a 2551-regime year's are the 2009 clusters); any
        cluster when the regime names no set."""
        return not self.cluster_regime_id or cluster.regime_id == self.cluster_regime_id

    def clean(self) -> None:
        super().clean()
        problems = rules.problems_of(self)
        if problems:
            raise ValidationError(problems)


class Cycle(models.Model):
    """One fiscal year's round of planning and budgeting (รอบปีงบประมาณ)."""

    fiscal_year_be = models.PositiveSmallIntegerField(_("fiscal year (B.E.)"), unique=True)
    regime = models.ForeignKey(
        Regime, verbose_name=_("regime"), on_delete=models.PROTECT, related_name="cycles"
    )
    name = models.CharField(_("name"), max_length=200, blank=True)

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("planning cycle")
        verbose_name_plural = _("planning cycles")
        ordering = ["-fiscal_year_be"]

    def __str__(self) -> str:
        return self.name or f"รอบปีงบประมาณ พ.ศ. {self.fiscal_year_be}"


class Phase(models.Model):
    """A phase of the planning calendar (Area Based, Mechanism Setting ...), as data."""

    regime = models.ForeignKey(
        Regime, verbose_name=_("regime"), on_delete=models.CASCADE, related_name="phases"
    )
    code = models.CharField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)  # "Area Based", as the calendars print it
    name_th = models.CharField(_("Thai name"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("calendar phase")
        verbose_name_plural = _("calendar phases")
        ordering = ["regime", "order"]
        constraints = [models.UniqueConstraint(fields=["regime", "code"], name="phase_unique")]

    def __str__(self) -> str:
        return self.name


class CalendarLevel(models.TextChoices):
    NATION = "nation", _("Nation")  # ส่วนกลาง
    CLUSTER = "cluster", _("Province cluster")  # กลุ่มจังหวัด
    PROVINCE = "province", _("Province")  # จังหวัด
    DISTRICT = "district", _("District")  # อำเภอ


class PrintLayout(models.TextChoices):
    TABLE = "table", _("Table of steps")  # ตาราง ที่ / การดำเนินการ / ผู้ดำเนินการ / เวลา
    GANTT = "gantt", _("Gantt chart by month")  # แผนภูมิรายเดือน


class Calendar(models.Model):
    """The planning calendar (ปฏิทิน) of one body for one cycle, or a template to copy.

    `area` is the province or district (the country for the nation); a cluster's calendar
    names its cluster. A national template is copied by a province into its own calendar,
    whose steps keep a link to the national steps that frame them.
    """

    cycle = models.ForeignKey(
        Cycle, verbose_name=_("planning cycle"), on_delete=models.PROTECT, related_name="calendars"
    )
    level = models.CharField(_("level"), max_length=10, choices=CalendarLevel.choices)
    area = models.ForeignKey(
        "areas.Area",
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="calendars",
    )
    cluster = models.ForeignKey(
        "areas.Cluster",
        verbose_name=_("province cluster"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="calendars",
    )
    title = models.CharField(_("title"), max_length=500)
    is_template = models.BooleanField(_("template to copy"), default=False)
    copied_from = models.ForeignKey(
        "self",
        verbose_name=_("copied from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
    )
    published = models.BooleanField(_("published to the public"), default=False)
    # How it prints: a table of steps (Rayong's calendar) or a Gantt chart by month
    # (Samut Sakhon's); dates in full ("13 มิถุนายน 2560") or short ("๔ เม.ย. ๖๑").
    print_layout = models.CharField(
        _("printed as"), max_length=10, choices=PrintLayout.choices, default=PrintLayout.GANTT
    )
    short_dates = models.BooleanField(_("short dates"), default=True)
    note = models.TextField(_("note"), blank=True)  # หมายเหตุ under the table
    prepared_by = models.CharField(_("prepared by"), max_length=300, blank=True)
    as_of = models.DateField(
        _("information as of"), null=True, blank=True, validators=[validate_plausible_date]
    )  # ข้อมูล ณ วันที่
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("planning calendar")
        verbose_name_plural = _("planning calendars")
        ordering = ["-cycle__fiscal_year_be", "level", "title"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(level="cluster", cluster__isnull=False, area__isnull=True)
                    | (~models.Q(level="cluster") & models.Q(area__isnull=False))
                ),
                name="calendar_owner_matches_level",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("cycles:calendar", kwargs={"pk": self.pk})

    def clean(self) -> None:
        """The owner matches the level: the nation's calendar is the country's, a cluster's
        names a cluster of the cycle's cluster set, a province's a province, a district's a
        district; only the nation's calendar is a template to copy."""
        super().clean()
        errors: dict[str, str] = {}
        wanted_area = {
            CalendarLevel.NATION: AreaLevel.COUNTRY,
            CalendarLevel.PROVINCE: AreaLevel.PROVINCE,
            CalendarLevel.DISTRICT: AreaLevel.DISTRICT,
        }.get(self.level)
        if self.level == CalendarLevel.CLUSTER:
            if self.cluster is None:
                errors["cluster"] = _("Choose the province cluster whose calendar this is.")
            elif self.area_id is not None:
                errors["area"] = _("A cluster's calendar names no area.")
            elif self.cycle_id is not None and not self.cycle.regime.takes_cluster(self.cluster):
                errors["cluster"] = _("This cluster is not in the cycle's cluster set.")
        elif wanted_area is not None:
            if self.area is None or self.area.level != wanted_area:
                errors["area"] = {
                    AreaLevel.COUNTRY: _("The nation's calendar belongs to the country."),
                    AreaLevel.PROVINCE: _("A province's calendar names a province."),
                    AreaLevel.DISTRICT: _("A district's calendar names a district."),
                }[wanted_area]
            elif self.cluster_id is not None:
                errors["cluster"] = _("Only a cluster's calendar names a cluster.")
        if self.is_template and self.level != CalendarLevel.NATION:
            errors["is_template"] = _("Only the nation's calendar is a template to copy.")
        if errors:
            raise ValidationError(errors)


class StepStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")  # ตามแผน
    DONE = "done", _("Done")  # ดำเนินการแล้ว
    CANCELLED = "cancelled", _("Cancelled")  # ยกเลิก


class DatePrecision(models.TextChoices):
    DAY = "day", _("Day")
    MONTH = "month", _("Month")


class CalendarStep(models.Model):
    """One step of a calendar: number, action, phase, who, when, where, and its status.

    When: `start` and `end` (the same day for a one-day step), to the day or to the month;
    `deadline` for "by" a date (ภายใน พ.ค.); no dates at all for "not yet set" (-).
    `when_text` overrides the printed dates where they say more ("25, 29 และ 31 ส.ค. 60").
    """

    calendar = models.ForeignKey(
        Calendar, verbose_name=_("calendar"), on_delete=models.CASCADE, related_name="steps"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    action = models.TextField(_("action"))  # การดำเนินการ
    phase = models.ForeignKey(
        Phase,
        verbose_name=_("phase"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="steps",
    )
    responsible = models.TextField(_("responsible bodies"), blank=True)  # one a line
    start = models.DateField(_("from"), null=True, blank=True, validators=[validate_plausible_date])
    end = models.DateField(_("to"), null=True, blank=True, validators=[validate_plausible_date])
    precision = models.CharField(
        _("dates to the"), max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    deadline = models.BooleanField(_("by this date (ภายใน)"), default=False)
    when_text = models.CharField(_("dates as printed"), max_length=200, blank=True)
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=StepStatus.choices, default=StepStatus.PLANNED
    )
    done_on = models.DateField(
        _("done on"), null=True, blank=True, validators=[validate_plausible_date]
    )
    framed_by = models.ForeignKey(
        "self",
        verbose_name=_("national step it follows"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="framed_steps",
    )

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("calendar step")
        verbose_name_plural = _("calendar steps")
        ordering = ["calendar", "number", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start__isnull=True)
                | models.Q(end__isnull=True)
                | models.Q(end__gte=models.F("start")),
                name="step_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.action[:80]}"
