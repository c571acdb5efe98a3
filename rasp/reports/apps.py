from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "rasp.reports"
    label = "reports"

    def ready(self) -> None:
        from rasp.reports import receivers  # noqa: F401  (connects the comparison's receivers)
