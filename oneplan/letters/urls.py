from django.urls import path

from oneplan.letters import views

app_name = "letters"
urlpatterns = [
    path("", views.letter_list, name="letters"),
    path("<int:pk>/", views.letter_page, name="letter"),
    path("<int:pk>/letter.<str:kind>", views.letter_file, name="file"),
    path("<int:pk>/issue/", views.issue, name="issue"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/recipients/", views.recipient_add, name="recipient_add"),
    path("<int:pk>/recipients/sent/", views.recipients_sent, name="recipients_sent"),
    path("recipients/<int:pk>/", views.recipient_page, name="recipient"),
    path("registers/", views.register_list, name="registers"),
    path("registers/new/", views.register_new, name="register_new"),
    path("registers/<int:pk>/", views.register_page, name="register"),
    path("from/calendar/<int:pk>/", views.from_calendar, name="from_calendar"),
    path("from/meeting/<int:pk>/", views.from_meeting, name="from_meeting"),
    path("from/consultation/<int:pk>/", views.from_consultation, name="from_consultation"),
    path("from/report/<int:year>/<str:code>/<str:kind>/", views.from_report, name="from_report"),
]
