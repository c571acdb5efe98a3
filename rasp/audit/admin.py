"""Site administrators read the audit trail in the admin; nobody edits or deletes it."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from rasp.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = (
        "created_at",
        "actor_email",
        "action",
        "organisation_id",
        "target",
        "ip_address",
    )
    list_filter = ("action",)
    search_fields = ("actor_email", "target")
    date_hierarchy = "created_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False
