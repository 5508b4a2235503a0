from django.urls import path

from oneplan.projects import views

app_name = "projects"
urlpatterns = [
    path("", views.proposal_list, name="list"),
    path("<int:pk>/", views.proposal_detail, name="proposal"),
]
