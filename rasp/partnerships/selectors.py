"""Reads about partnerships, always through the acting user's ``PartnershipAccess``.

The partnership's result reads every partner's answers in a fixed number of queries, whatever the
number of partners or respondents, and hands plain domain objects to the pure scoring engine.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.http import Http404

from rasp.accounts.models import User
from rasp.assessments.models import AgreedAnswer, Answer, Assessment, Respondent
from rasp.domain.framework.schema import Evidence, Framework, Mode, Scope
from rasp.domain.scoring import answers as domain
from rasp.domain.scoring.answers import PartnerAnswers
from rasp.domain.scoring.partnership import score_partnership
from rasp.domain.scoring.respondents import combine_respondents
from rasp.domain.scoring.results import PartnershipResult
from rasp.domain.scoring.trends import TrendResult, compare_results
from rasp.frameworks.models import FrameworkQuestion, FrameworkVersion
from rasp.frameworks.selectors import framework_of
from rasp.organisations.models import Membership, Organisation, Partnership, PartnershipMember
from rasp.partnerships.access import PartnershipAccess
from rasp.partnerships.models import (
    AssessmentShare,
    JointAction,
    JointAgreedAnswer,
    PartnershipEntrant,
    PartnershipInvitation,
)


@dataclass(frozen=True)
class PartnershipEntry:
    partnership: Partnership
    my_organisations: tuple[Organisation, ...]


def partnership_list_for_user(*, actor: User) -> list[PartnershipEntry]:
    """The partnerships the actor's organisations are current members of, by name."""
    rows = (
        PartnershipMember.objects.filter(
            left_at__isnull=True, organisation__memberships__user=actor
        )
        .select_related("partnership", "organisation")
        .order_by("partnership__name", "organisation__name")
    )
    grouped: dict[int, tuple[Partnership, list[Organisation]]] = {}
    for row in rows:
        grouped.setdefault(row.partnership_id, (row.partnership, []))[1].append(row.organisation)
    return [PartnershipEntry(p, tuple(orgs)) for p, orgs in grouped.values()]


def member_history(*, access: PartnershipAccess) -> QuerySet[PartnershipMember]:
    """Every organisation's time in the partnership: current members first, then those who left."""
    return (
        PartnershipMember.objects.filter(partnership=access.partnership)
        .select_related("organisation")
        .order_by(
            Case(
                When(left_at__isnull=True, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
            "organisation__name",
            "joined_at",
        )
    )


def current_member_ids(partnership: Partnership) -> QuerySet[PartnershipMember, int]:
    return PartnershipMember.objects.filter(
        partnership=partnership, left_at__isnull=True
    ).values_list("organisation_id", flat=True)


def current_shares(*, access: PartnershipAccess) -> QuerySet[AssessmentShare]:
    """What the current members share now: not withdrawn, closed assessments only."""
    return (
        AssessmentShare.objects.filter(
            partnership=access.partnership,
            withdrawn_at__isnull=True,
            assessment__status=Assessment.Status.CLOSED,
            assessment__organisation_id__in=current_member_ids(access.partnership),
        )
        .select_related("assessment", "assessment__organisation")
        .defer("assessment__area_targets")
        .order_by("assessment__organisation__name", "-assessment__closed_at", "-id")
    )


def shares_by_organisation(*, access: PartnershipAccess) -> dict[int, list[AssessmentShare]]:
    grouped: dict[int, list[AssessmentShare]] = defaultdict(list)
    for share in current_shares(access=access):
        grouped[share.assessment.organisation_id].append(share)
    return dict(grouped)


@dataclass(frozen=True)
class ShareChoice:
    assessment: Assessment
    share: AssessmentShare | None


def share_choices(*, access: PartnershipAccess, membership: Membership) -> list[ShareChoice]:
    """The admin's organisation's closed assessments, each with its current share, if any."""
    assessments = Assessment.objects.filter(
        organisation_id=membership.organisation_id, status=Assessment.Status.CLOSED
    ).order_by("-closed_at", "-id")
    shares = {
        share.assessment_id: share
        for share in AssessmentShare.objects.filter(
            partnership=access.partnership,
            withdrawn_at__isnull=True,
            assessment__organisation_id=membership.organisation_id,
        )
    }
    return [ShareChoice(a, shares.get(a.pk)) for a in assessments]


def shareable_assessment(*, membership: Membership, assessment_id: int) -> Assessment:
    """One of the admin's organisation's assessments; Http404 for any other id."""
    assessment = Assessment.objects.filter(
        organisation_id=membership.organisation_id, pk=assessment_id
    ).first()
    if assessment is None:
        raise Http404
    return assessment


# The partnership's result -------------------------------------------------------------------------


def mode_for(partnership: Partnership) -> Mode:
    """A planned partnership compares readiness assessments; a live one, health-checks."""
    return Mode.HEALTH_CHECK if partnership.status == Partnership.Status.LIVE else Mode.READINESS


@dataclass(frozen=True)
class Excluded:
    organisation: Organisation
    reason: str  # "no-share" or "other-version"
    assessment: Assessment | None = None


@dataclass(frozen=True)
class JointResult:
    """The partnership's result from its members' latest shared closed assessments."""

    partnership: Partnership
    mode: Mode
    members: tuple[Organisation, ...]
    included: tuple[Assessment, ...]  # one per partner, by organisation name
    excluded: tuple[Excluded, ...]
    framework_version: FrameworkVersion | None
    framework: Framework | None
    result: PartnershipResult | None
    agreed: dict[str, JointAgreedAnswer] = field(default_factory=dict)


def _latest_per_member(shares: list[AssessmentShare], mode: Mode) -> dict[int, Assessment]:
    latest: dict[int, Assessment] = {}
    for share in shares:
        assessment = share.assessment
        if assessment.mode != mode.value:
            continue
        known = latest.get(assessment.organisation_id)
        key = (assessment.closed_at or assessment.created_at, assessment.pk)
        if known is None or key > (known.closed_at or known.created_at, known.pk):
            latest[assessment.organisation_id] = assessment
    return latest


def _chosen_version(latest: dict[int, Assessment]) -> int | None:
    """The framework version most partners answered (ties: the newest loaded)."""
    if not latest:
        return None
    counts = Counter(a.framework_version_id for a in latest.values())
    return max(counts, key=lambda version_id: (counts[version_id], version_id))


_AnswerKey = tuple[str, int | None, str, str]


def _domain_answer(memo: dict[_AnswerKey, domain.Answer], key: _AnswerKey) -> domain.Answer:
    """The engine's answer for a row's (kind, level, evidence, reason), built once per distinct
    value: answers are frozen, and a partnership's thousands of rows hold a few dozen values."""
    answer = memo.get(key)
    if answer is None:
        kind, level, evidence, reason = key
        answer = memo[key] = domain.Answer(
            kind=domain.AnswerKind(kind),
            level=level,
            evidence=Evidence(evidence) if evidence else None,
            reason=reason or None,
        )
    return answer


# What the scoring reads of an answer: its kind, level, evidence, and the reason of a
# not-applicable answer. A respondent's note and link never change a score.
_SCORED = ("question_id", "kind", "level", "evidence", "reason")


def _combined_answers(
    framework: Framework, version_id: int, every: list[tuple[Assessment, Mode]]
) -> list[dict[str, domain.Answer]]:
    """Each assessment's answers combined from its respondents (median; its own agreed levels
    win), in the order of ``every``, in four queries for all of them together.

    Every assessment here answered framework version ``version_id``. Only the columns the
    scoring reads are fetched, as tuples, and question codes come from the version's questions
    (a hundred rows) rather than a join on every answer: building a model instance and its
    question for each of a partnership's thousands of answers took seconds."""
    ids = [assessment.pk for assessment, _mode in every]
    codes = dict(FrameworkQuestion.objects.filter(version_id=version_id).values_list("id", "code"))
    respondents: dict[int, list[int]] = defaultdict(list)
    for respondent_id, assessment_id in Respondent.objects.filter(
        assessment_id__in=ids
    ).values_list("id", "assessment_id"):
        respondents[assessment_id].append(respondent_id)
    memo: dict[_AnswerKey, domain.Answer] = {}
    given: dict[int, dict[str, domain.Answer]] = defaultdict(dict)
    for row in Answer.objects.filter(respondent__assessment_id__in=ids).values_list(
        "respondent_id", *_SCORED
    ):
        key = row[2:]
        given[row[0]][codes[row[1]]] = memo.get(key) or _domain_answer(memo, key)
    agreed: dict[int, dict[str, domain.Answer]] = defaultdict(dict)
    for row in AgreedAnswer.objects.filter(assessment_id__in=ids).values_list(
        "assessment_id", *_SCORED
    ):
        agreed[row[0]][codes[row[1]]] = _domain_answer(memo, row[2:])
    # Equal answers become one object, so the cached copy stores each value once.
    shared: dict[domain.Answer, domain.Answer] = {}
    return [
        {
            code: shared.setdefault(answer, answer)
            for code, answer in combine_respondents(
                framework,
                answered_in,
                [given.get(r, {}) for r in respondents.get(assessment.pk, [])],
                agreed.get(assessment.pk, {}),
            ).answers.items()
        }
        for assessment, answered_in in every
    ]


# How long a partnership's combined answers stay in the cache. The key names every assessment
# and when it was closed, so an entry never goes stale; the timeout only keeps the table small.
COMBINED_CACHE_SECONDS = 6 * 60 * 60


def _combined_cache_key(version: FrameworkVersion, every: list[tuple[Assessment, Mode]]) -> str:
    """The cache key of the combined answers of these closed assessments.

    A closed assessment's answers and agreed levels cannot change (``answer_save`` and
    ``agreed_answer_record`` refuse them), and reopening it clears ``closed_at``, so the next
    close gives it another key. The framework version's checksum is in the key because the
    combination applies the framework's rules."""
    parts = [f"{version.pk}:{version.checksum}"] + [
        f"{assessment.pk}:{answered_in.value}:{assessment.closed_at.isoformat()}"
        for assessment, answered_in in every
        if assessment.closed_at is not None
    ]
    digest = hashlib.sha256("|".join(parts).encode()).hexdigest()
    return f"partnerships:combined-answers:v1:{digest}"


def _partner_answers(
    framework: Framework,
    mode: Mode,
    version: FrameworkVersion,
    assessments: list[Assessment],
    entrant: Assessment | None,
) -> list[PartnerAnswers]:
    """Each partner's answers combined from its respondents, the entrant's (in new-partner
    mode) last.

    Combining 10 partners of 20 respondents reads 15,800 answers and costs most of the page, and
    every partnership page repeats it for the same closed assessments, so the combined answers
    are kept in the cache (shared by every app process): one query when they are there. The
    organisations' names are not cached: they can change."""
    every = [(a, mode) for a in assessments]
    if entrant is not None:
        every.append((entrant, Mode.NEW_PARTNER))
    closed = all(assessment.closed_at is not None for assessment, _mode in every)
    key = _combined_cache_key(version, every) if closed else None
    combined = cache.get(key) if key else None
    if combined is None:
        combined = _combined_answers(framework, version.pk, every)
        if key:
            cache.set(key, combined, COMBINED_CACHE_SECONDS)
    return [
        PartnerAnswers(assessment.organisation.name, answers)
        for (assessment, _mode), answers in zip(every, combined, strict=True)
    ]


def joint_agreed_answers(
    *, partnership: Partnership, version: FrameworkVersion, mode: Mode
) -> dict[str, JointAgreedAnswer]:
    return {
        row.question_code: row
        for row in JointAgreedAnswer.objects.filter(
            partnership=partnership, framework_version=version, mode=mode.value
        )
    }


def joint_agreed_to_domain(row: JointAgreedAnswer) -> domain.Answer:
    return domain.Answer(
        kind=domain.AnswerKind(row.kind),
        level=row.level,
        evidence=Evidence(row.evidence) if row.evidence else None,
        note=row.note or None,
    )


def joint_result(
    *,
    access: PartnershipAccess,
    mode: Mode | None = None,
    entrant_assessment: Assessment | None = None,
) -> JointResult:
    """Score the partnership over each current member's latest shared closed assessment of
    ``mode`` (default: the partnership's, ``mode_for``), on the framework version most of them
    answered. With ``entrant_assessment`` (a new partner's shared new-partner assessment), also
    compare it with the partnership's baseline when it answered the same framework version.

    Queries: a fixed number whatever the number of partners and respondents: members, shares,
    the framework version, the partners' combined answers from the cache (when not there: the
    version's question codes, respondents, answers, the partners' own agreed levels, and
    storing them), joint agreed levels; plus one the first time the process meets the version.
    """
    partnership = access.partnership
    mode = mode or mode_for(partnership)
    members = tuple(
        row.organisation
        for row in PartnershipMember.objects.filter(partnership=partnership, left_at__isnull=True)
        .select_related("organisation")
        .order_by("organisation__name")
    )
    by_id = {organisation.pk: organisation for organisation in members}
    shares = list(
        AssessmentShare.objects.filter(
            partnership=partnership,
            withdrawn_at__isnull=True,
            assessment__status=Assessment.Status.CLOSED,
            assessment__organisation_id__in=list(by_id),
        ).select_related("assessment")
    )
    latest = _latest_per_member(shares, mode)
    version_id = _chosen_version(latest)
    included: list[Assessment] = []
    excluded: list[Excluded] = []
    for organisation in members:
        assessment = latest.get(organisation.pk)
        if assessment is None:
            excluded.append(Excluded(organisation, "no-share"))
        elif assessment.framework_version_id != version_id:
            excluded.append(Excluded(organisation, "other-version", assessment))
        else:
            assessment.organisation = organisation
            included.append(assessment)
    if version_id is None:
        return JointResult(partnership, mode, members, (), tuple(excluded), None, None, None)
    # The source and its parsed content are only needed the first time this process meets the
    # version (``framework_of`` parses it once per checksum): hundreds of kilobytes otherwise
    # read and decoded on every request.
    version = FrameworkVersion.objects.defer("source_text", "content").get(pk=version_id)
    framework = framework_of(version)
    entrant = (
        entrant_assessment
        if entrant_assessment is not None and entrant_assessment.framework_version_id == version_id
        else None
    )
    partners = _partner_answers(framework, mode, version, included, entrant)
    entrant_answers = partners.pop() if entrant is not None else None
    agreed_rows = joint_agreed_answers(partnership=partnership, version=version, mode=mode)
    asked = {q.code: q for q in framework.questions_for_mode(mode)}
    agreed = {
        code: joint_agreed_to_domain(row)
        for code, row in agreed_rows.items()
        if code in asked and asked[code].scope is Scope.PARTNERSHIP
    }
    result = score_partnership(
        framework,
        mode,
        partners,
        agreed=agreed,
        entrant=entrant_answers,
        entrant_mode=Mode.NEW_PARTNER if entrant_answers is not None else None,
    )
    return JointResult(
        partnership,
        mode,
        members,
        tuple(included),
        tuple(excluded),
        version,
        framework,
        result,
        agreed_rows,
    )


# Actions and invitations --------------------------------------------------------------------------


def joint_action_list(*, access: PartnershipAccess) -> QuerySet[JointAction]:
    """The joint actions: open ones first, then by priority and due date."""
    return (
        JointAction.objects.filter(partnership=access.partnership)
        .select_related("owner")
        .order_by(
            Case(
                When(status=JointAction.Status.DONE, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
            "-priority",
            "due_date",
            "id",
        )
    )


def joint_action_get(*, access: PartnershipAccess, joint_action_id: int) -> JointAction:
    action = joint_action_list(access=access).filter(pk=joint_action_id).first()
    if action is None:
        raise Http404
    return action


def invitations_pending_for(*, actor: User) -> QuerySet[PartnershipInvitation]:
    """Pending invitations to the organisations the actor is an admin of."""
    return (
        PartnershipInvitation.objects.filter(
            accepted_at__isnull=True,
            declined_at__isnull=True,
            organisation__memberships__user=actor,
            organisation__memberships__role=Membership.Role.ADMIN,
        )
        .select_related("partnership", "organisation", "invited_by_organisation")
        .order_by("-created_at")
    )


def invitation_for_admin(*, actor: User, invitation_id: int) -> PartnershipInvitation:
    """A pending invitation to one of the actor's organisations (as admin); Http404 otherwise."""
    invitation = invitations_pending_for(actor=actor).filter(pk=invitation_id).first()
    if invitation is None:
        raise Http404
    return invitation


def invitations_sent(*, access: PartnershipAccess) -> QuerySet[PartnershipInvitation]:
    return (
        PartnershipInvitation.objects.filter(
            partnership=access.partnership, accepted_at__isnull=True, declined_at__isnull=True
        )
        .select_related("organisation")
        .order_by("organisation__name")
    )


# New partners ------------------------------------------------------------------------------------


def entrants_current(*, access: PartnershipAccess) -> QuerySet[PartnershipEntrant]:
    """The organisations joining now as new partners, for the members to see."""
    return (
        PartnershipEntrant.objects.filter(
            partnership=access.partnership, admitted_at__isnull=True, withdrawn_at__isnull=True
        )
        .select_related("organisation")
        .order_by("organisation__name")
    )


def entrant_get(*, access: PartnershipAccess, entrant_id: int) -> PartnershipEntrant:
    entrant = entrants_current(access=access).filter(pk=entrant_id).first()
    if entrant is None:
        raise Http404
    return entrant


def entrant_get_any(*, access: PartnershipAccess, entrant_id: int) -> PartnershipEntrant:
    """One of the partnership's new partners, joining now or not (admitted, declined, stopped):
    so a decision made meanwhile by someone else can be named rather than answered with 404."""
    entrant = (
        PartnershipEntrant.objects.filter(partnership=access.partnership, pk=entrant_id)
        .select_related("organisation")
        .first()
    )
    if entrant is None:
        raise Http404
    return entrant


def entrant_shared_assessment(entrant: PartnershipEntrant) -> Assessment | None:
    """The new partner's latest closed new-partner assessment that it shares now, if any."""
    share = (
        AssessmentShare.objects.filter(
            partnership_id=entrant.partnership_id,
            withdrawn_at__isnull=True,
            assessment__organisation_id=entrant.organisation_id,
            assessment__status=Assessment.Status.CLOSED,
            assessment__mode=Mode.NEW_PARTNER.value,
        )
        .select_related("assessment")
        .order_by("-assessment__closed_at", "-assessment_id")
        .first()
    )
    if share is None:
        return None
    share.assessment.organisation = entrant.organisation
    return share.assessment


@dataclass(frozen=True)
class EntrantComparison:
    """A new partner against the partnership's baseline, for the members."""

    entrant: PartnershipEntrant
    assessment: Assessment | None
    joint: JointResult | None
    # Why there is no comparison: "no-share", "no-baseline" or "other-version"; None when there is.
    missing: str | None


def entrant_comparison(
    *, access: PartnershipAccess, entrant: PartnershipEntrant
) -> EntrantComparison:
    """Score the partnership with the new partner's shared assessment beside it. A fixed number
    of queries whatever the number of partners and respondents."""
    assessment = entrant_shared_assessment(entrant)
    if assessment is None:
        return EntrantComparison(entrant, None, None, "no-share")
    joint = joint_result(access=access, entrant_assessment=assessment)
    if joint.result is None:
        return EntrantComparison(entrant, assessment, joint, "no-baseline")
    if joint.result.entrant is None:
        return EntrantComparison(entrant, assessment, joint, "other-version")
    return EntrantComparison(entrant, assessment, joint, None)


def onboarding_actions(
    *, access: PartnershipAccess, entrant: PartnershipEntrant
) -> list[JointAction]:
    return list(
        JointAction.objects.filter(partnership=access.partnership, entrant=entrant).order_by(
            "-priority", "id"
        )
    )


@dataclass(frozen=True)
class EntrantShareChoice:
    assessment: Assessment
    shared: bool


def entrant_share_choices(*, entrant: PartnershipEntrant) -> list[EntrantShareChoice]:
    """The joining organisation's closed new-partner assessments, each with whether it is
    shared with the partnership now."""
    assessments = Assessment.objects.filter(
        organisation_id=entrant.organisation_id,
        status=Assessment.Status.CLOSED,
        mode=Mode.NEW_PARTNER.value,
    ).order_by("-closed_at", "-id")
    shared = set(
        AssessmentShare.objects.filter(
            partnership_id=entrant.partnership_id,
            withdrawn_at__isnull=True,
            assessment__organisation_id=entrant.organisation_id,
        ).values_list("assessment_id", flat=True)
    )
    return [EntrantShareChoice(a, a.pk in shared) for a in assessments]


def entrant_list_for_user(*, actor: User) -> QuerySet[PartnershipEntrant]:
    """The partnerships the actor's organisations are joining as new partners."""
    return (
        PartnershipEntrant.objects.filter(
            admitted_at__isnull=True,
            withdrawn_at__isnull=True,
            organisation__memberships__user=actor,
        )
        .select_related("partnership", "organisation")
        .order_by("partnership__name", "organisation__name")
    )


DECLINED_SHOWN = 20


def entrants_declined_for_user(*, actor: User) -> list[PartnershipEntrant]:
    """The latest requests to join of the actor's organisations that the members declined, with
    their reasons, newest first."""
    return list(
        PartnershipEntrant.objects.filter(
            declined_at__isnull=False, organisation__memberships__user=actor
        )
        .select_related("partnership", "organisation")
        .order_by("-declined_at", "-id")[:DECLINED_SHOWN]
    )


# Health-check against the readiness baseline -----------------------------------------------------


@dataclass(frozen=True)
class PartnerTrend:
    organisation: str
    trend: TrendResult | None  # None when the partner shared no readiness baseline to compare


@dataclass(frozen=True)
class HealthCheck:
    """The partnership's health-check beside its own earlier readiness result."""

    baseline: JointResult
    current: JointResult
    trend: TrendResult | None  # None until both results exist
    partners: tuple[PartnerTrend, ...]


def health_check(*, access: PartnershipAccess) -> HealthCheck:
    """Compare the partnership's health-check result (its members' latest shared health-checks)
    with its readiness baseline (their latest shared readiness assessments), per area and per
    partner; questions are matched across framework versions through the code map. A fixed
    number of queries whatever the number of partners and respondents."""
    baseline = joint_result(access=access, mode=Mode.READINESS)
    current = joint_result(access=access, mode=Mode.HEALTH_CHECK)
    if baseline.result is None or current.result is None or current.framework is None:
        return HealthCheck(baseline, current, None, ())
    framework = current.framework
    trend = compare_results(framework, baseline.result, current.result)
    earlier = {partner.organisation: partner for partner in baseline.result.partners}
    partners = tuple(
        PartnerTrend(
            partner.organisation,
            compare_results(framework, earlier[partner.organisation], partner)
            if partner.organisation in earlier
            else None,
        )
        for partner in current.result.partners
    )
    return HealthCheck(baseline, current, trend, partners)
