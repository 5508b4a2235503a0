from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path

from oneplan.areas import views as area_views
from oneplan.core import views as core_views
from oneplan.participation import views as participation_views

urlpatterns = [
    path("", area_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("favicon.ico", core_views.favicon),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("areas/", include("oneplan.areas.urls")),
    path("organisations/", include("oneplan.orgs.urls")),
    path("plans/", include("oneplan.plans.urls")),
    path("projects/", include("oneplan.projects.urls")),
    path("calendars/", include("oneplan.cycles.urls")),
    path("participation/", include("oneplan.participation.urls")),
    path("public/", participation_views.public_home, name="public"),
    path("committees/", include("oneplan.committees.urls")),
    path("letters/", include("oneplan.letters.urls")),
    path("monitoring/", include("oneplan.monitoring.urls")),
    path("jobs/", include("oneplan.documents.urls")),  # every background job's page
    path("api/v1/", include("oneplan.api_urls")),
    # Any other address under /api/ answers the API's JSON 404, with DEBUG on as well.
    re_path(r"^api/", core_views.api_not_found, name="api-not-found"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

handler404 = "oneplan.core.views.page_not_found"  # JSON under /api/

admin.site.site_header = "OnePlan"
admin.site.site_title = "OnePlan"
