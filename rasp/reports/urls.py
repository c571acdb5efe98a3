from django.urls import path

from rasp.reports import views

app_name = "reports"

urlpatterns = [
    path("<int:assessment_id>/results/", views.results, name="results"),
    path("<int:assessment_id>/results/explain/<slug:area>/", views.explain, name="explain"),
]
