from django.urls import path
from drf_spectacular.views import (
    SpectacularJSONAPIView,
    SpectacularRedocView,
    SpectacularSwaggerView,
)
from rest_framework.authtoken.views import obtain_auth_token

from oneplan.api import monitoring as monitoring_views
from oneplan.api import participation as participation_views
from oneplan.api import plans as plan_views
from oneplan.api import views

app_name = "api"
urlpatterns = [
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
    path("auth/token", obtain_auth_token, name="token"),
    path(
        "representatives/eligibility",
        participation_views.RepresentativeEligibility.as_view(),
        name="representative-eligibility",
    ),
    path("calendars", participation_views.CalendarList.as_view(), name="calendars"),
    path("needs", participation_views.NeedList.as_view(), name="needs"),
    path("consultations", participation_views.ConsultationList.as_view(), name="consultations"),
    path("plan-comments", participation_views.CommentList.as_view(), name="plan-comments"),
    path("committees", participation_views.CommitteeList.as_view(), name="committees"),
    path("meetings", participation_views.MeetingList.as_view(), name="meetings"),
    path("allocations", monitoring_views.AllocationList.as_view(), name="allocations"),
    path(
        "disbursement-imports",
        monitoring_views.DisbursementImports.as_view(),
        name="disbursement-imports",
    ),
    path(
        "progress-reports", monitoring_views.ProgressReportList.as_view(), name="progress-reports"
    ),
    path(
        "indicator-results",
        monitoring_views.IndicatorResultList.as_view(),
        name="indicator-results",
    ),
    path(
        "performance-scores",
        monitoring_views.PerformanceScoreList.as_view(),
        name="performance-scores",
    ),
    path("areas/clusters", views.ClusterList.as_view(), name="clusters"),
    path("areas/provinces", views.ProvinceList.as_view(), name="provinces"),
    path("areas/provinces/<str:code>/districts", views.DistrictList.as_view(), name="districts"),
    path("areas/search", views.AreaSearch.as_view(), name="search"),
    path("organisations", views.OrganisationList.as_view(), name="organisations"),
    path("plans", plan_views.PlanList.as_view(), name="plans"),
    path("plans/<int:pk>", plan_views.PlanDetail.as_view(), name="plan"),
    path("plans/<int:pk>/reviews", plan_views.PlanReviews.as_view(), name="plan-reviews"),
    path("plans/<int:pk>/check", plan_views.PlanCheck.as_view(), name="plan-check"),
    path("plans/<int:pk>/diff", plan_views.PlanDiff.as_view(), name="plan-diff"),
    path("editions/<int:pk>", plan_views.EditionDetail.as_view(), name="edition"),
    path(
        "editions/<int:pk>/transition",
        plan_views.EditionTransitionView.as_view(),
        name="edition-transition",
    ),
    path(
        "indicators/<int:pk>/targets",
        plan_views.IndicatorTargets.as_view(),
        name="indicator-targets",
    ),
]

from oneplan.api import projects as project_views  # noqa: E402

urlpatterns += [
    path("proposals", project_views.ProposalList.as_view(), name="proposals"),
    path("proposals/bulk", project_views.ProposalBulk.as_view(), name="proposals-bulk"),
    path("proposals/screen", project_views.DraftScreen.as_view(), name="proposals-screen"),
    path("proposals/similar", project_views.DraftSimilar.as_view(), name="proposals-similar"),
    path("proposals/<int:pk>", project_views.ProposalDetail.as_view(), name="proposal"),
    path(
        "proposals/<int:pk>/screening",
        project_views.ProposalScreening.as_view(),
        name="proposal-screening",
    ),
    path(
        "proposals/<int:pk>/similar",
        project_views.ProposalSimilar.as_view(),
        name="proposal-similar",
    ),
    path("proposals/<int:pk>/status", project_views.ProposalMove.as_view(), name="proposal-move"),
    path(
        "proposals/<int:pk>/decision",
        project_views.ProposalDecision.as_view(),
        name="proposal-decision",
    ),
    path(
        "proposals/<int:pk>/comments",
        project_views.ProposalComments.as_view(),
        name="proposal-comments",
    ),
    path(
        "proposals/<int:pk>/scores", project_views.ProposalScores.as_view(), name="proposal-scores"
    ),
    path("comments/<int:pk>/reply", project_views.CommentReply.as_view(), name="comment-reply"),
    path("envelopes", project_views.EnvelopeList.as_view(), name="envelopes"),
    path("action-plans", project_views.ActionPlanList.as_view(), name="action-plans"),
    path("action-plans/<int:pk>", project_views.ActionPlanDetail.as_view(), name="action-plan"),
    path(
        "action-plans/<int:pk>/transition",
        project_views.ActionPlanTransitionView.as_view(),
        name="action-plan-transition",
    ),
]
