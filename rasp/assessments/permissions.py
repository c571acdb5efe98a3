"""Who may do what with an assessment; used by pages, the API and the admin alike."""

from __future__ import annotations

from rasp.assessments.models import Assessment, Respondent
from rasp.organisations.models import Membership


def is_admin(membership: Membership) -> bool:
    return membership.role == Membership.Role.ADMIN


def can_manage_assessment(membership: Membership) -> bool:
    """Start, invite respondents, agree levels, close and reopen: organisation admins only."""
    return is_admin(membership)


def can_see_results(membership: Membership, assessment: Assessment) -> bool:
    """Admins at any time; everyone else in the organisation once the assessment is closed."""
    return is_admin(membership) or not assessment.is_open


def can_see_combined_answers(
    membership: Membership, assessment: Assessment, respondent: Respondent | None
) -> bool:
    """Other people's answers: admins, or respondents once the admin opens the combined view.

    A removed respondent is no longer part of the discussion: they see only their own answers
    until the assessment closes, like any other member.
    """
    if is_admin(membership) or not assessment.is_open:
        return True
    return (
        respondent is not None and respondent.removed_at is None and assessment.combined_view_open
    )


def can_answer(
    membership: Membership, assessment: Assessment, respondent: Respondent | None
) -> bool:
    """A respondent of an open assessment who was not removed, and not a viewer."""
    return (
        respondent is not None
        and respondent.removed_at is None
        and assessment.is_open
        and membership.role != Membership.Role.VIEWER
    )
