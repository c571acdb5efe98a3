"""Where the assessment pages send people next."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponseRedirect
from django.urls import reverse

from rasp.assessments.models import Assessment


def assessment_redirect(name: str, assessment: Assessment, **extra: Any) -> HttpResponseRedirect:
    """A redirect to ``assessments:<name>`` for this assessment (in its own organisation)."""
    kwargs = {
        "organisation_id": assessment.organisation_id,
        "assessment_id": assessment.pk,
        **extra,
    }
    return HttpResponseRedirect(reverse(f"assessments:{name}", kwargs=kwargs))
