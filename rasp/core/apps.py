from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "rasp.core"
    label = "core"
