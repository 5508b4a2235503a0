from django.urls import path

from oneplan.projects import views

app_name = "projects"
urlpatterns = [
    path("", views.proposal_list, name="list"),
    path("new/", views.proposal_edit, name="create"),
    path("clinic/", views.clinic_queue, name="clinic"),
    path("<int:pk>/", views.proposal_detail, name="proposal"),
    path("<int:pk>/edit/", views.proposal_edit, name="edit"),
    path("<int:pk>/status/", views.proposal_move, name="move"),
    path("<int:pk>/screen/", views.proposal_screen, name="screen"),
    path("<int:pk>/comments/", views.proposal_comment, name="comment"),
    path("<int:pk>/comments/<int:cid>/reply/", views.comment_reply, name="reply"),
    path("<int:pk>/decision/", views.proposal_decide, name="decide"),
    path("<int:pk>/scores/", views.proposal_score, name="score"),
]
