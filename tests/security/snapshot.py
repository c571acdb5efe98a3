"""Everything the app stores, as plain values, to show that a refused request changed nothing."""

from __future__ import annotations

from typing import Any

from django.apps import apps

# Rows that a refused request may rightly add or touch: the audit trail, sign-in attempts,
# sessions, and when a token or account was last used.
SKIPPED_APPS = {"audit", "axes", "sessions", "admin", "contenttypes"}
SKIPPED_FIELDS = {"last_used_at", "last_login"}


def database_snapshot() -> dict[str, list[dict[str, Any]]]:
    snapshot = {}
    for model in apps.get_models():
        if model._meta.app_label in SKIPPED_APPS:
            continue
        fields = [f.attname for f in model._meta.concrete_fields if f.attname not in SKIPPED_FIELDS]
        snapshot[model._meta.label] = list(model.objects.order_by("pk").values(*fields))
    return snapshot
