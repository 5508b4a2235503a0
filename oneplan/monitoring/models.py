"""Monitoring (DOMAIN.md §5, §6): what each project of the action plan was allocated, the
disbursement transactions imported from the government financial system (GFMIS) and matched
to allocations, and the rates against the target curve of the regime.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from oneplan.areas.models import Area, Cluster
from oneplan.core.dates import validate_plausible_date
from oneplan.core.restrict import RestrictedManager
from oneplan.cycles.models import Cycle
from oneplan.projects.models import ActionPlanItem, BudgetCategory


class Allocation(models.Model):
    """What one project was allocated in one budget category, and the notice that said so
    (the 30-day notices of DOMAIN.md §5). Transfers and cuts are edits, audited."""

    item = models.ForeignKey(
        ActionPlanItem,
        verbose_name=_("action plan project"),
        on_delete=models.PROTECT,
        related_name="allocations",
    )
    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="+")
    category = models.CharField(_("budget category"), max_length=20, choices=BudgetCategory.choices)
    amount = models.DecimalField(_("amount (baht)"), max_digits=16, decimal_places=2)
    # The GFMIS codes that disbursement rows carry, to match them to this allocation.
    budget_code = models.CharField(_("GFMIS budget code"), max_length=40, blank=True, db_index=True)
    activity_code = models.CharField(_("GFMIS activity code"), max_length=40, blank=True)
    notice = models.CharField(_("allocated by (notice)"), max_length=300, blank=True)
    notice_date = models.DateField(
        _("notice date"), null=True, blank=True, validators=[validate_plausible_date]
    )
    disbursing_province = models.ForeignKey(
        Area,
        verbose_name=_("disbursing province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="disbursed_allocations",
    )
    note = models.CharField(_("note (transfer, cut)"), max_length=300, blank=True)
    # The owner of the action plan, for the policy.
    province = models.ForeignKey(
        Area, null=True, blank=True, on_delete=models.PROTECT, related_name="allocations"
    )
    cluster = models.ForeignKey(
        Cluster, null=True, blank=True, on_delete=models.PROTECT, related_name="allocations"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        ordering = ["item", "category"]
        constraints = [
            models.UniqueConstraint(fields=["item", "category"], name="one_allocation_a_category"),
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="allocation_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item.proposal.reference_code} {self.category} {self.amount}"


class DisbursementImport(models.Model):
    """One GFMIS export imported by a province."""

    province = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="+")
    file_name = models.CharField(_("file name"), max_length=255)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    rows = models.PositiveIntegerField(_("rows read"), default=0)
    added = models.PositiveIntegerField(_("rows added"), default=0)
    repeated = models.PositiveIntegerField(_("rows already imported"), default=0)
    matched = models.PositiveIntegerField(_("rows matched"), default=0)
    unmatched = models.PositiveIntegerField(_("rows to resolve"), default=0)
    first_date = models.DateField(
        _("from"), null=True, blank=True, validators=[validate_plausible_date]
    )
    last_date = models.DateField(
        _("to"), null=True, blank=True, validators=[validate_plausible_date]
    )

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("disbursement import")
        verbose_name_plural = _("disbursement imports")
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return self.file_name


class Transaction(models.Model):
    """One row of a GFMIS export: a commitment and/or a disbursement on a budget code."""

    source = models.ForeignKey(
        DisbursementImport, on_delete=models.CASCADE, related_name="transactions"
    )
    province = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="+")
    # A digest of the row's content: the same row imported twice is counted once.
    row_key = models.CharField(max_length=40)
    document_date = models.DateField(_("document date"), validators=[validate_plausible_date])
    document_no = models.CharField(_("document number"), max_length=40, blank=True)
    budget_code = models.CharField(_("budget code"), max_length=40, db_index=True)
    activity_code = models.CharField(_("activity code"), max_length=40, blank=True)
    agency = models.CharField(_("agency"), max_length=300, blank=True)
    commitment = models.DecimalField(_("commitment"), max_digits=16, decimal_places=2, default=0)
    disbursement = models.DecimalField(
        _("disbursement"), max_digits=16, decimal_places=2, default=0
    )
    allocation = models.ForeignKey(
        Allocation,
        verbose_name=_("allocation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="transactions",
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("disbursement transaction")
        verbose_name_plural = _("disbursement transactions")
        ordering = ["document_date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["province", "cycle", "row_key"], name="row_once")
        ]
        indexes = [models.Index(fields=["province", "cycle", "allocation"])]

    def __str__(self) -> str:
        return f"{self.document_date} {self.budget_code} {self.disbursement}"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")  # ร่าง
    SUBMITTED = "submitted", _("Submitted")  # ส่งแล้ว
    RETURNED = "returned", _("Returned for changes")  # ส่งกลับแก้ไข
    ACCEPTED = "accepted", pgettext_lazy("progress report", "Accepted")  # รับรายงานแล้ว


class ProgressReport(models.Model):
    """An agency's report on one project for one period (a month or a quarter of the fiscal
    year): what was done, outputs against targets, spending, problems. Draft → submitted →
    returned → accepted; locked once accepted."""

    item = models.ForeignKey(
        ActionPlanItem,
        verbose_name=_("action plan project"),
        on_delete=models.CASCADE,
        related_name="progress_reports",
    )
    period = models.CharField(_("period"), max_length=10)  # "2569-Q2" or "2569-03"
    period_end = models.DateField(_("period ends"), validators=[validate_plausible_date])
    activities = models.TextField(_("activities done"), blank=True)
    # [{"output": ProposalOutput pk, "description", "unit", "target", "done"}]
    outputs = models.JSONField(_("outputs against targets"), default=list, blank=True)
    spent = models.DecimalField(_("spent (baht)"), max_digits=16, decimal_places=2, default=0)
    progress_percent = models.PositiveSmallIntegerField(_("work done (%)"), default=0)
    problems = models.TextField(_("problems and obstacles"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    review_note = models.TextField(_("the province's note"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    # For the policy: the project's area and proposing body.
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    proposer = models.ForeignKey(
        "orgs.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["item", "period_end"]
        constraints = [
            models.UniqueConstraint(fields=["item", "period"], name="one_report_a_period"),
            models.CheckConstraint(
                condition=models.Q(progress_percent__lte=100), name="progress_at_most_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item.proposal.reference_code} {self.period}"

    @property
    def locked(self) -> bool:
        return self.status == ReportStatus.ACCEPTED


class ReportPhoto(models.Model):
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(_("file"), upload_to="progress/%Y/%m/")
    name = models.CharField(_("name"), max_length=255)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("report attachment")
        verbose_name_plural = _("report attachments")

    def __str__(self) -> str:
        return self.name


class IndicatorResult(models.Model):
    """The actual value of a plan indicator for a fiscal year (or a half of it), with its
    evidence and source."""

    indicator = models.ForeignKey(
        "plans.Indicator",
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        related_name="results",
    )
    year_be = models.PositiveSmallIntegerField(_("fiscal year (B.E.)"))
    period = models.CharField(
        _("period"),
        max_length=10,
        choices=[("H1", _("First half")), ("year", _("Whole year"))],
        default="year",
    )
    actual = models.DecimalField(_("actual"), max_digits=20, decimal_places=4)
    evidence = models.TextField(_("evidence"), blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # For the policy: the plan's province or cluster.
    province = models.ForeignKey(
        Area, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    cluster = models.ForeignKey(
        Cluster, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("indicator result")
        verbose_name_plural = _("indicator results")
        ordering = ["indicator", "year_be", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year_be", "period"], name="one_result_a_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.year_be}: {self.actual}"


class PerformanceIndicator(models.Model):
    """A performance-agreement indicator (คำรับรองการปฏิบัติราชการ) of a cycle: its weight,
    the provinces it applies to, and five milestone levels (texts and evidence) or numeric
    thresholds for levels 1–5 (seed 004, indicator 3.6)."""

    cycle = models.ForeignKey(
        Cycle,
        verbose_name=_("planning cycle"),
        on_delete=models.CASCADE,
        related_name="performance_indicators",
    )
    code = models.CharField(_("number"), max_length=20)  # "3.6"
    title = models.CharField(_("indicator"), max_length=500)
    weight = models.DecimalField(_("weight (%)"), max_digits=6, decimal_places=2)
    applies_to = models.ManyToManyField(
        Area, verbose_name=_("provinces it applies to"), related_name="performance_indicators"
    )
    applies_note = models.CharField(_("which provinces"), max_length=300, blank=True)
    levels = models.JSONField(_("milestone levels"), default=list, blank=True)  # 5 texts
    thresholds = models.JSONField(_("numeric thresholds for levels 1–5"), default=list, blank=True)

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("performance-agreement indicator")
        verbose_name_plural = _("performance-agreement indicators")
        ordering = ["cycle", "code"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "code"], name="pa_indicator_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class PerformanceScore(models.Model):
    """A province's level on an indicator (0–5, halves allowed), with the evidence for each
    level reached."""

    indicator = models.ForeignKey(
        PerformanceIndicator, on_delete=models.CASCADE, related_name="scores"
    )
    province = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    level = models.DecimalField(_("level reached"), max_digits=3, decimal_places=1, default=0)
    actual = models.DecimalField(
        _("actual value"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    evidence = models.JSONField(_("evidence per level"), default=dict, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("performance score")
        verbose_name_plural = _("performance scores")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "province"], name="one_score_a_province"),
            models.CheckConstraint(
                condition=models.Q(level__gte=0) & models.Q(level__lte=5), name="level_0_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.province_id}: {self.level}"
