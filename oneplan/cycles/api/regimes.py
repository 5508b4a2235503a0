"""The regimes' API: a new regime from an existing one (`oneplan.cycles.regime_copy`).

Only the national secretariat and the system administrator may add a regime (the policy);
a missing or taken code answers 400 naming the field, like every broken rule.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from oneplan.api.base import ERRORS, ServiceView
from oneplan.cycles.models import Regime
from oneplan.cycles.regime_copy import copy_regime
from oneplan.orgs import policy


class RegimeCopyIn(serializers.Serializer):
    code = serializers.CharField(max_length=20, help_text=gettext_lazy("The new regime's code"))
    name_th = serializers.CharField(max_length=300, help_text=gettext_lazy("Its Thai name"))
    name_en = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class RegimeOut(serializers.ModelSerializer):
    cluster_set = serializers.CharField(source="cluster_regime.code", default=None)
    copied_from = serializers.SerializerMethodField()

    class Meta:
        model = Regime
        fields = [
            "code",
            "name_th",
            "name_en",
            "span_years",
            "cluster_set",
            "provincial_committee",
            "cluster_committee",
            "national_body",
            "is_current",
            "copied_from",
        ]

    def get_copied_from(self, obj: Regime) -> str | None:
        return self.context.get("source")


class RegimeCopy(ServiceView):
    """Create a new regime as a copy of regime `code`: its rules and everything it owns
    (phases, check rules, frameworks, eligibility rules and criteria, committee types)."""

    queryset = Regime.objects.all()

    @extend_schema(
        summary=gettext_lazy("New regime from this one"),
        request=RegimeCopyIn,
        responses={201: RegimeOut, **ERRORS},
    )
    def post(self, request, code: str):
        source = policy.get_or_404(Regime.objects.all(), request.user, code=code)
        data = RegimeCopyIn(data=request.data)
        data.is_valid(raise_exception=True)
        regime = copy_regime(request.user, source, **data.validated_data)
        out = RegimeOut(regime, context={"source": source.code})
        return Response(out.data, status=status.HTTP_201_CREATED)
