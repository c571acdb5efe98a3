from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "rasp.reports"
    label = "reports"
