"""Participation (DOMAIN.md §2, §7): needs raised from villages up, the Section 19
consultation with its invitees and chosen representatives, and the comments on the
provincial and cluster plans, answered one by one.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from oneplan.areas.models import Area, Cluster
from oneplan.core.dates import validate_plausible_date
from oneplan.core.restrict import RestrictedManager
from oneplan.cycles.models import Cycle
from oneplan.orgs.models import Organisation
from oneplan.plans.models import Plan, StrategicIssue
from oneplan.projects.models import Proposal

# --------------------------------------------------------------------------- needs


class NeedSource(models.TextChoices):
    VILLAGE_PLAN = "village_plan", _("Village/community plan")  # แผนหมู่บ้าน/ชุมชน
    FORUM = "forum", _("Community forum")  # เวทีประชาคม
    SURVEY = "survey", _("Survey")  # สำรวจ (จปฐ. กชช.2ค)
    LOCAL_PLAN = "local_plan", _("Local-government plan")  # แผนพัฒนาท้องถิ่น
    AGENCY = "agency", _("Agency data")  # ข้อมูลหน่วยงาน
    OTHER = "other", _("Other")


class NeedLevel(models.TextChoices):
    VILLAGE = "village", _("Village/community")
    SUBDISTRICT = "subdistrict", _("Sub-district")
    LOCAL_GOVERNMENT = "local_government", _("Local government")
    DISTRICT = "district", _("District")


class Need(models.Model):
    """A problem or need raised in an area (ปัญหาและความต้องการ), and what answers it."""

    cycle = models.ForeignKey(
        Cycle, verbose_name=_("planning cycle"), on_delete=models.PROTECT, related_name="needs"
    )
    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="needs"
    )  # a village, sub-district or district
    title = models.CharField(_("problem or need"), max_length=500)
    detail = models.TextField(_("detail"), blank=True)
    category = models.ForeignKey(
        "plans.IssueCategory",
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="needs",
    )
    priority = models.PositiveSmallIntegerField(_("priority"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=20, choices=NeedSource.choices)
    raised_by_level = models.CharField(
        _("raised at the level of"), max_length=20, choices=NeedLevel.choices
    )
    # From the village plan (แผนพัฒนาหมู่บ้าน): the project or activity proposed to answer
    # the need (โครงการ/กิจกรรม) and its estimated budget; from a community forum
    # (ประชาคม): the day it was held.
    project_idea = models.TextField(_("proposed project or activity"), blank=True)
    budget = models.DecimalField(
        _("estimated budget (baht)"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    raised_on = models.DateField(
        _("raised on"), null=True, blank=True, validators=[validate_plausible_date]
    )
    # เกินขีดความสามารถ: beyond what the level that raised it can do, so sent upwards.
    beyond_capacity = models.BooleanField(_("beyond the capacity of that level"), default=False)
    raised_by = models.ForeignKey(
        Organisation,
        verbose_name=_("recorded by (body)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    proposals = models.ManyToManyField(
        Proposal, verbose_name=_("proposals that answer it"), blank=True, related_name="needs"
    )
    issues = models.ManyToManyField(
        StrategicIssue, verbose_name=_("strategic issues"), blank=True, related_name="needs"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        ordering = ["area", "priority", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("participation:need", kwargs={"pk": self.pk})


# --------------------------------------------------------------------------- consultation


class ConsultationStatus(models.TextChoices):
    PREPARING = "preparing", _("Preparing")  # เตรียมการ
    HELD = "held", _("Held")  # จัดประชุมแล้ว
    CLOSED = "closed", _("Closed")  # ปิดการรับฟังความคิดเห็น


class Consultation(models.Model):
    """The Section 19 consultation of a province (ประชุมปรึกษาหารือตามมาตรา 19)."""

    cycle = models.ForeignKey(
        Cycle, verbose_name=_("planning cycle"), on_delete=models.PROTECT, related_name="+"
    )
    province = models.ForeignKey(
        Area, verbose_name=_("province"), on_delete=models.PROTECT, related_name="consultations"
    )
    title = models.CharField(_("title"), max_length=500)
    held_on = models.DateField(
        _("held on"), null=True, blank=True, validators=[validate_plausible_date]
    )
    time = models.CharField(_("time"), max_length=40, blank=True)  # 09.00 - 12.00 น.
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    # The plan editions put to the consultation (the province's draft, its cluster's);
    # none chosen: the plans covering the cycle (`services.plans_under_consultation`).
    editions = models.ManyToManyField(
        "plans.PlanEdition",
        verbose_name=_("plan editions consulted on"),
        blank=True,
        related_name="+",
    )
    selection_date = models.DateField(
        _("representatives chosen on"), null=True, blank=True, validators=[validate_plausible_date]
    )  # the day the eligibility of civil-society nominees is judged
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ConsultationStatus.choices,
        default=ConsultationStatus.PREPARING,
    )
    published = models.BooleanField(_("published to the public"), default=False)
    public_comments_open = models.BooleanField(_("open to public comments"), default=False)
    summary = models.TextField(_("summary"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("Section 19 consultation")
        verbose_name_plural = _("Section 19 consultations")
        ordering = ["-cycle__fiscal_year_be", "province"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("participation:consultation", kwargs={"pk": self.pk})


class InviteeGroup(models.TextChoices):
    """The five groups the law requires to be invited."""

    AGENCY_HEAD = "agency_head", _("Heads of government agencies")  # หัวหน้าส่วนราชการ
    STATE_ENTERPRISE = "state_enterprise", _("Heads of state enterprises and state bodies")
    LAO_EXECUTIVE = "lao_executive", _("Local-government executives")  # ผู้บริหาร อปท. ทุกแห่ง
    CIVIL_SOCIETY = "civil_society", _("Civil-society representatives")
    BUSINESS = "business", _("Business representatives")


class Invitee(models.Model):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="invitees"
    )
    group = models.CharField(_("group"), max_length=20, choices=InviteeGroup.choices)
    name = models.CharField(_("name or position"), max_length=300)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    nomination = models.OneToOneField(
        "Nomination", null=True, blank=True, on_delete=models.CASCADE, related_name="invitee"
    )
    attended = models.BooleanField(_("attended"), default=False)

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("invitee")
        verbose_name_plural = _("invitees")
        ordering = ["consultation", "group", "name"]

    def __str__(self) -> str:
        return self.name


class RepresentativeKind(models.TextChoices):
    CIVIL_SOCIETY = "civil_society", _("Civil society")  # ภาคประชาสังคม
    BUSINESS = "business", _("Business")  # ภาคธุรกิจเอกชน


class Nomination(models.Model):
    """A person nominated as a representative, with the check of the rules on them."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="nominations"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=RepresentativeKind.choices)
    district = models.ForeignKey(
        Area,
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )  # civil society: chosen per district
    inside_municipality = models.BooleanField(_("inside a municipality"), default=False)
    channel = models.CharField(_("chosen by"), max_length=40, blank=True)  # business channel
    full_name = models.CharField(_("full name"), max_length=200)
    gender = models.CharField(
        _("gender"),
        max_length=10,
        blank=True,
        choices=[("female", _("Female")), ("male", _("Male")), ("other", _("Other"))],
    )
    birth_date = models.DateField(
        _("birth date"), null=True, blank=True, validators=[validate_plausible_date]
    )
    nationality = models.CharField(_("nationality"), max_length=40, default="ไทย")
    community_leader = models.BooleanField(_("community leader"), default=False)
    # [{"district_code", "inside_municipality", "start", "end"}]; [{"kind", "start", "end"}]
    registrations = models.JSONField(_("house registration history"), default=list, blank=True)
    positions = models.JSONField(_("positions held"), default=list, blank=True)
    nominated_by = models.CharField(_("nominated by"), max_length=300, blank=True)
    # For the policy: the district (civil society) or the province (business).
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    eligible = models.BooleanField(_("eligible"), null=True)
    reasons = models.JSONField(_("reasons against"), default=list, blank=True)
    selected = models.BooleanField(_("selected"), default=False)

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["consultation", "kind", "district", "full_name"]

    def __str__(self) -> str:
        return self.full_name


# --------------------------------------------------------------------------- comments


class CommentSource(models.TextChoices):
    MEETING = "meeting", _("At the consultation")  # ในที่ประชุม
    PUBLIC = "public", _("Public comment form")  # ความเห็นจากประชาชนทางเว็บไซต์
    LETTER = "letter", _("Letter")  # หนังสือ


class Moderation(models.TextChoices):
    PENDING = "pending", _("Waiting for moderation")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class Answer(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")  # รับไว้พิจารณาปรับแผน
    PARTLY = "partly", _("Partly accepted")  # รับบางส่วน
    NOT_ACCEPTED = "not_accepted", _("Not accepted")  # ไม่รับ (พร้อมเหตุผล)


class PlanComment(models.Model):
    """A comment on the provincial or the cluster plan (and a part of it), and its answer.

    Comments on the cluster plan are forwarded to the cluster office, which answers them.
    """

    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("consultation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="comments",
    )
    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="public_comments"
    )
    component = models.CharField(_("part of the plan"), max_length=300, blank=True)
    text = models.TextField(_("comment"))
    commenter = models.CharField(_("commenter"), max_length=200, blank=True)
    commenter_group = models.CharField(_("group"), max_length=200, blank=True)
    source = models.CharField(_("source"), max_length=10, choices=CommentSource.choices)
    moderation = models.CharField(
        _("moderation"), max_length=10, choices=Moderation.choices, default=Moderation.APPROVED
    )
    # Where the comment belongs, for the policy: the plan's province, or its cluster.
    province = models.ForeignKey(
        Area, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    cluster = models.ForeignKey(
        Cluster, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    forwarded_at = models.DateTimeField(_("forwarded to the cluster office"), null=True, blank=True)
    answer = models.CharField(_("answer"), max_length=14, choices=Answer.choices, blank=True)
    answer_text = models.TextField(_("why"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("plan comment")
        verbose_name_plural = _("plan comments")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:80]
