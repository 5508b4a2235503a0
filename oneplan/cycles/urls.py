from django.urls import path

from oneplan.cycles import views

app_name = "cycles"
urlpatterns = [
    path("", views.calendar_list, name="calendars"),
    path("new/", views.calendar_create, name="calendar_create"),
    path("cycles/", views.cycle_list, name="cycles"),
    path("<int:pk>/", views.calendar_page, name="calendar"),
    path("<int:pk>/copy/", views.calendar_copy, name="calendar_copy"),
    path("<int:pk>/publish/", views.calendar_publish, name="calendar_publish"),
    path("<int:pk>/reporting/", views.calendar_reporting, name="calendar_reporting"),
    path("<int:pk>/import/", views.calendar_import, name="calendar_import"),
    path("<int:pk>/export.<str:kind>", views.calendar_export, name="calendar_export"),
    path("<int:pk>/steps/new/", views.step_edit, name="step_create"),
    path("<int:pk>/steps/<int:sid>/", views.step_edit, name="step_edit"),
    path("<int:pk>/steps/<int:sid>/status/", views.step_status, name="step_status"),
    path("<int:pk>/steps/<int:sid>/delete/", views.step_delete, name="step_delete"),
]
