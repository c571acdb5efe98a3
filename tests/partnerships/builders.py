"""Builders for the partnership tests (also used by the browser tests): real question bank, real
services, answers bulk-created."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from rasp.assessments.models import Assessment
from rasp.organisations.models import Membership, Partnership, PartnershipMember
from rasp.partnerships.access import partnership_access
from rasp.partnerships.services import assessment_share
from tests.factories import MembershipFactory
from tests.reports.builders import build_assessment

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
