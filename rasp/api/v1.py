"""Version 1 of the JSON API, at /api/v1/ (OpenAPI document: /api/v1/openapi.json).

Every endpoint needs a personal API token. Each goes through the same selectors, services and
permissions as the pages, and is scoped twice: to the token's owner (their memberships) and to the
organisations the token is limited to. Anything outside both is "not found", exactly like an id
that does not exist. Within v1 changes are additive only: see docs/api.md.
"""

from __future__ import annotations

from typing import Any

from django.db.models import F
from django.http import Http404, HttpRequest
from ninja import NinjaAPI, Query, Status

from rasp.api import schemas as s
from rasp.api.auth import Caller, TokenAuth, caller_of, require_write
from rasp.api.errors import ApiError, install_handlers
from rasp.api.pagination import PageParams, paginate
from rasp.assessments import selectors as assessment_selectors
from rasp.assessments import services as assessment_services
from rasp.assessments.models import Action, AgreedAnswer, Answer, Assessment, Respondent
from rasp.assessments.permissions import (
    can_answer,
    can_manage_assessment,
    can_see_combined_answers,
    can_see_results,
)
from rasp.domain.framework.export import framework_export
from rasp.domain.framework.schema import Mode
from rasp.domain.scoring.json_shape import in_interface_order
from rasp.frameworks.models import FrameworkVersion
from rasp.frameworks.selectors import (
    DEFAULT_FRAMEWORK,
    framework_of,
    framework_version_get,
    framework_version_list,
)
from rasp.organisations.models import Membership
from rasp.organisations.permissions import can_contribute
from rasp.organisations.selectors import membership_get, organisation_list_for_user
from rasp.partnerships.access import PartnershipAccess, partnership_access
from rasp.partnerships.selectors import joint_result, partnership_list_for_user


class RaspApi(NinjaAPI):
    def get_openapi_operation_id(self, operation: Any) -> str:
        # Stable, readable ids: the endpoint function's name.
        return str(operation.view_func.__name__)


api = RaspApi(
    title="RASP API",
    version="1",
    description=(
        "Frameworks, your organisations, assessments, answers, results, actions and your "
        "partnerships' joint results. "
        "Authenticate with a personal API token: `Authorization: Bearer <token>`. "
        'Every error has the form `{"error": {"code", "message", "details"}}`. '
        "Within v1, changes are additive only."
    ),
    urls_namespace="api:v1",
    docs_url=None,  # the interactive docs load scripts our content security policy refuses
    auth=TokenAuth(),
)
install_handlers(api)
api.add_router("", "rasp.api.delivery.router")  # transition plans and benefits registers

E = s.ErrorOut
READ_ERRORS: dict[int, Any] = {400: E, 401: E, 403: E, 404: E, 429: E}
WRITE_ERRORS: dict[int, Any] = {**READ_ERRORS, 409: E, 413: E}


# Scoping -------------------------------------------------------------------------------------------


MAX_ID = 2**63 - 1


def _check_id(value: int) -> int:
    """Ids the database cannot hold are simply not found (rather than a database error)."""
    if not 0 < value <= MAX_ID:
        raise Http404
    return value


def _membership(caller: Caller, organisation_id: int) -> Membership:
    """The caller's membership of an organisation the token may reach; 404 otherwise."""
    if organisation_id not in caller.organisation_ids:
        raise Http404
    return membership_get(actor=caller.user, organisation_id=organisation_id)


def _assessment(caller: Caller, assessment_id: int) -> tuple[Membership, Assessment]:
    """An assessment of one of the organisations the token may reach, with the caller's
    membership there; 404 for any other id."""
    _check_id(assessment_id)
    organisation_id = (
        Assessment.objects.filter(pk=assessment_id, organisation_id__in=caller.organisation_ids)
        .values_list("organisation_id", flat=True)
        .first()
    )
    if organisation_id is None:
        raise Http404
    membership = _membership(caller, organisation_id)
    return membership, assessment_selectors.assessment_get(
        membership=membership, assessment_id=assessment_id
    )


# Shapes --------------------------------------------------------------------------------------------


def _assessment_out(assessment: Assessment) -> dict[str, Any]:
    return {
        "id": assessment.pk,
        "organisation_id": assessment.organisation_id,
        "title": assessment.title,
        "mode": assessment.mode,
        "status": assessment.status,
        "framework_version": assessment.framework_version.version,
        "services_in_scope": assessment.services_in_scope,
        "due_date": assessment.due_date,
        "combined_view_open": assessment.combined_view_open,
        "created_at": assessment.created_at,
        "closed_at": assessment.closed_at,
    }


def _respondent_out(respondent: Respondent, name: str) -> dict[str, Any]:
    return {
        "id": respondent.pk,
        "user_id": respondent.user_id,
        "name": name,
        "role": respondent.role,
        "submitted_at": respondent.submitted_at,
        "removed": respondent.removed_at is not None,
    }


def _answer_out(code: str, row: Answer | AgreedAnswer) -> dict[str, Any]:
    return {
        "code": code,
        "kind": row.kind,
        "level": row.level,
        "evidence": row.evidence,
        "reason": row.reason,
        "note": row.note,
        "link": row.link,
        "version": row.version,
        "updated_at": row.updated_at,
    }


def _answers_in_order(order: dict[str, int], rows: dict[str, Any]) -> list[dict[str, Any]]:
    codes = sorted(rows, key=lambda code: (order.get(code, len(order)), code))
    return [_answer_out(code, rows[code]) for code in codes]


def _action_out(action: Action) -> dict[str, Any]:
    return {
        "id": action.pk,
        "question_code": action.question_code,
        "title": action.title,
        "detail": action.detail,
        "stage": action.stage,
        "priority": action.priority,
        "owner": action.owner,
        "due_date": action.due_date,
        "status": action.status,
        "notes": action.notes,
        "version": action.version,
        "updated_at": action.updated_at,
    }


# Frameworks ----------------------------------------------------------------------------------------


@api.get("/frameworks", response={200: s.FrameworkPageOut, **READ_ERRORS}, tags=["frameworks"])
def frameworks_list(request: HttpRequest, page: Query[PageParams]) -> dict[str, Any]:
    """The published versions of the question bank, newest first."""
    versions = framework_version_list(DEFAULT_FRAMEWORK).filter(
        status=FrameworkVersion.Status.PUBLISHED
    )
    return paginate(request, versions, page)


@api.get(
    "/frameworks/{version}",
    response={200: s.FrameworkExportOut, **READ_ERRORS},
    tags=["frameworks"],
)
def framework_get(request: HttpRequest, version: str) -> dict[str, Any]:
    """One published version, in the shape of `rasp framework export --format json`."""
    if "\x00" in version:
        raise Http404
    try:
        row = framework_version_get(DEFAULT_FRAMEWORK, version)
    except FrameworkVersion.DoesNotExist:
        raise Http404 from None
    if not row.is_published:
        raise Http404
    return framework_export(framework_of(row))


# Organisations -------------------------------------------------------------------------------------


@api.get(
    "/organisations", response={200: s.OrganisationPageOut, **READ_ERRORS}, tags=["organisations"]
)
def organisations_list(request: HttpRequest, page: Query[PageParams]) -> dict[str, Any]:
    """Your organisations that this token may reach, by name, with your role in each."""
    caller = caller_of(request)
    organisations = (
        organisation_list_for_user(actor=caller.user)
        .filter(pk__in=caller.organisation_ids)
        .annotate(role=F("memberships__role"))
    )
    return paginate(request, organisations, page)


@api.get(
    "/organisations/{organisation_id}/assessments",
    response={200: s.AssessmentPageOut, **READ_ERRORS},
    tags=["assessments"],
)
def assessments_list(
    request: HttpRequest, organisation_id: int, page: Query[PageParams]
) -> dict[str, Any]:
    """The organisation's assessments, newest first."""
    membership = _membership(caller_of(request), organisation_id)
    result = paginate(request, assessment_selectors.assessment_list(membership=membership), page)
    result["items"] = [_assessment_out(a) for a in result["items"]]
    return result


@api.post(
    "/organisations/{organisation_id}/assessments",
    response={201: s.AssessmentOut, **WRITE_ERRORS},
    tags=["assessments"],
)
def assessment_create(
    request: HttpRequest, organisation_id: int, payload: s.AssessmentIn
) -> Status[dict[str, Any]]:
    """Start an assessment on the latest published question bank (organisation admins only).

    Add respondents in the app; the API does not invite people."""
    caller = require_write(request)
    membership = _membership(caller, organisation_id)
    if not can_manage_assessment(membership):
        raise ApiError(403, "Only the organisation's admins can start an assessment.")
    assessment = assessment_services.assessment_start(
        membership=membership,
        mode=payload.mode,
        title=payload.title,
        services_in_scope=payload.services_in_scope,
        due_date=payload.due_date,
    )
    return Status(201, _assessment_out(assessment))


# Assessments ---------------------------------------------------------------------------------------


@api.get(
    "/assessments/{assessment_id}",
    response={200: s.AssessmentDetailOut, **READ_ERRORS},
    tags=["assessments"],
)
def assessment_get(request: HttpRequest, assessment_id: int) -> dict[str, Any]:
    """One assessment, with you as a respondent (if you are one) and what you may do."""
    caller = caller_of(request)
    membership, assessment = _assessment(caller, assessment_id)
    respondent = assessment_selectors.respondent_of(assessment=assessment, user_id=caller.user.pk)
    return {
        **_assessment_out(assessment),
        "me": _respondent_out(respondent, caller.user.get_full_name()) if respondent else None,
        "permissions": {
            "answer": can_answer(membership, assessment, respondent),
            "see_results": can_see_results(membership, assessment),
            "see_everyones_answers": can_see_combined_answers(membership, assessment, respondent),
            "manage": can_manage_assessment(membership),
        },
    }


@api.get(
    "/assessments/{assessment_id}/answers",
    response={200: s.AnswersOut, **READ_ERRORS},
    tags=["answers"],
)
def answers_list(request: HttpRequest, assessment_id: int, all: bool = False) -> dict[str, Any]:  # noqa: A002
    """Your own answers as a respondent; with `all=true`, every respondent's answers and the
    agreed levels, when you may see them (admins; respondents once the combined view is open;
    everyone once the assessment is closed)."""
    caller = caller_of(request)
    membership, assessment = _assessment(caller, assessment_id)
    framework = assessment_selectors.assessment_framework(assessment)
    order = {q.code: i for i, q in enumerate(framework.questions)}
    respondent = assessment_selectors.respondent_of(assessment=assessment, user_id=caller.user.pk)
    if not all:
        respondents = []
        if respondent is not None:
            rows = assessment_selectors.answers_of(respondent=respondent)
            respondents.append(
                {
                    **_respondent_out(respondent, caller.user.get_full_name()),
                    "answers": _answers_in_order(order, rows),
                }
            )
        return {"assessment_id": assessment.pk, "respondents": respondents, "agreed": None}
    if not can_see_combined_answers(membership, assessment, respondent):
        raise ApiError(403, "You cannot see everyone's answers to this assessment yet.")
    everything = assessment_selectors.assessment_answers(assessment=assessment)
    return {
        "assessment_id": assessment.pk,
        "respondents": [
            {
                **_respondent_out(r, r.user.get_full_name()),
                "answers": _answers_in_order(order, everything.by_respondent.get(r.pk, {})),
            }
            for r in everything.respondents
        ],
        "agreed": _answers_in_order(order, everything.agreed),
    }


def _field_problems(payload: s.AnswerIn, question: Any, evidence_from: int) -> list[dict[str, str]]:
    """The method's rules, checked here only to name the field; the service checks them too."""
    problems = []
    if payload.kind == "level" and payload.level is None:
        problems.append(
            {"field": "level", "message": "Give a level from 0 to 4 when kind is level"}
        )
    if payload.kind != "level" and payload.level is not None:
        problems.append({"field": "level", "message": "Leave level out unless kind is level"})
    if payload.kind == "not-applicable":
        if question.critical:
            problems.append(
                {
                    "field": "kind",
                    "message": "A critical question cannot be answered not-applicable",
                }
            )
        if not payload.reason.strip():
            problems.append({"field": "reason", "message": "Give a reason for not-applicable"})
    if (
        payload.kind == "level"
        and payload.level is not None
        and payload.level >= evidence_from
        and not payload.evidence
    ):
        problems.append(
            {
                "field": "evidence",
                "message": f"Give the evidence behind an answer of level {evidence_from} or more",
            }
        )
    return problems


@api.put(
    "/assessments/{assessment_id}/answers/{code}",
    response={200: s.AnswerOut, **WRITE_ERRORS},
    tags=["answers"],
)
def answer_put(
    request: HttpRequest, assessment_id: int, code: str, payload: s.AnswerIn
) -> dict[str, Any]:
    """Save your answer to one question. Send the `version` you read as `based_on_version`
    (0 or null if you had none): if the answer changed since, nothing is saved and the reply is
    409 with the current answer in `details[0].current`."""
    caller = require_write(request)
    membership, assessment = _assessment(caller, assessment_id)
    framework = assessment_selectors.assessment_framework(assessment)
    try:
        question = framework.question(code)
    except KeyError:
        raise ApiError(404, f"There is no question {code} in this assessment.") from None
    if Mode(assessment.mode) not in question.modes:
        raise ApiError(404, f"Question {code} is not asked in this assessment.")
    respondent = assessment_selectors.respondent_of(assessment=assessment, user_id=caller.user.pk)
    if not can_answer(membership, assessment, respondent):
        raise ApiError(
            403,
            "You cannot answer this assessment: you are not one of its respondents, "
            "or it is closed.",
        )
    assert respondent is not None
    problems = _field_problems(payload, question, framework.method.evidence_required_from_level)
    if problems:
        raise ApiError(400, details=problems)
    given = assessment_services.AnswerInput(
        kind=payload.kind,
        level=payload.level,
        evidence=payload.evidence,
        reason=payload.reason,
        note=payload.note,
        link=payload.link,
    )
    try:
        row = assessment_services.answer_save(
            respondent=respondent, code=code, given=given, based_on_version=payload.based_on_version
        )
    except assessment_services.StaleAnswer as stale:
        current = _answer_out(code, stale.current) if stale.current.pk else None
        raise ApiError(
            409,
            "This answer changed since you read it; nothing was saved. The current answer is "
            "in details; send it again with its version to replace it.",
            code="stale",
            details=[{"current": current}],
        ) from None
    return _answer_out(code, row)


@api.get(
    "/assessments/{assessment_id}/results",
    response={200: s.ResultOut, **READ_ERRORS},
    tags=["results"],
)
def results_get(request: HttpRequest, assessment_id: int) -> dict[str, Any]:
    """The results in the shape of `rasp score --format json`: those saved when the assessment was
    closed, or computed now (`provisional: true`) while it is open. Admins see them at any time,
    other members once the assessment is closed."""
    from rasp.reports.results import scored

    membership, assessment = _assessment(caller_of(request), assessment_id)
    if not can_see_results(membership, assessment):
        raise ApiError(403, "The results are not available to you until the assessment is closed.")
    result = scored(assessment)
    data = (
        in_interface_order(result.snapshot.result)
        if result.snapshot
        else result.live.to_json_dict()
    )
    return {**data, "provisional": result.provisional}


# Actions -------------------------------------------------------------------------------------------


def _actions_allowed(membership: Membership, assessment: Assessment, *, edit: bool) -> None:
    if not can_see_results(membership, assessment):
        raise ApiError(
            403, "The action plan is not available to you until the assessment is closed."
        )
    if edit and not can_contribute(membership):
        raise ApiError(403, "Viewers cannot change the action plan.")


@api.get(
    "/assessments/{assessment_id}/actions",
    response={200: s.ActionPageOut, **READ_ERRORS},
    tags=["actions"],
)
def actions_list(
    request: HttpRequest, assessment_id: int, page: Query[PageParams]
) -> dict[str, Any]:
    """The action plan: open actions first, then by priority and due date."""
    membership, assessment = _assessment(caller_of(request), assessment_id)
    _actions_allowed(membership, assessment, edit=False)
    result = paginate(request, assessment_selectors.action_list(assessment=assessment), page)
    result["items"] = [_action_out(a) for a in result["items"]]
    return result


@api.post(
    "/assessments/{assessment_id}/actions",
    response={201: s.ActionOut, **WRITE_ERRORS},
    tags=["actions"],
)
def action_create(
    request: HttpRequest, assessment_id: int, payload: s.ActionIn
) -> Status[dict[str, Any]]:
    """Add an action of the organisation's own."""
    caller = require_write(request)
    membership, assessment = _assessment(caller, assessment_id)
    _actions_allowed(membership, assessment, edit=True)
    action = assessment_services.action_save(
        membership=membership,
        assessment=assessment,
        action=None,
        based_on_version=0,
        **payload.model_dump(),
    )
    return Status(201, _action_out(action))


@api.put(
    "/assessments/{assessment_id}/actions/{action_id}",
    response={200: s.ActionOut, **WRITE_ERRORS},
    tags=["actions"],
)
def action_put(
    request: HttpRequest, assessment_id: int, action_id: int, payload: s.ActionUpdateIn
) -> dict[str, Any]:
    """Change an action. Send the `version` you read: if it changed since, nothing is saved and
    the reply is 409 with the current action in `details[0].current`."""
    caller = require_write(request)
    membership, assessment = _assessment(caller, assessment_id)
    _actions_allowed(membership, assessment, edit=True)
    action = (
        assessment_selectors.action_list(assessment=assessment)
        .filter(pk=_check_id(action_id))
        .first()
    )
    if action is None:
        raise Http404
    values = payload.model_dump()
    version = values.pop("version")
    try:
        saved = assessment_services.action_save(
            membership=membership,
            assessment=assessment,
            action=action,
            based_on_version=version,
            **values,
        )
    except assessment_services.StaleAction as stale:
        raise ApiError(
            409,
            "This action changed since you read it; nothing was saved. The current action is "
            "in details; send it again with its version to replace it.",
            code="stale",
            details=[{"current": _action_out(stale.current)}],
        ) from None
    return _action_out(saved)


# Partnerships --------------------------------------------------------------------------------------


def _partnership(caller: Caller, partnership_id: int) -> PartnershipAccess:
    """The caller's access to a partnership through an organisation the token may reach that is
    a current member; 404 for any other id (as on the pages)."""
    _check_id(partnership_id)
    access = partnership_access(actor=caller.user, partnership_id=partnership_id)
    reachable = tuple(m for m in access.memberships if m.organisation_id in caller.organisation_ids)
    if not reachable:
        raise Http404
    return PartnershipAccess(access.user, access.partnership, reachable)


@api.get(
    "/partnerships", response={200: s.PartnershipPageOut, **READ_ERRORS}, tags=["partnerships"]
)
def partnerships_list(request: HttpRequest, page: Query[PageParams]) -> dict[str, Any]:
    """The partnerships your organisations (that this token may reach) are current members of."""
    caller = caller_of(request)
    entries = []
    for entry in partnership_list_for_user(actor=caller.user):
        mine = [o.pk for o in entry.my_organisations if o.pk in caller.organisation_ids]
        if mine:
            partnership = entry.partnership
            entries.append(
                {
                    "id": partnership.pk,
                    "name": partnership.name,
                    "status": partnership.status,
                    "my_organisations": mine,
                }
            )
    return paginate(request, entries, page)


@api.get(
    "/partnerships/{partnership_id}/results",
    response={200: s.PartnershipResultOut, **READ_ERRORS},
    tags=["partnerships"],
)
def partnership_results(request: HttpRequest, partnership_id: int) -> dict[str, Any]:
    """The partnership's joint result over what its members shared (each member's latest shared
    closed assessment of the partnership's type), as on the partnership view and in its JSON
    download: verdict, areas, red flags from any partner, each partner's areas, the questions
    not agreed, the divergence index and the weakest partner per area. Members only."""
    from rasp.partnerships.export_views import result_json

    access = _partnership(caller_of(request), partnership_id)
    return result_json(joint_result(access=access))
