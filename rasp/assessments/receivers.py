"""When someone invited to answer an assessment joins the organisation, they become a respondent."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from rasp.assessments.models import PendingRespondent, Respondent
from rasp.organisations.signals import invitation_accepted


@receiver(invitation_accepted)
def _join_invited_respondents(sender: Any, invitation: Any, membership: Any, **kwargs: Any) -> None:
    for pending in PendingRespondent.objects.filter(invitation=invitation).select_related(
        "invitation"
    ):
        Respondent.objects.get_or_create(
            assessment_id=pending.assessment_id,
            user=membership.user,
            defaults={"role": pending.role, "invited_by_id": pending.invitation.invited_by_id},
        )
        pending.delete()
