"""The fixed demo data of ``interfaces.md``: safe to run again, it never duplicates anything.

Demo accounts have a published password, so this refuses to run unless demo mode is on.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from rasp.accounts.models import User
from rasp.demo.assessments import ensure_demo_assessments
from rasp.demo.delivery import ensure_demo_delivery
from rasp.demo.entrant import ensure_demo_entrant
from rasp.demo.partnership import ensure_demo_partnership
from rasp.organisations.models import Membership, Organisation, Partnership, PartnershipMember

DEMO_PASSWORD = "rasp-demo-password"
PARTNERSHIP_NAME = "Demo Shared Services Partnership"
OUTSIDER_NAME = "Outsider Town Council"


@dataclass(frozen=True)
class DemoOrganisation:
    name: str
    kind: str
    code: str
    region: str
    people: tuple[tuple[str, str, str], ...]  # (email, full name, role)


DEMO_ORGANISATIONS = (
    DemoOrganisation(
        "Demo Borough Council",
        Organisation.Kind.DISTRICT,
        "E07000901",
        "East of England",
        (
            ("demo@example.com", "Dana Demo", Membership.Role.ADMIN),
            ("leader@borough.demo.example.com", "Cllr Lee Leader", Membership.Role.CONTRIBUTOR),
            ("s151@borough.demo.example.com", "Fran Finance", Membership.Role.CONTRIBUTOR),
            ("cio@borough.demo.example.com", "Ira Info", Membership.Role.CONTRIBUTOR),
        ),
    ),
    DemoOrganisation(
        "Demo District Council",
        Organisation.Kind.DISTRICT,
        "E07000902",
        "East of England",
        (
            ("admin@district.demo.example.com", "Ash Admin", Membership.Role.ADMIN),
            ("chief@district.demo.example.com", "Chris Chief", Membership.Role.CONTRIBUTOR),
            ("s151@district.demo.example.com", "Sam Section", Membership.Role.CONTRIBUTOR),
        ),
    ),
    DemoOrganisation(
        "Demo County Council",
        Organisation.Kind.COUNTY,
        "E10000903",
        "East of England",
        (
            ("admin@county.demo.example.com", "Cal County", Membership.Role.ADMIN),
            ("cabinet@county.demo.example.com", "Cllr Kim Cabinet", Membership.Role.CONTRIBUTOR),
            ("hr@county.demo.example.com", "Hana Human", Membership.Role.CONTRIBUTOR),
        ),
    ),
)


def _user(email: str, full_name: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=DEMO_PASSWORD, full_name=full_name)
    return user


def _organisation(spec: DemoOrganisation) -> Organisation:
    organisation, _created = Organisation.objects.get_or_create(
        name=spec.name,
        defaults={
            "kind": spec.kind,
            "official_code": spec.code,
            "nation": "england",
            "region": spec.region,
        },
    )
    for email, full_name, role in spec.people:
        Membership.objects.get_or_create(
            organisation=organisation, user=_user(email, full_name), defaults={"role": role}
        )
    return organisation


@transaction.atomic
def demo_data_ensure() -> list[str]:
    """Create whatever of the demo data is missing; returns the sign-in lines to print."""
    if not settings.RASP_DEMO:
        raise ImproperlyConfigured("Demo data needs demo mode: set RASP_DEMO=1.")
    organisations = [_organisation(spec) for spec in DEMO_ORGANISATIONS]
    partnership, _created = Partnership.objects.get_or_create(
        name=PARTNERSHIP_NAME,
        defaults={
            "status": Partnership.Status.PLANNED,
            "services_in_scope": "Revenues and benefits; ICT; human resources and payroll",
            "lead_organisation": organisations[0],
            "coordinator": User.objects.get(email="demo@example.com"),
        },
    )
    for organisation in organisations:
        PartnershipMember.objects.get_or_create(
            partnership=partnership, organisation=organisation, left_at=None
        )
    ensure_demo_assessments(organisations)
    ensure_demo_partnership()
    ensure_demo_entrant(DEMO_PASSWORD)
    ensure_demo_delivery()
    _organisation(
        DemoOrganisation(
            OUTSIDER_NAME,
            Organisation.Kind.DISTRICT,
            "E07000999",
            "South West",
            (("outsider@example.com", "Olly Outsider", Membership.Role.ADMIN),),
        )
    )
    return [
        f"demo@example.com / {DEMO_PASSWORD}: admin of Demo Borough Council, coordinator of {PARTNERSHIP_NAME}",
        f"outsider@example.com / {DEMO_PASSWORD}: admin of {OUTSIDER_NAME}, in no partnership",
    ]
