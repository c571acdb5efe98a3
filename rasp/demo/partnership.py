"""The demo partnership's shared assessments: each Demo organisation shares its closed readiness
assessment with the Demo Shared Services Partnership, so the partnership view has partners that
disagree and a weakest partner. Safe to run again: it never shares twice."""

from __future__ import annotations

from rasp.assessments.models import Assessment
from rasp.organisations.models import Membership, Partnership
from rasp.partnerships.access import partnership_access
from rasp.partnerships.services import assessment_share

PARTNERSHIP_NAME = "Demo Shared Services Partnership"
READINESS_TITLE = "Readiness for shared revenues, benefits and ICT"


def ensure_demo_partnership() -> None:
    """Share every current member's closed demo readiness assessment that is not shared yet."""
    partnership = Partnership.objects.filter(name=PARTNERSHIP_NAME).first()
    if partnership is None:
        return
    members = partnership.members.filter(left_at__isnull=True).select_related("organisation")
    for member in members:
        admin = (
            Membership.objects.filter(organisation=member.organisation, role=Membership.Role.ADMIN)
            .select_related("user", "organisation")
            .order_by("user__email")
            .first()
        )
        assessment = Assessment.objects.filter(
            organisation=member.organisation,
            title=READINESS_TITLE,
            status=Assessment.Status.CLOSED,
        ).first()
        if admin is None or assessment is None:
            continue
        access = partnership_access(actor=admin.user, partnership_id=partnership.pk)
        assessment_share(access=access, membership=admin, assessment=assessment)
