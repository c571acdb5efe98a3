"""Values every page needs: the service name, phase and the acting user's organisations."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def service(request: HttpRequest) -> dict[str, Any]:
    return {
        "service_name": settings.RASP_SERVICE_NAME,
        "service_phase": settings.RASP_PHASE,
        "feedback_email": settings.RASP_FEEDBACK_EMAIL,
        "demo_mode": settings.RASP_DEMO,
    }
