"""Official letters (หนังสือราชการ) generated from a calendar, a meeting or a consultation,
edited by the strategy group and printed in the official layout (`layout.py`).

A letter is a draft until it is issued: issuing takes the next number of an office's number
register (ทะเบียนหนังสือส่ง, `NumberRegister`) for the year and fixes the letter's number and
date (`IssuedNumber`, one row a number, never reused, kept when the letter is cancelled).
Each recipient of the distribution list is a `Recipient` with the dates it was sent and
acknowledged."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from oneplan.areas.models import Area
from oneplan.core.dates import validate_plausible_date
from oneplan.core.restrict import RestrictedManager
from oneplan.orgs.models import Organisation


class LetterStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    ISSUED = "issued", _("issued")
    CANCELLED = "cancelled", _("cancelled")


class Letter(models.Model):
    province = models.ForeignKey(
        Area, verbose_name=_("province"), on_delete=models.PROTECT, related_name="letters"
    )
    urgency = models.CharField(
        _("urgency"),
        max_length=20,
        blank=True,
        choices=[("ด่วนที่สุด", "ด่วนที่สุด"), ("ด่วนมาก", "ด่วนมาก"), ("ด่วน", "ด่วน")],
    )
    number = models.CharField(_("letter number"), max_length=100)  # รย 0017.2/ว 2647
    office = models.CharField(_("office"), max_length=300)
    address = models.TextField(_("address"))
    date = models.DateField(_("date"), validators=[validate_plausible_date])
    subject = models.CharField(_("subject"), max_length=500)
    salutation = models.CharField(_("salutation"), max_length=300, blank=True)
    references = models.JSONField(_("references"), default=list, blank=True)  # [text]
    enclosures = models.JSONField(_("enclosures"), default=list, blank=True)  # [[item, qty]]
    body = models.TextField(_("body"))  # paragraphs separated by blank lines
    closing = models.CharField(_("closing"), max_length=100, default="ขอแสดงความนับถือ")
    signatory = models.CharField(_("signatory"), max_length=200, blank=True)
    position = models.CharField(_("position"), max_length=300, blank=True)
    unit_lines = models.TextField(_("owning unit"), blank=True)  # one a line
    copies_to = models.TextField(_("copies to"), blank=True)  # one a line
    distribution = models.TextField(_("distribution list"), blank=True)  # one a line
    calendar = models.ForeignKey(
        "cycles.Calendar", null=True, blank=True, on_delete=models.SET_NULL, related_name="letters"
    )
    meeting = models.ForeignKey(
        "committees.Meeting",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="letters",
    )
    consultation = models.ForeignKey(
        "participation.Consultation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="letters",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("official letter")
        verbose_name_plural = _("official letters")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.number} {self.subject}"

    def get_absolute_url(self) -> str:
        return reverse("letters:letter", kwargs={"pk": self.pk})

    @property
    def issued(self) -> IssuedNumber | None:
        """The number the letter was issued under (None for a draft)."""
        try:
            return self.issued_number
        except IssuedNumber.DoesNotExist:
            return None

    @property
    def status(self) -> str:
        issued = self.issued
        return LetterStatus.DRAFT if issued is None else issued.status

    def get_status_display(self) -> str:
        return str(LetterStatus(self.status).label)

    def clean(self) -> None:
        super().clean()
        issued = self.issued if self.pk else None
        if issued is not None and (self.number != issued.text or self.date != issued.issued_on):
            raise ValidationError(
                _("The letter was issued as %(number)s: its number and date no longer change.")
                % {"number": issued.text}
            )


class NumberRegister(models.Model):
    """An office's register of outgoing letter numbers for one B.E. year (ทะเบียนหนังสือส่ง):
    "มท ๐๓๑๘" counts ที่ มท ๐๓๑๘/๑, /๒, …; a circular series (หนังสือเวียน) counts
    "รย ๐๐๑๗.๒/ว ๑", "/ว ๒", … on its own."""

    province = models.ForeignKey(
        Area,
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        related_name="letter_registers",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("office"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="letter_registers",
    )
    name = models.CharField(_("register name"), max_length=200, blank=True)
    prefix = models.CharField(
        _("number prefix"),
        max_length=60,
        help_text=_("As the office writes it, e.g. มท ๐๓๑๘ or รย ๐๐๑๗.๒"),
    )
    circular = models.BooleanField(
        _("circular series (ว)"),
        default=False,
        help_text=_("Numbers are written “ว 12” after the slash (หนังสือเวียน)."),
    )
    year_be = models.PositiveIntegerField(
        _("year (B.E.)"), validators=[MinValueValidator(2500), MaxValueValidator(2700)]
    )
    last_number = models.PositiveIntegerField(
        _("last number taken"),
        default=0,
        help_text=_("The next letter issued takes the number after it."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("letter number register")
        verbose_name_plural = _("letter number registers")
        ordering = ["-year_be", "prefix", "circular", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "prefix", "circular", "year_be"],
                name="letters_one_register_per_series_and_year",
            )
        ]

    def __str__(self) -> str:
        series = f"{self.prefix}/ว" if self.circular else self.prefix
        return f"{series} ({self.year_be})"

    def get_absolute_url(self) -> str:
        return reverse("letters:register", kwargs={"pk": self.pk})


class IssuedNumber(models.Model):
    """One number taken from a register: the letter issued under it and, when the letter was
    cancelled, who cancelled it, when and why. A number is never taken twice (the unique
    constraint) and a cancelled one is never given again."""

    register = models.ForeignKey(
        NumberRegister,
        verbose_name=_("number register"),
        on_delete=models.PROTECT,
        related_name="numbers",
    )
    year_be = models.PositiveIntegerField(_("year (B.E.)"))
    number = models.PositiveIntegerField(_("number"))
    text = models.CharField(_("letter number"), max_length=100)
    letter = models.OneToOneField(
        Letter,
        verbose_name=_("official letter"),
        on_delete=models.PROTECT,
        related_name="issued_number",
    )
    issued_on = models.DateField(_("date"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("issued letter number")
        verbose_name_plural = _("issued letter numbers")
        ordering = ["register", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["register", "year_be", "number"], name="letters_number_taken_once"
            )
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def status(self) -> str:
        return LetterStatus.CANCELLED if self.cancelled_at else LetterStatus.ISSUED

    def get_status_display(self) -> str:
        return str(LetterStatus(self.status).label)


class Recipient(models.Model):
    """One body on a letter's distribution list, with the dates the letter was sent to it and
    it acknowledged receipt (ลงรับ)."""

    letter = models.ForeignKey(
        Letter,
        verbose_name=_("official letter"),
        on_delete=models.CASCADE,
        related_name="recipients",
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    name = models.CharField(_("recipient"), max_length=300)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sent_on = models.DateField(
        _("sent on"), null=True, blank=True, validators=[validate_plausible_date]
    )
    acknowledged_on = models.DateField(
        _("acknowledged on"), null=True, blank=True, validators=[validate_plausible_date]
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        ordering = ["letter", "order", "pk"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.acknowledged_on and self.sent_on and self.acknowledged_on < self.sent_on:
            raise ValidationError(
                {"acknowledged_on": _("A letter is acknowledged on or after the day it was sent.")}
            )
