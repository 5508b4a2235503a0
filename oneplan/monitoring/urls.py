from django.urls import path

from oneplan.monitoring import views

app_name = "monitoring"
urlpatterns = [
    path("", views.monitoring_home, name="home"),
    path("<int:year>/national/", views.national_dashboard, name="national"),
    path("<int:year>/<str:code>/", views.dashboard, name="dashboard"),
    path("<int:year>/<str:code>/rows/", views.transactions, name="transactions"),
    path("<int:year>/<str:code>/allocations/", views.allocations_page, name="allocations"),
    path("<int:year>/<str:code>/import/", views.import_page, name="import"),
    path("rows/<int:pk>/resolve/", views.resolve, name="resolve"),
    path("<int:year>/<str:code>/reports/", views.reports_page, name="reports"),
    path("projects/<int:item_id>/reports/<str:period>/", views.report_page, name="report"),
    path("report-files/<int:pk>/", views.report_file, name="report_file"),
    path("indicators/<int:edition_id>/<int:year>/", views.indicator_results, name="indicators"),
    path("<int:year>/<str:code>/agreement/", views.agreement, name="agreement"),
    path(
        "<int:year>/<str:code>/report-<str:kind>.<str:fmt>",
        views.result_report,
        name="result_report",
    ),
]
