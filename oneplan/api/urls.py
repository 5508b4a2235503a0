"""The kit's own addresses under /api/v1/: the schema and its documentation, the token, and
the reference data (areas, clusters, organisations). Every app's are in its `api/urls.py`;
`oneplan.api_urls` routes them all under the namespace "api"."""

from django.urls import path
from drf_spectacular.views import (
    SpectacularJSONAPIView,
    SpectacularRedocView,
    SpectacularSwaggerView,
)
from rest_framework.authtoken.views import obtain_auth_token

from oneplan.api import views

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
    path("jobs/<uuid:job_id>", views.JobDetail.as_view(), name="job"),
]
