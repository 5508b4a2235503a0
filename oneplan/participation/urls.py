from django.urls import path

from oneplan.participation import import_views, views

app_name = "participation"
urlpatterns = [
    path("needs/", views.need_list, name="needs"),
    path("needs/new/", views.need_edit, name="need_create"),
    path("needs/trace/", views.trace, name="trace"),
    path("needs/import/", import_views.needs_import_page, name="needs_import"),
    path("needs/import/template.xlsx", import_views.needs_template, name="needs_template"),
    path("villages/<str:code>/import/", import_views.villages_import_page, name="villages_import"),
    path("needs/<int:pk>/", views.need_detail, name="need"),
    path("needs/<int:pk>/edit/", views.need_edit, name="need_edit"),
    path("consultations/", views.consultation_list, name="consultations"),
    path("consultations/new/", views.consultation_edit, name="consultation_create"),
    path("consultations/<int:pk>/edit/", views.consultation_edit, name="consultation_edit"),
    path("consultations/<int:pk>/", views.consultation_page, name="consultation"),
    path("consultations/<int:pk>/public/", views.public_consultation, name="public"),
    path("consultations/<int:pk>/nominations/", views.nomination_add, name="nomination_add"),
    path(
        "consultations/<int:pk>/nominations/<int:nid>/select/",
        views.nomination_select,
        name="nomination_select",
    ),
    path("consultations/<int:pk>/invitees/", views.invitations_build, name="invitations"),
    path("consultations/<int:pk>/invitees/<int:iid>/", views.invitee_attended, name="attended"),
    path("consultations/<int:pk>/invitees/add/", views.invitee_add, name="invitee_add"),
    path(
        "consultations/<int:pk>/invitees/<int:iid>/remove/",
        views.invitee_remove,
        name="invitee_remove",
    ),
    path("consultations/<int:pk>/comments/", views.comment_add, name="comment_add"),
    path("comments/<int:cid>/answer/", views.comment_answer, name="comment_answer"),
    path(
        "consultations/<int:pk>/report.<str:kind>",
        views.consultation_report,
        name="consultation_report",
    ),
]
