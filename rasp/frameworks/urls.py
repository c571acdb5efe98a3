"""The public pages of the question bank, under ``/framework/``."""

from django.urls import path

from rasp.frameworks import views

app_name = "framework"

urlpatterns = [
    path("", views.index, name="index"),
    path("areas/<slug:area_id>/", views.area, name="area"),
    path("modules/<slug:module_id>/", views.module, name="module"),
    path("questions/<str:code>/", views.question, name="question"),
    path("how-scores-work/", views.how_scores_work, name="how-scores-work"),
    path("glossary/", views.glossary, name="glossary"),
    path("case-studies/", views.case_studies, name="case-studies"),
    path("case-studies/<slug:study_id>/", views.case_study, name="case-study"),
]
