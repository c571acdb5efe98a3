from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "rasp.assessments"
    label = "assessments"

    def ready(self) -> None:
        from rasp.assessments import receivers  # noqa: F401  (joins invited respondents)
