from django.urls import path

from oneplan.plans import views, views_documents, views_import

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="list"),
    path("new/", views.plan_create, name="create"),
    path("compare/", views.national_comparison, name="compare"),
    path("<int:pk>/", views.plan_detail, name="plan"),
    path("editions/<int:pk>/", views.edition_detail, name="edition"),
    path("editions/<int:pk>/text/", views.edition_text_edit, name="edition_text"),
    path("editions/<int:pk>/status/", views.edition_transition, name="edition_transition"),
    path("editions/<int:pk>/check/", views.edition_check, name="edition_check"),
    path("editions/<int:pk>/diff/", views.edition_diff, name="edition_diff"),
    path("editions/<int:pk>/chain/", views.edition_chain, name="edition_chain"),
    path("editions/<int:pk>/documents/<str:kind>/", views_documents.start, name="document_start"),
    path("documents/<uuid:job_id>/", views_documents.job_status, name="document_job"),
    path(
        "documents/<uuid:job_id>/download/",
        views_documents.job_download,
        name="document_download",
    ),
    path(
        "editions/<int:pk>/import/template.xlsx",
        views_import.import_template,
        name="import_template",
    ),
    path("editions/<int:pk>/import/", views_import.import_upload, name="import"),
    path("editions/<int:pk>/<slug:kind>/new/", views.component_edit, name="component_add"),
    path("editions/<int:pk>/<slug:kind>/<int:cid>/", views.component_edit, name="component_edit"),
    path(
        "editions/<int:pk>/<slug:kind>/<int:cid>/delete/",
        views.component_delete,
        name="component_delete",
    ),
]
