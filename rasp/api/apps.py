from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "rasp.api"
    label = "api"
    verbose_name = "JSON API"
