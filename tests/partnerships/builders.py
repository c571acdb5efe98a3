"""Builders for the partnership tests (also used by the browser tests): real question bank, real
services, answers bulk-created."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from rasp.assessments.models import Answer, Assessment
from rasp.assessments.services import assessment_close, assessment_start, respondent_add
from rasp.domain.framework.schema import Mode
from rasp.frameworks.models import FrameworkQuestion
from rasp.frameworks.selectors import framework_of
from rasp.organisations.models import Membership, Partnership, PartnershipMember
from rasp.partnerships.access import EntrantAccess, partnership_access
from rasp.partnerships.models import PartnershipEntrant
from rasp.partnerships.services import (
    assessment_share,
    entrant_share,
    partnership_invitation_accept,
    partnership_invite,
)
from tests.factories import MembershipFactory
from tests.reports.builders import answer_rows, build_assessment

Level = int | Callable[[str, int], int]


def shared_vision_low(code: str, _respondent: int) -> int:
    """Level 2 on Shared vision questions, 3 elsewhere: against a partner at 3 everywhere, every
    partnership-wide Shared vision question is not agreed (3 against 2)."""
    return 2 if code.startswith("SV-") else 3


@dataclass
class World:
    partnership: Partnership
    admins: list[Any]  # each partner's admin membership, in the order given
    assessments: list[Assessment]

    def path(self, tail: str = "") -> str:
        return f"/partnerships/{self.partnership.pk}/{tail}"

    def org_path(self, index: int, tail: str) -> str:
        return self.path(f"organisations/{self.admins[index].organisation_id}/{tail}")


def share(admin: Membership, partnership: Partnership, assessment: Assessment) -> None:
    access = partnership_access(actor=admin.user, partnership_id=partnership.pk)
    assessment_share(access=access, membership=admin, assessment=assessment)


def build_world(
    levels: Sequence[Level] = (3, shared_vision_low, 3),
    *,
    respondents: int = 2,
    shared: bool = True,
    name: str = "Shared Services Partnership",
) -> World:
    """A planned partnership whose members each closed a readiness assessment answered at the
    given levels (one entry per member), shared with it unless ``shared`` is False. The first
    member is the lead and its admin the coordinator."""
    admins = [MembershipFactory(role="admin") for _ in levels]
    partnership = Partnership.objects.create(
        name=name,
        status=Partnership.Status.PLANNED,
        services_in_scope="Revenues and benefits",
        lead_organisation=admins[0].organisation,
        coordinator=admins[0].user,
    )
    assessments = []
    for admin, level in zip(admins, levels, strict=True):
        PartnershipMember.objects.create(partnership=partnership, organisation=admin.organisation)
        assessment, _admin = build_assessment(
            respondents=respondents, level=level, close=True, admin=admin
        )
        assessments.append(assessment)
        if shared:
            share(admin, partnership, assessment)
    return World(partnership, admins, assessments)


def build_mode_assessment(
    admin: Membership, mode: Mode, level: Level = 3, *, respondents: int = 1, title: str = ""
) -> Assessment:
    """A closed assessment of ``admin``'s organisation in ``mode``, every question of the mode
    answered at ``level`` by ``respondents`` people (real services, answers bulk-created)."""
    assessment = assessment_start(
        membership=admin, mode=mode.value, title=title or f"{mode.value} assessment"
    )
    framework = framework_of(assessment.framework_version)
    codes = {q.code for q in framework.questions_for_mode(mode)}
    asked = [
        q
        for q in FrameworkQuestion.objects.filter(version_id=assessment.framework_version_id)
        if q.code in codes
    ]
    choose = level if callable(level) else (lambda code, who, fixed=level: fixed)
    rows: list[Answer] = []
    for number in range(respondents):
        member = (
            admin
            if number == 0
            else MembershipFactory(organisation=admin.organisation, role="contributor")
        )
        respondent = respondent_add(
            membership=admin, assessment=assessment, user=member.user, role="other"
        )
        rows += answer_rows(respondent, asked, lambda code, n=number: choose(code, n))
    Answer.objects.bulk_create(rows)
    assessment_close(membership=admin, assessment=assessment)
    assessment.refresh_from_db()
    return assessment


def add_entrant(
    world: World, level: Level = 1, *, shared: bool = True
) -> tuple[PartnershipEntrant, Membership, Assessment]:
    """A new partner of ``world``'s partnership (through an accepted new-partner invitation)
    with a closed new-partner assessment at ``level``, shared unless ``shared`` is False."""
    admin = MembershipFactory(role="admin")
    access = partnership_access(actor=world.admins[0].user, partnership_id=world.partnership.pk)
    invitation = partnership_invite(
        access=access, membership=world.admins[0], email=admin.user.email, as_new_partner=True
    )
    partnership_invitation_accept(actor=admin.user, invitation=invitation)
    entrant = PartnershipEntrant.objects.get(organisation=admin.organisation)
    assessment = build_mode_assessment(admin, Mode.NEW_PARTNER, level, title="Joining")
    if shared:
        entrant_share(access=EntrantAccess(admin.user, entrant, admin), assessment=assessment)
    return entrant, admin, assessment
