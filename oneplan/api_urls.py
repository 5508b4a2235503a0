"""The REST API's addresses, /api/v1/…, every name in the namespace "api" (`api:plans`).

Each app holds its own endpoints in `oneplan/<app>/api/` (serializers, views, urls); the
kit they share (`oneplan.api`: errors, fields, parsers, permissions, throttling, versioning,
the base views and the reference data) sits below them all, so this module, which routes
every app's, belongs to the project, beside `oneplan.urls`.
"""

from django.urls import include, path

app_name = "api"
urlpatterns = [
    path("", include("oneplan.api.urls")),
    path("", include("oneplan.participation.api.urls")),
    path("", include("oneplan.cycles.api.urls")),
    path("", include("oneplan.committees.api.urls")),
    path("", include("oneplan.letters.api.urls")),
    path("", include("oneplan.monitoring.api.urls")),
    path("", include("oneplan.plans.api.urls")),
    path("", include("oneplan.projects.api.urls")),
]
