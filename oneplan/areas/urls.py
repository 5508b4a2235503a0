from django.urls import path

from oneplan.areas import views

app_name = "areas"
urlpatterns = [
    path("search/", views.search, name="search"),
    path("clusters/<int:pk>/", views.cluster_detail, name="cluster"),
    path("clusters/<int:pk>/edit/", views.cluster_edit, name="cluster_edit"),
    path("<str:code>/", views.area_detail, name="area"),
    path("<str:code>/edit/", views.province_edit, name="province_edit"),
    path("<str:code>/villages/add/", views.village_add, name="village_add"),
]
