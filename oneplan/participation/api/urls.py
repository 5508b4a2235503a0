"""The participation API's addresses (names in the namespace "api", see `oneplan.api_urls`)."""

from django.urls import path

from oneplan.participation.api import views

urlpatterns = [
    path(
        "representatives/eligibility",
        views.RepresentativeEligibility.as_view(),
        name="representative-eligibility",
    ),
    path("needs", views.NeedList.as_view(), name="needs"),
    path("consultations", views.ConsultationList.as_view(), name="consultations"),
    path("plan-comments", views.CommentList.as_view(), name="plan-comments"),
]
