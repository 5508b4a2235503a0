"""The monitoring API's addresses (names in the namespace "api", see `oneplan.api_urls`)."""

from django.urls import path

from oneplan.monitoring.api import views, writes

urlpatterns = [
    path("allocations", views.AllocationList.as_view(), name="allocations"),
    path(
        "disbursement-imports",
        views.DisbursementImports.as_view(),
        name="disbursement-imports",
    ),
    path("progress-reports", views.ProgressReportList.as_view(), name="progress-reports"),
    path(
        "progress-reports/<int:pk>", writes.ProgressReportDetail.as_view(), name="progress-report"
    ),
    path(
        "progress-reports/<int:pk>/submit",
        writes.ProgressReportSubmit.as_view(),
        name="progress-report-submit",
    ),
    path(
        "progress-reports/<int:pk>/review",
        writes.ProgressReportReview.as_view(),
        name="progress-report-review",
    ),
    path("result-reports", writes.ResultReport.as_view(), name="result-report"),
    path("indicator-results", views.IndicatorResultList.as_view(), name="indicator-results"),
    path("performance-scores", views.PerformanceScoreList.as_view(), name="performance-scores"),
]
