"""The monitoring API's addresses (names in the namespace "api", see `oneplan.api_urls`)."""

from django.urls import path

from oneplan.monitoring.api import views

urlpatterns = [
    path("allocations", views.AllocationList.as_view(), name="allocations"),
    path(
        "disbursement-imports",
        views.DisbursementImports.as_view(),
        name="disbursement-imports",
    ),
    path("progress-reports", views.ProgressReportList.as_view(), name="progress-reports"),
    path("indicator-results", views.IndicatorResultList.as_view(), name="indicator-results"),
    path("performance-scores", views.PerformanceScoreList.as_view(), name="performance-scores"),
]
