"""URLs for the dashboard benchmark: the app's, plus a bare view to compare page times with."""

from django.http import HttpResponse
from django.urls import include, path


def bare(request):
    return HttpResponse("ok")


urlpatterns = [path("bench-bare/", bare), path("", include("oneplan.urls"))]
