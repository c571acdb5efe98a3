"""Reads of a delivery programme, always through the acting user's ``DeliveryAccess``.

Queries are fixed whatever the number of tasks, dependencies, benefits and actuals: the plan is
the programme, its tasks and their dependencies (3 queries); the register is the programme, its
benefits, their organisations and their actuals (4).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.http import Http404
from django.utils import timezone

from rasp.audit.models import AuditEvent
from rasp.delivery.access import DeliveryAccess
from rasp.delivery.models import Benefit, BenefitActual, Programme, Task, Workstream
from rasp.domain.delivery.benefits import Standing, Trajectory, standing
from rasp.domain.delivery.critical_path import (
    CriticalPath,
    CycleError,
    PlanTask,
    critical_path,
    duration_days,
)
from rasp.domain.delivery.money import format_money, format_quantity


def programme_of(access: DeliveryAccess) -> Programme | None:
    if access.partnership is not None:
        return Programme.objects.filter(partnership=access.partnership).first()
    return Programme.objects.filter(organisation=access.organisation).first()


def programme_get(access: DeliveryAccess) -> Programme:
    programme = programme_of(access)
    if programme is None:
        raise Http404
    return programme


def task_list(programme: Programme) -> list[Task]:
    return list(programme.tasks.prefetch_related("depends_on").order_by("due_on", "id"))


def task_get(access: DeliveryAccess, task_id: int) -> Task:
    """One task of the actor's programme; Http404 for any other id."""
    programme = programme_get(access)
    task = programme.tasks.prefetch_related("depends_on").filter(pk=task_id).first()
    if task is None:
        raise Http404
    task.programme = programme
    return task


# The transition plan ------------------------------------------------------------------------------


@dataclass(frozen=True)
class TaskRow:
    task: Task
    late: bool
    blocked: bool
    waiting_on: tuple[Task, ...]  # open dependencies
    on_critical_path: bool


@dataclass(frozen=True)
class WorkstreamRow:
    id: str
    name: str
    tasks: tuple[TaskRow, ...]
    done: int
    late: int
    blocked: int

    @property
    def total(self) -> int:
        return len(self.tasks)

    @property
    def percent_done(self) -> int:
        return round(100 * self.done / self.total) if self.tasks else 0


@dataclass(frozen=True)
class PlanView:
    programme: Programme
    today: dt.date
    workstreams: tuple[WorkstreamRow, ...]
    late: tuple[TaskRow, ...]
    blocked: tuple[TaskRow, ...]
    critical: tuple[TaskRow, ...]
    critical_days: int
    critical_ends: dt.date | None  # when the critical path can finish, starting today

    @property
    def rows(self) -> tuple[TaskRow, ...]:
        return tuple(row for ws in self.workstreams for row in ws.tasks)

    @property
    def total(self) -> int:
        return sum(ws.total for ws in self.workstreams)

    @property
    def done(self) -> int:
        return sum(ws.done for ws in self.workstreams)


def is_open(task: Task) -> bool:
    return task.status != Task.Status.DONE


def open_critical_path(tasks: Sequence[Task]) -> CriticalPath:
    """The critical path of the open tasks; a stored cycle (which the services refuse, so only
    bad data could hold one) gives an empty path rather than a broken page."""
    plan = [
        PlanTask(
            id=t.pk,
            duration_days=duration_days(t.starts_on, t.due_on),
            depends_on=tuple(d.pk for d in t.depends_on.all() if is_open(d)),
            due=t.due_on,
        )
        for t in tasks
        if is_open(t)
    ]
    try:
        return critical_path(plan)
    except CycleError:
        return CriticalPath((), 0)


def plan_view(programme: Programme, today: dt.date | None = None) -> PlanView:
    today = today or timezone.localdate()
    tasks = task_list(programme)
    path = open_critical_path(tasks)
    on_path = set(path.task_ids)
    rows: list[TaskRow] = []
    for task in tasks:
        waiting = tuple(d for d in task.depends_on.all() if is_open(d))
        late = is_open(task) and task.due_on < today
        # Blocked: said to be, or waiting on a task that is itself late.
        blocked = is_open(task) and (
            task.status == Task.Status.BLOCKED or any(d.due_on < today for d in waiting)
        )
        rows.append(TaskRow(task, late, blocked, waiting, task.pk in on_path))
    workstreams = []
    for value, label in Workstream.choices:
        mine = tuple(r for r in rows if r.task.workstream == value)
        workstreams.append(
            WorkstreamRow(
                value,
                str(label),
                mine,
                done=sum(1 for r in mine if not is_open(r.task)),
                late=sum(1 for r in mine if r.late),
                blocked=sum(1 for r in mine if r.blocked),
            )
        )
    by_id = {r.task.pk: r for r in rows}
    critical = tuple(by_id[i] for i in path.task_ids)
    return PlanView(
        programme,
        today,
        tuple(workstreams),
        late=tuple(r for r in rows if r.late),
        blocked=tuple(r for r in rows if r.blocked),
        critical=critical,
        critical_days=path.total_days,
        critical_ends=_chain_end(critical, today) if critical else None,
    )


def _chain_end(chain: Sequence[TaskRow], today: dt.date) -> dt.date:
    """When the chain can finish: each task starts on its start date or when the one before it
    ends, whichever is later, and never before today unless it is already under way."""
    end: dt.date | None = None
    for row in chain:
        task = row.task
        start = task.starts_on
        if end is not None:
            start = max(start, end + dt.timedelta(days=1))
        if task.status == Task.Status.NOT_STARTED:
            start = max(start, today)
        end = start + dt.timedelta(days=duration_days(task.starts_on, task.due_on) - 1)
    assert end is not None
    return end


# The benefits register ----------------------------------------------------------------------------


def benefit_list(programme: Programme) -> list[Benefit]:
    return list(
        programme.benefits.prefetch_related("organisations", "actuals").order_by("target_on", "id")
    )


def benefit_find(access: DeliveryAccess, benefit_id: int) -> Benefit | None:
    """One benefit of the actor's register, or None (another register's id, or deleted)."""
    programme = programme_get(access)
    benefit = (
        programme.benefits.prefetch_related("organisations", "actuals")
        .filter(pk=benefit_id)
        .first()
    )
    if benefit is not None:
        benefit.programme = programme
    return benefit


def benefit_get(access: DeliveryAccess, benefit_id: int) -> Benefit:
    benefit = benefit_find(access, benefit_id)
    if benefit is None:
        raise Http404
    return benefit


def actual_of(benefit: Benefit, actual_id: int) -> BenefitActual | None:
    """One actual of a benefit fetched with its actuals, or None."""
    return next((a for a in benefit.actuals.all() if a.pk == actual_id), None)


# What a confirmation page showed, so a delete can be refused if it has changed since: a benefit's
# version and its actuals (how many, and when the latest was recorded: recording or correcting
# one moves that on); an actual's period, figure and when it was recorded.


def _moment(value: dt.datetime | None) -> str:
    return value.astimezone(dt.UTC).strftime("%Y%m%d%H%M%S%f") if value else "-"


def actuals_seen(count: int, latest_recorded_at: dt.datetime | None) -> str:
    return f"{count}:{_moment(latest_recorded_at)}"


def actuals_seen_of(benefit: Benefit) -> str:
    """``actuals_seen`` of a benefit fetched with its actuals."""
    actuals = list(benefit.actuals.all())
    return actuals_seen(len(actuals), max((a.recorded_at for a in actuals), default=None))


def actual_seen(actual: BenefitActual) -> str:
    figure = actual.value_pence if actual.value_pence is not None else actual.value
    return f"{actual.period_end.isoformat()}:{figure}:{_moment(actual.recorded_at)}"


@dataclass(frozen=True)
class Deletion:
    """A benefit or an actual that was deleted from this register, as the audit trail has it."""

    title: str  # the benefit's
    period_end: dt.date | None = None  # an actual's


def _deletion(access: DeliveryAccess, action: str, target: str) -> dict[str, Any] | None:
    detail = (
        AuditEvent.objects.filter(
            action=action, target=target, **{f"detail__{access.kind}": access.owner.pk}
        )
        .values_list("detail", flat=True)
        .first()
    )
    return detail if isinstance(detail, dict) else None


def benefit_deletion(access: DeliveryAccess, benefit_id: int) -> Deletion | None:
    """The benefit, if it was deleted from this register; None for an id never in it."""
    detail = _deletion(access, AuditEvent.Action.DELIVERY_BENEFIT_DELETED, f"benefit {benefit_id}")
    return Deletion(str(detail.get("title", ""))) if detail else None


def actual_deletion(access: DeliveryAccess, benefit_id: int, actual_id: int) -> Deletion | None:
    """The actual, if it was deleted from this benefit of this register; else None."""
    detail = _deletion(access, AuditEvent.Action.DELIVERY_ACTUAL_DELETED, f"actual {actual_id}")
    if detail is None or detail.get("benefit") != benefit_id:
        return None
    try:
        period_end = dt.date.fromisoformat(str(detail.get("period_end")))
    except ValueError:
        period_end = None
    return Deletion(str(detail.get("title", "")), period_end)


def baseline_of(benefit: Benefit) -> Decimal:
    """Financial figures in pence, others as they are: both exact Decimals."""
    return Decimal(benefit.baseline_pence) if benefit.is_financial else benefit.baseline_value  # type: ignore[arg-type,return-value]


def target_of(benefit: Benefit) -> Decimal:
    return Decimal(benefit.target_pence) if benefit.is_financial else benefit.target_value  # type: ignore[arg-type,return-value]


def actual_figure(benefit: Benefit, actual: BenefitActual) -> Decimal:
    if benefit.is_financial:
        return Decimal(actual.value_pence)  # type: ignore[arg-type]
    return actual.value  # type: ignore[return-value]


def figure_text(benefit: Benefit, value: Decimal | int | None) -> str:
    """A figure as people read it: "£1,200,000" or "72 days"."""
    if value is None:
        return "–"
    if benefit.is_financial:
        return format_money(int(Decimal(value).to_integral_value()))
    text = format_quantity(Decimal(value))
    return f"{text}{benefit.unit}" if benefit.unit == "%" else f"{text} {benefit.unit}".strip()


def trajectory_of(benefit: Benefit) -> Trajectory:
    return Trajectory(
        baseline_of(benefit), target_of(benefit), benefit.starts_on, benefit.target_on
    )


@dataclass(frozen=True)
class ActualRow:
    actual: BenefitActual
    value: Decimal
    expected: Decimal
    standing: Standing


@dataclass(frozen=True)
class BenefitRow:
    benefit: Benefit
    actuals: tuple[ActualRow, ...]
    latest: ActualRow | None
    standing: Standing

    @property
    def behind(self) -> bool:
        return self.standing is Standing.BEHIND


def benefit_row(benefit: Benefit) -> BenefitRow:
    trajectory = trajectory_of(benefit)
    rows = []
    for actual in sorted(benefit.actuals.all(), key=lambda a: a.period_end):
        value = actual_figure(benefit, actual)
        expected = trajectory.expected_at(actual.period_end)
        # Shown to the pound (or to 2 places): the straight line is an estimate, and
        # "£124,316.94 expected" would claim a precision nobody planned to.
        shown = (
            (expected / 100).quantize(Decimal(1)) * 100
            if benefit.is_financial
            else expected.quantize(Decimal("0.01"))
        )
        rows.append(
            ActualRow(
                actual,
                value,
                shown,
                standing(trajectory, actual.period_end, value),
            )
        )
    latest = rows[-1] if rows else None
    return BenefitRow(
        benefit, tuple(rows), latest, latest.standing if latest else Standing.NO_ACTUALS
    )


def register_rows(programme: Programme) -> list[BenefitRow]:
    return [benefit_row(b) for b in benefit_list(programme)]


@dataclass(frozen=True)
class Evidence:
    """What a programme's benefits register shows, for the HC1 health-check question."""

    owner_name: str
    href: str
    rows: tuple[BenefitRow, ...]

    @property
    def with_actuals(self) -> int:
        return sum(1 for r in self.rows if r.latest is not None)

    @property
    def behind(self) -> int:
        return sum(1 for r in self.rows if r.behind)
