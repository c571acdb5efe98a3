from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "rasp.audit"
    label = "audit"
    verbose_name = "Audit trail"
