"""The plan API's addresses (names in the namespace "api", see `oneplan.api_urls`)."""

from django.urls import path

from oneplan.plans.api import importing, views

urlpatterns = [
    path("plans", views.PlanList.as_view(), name="plans"),
    path("plans/<int:pk>", views.PlanDetail.as_view(), name="plan"),
    path("plans/<int:pk>/reviews", views.PlanReviews.as_view(), name="plan-reviews"),
    path("plans/<int:pk>/check", views.PlanCheck.as_view(), name="plan-check"),
    path("plans/<int:pk>/diff", views.PlanDiff.as_view(), name="plan-diff"),
    path("editions/<int:pk>", views.EditionDetail.as_view(), name="edition"),
    path(
        "editions/<int:pk>/transition",
        views.EditionTransitionView.as_view(),
        name="edition-transition",
    ),
    path("editions/<int:pk>/import", importing.EditionImport.as_view(), name="edition-import"),
    path("indicators/<int:pk>/targets", views.IndicatorTargets.as_view(), name="indicator-targets"),
]
