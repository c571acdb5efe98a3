from django.urls import path

from rasp.reports import comparison_views, export_views, views

app_name = "reports"

urlpatterns = [
    path("comparison/", comparison_views.comparison, name="comparison"),
    path("<int:assessment_id>/results/", views.results, name="results"),
    path("<int:assessment_id>/results/explain/<slug:area>/", views.explain, name="explain"),
    path(
        "<int:assessment_id>/results/download/<str:format>/",
        export_views.download,
        name="download",
    ),
]
