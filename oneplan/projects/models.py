"""The project pipeline: proposals of a fiscal-year cycle, their screening and review,
the envelopes and the annual action plan that is the province's (or cluster's) budget
request (DOMAIN.md §4-5).

A proposal is sent for the action plan of a province or of a cluster. `area` is where it
belongs for permissions: the district for a district's proposal (ก.บ.อ.), else the province;
`proposer` is the body that sent it (an agency or a local government changes its own).
Screening rules and criteria are data of the cycle's regime (`EligibilityRule`, `Criterion`).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from oneplan.areas.models import Area, Cluster
from oneplan.audit.versioning import Versioned
from oneplan.core.restrict import RestrictedManager
from oneplan.cycles.models import Cycle, Regime
from oneplan.cycles.rules import ApprovalChain, CodeSet
from oneplan.orgs.models import Organisation
from oneplan.plans.models import Goal, Indicator, StrategicIssue, Strategy, ValueChainStage


class FundingChannel(models.TextChoices):
    PROVINCE = "province", _("Provincial budget")  # งบประมาณจังหวัด
    CLUSTER = "cluster", _("Cluster budget")  # งบประมาณกลุ่มจังหวัด
    FUNCTION = "function", _("Ministry or department budget")  # งบกระทรวง/กรม (Function)
    LOCAL = "local", _("Local-government budget")  # งบ อปท.
    OTHER = "other", _("Private or other")  # เอกชน/อื่น ๆ


# Which sources a regime's proposals may name is regime data (`Regime.funding_channels`);
# a regime without its own list allows them all.
FUNDING_CHANNELS = CodeSet(field="funding_channels", codes=tuple(FundingChannel.values))


class ProposerKind(models.TextChoices):
    AGENCY = "agency", _("Government agency")  # ส่วนราชการ
    DISTRICT = "district", _("District, beyond its capacity")  # ก.บ.อ. เกินศักยภาพอำเภอ
    PAO = "pao", _("Provincial administrative organisation, beyond its capacity")  # อบจ.
    LOCAL = "local", _("Local government")  # อปท.
    CONSULTATION = "consultation", _("Public consultation")  # การประชุมปรึกษาหารือ


class ProposalStatus(models.TextChoices):
    IDEA = "idea", _("Project idea")  # Project Idea
    FULL = "full", _("Full proposal")  # โครงการฉบับสมบูรณ์
    SCREENED = "screened", _("Screened")  # ผ่านการกลั่นกรองเบื้องต้น
    CLINIC = "clinic", _("In the project clinic")  # คลินิกโครงการ
    APPROVED = "approved", _("Approved for the action plan")  # บรรจุในแผนปฏิบัติราชการ
    RETURNED = "returned", _("Returned for changes")  # ส่งกลับให้แก้ไข
    REJECTED = "rejected", _("Rejected")  # ไม่ผ่านการพิจารณา


# Which status may follow which is regime data (`Regime.proposal_chain`); a regime without
# its own follows this default. Decisions (approved / returned / rejected) are made by
# `services.decide`; a returned proposal comes back as a full proposal once it is corrected.
DEFAULT_PROPOSAL_CHAIN: dict[str, tuple[str, ...]] = {
    ProposalStatus.IDEA: (ProposalStatus.FULL, ProposalStatus.REJECTED),
    ProposalStatus.FULL: (ProposalStatus.SCREENED, ProposalStatus.RETURNED),
    ProposalStatus.SCREENED: (ProposalStatus.CLINIC, ProposalStatus.RETURNED),
    ProposalStatus.CLINIC: (
        ProposalStatus.APPROVED,
        ProposalStatus.RETURNED,
        ProposalStatus.REJECTED,
    ),
    ProposalStatus.RETURNED: (ProposalStatus.FULL,),
    ProposalStatus.APPROVED: (ProposalStatus.CLINIC,),
    ProposalStatus.REJECTED: (),
}
PROPOSAL_CHAIN = ApprovalChain(
    field="proposal_chain", statuses=tuple(ProposalStatus.values), default=DEFAULT_PROPOSAL_CHAIN
)


class BudgetCategory(models.TextChoices):
    PERSONNEL = "personnel", _("Personnel")  # งบบุคลากร
    OPERATING = "operating", _("Operating")  # งบดำเนินงาน
    INVESTMENT = "investment", _("Investment")  # งบลงทุน
    SUBSIDY = "subsidy", _("Subsidy")  # งบเงินอุดหนุน
    OTHER = "other", _("Other expenditure")  # งบรายจ่ายอื่น


class Level(models.TextChoices):
    PROVINCE = "province", _("Province")
    CLUSTER = "cluster", _("Province cluster")


class ProjectTag(models.Model):
    """A kind of project (encouraged kinds, roads, water sources, equipment ...): data."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name_th = models.CharField(_("Thai name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("kind of project")
        verbose_name_plural = _("kinds of project")
        ordering = ["order"]

    def __str__(self) -> str:
        return self.name_th


class LexiconKind(models.TextChoices):
    ABBREVIATION = "abbreviation", _("abbreviation")
    SYNONYM = "synonym", _("synonym")
    ACTION = "action", _("kind of action")
    OBJECT = "object", _("object of the work")
    TARGET = "target", _("target group")
    COUNTRY = "country", _("country")


class LexiconEntry(models.Model):
    """A word of the Thai lexicon the similar-project search reads texts with
    (`projects.proposal_facts`): an abbreviation or a government synonym read as its
    canonical word (ค.ส.ล. → คอนกรีตเสริมเหล็ก, ฝึก → อบรม), or a word that names a kind of
    action, an object, a target group or a country. Data the national secretariat extends in
    the admin; the packaged rows come from `data/lexicon.csv`."""

    kind = models.CharField(_("kind"), max_length=20, choices=LexiconKind.choices)
    term = models.CharField(
        _("word as written"), max_length=100, help_text=_("An abbreviation without its dots.")
    )
    canonical = models.CharField(
        _("read as"),
        max_length=100,
        help_text=_("The canonical word, or the code of the action, object, group or country."),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("lexicon word")
        verbose_name_plural = _("lexicon of the similar-project search")
        ordering = ["kind", "term"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "term"], name="lexicon_entry_unique")
        ]

    def __str__(self) -> str:
        return f"{self.term} → {self.canonical}"


class Proposal(Versioned, models.Model):
    """A project proposal for a cycle's provincial or cluster action plan (saved with a
    check that nobody changed it since it was read: `audit.versioning`)."""

    cycle = models.ForeignKey(
        Cycle, verbose_name=_("planning cycle"), on_delete=models.PROTECT, related_name="proposals"
    )
    level = models.CharField(_("for the action plan of"), max_length=10, choices=Level.choices)
    province = models.ForeignKey(
        Area,
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    cluster = models.ForeignKey(
        Cluster,
        verbose_name=_("province cluster"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    # Where the proposal belongs for permissions: the proposing district, else the province.
    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="area_proposals"
    )
    reference_code = models.CharField(_("reference code"), max_length=60)
    title = models.CharField(_("project title"), max_length=500)
    rationale = models.TextField(_("rationale"), blank=True)  # หลักการและเหตุผล
    objectives = models.TextField(_("objectives"), blank=True)  # วัตถุประสงค์
    expected_outcomes = models.TextField(_("expected outcomes"), blank=True)  # ผลลัพธ์
    benefits = models.TextField(_("expected benefits"), blank=True)  # ประโยชน์ที่คาดว่าจะได้รับ
    whole_area = models.BooleanField(_("the whole province or cluster"), default=False)
    locations = models.ManyToManyField(
        Area, verbose_name=_("locations"), blank=True, related_name="located_proposals"
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    funding_channel = models.CharField(
        _("funding channel"), max_length=10, choices=FundingChannel.choices
    )
    proposer_kind = models.CharField(_("proposed by"), max_length=14, choices=ProposerKind.choices)
    proposer = models.ForeignKey(
        Organisation,
        verbose_name=_("proposing body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    responsible_agency = models.CharField(_("responsible agency"), max_length=300, blank=True)
    issue = models.ForeignKey(
        StrategicIssue,
        verbose_name=_("strategic issue"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
    )
    goal = models.ForeignKey(
        Goal,
        verbose_name=_("goal"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    strategy = models.ForeignKey(
        Strategy,
        verbose_name=_("strategy"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
    )
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    stage = models.ForeignKey(
        ValueChainStage,
        verbose_name=_("value-chain stage"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    tags = models.ManyToManyField(
        ProjectTag, verbose_name=_("kinds of project"), blank=True, related_name="proposals"
    )
    # แผนปฏิบัติราชการต้องระบุโครงการที่ขอตั้งงบประมาณจากสำนักงบประมาณโดยตรง (slide 63).
    requests_budget_directly = models.BooleanField(
        _("requests budget directly from the Budget Bureau"), default=False
    )
    negative_impacts_analysed = models.BooleanField(_("negative impacts analysed"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.IDEA
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("project proposal")
        verbose_name_plural = _("project proposals")
        ordering = ["cycle", "reference_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "reference_code"], name="proposal_unique_code_in_cycle"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(level="province", province__isnull=False, cluster__isnull=True)
                    | models.Q(level="cluster", cluster__isnull=False)
                ),
                name="proposal_owner_matches_level",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference_code} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("projects:proposal", kwargs={"pk": self.pk})

    @staticmethod
    def dates_problem(start: date | None, end: date | None) -> str | None:
        """The message when a project would end before it starts (else None): the one rule
        of the dates, asked by `clean` and by `projects.intake.validate`."""
        if start and end and end < start:
            return str(_("The end date is before the start date."))
        return None

    def clean(self) -> None:
        """The invariants any write keeps (the others, across records, are the intake's)."""
        message = self.dates_problem(self.start_date, self.end_date)
        if message:
            raise ValidationError({"end_date": message})

    @property
    def total_budget(self) -> Decimal:
        return sum((line.amount for line in self.budget_lines.all()), Decimal("0"))

    def budget_for_year(self, year_be: int) -> Decimal:
        return sum(
            (line.amount for line in self.budget_lines.all() if line.fiscal_year_be == year_be),
            Decimal("0"),
        )


class ProposalOutput(models.Model):
    """A target (output) of a proposal, with its unit and quantity (เป้าหมาย/ผลผลิต)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="outputs")
    description = models.CharField(_("output"), max_length=500)
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    quantity = models.DecimalField(
        _("quantity"), max_digits=16, decimal_places=2, null=True, blank=True
    )

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("output")
        verbose_name_plural = _("outputs")
        ordering = ["proposal", "pk"]

    def __str__(self) -> str:
        return self.description


class ProposalIndicator(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("indicator"), max_length=500)
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    target = models.CharField(_("target"), max_length=120, blank=True)

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("proposal indicator")
        verbose_name_plural = _("proposal indicators")
        ordering = ["proposal", "pk"]

    def __str__(self) -> str:
        return self.name


class BudgetLine(models.Model):
    """Baht requested for one fiscal year and one budget category."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="budget_lines")
    fiscal_year_be = models.PositiveSmallIntegerField(_("fiscal year (B.E.)"))
    category = models.CharField(_("budget category"), max_length=12, choices=BudgetCategory.choices)
    amount = models.DecimalField(_("amount (baht)"), max_digits=16, decimal_places=2)

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["proposal", "fiscal_year_be", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "fiscal_year_be", "category"], name="budget_line_unique"
            ),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="budget_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.fiscal_year_be} {self.get_category_display()}: {self.amount}"


class Attachment(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to="proposals/%Y/%m/")
    name = models.CharField(_("name"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.name


# --------------------------------------------------------------------------- screening rules


class EligibilityRule(models.Model):
    """One kind of project not eligible for province/cluster budget (slide 67), as data.

    `terms` are Thai words or phrases that suggest the kind when found in the proposal's
    text (title, objectives, rationale), `exceptions` words that lift it (vocational
    training, research on an area problem ...); `tags` project kinds that trigger it.
    """

    regime = models.ForeignKey(
        Regime, verbose_name=_("regime"), on_delete=models.CASCADE, related_name="eligibility_rules"
    )
    code = models.CharField(_("rule code"), max_length=40)
    title_th = models.CharField(_("Thai title"), max_length=300)
    terms = models.JSONField(_("words that suggest it"), default=list, blank=True)
    exceptions = models.JSONField(_("words that lift it"), default=list, blank=True)
    tags = models.JSONField(_("kinds of project that trigger it"), default=list, blank=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    enabled = models.BooleanField(_("in use"), default=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("eligibility rule")
        verbose_name_plural = _("eligibility rules")
        ordering = ["regime", "order"]
        constraints = [
            models.UniqueConstraint(fields=["regime", "code"], name="eligibility_rule_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title_th}"


class Criterion(models.Model):
    """A screening criterion with its weight (necessity, feasibility, value for money ...)."""

    regime = models.ForeignKey(
        Regime, verbose_name=_("regime"), on_delete=models.CASCADE, related_name="criteria"
    )
    code = models.CharField(_("code"), max_length=40)
    title_th = models.CharField(_("Thai title"), max_length=300)
    weight = models.DecimalField(_("weight"), max_digits=6, decimal_places=2)
    max_score = models.PositiveSmallIntegerField(_("highest score"), default=5)
    automatic = models.BooleanField(_("computed where the data allow"), default=False)
    # What the automatic score looks for, per criterion (sufficiency: {"terms": [...words],
    # "tag": "community_economy"}); empty = the built-in defaults.
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("screening criterion")
        verbose_name_plural = _("screening criteria")
        ordering = ["regime", "order"]
        constraints = [models.UniqueConstraint(fields=["regime", "code"], name="criterion_unique")]

    def __str__(self) -> str:
        return self.title_th


class ScreeningResult(models.Model):
    """The automatic screening of a proposal: advice, with the evidence for each finding."""

    proposal = models.OneToOneField(Proposal, on_delete=models.CASCADE, related_name="screening")
    computed_at = models.DateTimeField(_("computed at"), auto_now=True)
    eligible = models.BooleanField(_("eligible"))
    aligned = models.BooleanField(_("serves a top-ranked strategic issue"))
    findings = models.JSONField(_("findings"), default=list)
    auto_scores = models.JSONField(_("computed scores"), default=dict)

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("screening result")
        verbose_name_plural = _("screening results")

    def __str__(self) -> str:
        return str(self.proposal)


class CriterionScore(models.Model):
    """A reviewer's score of one criterion for one proposal."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2)
    note = models.TextField(_("note"), blank=True)
    scored_at = models.DateTimeField(_("scored at"), auto_now=True)

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("criterion score")
        verbose_name_plural = _("criterion scores")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "criterion", "reviewer"], name="one_score_per_reviewer"
            )
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.score}"


class DecisionOutcome(models.TextChoices):
    APPROVED = "approved", _("Approved for the action plan")
    RETURNED = "returned", _("Returned for changes")
    REJECTED = "rejected", _("Rejected")


class Decision(models.Model):
    """A person's decision on a proposal, with its reason (automatic findings only advise)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="decisions")
    outcome = models.CharField(_("decision"), max_length=10, choices=DecisionOutcome.choices)
    reason = models.TextField(_("reason"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), auto_now_add=True)
    overrides_screening = models.BooleanField(
        _("goes against the automatic screening"), default=False
    )

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["proposal", "decided_at"]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()}: {self.proposal}"


class ReviewComment(models.Model):
    """A reviewer's comment in the project clinic, on a proposal or one field of it."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="comments")
    field = models.CharField(_("field"), max_length=60, blank=True)
    text = models.TextField(_("comment"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)
    reply = models.TextField(_("reply"), blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")
        ordering = ["proposal", "created_at"]

    def __str__(self) -> str:
        return self.text[:80]


# ------------------------------------------------------------------ envelopes and action plans


class Envelope(models.Model):
    """A cycle's budget envelope (กรอบวงเงิน) for one province or one cluster."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="envelopes")
    province = models.ForeignKey(
        Area, null=True, blank=True, on_delete=models.PROTECT, related_name="envelopes"
    )
    cluster = models.ForeignKey(
        Cluster, null=True, blank=True, on_delete=models.PROTECT, related_name="envelopes"
    )
    amount = models.DecimalField(_("amount (baht)"), max_digits=16, decimal_places=2)

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("budget envelope")
        verbose_name_plural = _("budget envelopes")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(province__isnull=False, cluster__isnull=True)
                    | models.Q(province__isnull=True, cluster__isnull=False)
                ),
                name="envelope_one_owner",
            ),
            models.UniqueConstraint(
                fields=["cycle", "province"],
                condition=models.Q(province__isnull=False),
                name="one_envelope_per_province",
            ),
            models.UniqueConstraint(
                fields=["cycle", "cluster"],
                condition=models.Q(cluster__isnull=False),
                name="one_envelope_per_cluster",
            ),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="envelope_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.cycle}: {self.province or self.cluster} {self.amount}"


class ActionPlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    COMMITTEE = "committee", _("Approved by the committee")  # ก.บ.จ./ก.บ.ก.
    NATIONAL = "national", _("Reviewed nationally")  # ก.น.จ./ก.บ.ภ.
    CABINET = "cabinet", _("Approved by the Cabinet")  # ครม.
    BUDGET_BUREAU = "budget_bureau", _("Sent to the Budget Bureau")  # สำนักงบประมาณ


# Which status may follow which is regime data (`Regime.action_plan_chain`); a regime without
# its own follows this default: forward one step at a time; the committee or the national
# review may send the plan back to draft for changes; once the Cabinet has approved it, it
# only goes on to the Bureau.
DEFAULT_ACTION_PLAN_CHAIN: dict[str, tuple[str, ...]] = {
    ActionPlanStatus.DRAFT: (ActionPlanStatus.COMMITTEE,),
    ActionPlanStatus.COMMITTEE: (ActionPlanStatus.NATIONAL, ActionPlanStatus.DRAFT),
    ActionPlanStatus.NATIONAL: (ActionPlanStatus.CABINET, ActionPlanStatus.DRAFT),
    ActionPlanStatus.CABINET: (ActionPlanStatus.BUDGET_BUREAU,),
    ActionPlanStatus.BUDGET_BUREAU: (),
}
ACTION_PLAN_CHAIN = ApprovalChain(
    field="action_plan_chain",
    statuses=tuple(ActionPlanStatus.values),
    default=DEFAULT_ACTION_PLAN_CHAIN,
)


class ActionPlan(models.Model):
    """The annual action plan (แผนปฏิบัติราชการประจำปี) of a province or a cluster."""

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="action_plans")
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    province = models.ForeignKey(
        Area, null=True, blank=True, on_delete=models.PROTECT, related_name="action_plans"
    )
    cluster = models.ForeignKey(
        Cluster, null=True, blank=True, on_delete=models.PROTECT, related_name="action_plans"
    )
    title = models.CharField(_("title"), max_length=300)
    status = models.CharField(
        _("status"), max_length=14, choices=ActionPlanStatus.choices, default=ActionPlanStatus.DRAFT
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("annual action plan")
        verbose_name_plural = _("annual action plans")
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "province"],
                condition=models.Q(level="province"),
                name="one_provincial_action_plan",
            ),
            models.UniqueConstraint(
                fields=["cycle", "cluster"],
                condition=models.Q(level="cluster"),
                name="one_cluster_action_plan",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ActionPlanItem(models.Model):
    action_plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="items")
    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="action_items")
    rank = models.PositiveIntegerField(_("rank"))
    amount = models.DecimalField(_("amount (baht)"), max_digits=16, decimal_places=2)
    within_envelope = models.BooleanField(_("within the envelope"))
    # The fiscal year's amount by budget category when the plan was assembled ({"operating":
    # "1200000.00"}): what the plan asked for, even if the proposal's budget changes later.
    by_category = models.JSONField(_("amount by budget category"), default=dict, blank=True)

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("action plan item")
        verbose_name_plural = _("action plan items")
        ordering = ["action_plan", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["action_plan", "proposal"], name="item_unique_proposal")
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.proposal}"


class ActionPlanTransition(models.Model):
    action_plan = models.ForeignKey(
        ActionPlan, on_delete=models.CASCADE, related_name="transitions"
    )
    from_status = models.CharField(
        _("from status"), max_length=14, choices=ActionPlanStatus.choices
    )
    to_status = models.CharField(_("to status"), max_length=14, choices=ActionPlanStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    decided_by = models.CharField(_("decided by (meeting or letter)"), max_length=300)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("action plan status change")
        verbose_name_plural = _("action plan status changes")
        ordering = ["action_plan", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"
