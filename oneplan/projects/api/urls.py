"""The project API's addresses (names in the namespace "api", see `oneplan.api_urls`)."""

from django.urls import path

from oneplan.projects.api import views

urlpatterns = [
    path("proposals", views.ProposalList.as_view(), name="proposals"),
    path("proposals/bulk", views.ProposalBulk.as_view(), name="proposals-bulk"),
    path("proposals/screen", views.DraftScreen.as_view(), name="proposals-screen"),
    path("proposals/similar", views.DraftSimilar.as_view(), name="proposals-similar"),
    path("proposals/<int:pk>", views.ProposalDetail.as_view(), name="proposal"),
    path(
        "proposals/<int:pk>/screening",
        views.ProposalScreening.as_view(),
        name="proposal-screening",
    ),
    path("proposals/<int:pk>/similar", views.ProposalSimilar.as_view(), name="proposal-similar"),
    path("proposals/<int:pk>/status", views.ProposalMove.as_view(), name="proposal-move"),
    path("proposals/<int:pk>/decision", views.ProposalDecision.as_view(), name="proposal-decision"),
    path("proposals/<int:pk>/comments", views.ProposalComments.as_view(), name="proposal-comments"),
    path("proposals/<int:pk>/scores", views.ProposalScores.as_view(), name="proposal-scores"),
    path("comments/<int:pk>/reply", views.CommentReply.as_view(), name="comment-reply"),
    path("envelopes", views.EnvelopeList.as_view(), name="envelopes"),
    path("action-plans", views.ActionPlanList.as_view(), name="action-plans"),
    path("action-plans/<int:pk>", views.ActionPlanDetail.as_view(), name="action-plan"),
    path(
        "action-plans/<int:pk>/transition",
        views.ActionPlanTransitionView.as_view(),
        name="action-plan-transition",
    ),
]
