"""Official letters (หนังสือราชการ) generated from a calendar, a meeting or a consultation,
edited by the strategy group and printed in the official layout (`layout.py`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from oneplan.areas.models import Area
from oneplan.core.dates import validate_plausible_date
from oneplan.core.restrict import RestrictedManager


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
