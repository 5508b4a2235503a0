"""The participation API's addresses (names in the namespace "api", see `oneplan.api_urls`)."""

from django.urls import path

from oneplan.participation.api import imports, views

urlpatterns = [
    path(
        "representatives/eligibility",
        views.RepresentativeEligibility.as_view(),
        name="representative-eligibility",
    ),
    path("needs", views.NeedList.as_view(), name="needs"),
    path("needs/bulk", imports.NeedsBulk.as_view(), name="needs-bulk"),
    path("needs/import", imports.NeedsImport.as_view(), name="needs-import"),
    path(
        "areas/<str:code>/villages/import",
        imports.VillagesImport.as_view(),
        name="villages-import",
    ),
    path("consultations", views.ConsultationList.as_view(), name="consultations"),
    path("consultations/<int:pk>", views.ConsultationDetail.as_view(), name="consultation"),
    path(
        "consultations/<int:pk>/invitees",
        views.ConsultationInvitees.as_view(),
        name="consultation-invitees",
    ),
    path(
        "consultations/<int:pk>/invitees/build",
        views.InviteesBuild.as_view(),
        name="consultation-invitees-build",
    ),
    path(
        "consultations/<int:pk>/invitees/<int:iid>",
        views.InviteeDetail.as_view(),
        name="consultation-invitee",
    ),
    path(
        "consultations/<int:pk>/nominations",
        views.ConsultationNominations.as_view(),
        name="consultation-nominations",
    ),
    path(
        "consultations/<int:pk>/nominations/<int:nid>/select",
        views.NominationSelect.as_view(),
        name="consultation-nomination-select",
    ),
    path(
        "consultations/<int:pk>/comments",
        views.ConsultationComments.as_view(),
        name="consultation-comments",
    ),
    path("plan-comments/<int:cid>/answer", views.CommentAnswer.as_view(), name="comment-answer"),
    path(
        "plan-comments/<int:cid>/moderation",
        views.CommentModeration.as_view(),
        name="comment-moderation",
    ),
    path("plan-comments", views.CommentList.as_view(), name="plan-comments"),
]
