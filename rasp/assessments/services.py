"""Writes about assessments: start, respondents, answers (with stale-save detection), agreed
levels, submit, close (with a snapshot) and reopen, and the action plan. Each write is audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rasp.accounts.models import User
from rasp.assessments.models import (
    Action,
    AgreedAnswer,
    Answer,
    AnswerKind,
    Assessment,
    PendingRespondent,
    Respondent,
    ResultSnapshot,
)
from rasp.assessments.selectors import (
    assessment_framework,
    assessment_result,
    assessment_targets,
    to_domain,
)
from rasp.audit.services import audit_record
from rasp.domain.framework.schema import Mode
from rasp.domain.scoring.answers import AnswersError, validate_answers
from rasp.frameworks.models import FrameworkQuestion
from rasp.frameworks.selectors import framework_version_latest_published
from rasp.organisations.models import Membership


class StaleAnswer(Exception):
    """The answer changed since the page it was saved from was shown; nothing was saved."""

    def __init__(self, current: Answer | AgreedAnswer) -> None:
        super().__init__("stale answer")
        self.current = current


def _require_admin(membership: Membership) -> None:
    if membership.role != Membership.Role.ADMIN:
        raise PermissionDenied


@transaction.atomic
def assessment_start(
    *,
    membership: Membership,
    mode: str,
    title: str,
    services_in_scope: str = "",
    due_date: dt.date | None = None,
) -> Assessment:
    """Start an assessment pinned to the latest published framework version.

    Raises ValidationError when no framework version is published, PermissionDenied for non-admins.
    """
    _require_admin(membership)
    version = framework_version_latest_published()
    if version is None:
        raise ValidationError(
            _("No question bank has been published yet. Ask a site administrator.")
        )
    assessment = Assessment.objects.create(
        organisation_id=membership.organisation_id,
        framework_version=version,
        mode=mode,
        title=title,
        services_in_scope=services_in_scope,
        due_date=due_date,
        created_by=membership.user,
    )
    audit_record(
        action="assessment-started",
        actor=membership.user,
        organisation_id=membership.organisation_id,
        target=f"assessment {assessment.pk}",
        detail={"mode": mode, "framework_version": version.version},
    )
    return assessment


@transaction.atomic
def respondent_add(
    *, membership: Membership, assessment: Assessment, user: User, role: str
) -> Respondent:
    """Add a member of the organisation as a respondent (again, if they had been removed)."""
    _require_admin(membership)
    if not Membership.objects.filter(
        organisation_id=assessment.organisation_id, user=user
    ).exists():
        raise ValidationError(
            {"user": _("Only members of the organisation can answer its assessments")}
        )
    respondent, created = Respondent.objects.get_or_create(
        assessment=assessment, user=user, defaults={"role": role, "invited_by": membership.user}
    )
    if not created:
        respondent.role = role
        respondent.removed_at = None
        respondent.save(update_fields=["role", "removed_at"])
    audit_record(
        action="respondent-added",
        actor=membership.user,
        organisation_id=assessment.organisation_id,
        target=user.email,
        detail={"assessment": assessment.pk, "role": role},
    )
    return respondent


@transaction.atomic
def respondent_remove(*, membership: Membership, respondent: Respondent) -> None:
    """Stop a respondent editing. Their answers stay, marked as theirs."""
    _require_admin(membership)
    respondent.removed_at = timezone.now()
    respondent.save(update_fields=["removed_at"])
    audit_record(
        action="respondent-removed",
        actor=membership.user,
        organisation_id=respondent.assessment.organisation_id,
        target=respondent.user.email,
        detail={"assessment": respondent.assessment_id},
    )


@dataclass(frozen=True)
class AnswerInput:
    """What a respondent gives for one question, before it is checked."""

    kind: str
    level: int | None = None
    evidence: str = ""
    reason: str = ""
    note: str = ""
    link: str = ""


def _check_answer_input(assessment: Assessment, code: str, given: AnswerInput) -> None:
    """Apply the method's rules; raises ValidationError naming the question."""
    framework = assessment_framework(assessment)
    if given.kind not in AnswerKind.values:
        raise ValidationError({code: _("Select an answer")})
    row = Answer(kind=given.kind, level=given.level, evidence=given.evidence, reason=given.reason)
    try:
        validate_answers(framework, Mode(assessment.mode), {code: to_domain(row)})
    except AnswersError as error:
        raise ValidationError({code: str(error)}) from error
    needs_evidence = framework.method.evidence_required_from_level
    if (
        given.kind == AnswerKind.LEVEL
        and (given.level or 0) >= needs_evidence
        and not given.evidence
    ):
        raise ValidationError({code: _("Select the evidence behind this answer")})


def _answer_values(given: AnswerInput) -> dict[str, Any]:
    is_level = given.kind == AnswerKind.LEVEL
    return {
        "kind": given.kind,
        "level": given.level if is_level else None,
        "evidence": given.evidence if is_level else "",
        "reason": given.reason.strip() if given.kind == AnswerKind.NOT_APPLICABLE else "",
        "note": given.note.strip(),
        "link": given.link.strip(),
    }


def answer_save(
    *, respondent: Respondent, code: str, given: AnswerInput, based_on_version: int | None
) -> Answer:
    """Save one answer of the respondent's own.

    ``based_on_version`` is the answer's version when the page was shown (None or 0: there was no
    answer then). Raises StaleAnswer if it changed since, ValidationError for a bad answer, and
    PermissionDenied when the respondent was removed or the assessment is closed.
    """
    outcome = answers_save(respondent=respondent, given={code: (given, based_on_version)})
    if code in outcome.errors:
        raise outcome.errors[code]
    if code in outcome.conflicts:
        raise StaleAnswer(outcome.conflicts[code])
    return outcome.saved[code]


@dataclass
class PageSave:
    """What saving a page of answers did, by question code: each answer is saved, stale (the
    answer now stored, unchanged) or invalid (the error; nothing saved for it)."""

    saved: dict[str, Answer]
    conflicts: dict[str, Answer]
    errors: dict[str, ValidationError]


_ANSWER_COLUMNS = ("kind", "level", "evidence", "reason", "note", "link", "version", "updated_at")


def answers_save(
    *,
    respondent: Respondent,
    given: Mapping[str, tuple[AnswerInput, int | None]],
    resume_at: str | None = None,
) -> PageSave:
    """Save a page of the respondent's answers (code -> (answer, version it was based on)) in one
    transaction, with the same checks as saving each alone: a bad answer is reported and not
    saved, a stale one (its version changed since the page was shown) is reported with the
    answer now stored and not overwritten, and the others are saved. When every answer was saved,
    ``resume_at`` (if given) becomes the respondent's resume point in the same transaction.

    A fixed number of queries whatever the number of answers: the page's existing answers are
    read and locked in one query (in question order, so two saves of one page cannot deadlock),
    then updated in one and created in one. Raises PermissionDenied when the respondent was
    removed or the assessment is closed.
    """
    assessment = respondent.assessment
    if respondent.removed_at is not None or not assessment.is_open:
        raise PermissionDenied
    outcome = PageSave({}, {}, {})
    values: dict[str, dict[str, Any]] = {}
    for code, (answer, _based_on) in given.items():
        try:
            _check_answer_input(assessment, code, answer)
        except ValidationError as error:
            outcome.errors[code] = error
        else:
            values[code] = _answer_values(answer)
    with transaction.atomic():
        current, question_ids = _page_answers(respondent, assessment, values)
        changed, created = _apply_answers(respondent, given, values, current, question_ids, outcome)
        if changed:
            _update_answers([row for _code, row in changed])
            outcome.saved.update(changed)
        if created:
            _create_answers(created, outcome)
        if resume_at is not None and not outcome.conflicts and not outcome.errors:
            respondent.last_page = resume_at
            respondent.save(update_fields=["last_page"])
    return outcome


def _apply_answers(
    respondent: Respondent,
    given: Mapping[str, tuple[AnswerInput, int | None]],
    values: dict[str, dict[str, Any]],
    current: dict[str, Answer],
    question_ids: dict[str, int],
    outcome: PageSave,
) -> tuple[list[tuple[str, Answer]], list[tuple[str, Answer]]]:
    """Check each answer's version against the stored one, as saving it alone does: a stale one
    goes to ``outcome.conflicts``; returns the rows to update and the rows to create."""
    now = timezone.now()
    changed: list[tuple[str, Answer]] = []
    created: list[tuple[str, Answer]] = []
    for code, fields in values.items():
        based_on = given[code][1]
        row = current.get(code)
        if row is None:
            if code not in question_ids:
                raise FrameworkQuestion.DoesNotExist(code)
            fresh = Answer(respondent=respondent, question_id=question_ids[code], **fields)
            if based_on:
                outcome.conflicts[code] = fresh
            else:
                created.append((code, fresh))
        elif row.version != based_on:
            outcome.conflicts[code] = row
        else:
            for name, value in fields.items():
                setattr(row, name, value)
            row.version += 1
            row.updated_at = now  # bulk_update does not apply auto_now
            changed.append((code, row))
    return changed, created


def _update_answers(rows: list[Answer]) -> None:
    """Write the rows' answer columns in one UPDATE (a CASE on the id per column).

    Django's ``bulk_update`` builds the same statement from expression objects and costs about
    2 ms of CPU per answer, more than the rest of the save; this builds it directly. The rows
    are locked by this transaction and their versions checked, so nothing else can interleave.
    """
    table = connection.ops.quote_name(Answer._meta.db_table)
    pk = connection.ops.quote_name(Answer._meta.pk.column)
    assignments: list[str] = []
    params: list[Any] = []
    for name in _ANSWER_COLUMNS:
        field = Answer._meta.get_field(name)
        assert isinstance(field, models.Field)
        cast = "CAST(%s AS integer)" if name in ("level", "version") else "%s"
        cases = " ".join(f"WHEN %s THEN {cast}" for _row in rows)
        assignments.append(f"{connection.ops.quote_name(field.column)} = CASE {pk} {cases} END")
        for row in rows:
            params += [row.pk, field.get_db_prep_save(getattr(row, field.attname), connection)]
    ids = ", ".join("%s" for _row in rows)
    params += [row.pk for row in rows]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {', '.join(assignments)} WHERE {pk} IN ({ids})",  # noqa: S608
            params,
        )


def _page_answers(
    respondent: Respondent, assessment: Assessment, codes: Iterable[str]
) -> tuple[dict[str, Answer], dict[str, int]]:
    """The respondent's answers to these questions, locked until the transaction ends (in
    question order, so two saves of one page cannot deadlock), and the question ids of the codes
    not answered yet. Two queries at most."""
    codes = list(codes)
    current = {
        row.question.code: row
        for row in Answer.objects.select_for_update(of=("self",))
        .filter(respondent=respondent, question__code__in=codes)
        .select_related("question")
        .only("respondent", "question__code", *_ANSWER_COLUMNS)
        .order_by("question_id")
    }
    missing = [code for code in codes if code not in current]
    if not missing:
        return current, {}
    question_ids = dict(
        FrameworkQuestion.objects.filter(
            version_id=assessment.framework_version_id, code__in=missing
        ).values_list("code", "id")
    )
    return current, question_ids


def _create_answers(created: list[tuple[str, Answer]], outcome: PageSave) -> None:
    """Insert new answers in one statement; if another request created one of them meanwhile,
    insert them one by one instead, so only that one is reported stale (as saving alone does)."""
    created.sort(key=lambda item: item[1].question_id)  # one order for every request
    try:
        with transaction.atomic():
            Answer.objects.bulk_create([row for _code, row in created])
    except IntegrityError:
        for code, row in created:
            row.pk = None
            row._state.adding = True
            try:
                with transaction.atomic():
                    row.save(force_insert=True)
            except IntegrityError:
                outcome.conflicts[code] = Answer.objects.get(
                    respondent_id=row.respondent_id, question_id=row.question_id
                )
            else:
                outcome.saved[code] = row
        return
    outcome.saved.update(created)


@transaction.atomic
def respondent_submit(*, respondent: Respondent) -> Respondent:
    if respondent.removed_at is not None or not respondent.assessment.is_open:
        raise PermissionDenied
    respondent.submitted_at = timezone.now()
    respondent.save(update_fields=["submitted_at"])
    audit_record(
        action="respondent-submitted",
        actor=respondent.user,
        organisation_id=respondent.assessment.organisation_id,
        target=f"assessment {respondent.assessment_id}",
    )
    return respondent


@transaction.atomic
def agreed_answer_record(
    *,
    membership: Membership,
    assessment: Assessment,
    code: str,
    given: AnswerInput,
    based_on_version: int | None,
) -> AgreedAnswer:
    """Record the organisation's agreed answer for a question; the originals are untouched."""
    _require_admin(membership)
    if not assessment.is_open:
        raise PermissionDenied
    _check_answer_input(assessment, code, given)
    question = FrameworkQuestion.objects.get(version_id=assessment.framework_version_id, code=code)
    values = _answer_values(given)
    current = (
        AgreedAnswer.objects.select_for_update()
        .filter(assessment=assessment, question=question)
        .first()
    )
    if current is not None and current.version != based_on_version:
        raise StaleAnswer(current)
    if current is None:
        current = AgreedAnswer(assessment=assessment, question=question, version=0)
    for name, value in values.items():
        setattr(current, name, value)
    current.version += 1
    current.agreed_by = membership.user
    current.save()
    audit_record(
        action="agreed-level-recorded",
        actor=membership.user,
        organisation_id=assessment.organisation_id,
        target=code,
        detail={"assessment": assessment.pk, **{k: v for k, v in values.items() if k != "note"}},
    )
    return current


@transaction.atomic
def assessment_close(*, membership: Membership, assessment: Assessment) -> ResultSnapshot:
    """Close the assessment, store a snapshot of its results and seed actions from its gaps."""
    _require_admin(membership)
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if not assessment.is_open:
        raise ValidationError(_("This assessment is already closed"))
    result, _combined = assessment_result(assessment=assessment)
    snapshot = ResultSnapshot.objects.create(
        assessment=assessment,
        framework_version_id=assessment.framework_version_id,
        framework_checksum=assessment.framework_version.checksum,
        result=result.to_json_dict(),
        targets={area.value: level for area, level in assessment_targets(assessment).items()},
        closed_by=membership.user,
    )
    for gap in result.gaps:
        Action.objects.get_or_create(
            assessment=assessment,
            question_code=gap.code,
            defaults={
                "title": gap.advice[:300],
                "stage": gap.stage.value if hasattr(gap.stage, "value") else str(gap.stage),
                "priority": gap.priority,
            },
        )
    assessment.status = Assessment.Status.CLOSED
    assessment.closed_at = timezone.now()
    assessment.save(update_fields=["status", "closed_at"])
    audit_record(
        action="assessment-closed",
        actor=membership.user,
        organisation_id=assessment.organisation_id,
        target=f"assessment {assessment.pk}",
        detail={"verdict": result.verdict.value, "snapshot": snapshot.pk},
    )
    return snapshot


@transaction.atomic
def assessment_reopen(*, membership: Membership, assessment: Assessment) -> Assessment:
    """Reopen a closed assessment; its snapshots stay, and the next close makes a new one."""
    _require_admin(membership)
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.is_open:
        raise ValidationError(_("This assessment is already open"))
    assessment.status = Assessment.Status.OPEN
    assessment.closed_at = None
    assessment.save(update_fields=["status", "closed_at"])
    audit_record(
        action="assessment-reopened",
        actor=membership.user,
        organisation_id=assessment.organisation_id,
        target=f"assessment {assessment.pk}",
    )
    return assessment


def respondent_remind(*, membership: Membership, respondent: Respondent) -> None:
    """Email the respondent a reminder with a link to the assessment, and note when."""
    from django.conf import settings
    from django.core.mail import send_mail
    from django.urls import reverse

    _require_admin(membership)
    assessment = respondent.assessment
    link = settings.RASP_BASE_URL.rstrip("/") + reverse(
        "assessments:overview",
        kwargs={"organisation_id": assessment.organisation_id, "assessment_id": assessment.pk},
    )
    send_mail(
        subject=_("Reminder: please answer “%(title)s”") % {"title": assessment.title},
        message=_(
            "%(name)s has asked you to finish your answers to “%(title)s” for %(organisation)s.\n\n"
            "Your answers are saved as you go. Continue here:\n%(link)s\n"
        )
        % {
            "name": membership.user.get_full_name(),
            "title": assessment.title,
            "organisation": assessment.organisation.name,
            "link": link,
        },
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[respondent.user.email],
    )
    respondent.reminded_at = timezone.now()
    respondent.save(update_fields=["reminded_at"])


@transaction.atomic
def assessment_combined_view_set(
    *, membership: Membership, assessment: Assessment, open_to_respondents: bool
) -> None:
    """Let respondents see everyone's answers (or stop them) while the assessment is open."""
    _require_admin(membership)
    assessment.combined_view_open = open_to_respondents
    assessment.save(update_fields=["combined_view_open"])
    audit_record(
        action="combined-view-changed",
        actor=membership.user,
        organisation_id=assessment.organisation_id,
        target=f"assessment {assessment.pk}",
        detail={"open": open_to_respondents},
    )


class StaleAction(Exception):
    def __init__(self, current: Action) -> None:
        super().__init__("stale action")
        self.current = current


@transaction.atomic
def action_save(
    *,
    membership: Membership,
    assessment: Assessment,
    action: Action | None,
    based_on_version: int,
    title: str,
    owner: str,
    status: str,
    due_date: dt.date | None,
    notes: str,
) -> Action:
    """Add an action of the organisation's own, or change one; a stale edit raises StaleAction."""
    if membership.role == Membership.Role.VIEWER:
        raise PermissionDenied
    if action is None:
        action = Action(assessment=assessment, version=0)
    else:
        action = Action.objects.select_for_update().get(pk=action.pk, assessment=assessment)
        if action.version != based_on_version:
            raise StaleAction(action)
    action.title, action.owner, action.status = title, owner, status
    action.due_date, action.notes = due_date, notes
    action.version += 1
    action.full_clean()
    action.save()
    audit_record(
        action="action-saved",
        actor=membership.user,
        organisation_id=assessment.organisation_id,
        target=f"action {action.pk}",
        detail={"assessment": assessment.pk, "status": status},
    )
    return action


@transaction.atomic
def respondent_invite(
    *, membership: Membership, assessment: Assessment, email: str, role: str
) -> Respondent | PendingRespondent:
    """Ask someone to answer by email: a member becomes a respondent at once; anyone else is
    invited to the organisation as a contributor and becomes a respondent on accepting."""
    from rasp.organisations.services import member_invite

    _require_admin(membership)
    email = email.strip().lower()
    existing = (
        Membership.objects.filter(
            organisation_id=assessment.organisation_id, user__email__iexact=email
        )
        .select_related("user")
        .first()
    )
    if existing is not None:
        return respondent_add(
            membership=membership, assessment=assessment, user=existing.user, role=role
        )
    invitation = member_invite(membership=membership, email=email, role=Membership.Role.CONTRIBUTOR)
    return PendingRespondent.objects.create(assessment=assessment, invitation=invitation, role=role)


@transaction.atomic
def assessment_targets_set(
    *, membership: Membership, assessment: Assessment, targets: dict[str, int]
) -> None:
    """Set the target level of each area (area id -> level 0 to the maximum) of an open assessment.

    A target equal to the mode's default is not stored, so a later change of the framework's
    default still applies to it. Raises ValidationError naming the area for a bad level, and
    PermissionDenied for non-admins or a closed assessment (its snapshot keeps the targets used).
    """
    _require_admin(membership)
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if not assessment.is_open:
        raise PermissionDenied
    framework = assessment_framework(assessment)
    names = {area.id.value: area.name for area in framework.areas}
    maximum = framework.method.max_level
    default = framework.method.targets[Mode(assessment.mode)]
    errors = {}
    for area_id, level in targets.items():
        if area_id not in names:
            errors[area_id] = _("There is no area called %(area)s") % {"area": area_id}
        elif type(level) is not int or not 0 <= level <= maximum:
            errors[area_id] = _(
                "Target level for %(area)s must be a whole number from 0 to %(maximum)d"
            ) % {"area": names[area_id], "maximum": maximum}
    if errors:
        raise ValidationError(errors)
    before = {
        area.value: level for area, level in assessment_targets(assessment, framework).items()
    }
    stored = {area_id: level for area_id, level in targets.items() if level != default}
    assessment.area_targets = stored
    assessment.save(update_fields=["area_targets"])
    after = {area.value: level for area, level in assessment_targets(assessment, framework).items()}
    audit_record(
        action="assessment-targets-changed",
        actor=membership.user,
        organisation_id=assessment.organisation_id,
        target=f"assessment {assessment.pk}",
        detail={
            "changed": {
                area_id: {"from": before[area_id], "to": level}
                for area_id, level in after.items()
                if before.get(area_id) != level
            }
        },
    )
