from django.urls import path

from oneplan.committees import views

app_name = "committees"
urlpatterns = [
    path("", views.committee_list, name="committees"),
    path("<int:pk>/", views.committee_page, name="committee"),
    path("meetings/<int:pk>/", views.meeting_page, name="meeting"),
    path("meetings/<int:pk>/held/", views.meeting_held, name="meeting_held"),
    path("meetings/<int:pk>/attendance/", views.meeting_attendance, name="attendance"),
    path("meetings/<int:pk>/documents/", views.meeting_document_add, name="document_add"),
    path("meetings/<int:pk>/documents/<int:did>/", views.meeting_document, name="document"),
    path("meetings/<int:pk>/items/<int:iid>/apply/", views.item_apply, name="item_apply"),
    path("meetings/<int:pk>/summary.<str:kind>", views.meeting_summary, name="meeting_summary"),
]
