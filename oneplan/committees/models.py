"""Committees (DOMAIN.md §2): their types and composition rules as data per regime, the
committees of each body with their members, terms and appointing orders, and meetings with
agenda items in the standard structure (ระเบียบวาระที่ 1–5) and their resolutions.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from oneplan.areas.models import Area, Cluster
from oneplan.committees.composition import rule_problems
from oneplan.core.dates import validate_plausible_date
from oneplan.core.restrict import RestrictedManager
from oneplan.cycles.models import Regime


class CommitteeLevel(models.TextChoices):
    NATION = "nation", _("Nation")
    CLUSTER = "cluster", _("Province cluster")
    PROVINCE = "province", _("Province")
    DISTRICT = "district", _("District")


class CommitteeType(models.Model):
    """A kind of committee under a regime (ก.บ.จ., ก.บ.ก., ก.บ.อ., กรอ. …), with the rules
    its composition must follow, as data (see `composition.py` for the kinds of rule)."""

    regime = models.ForeignKey(
        Regime, verbose_name=_("regime"), on_delete=models.CASCADE, related_name="committee_types"
    )
    code = models.CharField(_("code"), max_length=40)
    name_th = models.CharField(_("Thai name"), max_length=300)
    short_name = models.CharField(_("abbreviation"), max_length=40)
    level = models.CharField(_("level"), max_length=10, choices=CommitteeLevel.choices)
    term_years = models.PositiveSmallIntegerField(_("term (years)"), null=True, blank=True)
    rules = models.JSONField(_("composition rules"), default=list, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("committee type")
        verbose_name_plural = _("committee types")
        ordering = ["regime", "order"]
        constraints = [
            models.UniqueConstraint(fields=["regime", "code"], name="committee_type_unique")
        ]

    def __str__(self) -> str:
        return self.short_name or self.name_th

    def clean(self) -> None:
        """The rules must be ones `composition.py` knows, each with what it needs."""
        super().clean()
        problems = rule_problems(self.rules)
        if problems:
            raise ValidationError({"rules": problems})


class Committee(models.Model):
    type = models.ForeignKey(
        CommitteeType, verbose_name=_("type"), on_delete=models.PROTECT, related_name="committees"
    )
    name = models.CharField(_("name"), max_length=300)
    # The province or district (the country for a national committee); a cluster's names it.
    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="committees"
    )
    cluster = models.ForeignKey(
        Cluster,
        verbose_name=_("province cluster"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="committees",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("sub-committee of"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="subcommittees",
    )
    mission = models.CharField(_("mission group"), max_length=200, blank=True)

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("committee")
        verbose_name_plural = _("committees")
        ordering = ["area", "type__order", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("committees:committee", kwargs={"pk": self.pk})


class AppointmentOrder(models.Model):
    """The order (คำสั่ง) that appointed members."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="orders")
    number = models.CharField(_("order number"), max_length=100)  # ที่ 1234/2569
    issued_on = models.DateField(_("issued on"), validators=[validate_plausible_date])
    title = models.CharField(_("title"), max_length=500)
    issued_by = models.CharField(_("issued by"), max_length=200, blank=True)
    # The power it is made under, as the order writes it: "อาศัยอำนาจตามความในมาตรา ..."
    legal_basis = models.TextField(
        _("legal basis"),
        blank=True,
        help_text=_("As the order writes it, e.g. อาศัยอำนาจตามความในมาตรา … แห่ง…"),
    )
    signatory = models.CharField(_("signed by"), max_length=200, blank=True)
    signatory_position = models.CharField(_("signatory's position"), max_length=300, blank=True)

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("appointment order")
        verbose_name_plural = _("appointment orders")
        ordering = ["committee", "-issued_on"]

    def __str__(self) -> str:
        return f"คำสั่ง{self.issued_by} ที่ {self.number}"


class MemberRole(models.TextChoices):
    CHAIR = "chair", _("Chair")  # ประธานกรรมการ
    VICE_CHAIR = "vice_chair", _("Vice-chair")  # รองประธานกรรมการ
    MEMBER = "member", _("Member")  # กรรมการ
    SECRETARY = "secretary", _("Secretary")  # กรรมการและเลขานุการ
    ASSISTANT_SECRETARY = "assistant_secretary", _("Assistant secretary")  # ผู้ช่วยเลขานุการ


class SeatBasis(models.TextChoices):
    POSITION = "position", _("By position")  # โดยตำแหน่ง
    REPRESENTATIVE = "representative", _("As a representative")  # ผู้แทน


class Member(models.Model):
    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="members")
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    position_title = models.CharField(_("position"), max_length=300)
    role = models.CharField(_("role"), max_length=20, choices=MemberRole.choices)
    basis = models.CharField(_("seat"), max_length=15, choices=SeatBasis.choices)
    # What the seat is (governor, agency_head, pao_chief, mayor, sao_chief, civil_society,
    # business …): the composition rules count seats by this code.
    seat = models.CharField(_("seat kind"), max_length=40)
    province = models.ForeignKey(
        Area,
        verbose_name=_("province represented"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    gender = models.CharField(
        _("gender"),
        max_length=10,
        blank=True,
        choices=[("female", _("Female")), ("male", _("Male")), ("other", _("Other"))],
    )
    term_start = models.DateField(
        _("term from"), null=True, blank=True, validators=[validate_plausible_date]
    )
    term_end = models.DateField(
        _("term to"), null=True, blank=True, validators=[validate_plausible_date]
    )
    order = models.ForeignKey(
        AppointmentOrder,
        verbose_name=_("appointed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    number = models.PositiveSmallIntegerField(_("number"), default=0)
    # The member row this one renews (the same seat after the old term ended); the old row
    # stays as history and no longer counts in the composition or the quorum.
    renews = models.OneToOneField(
        "self",
        verbose_name=_("renews"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="renewed_by",
    )

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        ordering = ["committee", "number", "pk"]

    def __str__(self) -> str:
        return self.full_name or self.position_title


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")


class Meeting(models.Model):
    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="meetings")
    number = models.CharField(_("meeting number"), max_length=40)  # ครั้งที่ 1/2570
    held_on = models.DateField(_("date"), validators=[validate_plausible_date])
    time = models.CharField(_("time"), max_length=40, blank=True)  # 13.30 น.
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    calendar_step = models.ForeignKey(
        "cycles.CalendarStep",
        verbose_name=_("calendar step"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meetings",
    )

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["committee", "-held_on"]

    def __str__(self) -> str:
        return f"การประชุม{self.committee} {self.number}"

    def get_absolute_url(self) -> str:
        return reverse("committees:meeting", kwargs={"pk": self.pk})


class AgendaSection(models.IntegerChoices):
    ANNOUNCEMENTS = 1, _("Matters the chair announces")  # เรื่องที่ประธานแจ้งให้ที่ประชุมทราบ
    MINUTES = 2, _("Minutes of the last meeting")  # รับรองรายงานการประชุม
    FOR_INFORMATION = 3, _("For information")  # เรื่องเพื่อทราบ
    FOR_CONSIDERATION = 4, _("For consideration")  # เรื่องเพื่อพิจารณา
    OTHER = 5, _("Other matters")  # เรื่องอื่น ๆ


class Effect(models.TextChoices):
    NONE = "", _("None")
    APPROVES_PLAN = "approves_plan", _("Approves the development plan edition")
    APPROVES_ACTION_PLAN = "approves_action_plan", _("Approves the annual action plan")
    APPROVES_CALENDAR = "approves_calendar", _("Approves a planning calendar (publishes it)")


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    section = models.PositiveSmallIntegerField(_("agenda"), choices=AgendaSection.choices)
    number = models.CharField(_("number"), max_length=20, blank=True)  # 3.1
    title = models.CharField(_("title"), max_length=500)
    details = models.TextField(_("details"), blank=True)
    resolution = models.TextField(_("resolution"), blank=True)  # มติที่ประชุม
    effect = models.CharField(_("effect"), max_length=30, choices=Effect.choices, blank=True)
    plan_edition = models.ForeignKey(
        "plans.PlanEdition", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action_plan = models.ForeignKey(
        "projects.ActionPlan", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    calendar = models.ForeignKey(
        "cycles.Calendar",
        verbose_name=_("planning calendar"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    applied = models.BooleanField(_("applied"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "section", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="attendance"
    )
    name = models.CharField(_("name"), max_length=300)
    present = models.BooleanField(_("present"), default=True)

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["meeting", "pk"]

    def __str__(self) -> str:
        return self.name


class MeetingDocument(models.Model):
    """A document of a meeting: the agenda papers, the minutes, a presentation."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(_("file"), upload_to="meetings/%Y/%m/")
    name = models.CharField(_("name"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("meeting document")
        verbose_name_plural = _("meeting documents")
        ordering = ["meeting", "uploaded_at"]

    def __str__(self) -> str:
        return self.name


class FollowUpStatus(models.TextChoices):
    DUE = "due", _("Due")  # ยังไม่ถึงกำหนด
    LATE = "late", _("Late")  # เลยกำหนด
    DONE = "done", _("Done")  # ดำเนินการแล้ว


class FollowUp(models.Model):
    """A task a resolution gives a body, with a deadline (seed 003: "ให้อำเภอปรับปรุงคำสั่ง
    ก.บ.อ. ... ส่งให้จังหวัดภายในเดือนมิถุนายน"); due, late or done as of today. Where the
    body's calendar for the meeting's cycle exists, the task is a step on it as well."""

    item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.CASCADE,
        related_name="follow_ups",
    )
    text = models.TextField(_("task"))
    organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("responsible body"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    area = models.ForeignKey(
        Area,
        verbose_name=_("responsible area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    due_on = models.DateField(_("due on"), validators=[validate_plausible_date])
    done_on = models.DateField(
        _("done on"), null=True, blank=True, validators=[validate_plausible_date]
    )
    calendar_step = models.ForeignKey(
        "cycles.CalendarStep",
        verbose_name=_("calendar step"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("follow-up task")
        verbose_name_plural = _("follow-up tasks")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def responsible(self) -> str:
        if self.organisation_id:
            return self.organisation.name_th
        if self.area_id:
            return self.area.display_name
        return ""

    def status_on(self, today) -> str:
        if self.done_on:
            return FollowUpStatus.DONE
        return FollowUpStatus.LATE if self.due_on < today else FollowUpStatus.DUE
