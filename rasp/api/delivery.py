"""Delivery endpoints of API v1: a partnership's or an organisation's transition plan and
benefits register, read with any token and written with a read-write token.

``{owner}`` is ``partnerships`` or ``organisations``. Scoping is as for the pages and as for the
rest of the API: the token's owner must be able to see the partnership (a member of a current
member organisation) or the organisation, through an organisation the token may reach; anything
else is "not found". Writes need a contributor or admin there (403 otherwise). Money is sent as
text, as people write it ("£1,200,000", "1.2m", "1200000"), and returned as exact integer pence
with the text beside it. Edits name the version they read; a stale one is 409 with the current.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema, Status

from rasp.api.auth import Caller, caller_of, require_write
from rasp.api.errors import ApiError
from rasp.api.schemas import ErrorOut, InSchema
from rasp.delivery import selectors, services
from rasp.delivery.access import DeliveryAccess, delivery_access
from rasp.delivery.models import Benefit, Task
from rasp.domain.delivery.money import MoneyError, parse_money, parse_quantity
from rasp.organisations.permissions import can_contribute

router = Router(tags=["delivery"])

E = ErrorOut
READ_ERRORS: dict[int, Any] = {400: E, 401: E, 403: E, 404: E, 429: E}
WRITE_ERRORS: dict[int, Any] = {**READ_ERRORS, 409: E, 413: E}
MAX_ID = 2**63 - 1
Owner = Literal["partnerships", "organisations"]
WorkstreamIn = Literal["people", "contracts", "systems", "equipment", "resources"]
StatusIn = Literal["not-started", "in-progress", "blocked", "done"]


# Shapes ---------------------------------------------------------------------------------------


class TaskOut(Schema):
    id: int
    workstream: str
    title: str
    owner: str
    starts_on: dt.date
    due_on: dt.date
    status: str
    depends_on: list[int]
    question_code: str = Field(description="The question whose advice it came from, or empty")
    notes: str
    late: bool
    blocked: bool
    on_critical_path: bool
    version: int


class WorkstreamOut(Schema):
    id: str
    name: str
    tasks: int
    done: int
    late: int
    blocked: int


class PlanOut(Schema):
    starts_on: dt.date
    workstreams: list[WorkstreamOut]
    critical_path: list[int] = Field(description="Open task ids, first to last")
    critical_path_days: int
    critical_path_ends: dt.date | None
    tasks: list[TaskOut]


class TaskIn(InSchema):
    title: str = Field(min_length=1, max_length=300)
    workstream: WorkstreamIn
    owner: str = Field(default="", max_length=150)
    starts_on: dt.date
    due_on: dt.date
    status: StatusIn = "not-started"
    depends_on: list[int] = Field(default_factory=list, max_length=500)
    notes: str = Field(default="", max_length=4000)


class TaskUpdateIn(TaskIn):
    version: int = Field(ge=0, description="The task's version when you read it")


class FigureOut(Schema):
    value: str = Field(description="Pence for a financial benefit, else a decimal figure")
    text: str


class ActualOut(Schema):
    period_end: dt.date
    actual: FigureOut
    expected: FigureOut
    standing: str
    note: str


class BenefitOut(Schema):
    id: int
    title: str
    kind: str
    measure: str
    unit: str
    baseline: FigureOut
    target: FigureOut
    starts_on: dt.date
    target_on: dt.date
    owner: str
    organisation_ids: list[int]
    standing: str
    actuals: list[ActualOut]
    version: int


class BenefitIn(InSchema):
    title: str = Field(min_length=1, max_length=300)
    kind: Literal["financial", "non-financial"]
    measure: str = Field(min_length=1, max_length=500)
    unit: str = Field(default="", max_length=40)
    baseline: str = Field(max_length=40, description='As people write it: "£1.2m", "72"')
    target: str = Field(max_length=40)
    starts_on: dt.date
    target_on: dt.date
    owner: str = Field(min_length=1, max_length=150)
    organisation_ids: list[int] = Field(min_length=1, max_length=100)


class BenefitUpdateIn(BenefitIn):
    version: int = Field(ge=0, description="The benefit's version when you read it")


class ActualIn(InSchema):
    period_end: dt.date
    value: str = Field(max_length=40, description='As people write it: "£350,000", "0.35m"')
    note: str = Field(default="", max_length=2000)


# Scoping --------------------------------------------------------------------------------------


def _access(caller: Caller, owner: Owner, owner_id: int) -> DeliveryAccess:
    """The caller's access through the organisations the token may reach; 404 otherwise."""
    if not 0 < owner_id <= MAX_ID:
        raise Http404
    if owner == "organisations":
        if owner_id not in caller.organisation_ids:
            raise Http404
        return delivery_access(actor=caller.user, organisation_id=owner_id)
    access = delivery_access(actor=caller.user, partnership_id=owner_id)
    assert access.partnership_access is not None
    reachable = [
        m
        for m in access.partnership_access.memberships
        if m.organisation_id in caller.organisation_ids
    ]
    if not reachable:
        raise Http404
    # Only the memberships the token may act through count towards editing.
    can_edit = access.partnership_access.is_coordinator or any(can_contribute(m) for m in reachable)
    return DeliveryAccess(
        access.user,
        access.partnership,
        None,
        can_edit,
        access.members,
        partnership_access=access.partnership_access,
    )


def _field_error(field: str, message: str) -> ApiError:
    return ApiError(400, details=[{"field": field, "message": message}])


def _figure(benefit_kind: str, text: str, field: str, *, allow_negative: bool = False) -> Any:
    try:
        if benefit_kind == Benefit.Kind.FINANCIAL:
            return parse_money(text, allow_negative=allow_negative)
        return parse_quantity(text)
    except MoneyError as error:
        raise _field_error(field, str(error)) from None


def _figure_out(benefit: Benefit, value: Decimal | int | None) -> dict[str, str]:
    if value is None:
        return {"value": "", "text": "–"}
    if benefit.is_financial:
        number = str(int(Decimal(value).to_integral_value()))
    else:
        number = str(Decimal(value).quantize(Decimal("0.01")))
    return {"value": number, "text": selectors.figure_text(benefit, value)}


def _task_out(row: selectors.TaskRow) -> dict[str, Any]:
    task = row.task
    return {
        "id": task.pk,
        "workstream": task.workstream,
        "title": task.title,
        "owner": task.owner,
        "starts_on": task.starts_on,
        "due_on": task.due_on,
        "status": task.status,
        "depends_on": sorted(d.pk for d in task.depends_on.all()),
        "question_code": task.question_code,
        "notes": task.notes,
        "late": row.late,
        "blocked": row.blocked,
        "on_critical_path": row.on_critical_path,
        "version": task.version,
    }


def _plan_out(access: DeliveryAccess) -> dict[str, Any]:
    view = selectors.plan_view(selectors.programme_get(access))
    return {
        "starts_on": view.programme.starts_on,
        "workstreams": [
            {
                "id": ws.id,
                "name": ws.name,
                "tasks": ws.total,
                "done": ws.done,
                "late": ws.late,
                "blocked": ws.blocked,
            }
            for ws in view.workstreams
        ],
        "critical_path": [r.task.pk for r in view.critical],
        "critical_path_days": view.critical_days,
        "critical_path_ends": view.critical_ends,
        "tasks": [_task_out(r) for r in view.rows],
    }


def _benefit_out(row: selectors.BenefitRow) -> dict[str, Any]:
    b = row.benefit
    return {
        "id": b.pk,
        "title": b.title,
        "kind": b.kind,
        "measure": b.measure,
        "unit": b.unit,
        "baseline": _figure_out(b, selectors.baseline_of(b)),
        "target": _figure_out(b, selectors.target_of(b)),
        "starts_on": b.starts_on,
        "target_on": b.target_on,
        "owner": b.owner,
        "organisation_ids": sorted(o.pk for o in b.organisations.all()),
        "standing": row.standing.value,
        "actuals": [
            {
                "period_end": a.actual.period_end,
                "actual": _figure_out(b, a.value),
                "expected": _figure_out(b, a.expected),
                "standing": a.standing.value,
                "note": a.actual.note,
            }
            for a in row.actuals
        ],
        "version": b.version,
    }


# Transition plan ------------------------------------------------------------------------------


@router.get("/{owner}/{owner_id}/transition-plan", response={200: PlanOut, **READ_ERRORS})
def transition_plan_get(request: HttpRequest, owner: Owner, owner_id: int) -> dict[str, Any]:
    """The transition plan: progress per workstream, the critical path of the open tasks, and
    every task with its dependencies and whether it is late or blocked."""
    return _plan_out(_access(caller_of(request), owner, owner_id))


def _save_task(access: DeliveryAccess, task: Task | None, payload: TaskIn, version: int) -> Any:
    values = payload.model_dump()
    values.pop("version", None)
    try:
        return services.task_save(access=access, task=task, based_on_version=version, **values)
    except services.Stale:
        raise ApiError(
            409,
            "This task changed since you read it; nothing was saved. Read the plan again and "
            "send the task with its current version to replace it.",
            code="stale",
        ) from None


@router.post(
    "/{owner}/{owner_id}/transition-plan/tasks",
    response={201: TaskOut, **WRITE_ERRORS},
)
def transition_task_create(
    request: HttpRequest, owner: Owner, owner_id: int, payload: TaskIn
) -> Status[dict[str, Any]]:
    """Add a task. Refused (400, naming the field): dates before the programme starts, a due
    date before the start, dependencies outside the plan."""
    access = _access(require_write(request), owner, owner_id)
    task = _save_task(access, None, payload, 0)
    return Status(201, _task_row(access, task.pk))


def _task_row(access: DeliveryAccess, task_id: int) -> dict[str, Any]:
    view = selectors.plan_view(selectors.programme_get(access))
    return _task_out(next(r for r in view.rows if r.task.pk == task_id))


@router.put(
    "/{owner}/{owner_id}/transition-plan/tasks/{task_id}",
    response={200: TaskOut, **WRITE_ERRORS},
)
def transition_task_put(
    request: HttpRequest, owner: Owner, owner_id: int, task_id: int, payload: TaskUpdateIn
) -> dict[str, Any]:
    """Change a task. Also refused: depending on itself, or a dependency that closes a cycle.
    A version older than the saved one is 409 and nothing is saved."""
    access = _access(require_write(request), owner, owner_id)
    if not 0 < task_id <= MAX_ID:
        raise Http404
    task = selectors.task_get(access, task_id)
    _save_task(access, task, payload, payload.version)
    return _task_row(access, task_id)


# Benefits register ----------------------------------------------------------------------------


@router.get("/{owner}/{owner_id}/benefits", response={200: list[BenefitOut], **READ_ERRORS})
def benefits_list(request: HttpRequest, owner: Owner, owner_id: int) -> list[dict[str, Any]]:
    """Every expected benefit, with its actuals by period against the expected figure then and
    whether it is behind plan."""
    access = _access(caller_of(request), owner, owner_id)
    return [_benefit_out(r) for r in selectors.register_rows(selectors.programme_get(access))]


def _save_benefit(
    access: DeliveryAccess, benefit: Benefit | None, payload: BenefitIn, version: int
) -> Benefit:
    access.require_edit()  # who may write comes before what they wrote
    by_id = {o.pk: o for o in access.members}
    unknown = [i for i in payload.organisation_ids if i not in by_id]
    if unknown:
        raise _field_error("organisation_ids", "Select organisations in this programme")
    if payload.kind == "non-financial" and not payload.unit.strip():
        raise _field_error("unit", "Enter the unit of a non-financial benefit, like days or %")
    try:
        return services.benefit_save(
            access=access,
            benefit=benefit,
            based_on_version=version,
            title=payload.title,
            kind=payload.kind,
            measure=payload.measure,
            unit=payload.unit,
            baseline=_figure(payload.kind, payload.baseline, "baseline"),
            target=_figure(payload.kind, payload.target, "target"),
            starts_on=payload.starts_on,
            target_on=payload.target_on,
            owner=payload.owner,
            organisations=[by_id[i] for i in payload.organisation_ids],
        )
    except services.Stale:
        raise ApiError(
            409,
            "This benefit changed since you read it; nothing was saved. Read it again and send "
            "it with its current version to replace it.",
            code="stale",
        ) from None


def _benefit_row(access: DeliveryAccess, benefit_id: int) -> dict[str, Any]:
    return _benefit_out(selectors.benefit_row(selectors.benefit_get(access, benefit_id)))


@router.post("/{owner}/{owner_id}/benefits", response={201: BenefitOut, **WRITE_ERRORS})
def benefit_create(
    request: HttpRequest, owner: Owner, owner_id: int, payload: BenefitIn
) -> Status[dict[str, Any]]:
    """Add a benefit. Money as text ("£1,200,000", "1.2m"); a figure that cannot be read
    exactly is 400 naming the field and why."""
    access = _access(require_write(request), owner, owner_id)
    benefit = _save_benefit(access, None, payload, 0)
    return Status(201, _benefit_row(access, benefit.pk))


@router.put("/{owner}/{owner_id}/benefits/{benefit_id}", response={200: BenefitOut, **WRITE_ERRORS})
def benefit_put(
    request: HttpRequest, owner: Owner, owner_id: int, benefit_id: int, payload: BenefitUpdateIn
) -> dict[str, Any]:
    """Change a benefit; a version older than the saved one is 409 and nothing is saved."""
    access = _access(require_write(request), owner, owner_id)
    if not 0 < benefit_id <= MAX_ID:
        raise Http404
    benefit = selectors.benefit_get(access, benefit_id)
    _save_benefit(access, benefit, payload, payload.version)
    return _benefit_row(access, benefit_id)


@router.put(
    "/{owner}/{owner_id}/benefits/{benefit_id}/actuals",
    response={200: BenefitOut, **WRITE_ERRORS},
)
def benefit_actual_put(
    request: HttpRequest, owner: Owner, owner_id: int, benefit_id: int, payload: ActualIn
) -> dict[str, Any]:
    """Record the figure achieved in the period ending ``period_end`` (replacing any figure
    already recorded for that period). Refused: a period in the future or before the programme."""
    access = _access(require_write(request), owner, owner_id)
    if not 0 < benefit_id <= MAX_ID:
        raise Http404
    benefit = selectors.benefit_get(access, benefit_id)
    value = _figure(benefit.kind, payload.value, "value", allow_negative=True)
    services.actual_record(
        access=access,
        benefit=benefit,
        period_end=payload.period_end,
        value=value,
        note=payload.note,
    )
    return _benefit_row(access, benefit_id)
