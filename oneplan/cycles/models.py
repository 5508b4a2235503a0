"""Planning cycles and the regimes that set their rules (DOMAIN.md §9).

A *regime* is the set of rules in force for a period: how many years a development plan
spans, which cluster set applies, the committees' names, the split of the envelope between
a cluster and its provinces, how many top-ranked strategic issues a project must serve, and
the thresholds of the plan check's grades. Two ship ready-made: the 2551 regime of the
source documents (4-year plans, ก.น.จ., 30:70) and today's (5-year plans 2566–2570).
They are data (cycles/data/regimes.csv), tuned by the national secretariat in the admin.

A *cycle* is one fiscal year's round of planning and budgeting, under one regime.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from oneplan.areas.models import ClusterRegime


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
    is_current = models.BooleanField(_("current"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

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


class Cycle(models.Model):
    """One fiscal year's round of planning and budgeting (รอบปีงบประมาณ)."""

    fiscal_year_be = models.PositiveSmallIntegerField(_("fiscal year (B.E.)"), unique=True)
    regime = models.ForeignKey(
        Regime, verbose_name=_("regime"), on_delete=models.PROTECT, related_name="cycles"
    )
    name = models.CharField(_("name"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("planning cycle")
        verbose_name_plural = _("planning cycles")
        ordering = ["-fiscal_year_be"]

    def __str__(self) -> str:
        return self.name or f"รอบปีงบประมาณ พ.ศ. {self.fiscal_year_be}"
