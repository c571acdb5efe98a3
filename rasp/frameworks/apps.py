from django.apps import AppConfig


class FrameworksConfig(AppConfig):
    name = "rasp.frameworks"
    label = "frameworks"
    verbose_name = "Frameworks (question bank versions)"
