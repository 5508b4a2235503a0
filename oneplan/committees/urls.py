from django.urls import path

from oneplan.committees import views

app_name = "committees"
urlpatterns = [
    path("", views.committee_list, name="committees"),
    path("new/", views.committee_new, name="committee_new"),
    path("<int:pk>/", views.committee_page, name="committee"),
    path("<int:pk>/renew/", views.committee_renew, name="renew"),
    path("<int:pk>/orders/<int:oid>/", views.order_edit, name="order"),
    path("<int:pk>/orders/<int:oid>/order.<str:kind>", views.order_document, name="order_document"),
    path("<int:pk>/members/<int:mid>/", views.member_edit, name="member"),
    path("<int:pk>/members/<int:mid>/delete/", views.member_delete, name="member_delete"),
    path("meetings/<int:pk>/", views.meeting_page, name="meeting"),
    path("meetings/<int:pk>/held/", views.meeting_held, name="meeting_held"),
    path("meetings/<int:pk>/attendance/", views.meeting_attendance, name="attendance"),
    path("meetings/<int:pk>/follow-ups/", views.follow_up_add, name="follow_up_add"),
    path(
        "meetings/<int:pk>/follow-ups/<int:fid>/done/",
        views.follow_up_done,
        name="follow_up_done",
    ),
    path("meetings/<int:pk>/documents/", views.meeting_document_add, name="document_add"),
    path("meetings/<int:pk>/documents/<int:did>/", views.meeting_document, name="document"),
    path("meetings/<int:pk>/items/<int:iid>/apply/", views.item_apply, name="item_apply"),
    path("meetings/<int:pk>/summary.<str:kind>", views.meeting_summary, name="meeting_summary"),
]
