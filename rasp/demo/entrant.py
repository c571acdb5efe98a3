"""The demo partnership's new partner and pending invitation.

* Demo Fire and Rescue Service accepted an invitation to join as a new partner, completed a
  new-partner assessment (weaker than the partners in places, so it has entry gaps) and shared
  it: the members see it against their baseline.
* Demo Health Trust has an invitation waiting for its admin's answer.

Safe to run again: nothing is created twice.
"""

from __future__ import annotations

from rasp.accounts.models import User
from rasp.assessments.models import Assessment
from rasp.demo.assessments import _answered_assessment
from rasp.domain.framework.schema import Mode
from rasp.organisations.models import Membership, Organisation, Partnership
from rasp.partnerships.access import EntrantAccess, partnership_access
from rasp.partnerships.models import PartnershipEntrant, PartnershipInvitation
from rasp.partnerships.services import (
    entrant_share,
    partnership_invitation_accept,
    partnership_invite,
)

PARTNERSHIP_NAME = "Demo Shared Services Partnership"
ENTRANT = ("Demo Fire and Rescue Service", Organisation.Kind.FIRE, "E31000901")
ENTRANT_ADMIN = ("admin@fire.demo.example.com", "Fiona Fire")
INVITED = ("Demo Health Trust", Organisation.Kind.NHS, "RDEMO1")
INVITED_ADMIN = ("admin@health.demo.example.com", "Hari Health")
ASSESSMENT_TITLE = "Joining the shared services partnership"
# The new partner is behind on risk and governance: entry gaps against the partners' baseline.
PROFILE = {
    "shared-vision": 3,
    "ethos-culture": 2,
    "resources": 2,
    "risk": 1,
    "governance": 1,
}


def _admin(
    name: str, kind: str, code: str, email: str, full_name: str, password: str
) -> Membership:
    organisation, _created = Organisation.objects.get_or_create(
        name=name,
        defaults={
            "kind": kind,
            "official_code": code,
            "nation": "england",
            "region": "East of England",
        },
    )
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=password, full_name=full_name)
    membership, _created = Membership.objects.select_related("organisation", "user").get_or_create(
        organisation=organisation, user=user, defaults={"role": Membership.Role.ADMIN}
    )
    return membership


def ensure_demo_entrant(password: str) -> None:
    """Create the demo new partner (with its shared new-partner assessment) and the pending
    invitation, whichever is missing."""
    partnership = Partnership.objects.filter(name=PARTNERSHIP_NAME).first()
    coordinator = (
        Membership.objects.filter(user__email="demo@example.com", role=Membership.Role.ADMIN)
        .select_related("user", "organisation")
        .first()
    )
    if partnership is None or coordinator is None:
        return
    access = partnership_access(actor=coordinator.user, partnership_id=partnership.pk)
    entrant_admin = _admin(*ENTRANT, *ENTRANT_ADMIN, password)
    entrant = PartnershipEntrant.objects.filter(
        partnership=partnership, organisation=entrant_admin.organisation
    ).first()
    if entrant is None:
        invitation = partnership_invite(
            access=access, membership=coordinator, email=ENTRANT_ADMIN[0], as_new_partner=True
        )
        partnership_invitation_accept(actor=entrant_admin.user, invitation=invitation)
        entrant = PartnershipEntrant.objects.get(
            partnership=partnership, organisation=entrant_admin.organisation
        )
    if (
        entrant.is_current
        and not Assessment.objects.filter(
            organisation=entrant_admin.organisation, title=ASSESSMENT_TITLE
        ).exists()
    ):
        assessment = _answered_assessment(
            entrant_admin, Mode.NEW_PARTNER, ASSESSMENT_TITLE, PROFILE, "entrant:fire"
        )
        assessment.refresh_from_db()  # closed since it was started
        entrant_share(
            access=EntrantAccess(entrant_admin.user, entrant, entrant_admin), assessment=assessment
        )
    invited_admin = _admin(*INVITED, *INVITED_ADMIN, password)
    if not PartnershipInvitation.objects.filter(
        partnership=partnership, organisation=invited_admin.organisation
    ).exists():
        partnership_invite(access=access, membership=coordinator, email=INVITED_ADMIN[0])
