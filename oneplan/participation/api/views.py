"""The participation API: needs, consultations and plan comments (read through the one
policy), and the representatives' eligibility check, which saves nothing — district officers
use it before a selection meeting.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from oneplan.api.base import ErrorSerializer, ReadPermission, RestrictedListView, ServiceView
from oneplan.cycles.models import Regime
from oneplan.participation import eligibility as el
from oneplan.participation.api.serializers import (
    CommentOut,
    ConsultationOut,
    NeedOut,
    NomineeIn,
    VerdictOut,
)
from oneplan.participation.models import Consultation, Need, Nomination, PlanComment

# --------------------------------------------------------------------------- eligibility


class RepresentativeEligibility(ServiceView):
    """Check a nominee against the representatives' rules of the regime. Saves nothing."""

    queryset = Nomination.objects.all()
    permission_classes = [ReadPermission]

    @extend_schema(
        summary=gettext_lazy(
            "Check the eligibility of a civil-society representative (nothing is saved)"
        ),
        request=NomineeIn,
        responses={200: VerdictOut, 400: ErrorSerializer},
    )
    def post(self, request):
        data = NomineeIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        regime = values.get("regime") or Regime.objects.get(is_current=True)
        nominee = el.Nominee(
            birth_date=values["birth_date"],
            nationality=values["nationality"],
            registrations=tuple(el.Registration(**r) for r in values["registrations"]),
            positions=tuple(el.PositionHeld(**p) for p in values["positions"]),
            community_leader=values["community_leader"],
        )
        verdict = el.check_nominee(
            nominee,
            district_code=values["district_code"],
            inside_municipality=values["inside_municipality"],
            selection_date=values["selection_date"],
            rules=el.EligibilityRules.from_params(regime.representative_rules or {}),
        )
        return Response(
            VerdictOut(
                {"eligible": verdict.eligible, "reasons": verdict.reasons, "regime": regime.code}
            ).data
        )


# --------------------------------------------------------------------------- reading


class NeedList(RestrictedListView):
    """Needs gathered from villages, districts and local governments (?area=21 narrows
    them to an area and the areas inside it)."""

    serializer_class = NeedOut
    queryset = Need.objects.select_related("cycle", "category").prefetch_related(
        "proposals", "issues"
    )

    def narrow(self, found):
        area = self.request.query_params.get("area", "")
        if area.isdigit():
            found = found.filter(area__code__startswith=area)
        return found.order_by("area", "priority", "pk")


class ConsultationList(RestrictedListView):
    """Section 19 consultations on the plans that the caller may read."""

    serializer_class = ConsultationOut
    queryset = Consultation.objects.select_related("cycle").order_by("-cycle__fiscal_year_be", "pk")


class CommentList(RestrictedListView):
    """Comments on published plans and their answers that the caller may read."""

    serializer_class = CommentOut
    queryset = PlanComment.objects.order_by("pk")
