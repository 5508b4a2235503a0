from django.urls import path

from oneplan.letters import views

app_name = "letters"
urlpatterns = [
    path("", views.letter_list, name="letters"),
    path("<int:pk>/", views.letter_page, name="letter"),
    path("<int:pk>/letter.<str:kind>", views.letter_file, name="file"),
    path("from/calendar/<int:pk>/", views.from_calendar, name="from_calendar"),
    path("from/meeting/<int:pk>/", views.from_meeting, name="from_meeting"),
    path("from/consultation/<int:pk>/", views.from_consultation, name="from_consultation"),
    path("from/report/<int:year>/<str:code>/<str:kind>/", views.from_report, name="from_report"),
]
