from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "rasp.demo"
    label = "demo"
    verbose_name = "Demo data"
