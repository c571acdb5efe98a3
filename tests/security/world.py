"""The world the authorisation matrix walks: one organisation with a person in every role, a
partnership it belongs to, and a second organisation and partnership that are nobody's here.

Roles (the columns of ``authorisation_table.py``):

* ``anonymous``: not signed in;
* ``viewer``, ``contributor``, ``org_admin``: members of the home organisation in that role (the
  contributor and the admin are respondents of its open assessment);
* ``coordinator``: the home partnership's coordinator, a viewer in a *partner* organisation, so
  not a member of the home organisation;
* ``outsider``: the admin of an organisation that has nothing to do with the home one;
* ``site_admin``: a site administrator (staff, superuser) with no memberships.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tests.core.test_access_rules import _world
from tests.factories import MembershipFactory, UserFactory

ROLES = (
    "anonymous",
    "viewer",
    "contributor",
    "org_admin",
    "coordinator",
    "outsider",
    "site_admin",
)


@dataclass
class World:
    users: dict[str, Any]  # role -> user (None for anonymous)
    own: dict[str, Any]  # URL parameter -> value, for the home organisation's objects
    foreign: dict[str, Any]  # the same names, for objects of an organisation nobody here is in
    extra: dict[str, Any] = field(default_factory=dict)


def _token(user: Any) -> int:
    from rasp.api.services import token_create

    row, _secret = token_create(
        user=user, name="Script", scope="read-write", organisation_ids=None, expires_at=None
    )
    return int(row.pk)


def build_world() -> World:
    from rasp.assessments.models import Assessment
    from rasp.assessments.services import respondent_add
    from rasp.organisations.models import Partnership, PartnershipMember

    admin = MembershipFactory(role="admin")
    own = _world(admin)
    organisation = admin.organisation
    viewer = MembershipFactory(organisation=organisation, role="viewer")
    contributor = MembershipFactory(organisation=organisation, role="contributor")
    assessment = Assessment.objects.get(pk=own["assessment_id"])
    respondent_add(membership=admin, assessment=assessment, user=contributor.user, role="other")

    partnership = Partnership.objects.get(pk=own["partnership_id"])
    partner = MembershipFactory(role="viewer")
    PartnershipMember.objects.create(partnership=partnership, organisation=partner.organisation)
    partnership.coordinator = partner.user
    partnership.name = "Home partnership"  # names are unique; the foreign world reuses the other
    partnership.save(update_fields=["coordinator", "name"])

    # Both partners share a closed assessment and disagree on Shared vision, so the workshop has
    # questions to agree.
    from tests.partnerships.builders import share, shared_vision_low
    from tests.reports.builders import build_assessment

    partner_admin = MembershipFactory(organisation=partner.organisation, role="admin")
    closed_ids = []
    for member, level in ((admin, 3), (partner_admin, shared_vision_low)):
        closed, _admin = build_assessment(respondents=1, level=level, close=True, admin=member)
        share(member, partnership, closed)
        closed_ids.append(closed.pk)

    outsider = MembershipFactory(role="admin")
    site_admin = UserFactory(is_staff=True, is_superuser=True)

    foreign_admin = MembershipFactory(role="admin")
    foreign = _world(foreign_admin)
    # API tokens belong to one person: the home admin's, and the foreign admin's.
    own["token_id"] = _token(admin.user)
    foreign["token_id"] = _token(foreign_admin.user)
    # Exports render the same view for every format; CSV keeps the walk quick.
    own["format"] = foreign["format"] = "csv"
    # Parameters of the site administration's URLs (Django's own admin).
    own["object_id"] = foreign["object_id"] = site_admin.pk
    own["id"] = foreign["id"] = site_admin.pk
    # django-otp's admin shows a device's QR code by its pk (and fails on a missing one).
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=site_admin, name="Site admin's app")
    own["pk"] = foreign["pk"] = device.pk
    own["content_type_id"] = foreign["content_type_id"] = 1
    own["app_label"] = foreign["app_label"] = "accounts"
    own["url"] = foreign["url"] = "nothing-here/"
    own["rest"] = foreign["rest"] = "nothing-here"
    # The public question bank's pages.
    for name, value in (
        ("area_id", "governance"),
        ("module_id", "health-check"),
        ("study_id", "hoople"),
        ("slug", "who-leads"),
    ):
        own[name] = foreign[name] = value
    # Delivery's API serves partnerships and organisations under one {owner} path parameter.
    own["owner"] = foreign["owner"] = "partnerships"
    own["owner_id"], foreign["owner_id"] = own["partnership_id"], foreign["partnership_id"]
    # The organisation's own transition plan and benefits register (the partnership's are in
    # _world()): ids the organisation's delivery URLs use instead of the partnership's.
    from tests.delivery.world import delivery_world

    for ids, membership in ((own, admin), (foreign, foreign_admin)):
        org_ids = delivery_world(None, membership.organisation)
        ids["organisation_task_id"] = org_ids["organisation_task_id"]
        ids["organisation_benefit_id"] = org_ids["organisation_benefit_id"]
        ids["organisation_actual_id"] = org_ids["organisation_actual_id"]
    own["uidb64"] = foreign["uidb64"] = "MQ"  # a reset link with a token that is not valid
    users = {
        "anonymous": None,
        "viewer": viewer.user,
        "contributor": contributor.user,
        "org_admin": admin.user,
        "coordinator": partner.user,
        "outsider": outsider.user,
        "site_admin": site_admin,
    }
    return World(
        users=users, own=own, foreign=foreign, extra={"closed_assessment_id": closed_ids[0]}
    )


def sign_in(client: Any, user: Any) -> None:
    """Sign ``user`` in as they would be after the sign-in pages: with the second factor proved
    in this session when they have two-factor sign-in (the site admin here has), as the code
    step records it, so the site administration lets them in."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
