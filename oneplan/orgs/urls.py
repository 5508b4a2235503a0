from django.urls import path

from oneplan.orgs import views

app_name = "orgs"
urlpatterns = [
    path("", views.organisation_list, name="organisations"),
    path("new/", views.organisation_edit, name="organisation_add"),
    path("<int:pk>/", views.organisation_detail, name="organisation"),
    path("<int:pk>/edit/", views.organisation_edit, name="organisation_edit"),
    path("me/", views.account, name="account"),
]
