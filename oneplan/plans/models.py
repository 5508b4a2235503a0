"""Development plans. For now: the alignment targets plans link upward to.

National strategy, master plans, national-plan milestones (and SDGs, regional plans)
are all *frameworks* of numbered *targets*. They are data, loaded from reference
files and chosen per planning cycle, never constants (DOMAIN.md §9).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AlignmentFramework(models.Model):
    code = models.CharField(_("code"), max_length=40, unique=True)  # "ns-2561-2580"
    name_th = models.CharField(_("Thai name"), max_length=300)
    name_en = models.CharField(_("English name"), max_length=300, blank=True)
    first_year_be = models.PositiveSmallIntegerField(_("first year (B.E.)"), null=True, blank=True)
    last_year_be = models.PositiveSmallIntegerField(_("last year (B.E.)"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

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

    class Meta:
        verbose_name = _("alignment target")
        verbose_name_plural = _("alignment targets")
        ordering = ["framework", "number"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "number"], name="target_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name_th}"
