"""The calendars' API addresses (names in the namespace "api", see `oneplan.api_urls`)."""

from django.urls import path

from oneplan.cycles.api import regimes, views

urlpatterns = [
    path("cycles", views.CycleList.as_view(), name="cycles"),
    path("calendars", views.CalendarList.as_view(), name="calendars"),
    path("calendars/<int:pk>", views.CalendarDetail.as_view(), name="calendar"),
    path("calendars/<int:pk>/copy", views.CalendarCopy.as_view(), name="calendar-copy"),
    path("calendars/<int:pk>/steps", views.CalendarSteps.as_view(), name="calendar-steps"),
    path(
        "calendars/<int:pk>/steps/<int:sid>",
        views.CalendarStepDetail.as_view(),
        name="calendar-step",
    ),
    path("calendars/<int:pk>/import", views.CalendarImport.as_view(), name="calendar-import"),
    path("regimes/<str:code>/copy", regimes.RegimeCopy.as_view(), name="regime-copy"),
]
