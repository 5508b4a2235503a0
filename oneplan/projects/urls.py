from django.urls import path

from oneplan.projects import views, views_action_plans, views_envelopes, views_excel

app_name = "projects"
urlpatterns = [
    path("", views.proposal_list, name="list"),
    path("new/", views.proposal_edit, name="create"),
    path("clinic/", views.clinic_queue, name="clinic"),
    path("import/", views_excel.proposal_import, name="import"),
    path("import/jobs/<uuid:job_id>/", views_excel.import_job_page, name="import_job"),
    path("import/template/<str:source>.xlsx", views_excel.import_template, name="import_template"),
    path("export.xlsx", views_excel.proposal_export, name="export"),
    path("<int:pk>/", views.proposal_detail, name="proposal"),
    path("<int:pk>/edit/", views.proposal_edit, name="edit"),
    path("<int:pk>/status/", views.proposal_move, name="move"),
    path("<int:pk>/screen/", views.proposal_screen, name="screen"),
    path("<int:pk>/comments/", views.proposal_comment, name="comment"),
    path("<int:pk>/comments/<int:cid>/reply/", views.comment_reply, name="reply"),
    path("<int:pk>/decision/", views.proposal_decide, name="decide"),
    path("<int:pk>/scores/", views.proposal_score, name="score"),
    path("<int:pk>/attachments/", views.proposal_attach, name="attach"),
    path("<int:pk>/attachments/<int:aid>/", views.attachment_download, name="attachment"),
    path("envelopes/", views_envelopes.envelopes_home, name="envelopes_home"),
    path("envelopes/<int:year>/", views_envelopes.envelopes_page, name="envelopes"),
    path(
        "action-plans/<int:year>/<str:code>/",
        views_action_plans.action_plan_page,
        name="action_plan",
    ),
    path(
        "action-plans/<int:year>/<str:code>/assemble/",
        views_action_plans.action_plan_assemble,
        name="action_plan_assemble",
    ),
    path(
        "action-plans/<int:year>/<str:code>/status/",
        views_action_plans.action_plan_transition,
        name="action_plan_transition",
    ),
    path(
        "action-plans/<int:year>/<str:code>/documents/<str:kind>/",
        views_action_plans.action_plan_document,
        name="action_plan_document",
    ),
]
