"""The committees' API addresses (names in the namespace "api", see `oneplan.api_urls`)."""

from django.urls import path

from oneplan.committees.api import views

urlpatterns = [
    path("committees", views.CommitteeList.as_view(), name="committees"),
    path("meetings", views.MeetingList.as_view(), name="meetings"),
]
