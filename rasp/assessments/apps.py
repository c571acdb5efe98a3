from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "rasp.assessments"
    label = "assessments"
