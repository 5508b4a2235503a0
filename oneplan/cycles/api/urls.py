"""The calendars' API addresses (names in the namespace "api", see `oneplan.api_urls`)."""

from django.urls import path

from oneplan.cycles.api import views

urlpatterns = [
    path("calendars", views.CalendarList.as_view(), name="calendars"),
]
