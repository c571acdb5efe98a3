"""Reading the audit trail: site administrators see everything, others what concerns them."""

from __future__ import annotations

from django.db.models import QuerySet

from rasp.audit.models import AuditEvent


def audit_events_for_organisation(*, organisation_id: int) -> QuerySet[AuditEvent]:
    """Events about one organisation (membership changes), newest first. Callers check access."""
    return AuditEvent.objects.filter(organisation_id=organisation_id).select_related("actor")
