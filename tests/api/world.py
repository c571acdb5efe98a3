"""Two organisations with one of everything, for the API tests."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rasp.assessments.models import Action
from rasp.assessments.services import AnswerInput, answer_save, assessment_start, respondent_add
from tests.factories import MembershipFactory


@dataclass
class World:
    admin: Any
    contributor: Any
    viewer: Any
    assessment: Any
    action: Any
    other_admin: Any
    other_assessment: Any
    other_action: Any

    @property
    def organisation_id(self) -> int:
        return int(self.admin.organisation_id)


def build_world() -> World:
    admin = MembershipFactory(role="admin")
    contributor = MembershipFactory(organisation=admin.organisation, role="contributor")
    viewer = MembershipFactory(organisation=admin.organisation, role="viewer")
    assessment = assessment_start(membership=admin, mode="readiness", title="Ours")
    me = respondent_add(membership=admin, assessment=assessment, user=admin.user, role="other")
    respondent_add(membership=admin, assessment=assessment, user=contributor.user, role="finance")
    answer_save(
        respondent=me,
        code="SV-01",
        given=AnswerInput(kind="level", level=3, evidence="approved", note="Cabinet"),
        based_on_version=0,
    )
    action = Action.objects.create(assessment=assessment, title="Our action")

    other_admin = MembershipFactory(role="admin")
    other_assessment = assessment_start(membership=other_admin, mode="readiness", title="Theirs")
    respondent_add(
        membership=other_admin, assessment=other_assessment, user=other_admin.user, role="other"
    )
    other_action = Action.objects.create(assessment=other_assessment, title="Their action")
    return World(
        admin, contributor, viewer, assessment, action, other_admin, other_assessment, other_action
    )
