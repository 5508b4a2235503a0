from django.urls import path
from drf_spectacular.views import (
    SpectacularJSONAPIView,
    SpectacularRedocView,
    SpectacularSwaggerView,
)
from rest_framework.authtoken.views import obtain_auth_token

from oneplan.api import plans as plan_views
from oneplan.api import views

app_name = "api"
urlpatterns = [
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
    path("auth/token", obtain_auth_token, name="token"),
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
