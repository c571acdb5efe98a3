"""Writes to a delivery programme. Each checks the actor may edit, validates, saves and audits.

Refused with a message naming the field: a date before the programme starts, a due date before a
task's start, a task depending on itself, a dependency that would close a cycle, a dependency on a
task of another programme, an organisation outside the partnership, an actual for a future period.
Edits name the version they were based on; an older one raises ``Stale`` with the current row.
Deleting a benefit or an actual names what the confirmation page showed: if that has changed
since, ``Changed`` and nothing is deleted; if it has gone already, ``Gone``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from rasp.assessments.models import Assessment
from rasp.audit.services import audit_record
from rasp.delivery.access import DeliveryAccess
from rasp.delivery.models import Benefit, BenefitActual, Programme, Task, Workstream
from rasp.delivery.selectors import (
    actual_figure,
    actual_seen,
    actuals_seen,
    programme_get,
    programme_of,
)
from rasp.domain.delivery.critical_path import find_cycle
from rasp.domain.framework.schema import Framework
from rasp.domain.scoring.results import Gap
from rasp.frameworks.selectors import without_source
from rasp.organisations.models import Organisation
from rasp.partnerships.selectors import joint_result
from rasp.reports.results import scored

PROGRAMME_STARTED = "delivery-programme-started"
TASK_SAVED = "delivery-task-saved"
TASK_DELETED = "delivery-task-deleted"
TASKS_FROM_ADVICE = "delivery-tasks-from-advice"
BENEFIT_SAVED = "delivery-benefit-saved"
ACTUAL_RECORDED = "delivery-actual-recorded"
BENEFIT_DELETED = "delivery-benefit-deleted"
ACTUAL_DELETED = "delivery-actual-deleted"

# Where the framework's advice lands in the five workstreams: by topic where one is clearly about
# people, contracts, systems or equipment, else by the question's area.
TOPIC_WORKSTREAMS = {
    **dict.fromkeys(
        ("EC5", "EC6", "EC7", "EC8", "EC9", "EC10", "EC13", "TR7", "RM9", "HC6", "HC13"), "people"
    ),
    **dict.fromkeys(
        ("TR6", "RM6", "RM10", "GV1", "GV2", "GV3", "GV10", "GV11", "GV12", "HC5", "HC12"),
        "contracts",
    ),
    **dict.fromkeys(("RM1", "RM2", "RM3", "RM4", "RM5", "RM8", "GV14", "HC10"), "systems"),
    **dict.fromkeys(("TR5",), "equipment"),
}
AREA_WORKSTREAMS = {
    "ethos-culture": "people",
    "governance": "contracts",
    "risk": "systems",
    "resources": "resources",
    "shared-vision": "resources",
}
# A seeded task's first length, which its owner then adjusts.
SEEDED_TASK_DAYS = 56


class Stale(Exception):
    def __init__(self, current: Task | Benefit) -> None:
        super().__init__("stale delivery edit")
        self.current = current


def _still_there(benefit: Benefit | None) -> Benefit:
    """The benefit a save is about, or 404 if someone deleted it since the page was opened (the
    page and the API both answer a missing benefit so)."""
    if benefit is None:
        raise Http404
    return benefit


class Gone(Exception):
    """What was to be deleted is not there (any more)."""


class Changed(Exception):
    """What was to be deleted changed after the person was shown it: nothing is deleted."""


def _day(value: dt.date) -> str:
    return date_format(value, "j F Y")


def _audit(access: DeliveryAccess, action: str, target: str, **detail: object) -> None:
    audit_record(
        action=action,
        actor=access.user,
        organisation_id=access.audit_organisation_id,
        target=target,
        detail={access.kind: access.owner.pk, **detail},
    )


@transaction.atomic
def programme_start(*, access: DeliveryAccess, starts_on: dt.date) -> Programme:
    """Start the programme, or move its start; refused if anything is dated before the new one."""
    access.require_edit()
    programme = programme_of(access)
    if programme is None:
        programme = Programme(
            partnership=access.partnership, organisation=access.organisation, starts_on=starts_on
        )
    else:
        earliest = [
            d
            for d in (
                programme.tasks.order_by("starts_on").values_list("starts_on", flat=True).first(),
                programme.benefits.order_by("starts_on")
                .values_list("starts_on", flat=True)
                .first(),
            )
            if d is not None
        ]
        if earliest and min(earliest) < starts_on:
            raise ValidationError(
                {
                    "starts_on": _(
                        "The programme cannot start after %(date)s: something in the plan or "
                        "the register already starts then"
                    )
                    % {"date": _day(min(earliest))}
                }
            )
        programme.starts_on = starts_on
    programme.save()
    _audit(access, PROGRAMME_STARTED, f"programme {programme.pk}", starts_on=str(starts_on))
    return programme


def _check_dates(
    programme: Programme, fields: Iterable[tuple[str, str, dt.date | None]]
) -> dict[str, str]:
    errors = {}
    for field, label, value in fields:
        if value is not None and value < programme.starts_on:
            errors[field] = _(
                "%(label)s must be on or after %(start)s, when the programme starts"
            ) % {"label": label, "start": _day(programme.starts_on)}
    return errors


@transaction.atomic
def task_save(
    *,
    access: DeliveryAccess,
    task: Task | None,
    based_on_version: int,
    title: str,
    workstream: str,
    owner: str,
    starts_on: dt.date,
    due_on: dt.date,
    status: str,
    depends_on: Sequence[int],
    notes: str,
) -> Task:
    """Add a task or change one. Refuses dates before the programme, a self-dependency and any
    dependency that would close a cycle; a stale edit raises ``Stale``."""
    access.require_edit()
    programme = Programme.objects.select_for_update().get(pk=programme_get(access).pk)
    if task is None:
        task = Task(programme=programme, version=0)
    else:
        task = Task.objects.select_for_update().get(pk=task.pk, programme=programme)
        if task.version != based_on_version:
            raise Stale(task)
    errors = _check_dates(
        programme, (("starts_on", _("Start date"), starts_on), ("due_on", _("Due date"), due_on))
    )
    if "due_on" not in errors and due_on < starts_on:
        errors["due_on"] = _("Due date must be on or after the start date")
    wanted = set(depends_on)
    if task.pk is not None and task.pk in wanted:
        errors["depends_on"] = _("A task cannot depend on itself")
    edges: dict[int, list[int]] = {}
    for source, target in Task.depends_on.through.objects.filter(
        from_task__programme=programme
    ).values_list("from_task_id", "to_task_id"):
        edges.setdefault(source, []).append(target)
    known = set(programme.tasks.values_list("pk", flat=True))
    if wanted - known:
        errors.setdefault("depends_on", _("Select tasks from this plan"))
    if "depends_on" not in errors and task.pk is not None:
        edges[task.pk] = sorted(wanted)
        for node in known:
            edges.setdefault(node, [])
        cycle = find_cycle(edges)
        if cycle is not None:
            names = dict(programme.tasks.filter(pk__in=cycle).values_list("pk", "title"))
            errors["depends_on"] = _(
                "That would make a loop, where no task could ever start: %(loop)s"
            ) % {"loop": " → ".join(names[i] for i in cycle)}
    if errors:
        raise ValidationError(errors)
    task.title, task.workstream, task.owner = title.strip(), workstream, owner.strip()
    task.starts_on, task.due_on, task.status, task.notes = starts_on, due_on, status, notes.strip()
    task.version += 1
    task.full_clean(exclude=["programme"])
    task.save()
    task.depends_on.set(wanted)
    _audit(access, TASK_SAVED, f"task {task.pk}", status=status, workstream=workstream)
    return task


@transaction.atomic
def task_delete(*, access: DeliveryAccess, task: Task) -> None:
    """Remove a task; tasks that waited for it simply no longer do."""
    access.require_edit()
    programme = programme_get(access)
    task = Task.objects.select_for_update().get(pk=task.pk, programme=programme)
    waiting = list(task.dependants.values_list("pk", flat=True))
    _audit(access, TASK_DELETED, f"task {task.pk}", title=task.title[:200], dependants=waiting)
    task.delete()


def _latest_gaps(access: DeliveryAccess) -> tuple[Sequence[Gap], Framework | None]:
    """The gaps of the latest results: the partnership's joint view, or the organisation's
    latest closed assessment."""
    if access.partnership_access is not None:
        joint = joint_result(access=access.partnership_access)
        if joint.result is None:
            return (), None
        return joint.result.gaps, joint.framework
    latest = (
        Assessment.objects.filter(organisation=access.organisation, closed_at__isnull=False)
        .select_related("framework_version")
        .defer(*without_source("framework_version"))
        .order_by("-closed_at", "-id")
        .first()
    )
    if latest is None:
        return (), None
    result = scored(latest)
    return result.headline.gaps, result.framework


def workstream_for(framework: Framework, code: str) -> str:
    question = framework.question(code)
    for topic in question.topics:
        if topic in TOPIC_WORKSTREAMS:
            return TOPIC_WORKSTREAMS[topic]
    return AREA_WORKSTREAMS.get(question.area.value, Workstream.RESOURCES.value)


@transaction.atomic
def tasks_from_advice(*, access: DeliveryAccess, today: dt.date | None = None) -> int:
    """One task per gap of the latest results that has none yet, in the workstream its topic
    belongs to, most urgent first. Returns how many were added."""
    access.require_edit()
    programme = programme_get(access)
    gaps, framework = _latest_gaps(access)
    if framework is None:
        return 0
    existing = set(
        programme.tasks.exclude(question_code="").values_list("question_code", flat=True)
    )
    start = max(programme.starts_on, today or timezone.localdate())
    created = []
    for gap in sorted(gaps, key=lambda g: (-g.priority, g.code)):
        if gap.code in existing:
            continue
        title = f"{gap.code}: {gap.advice or framework.question(gap.code).text}"
        created.append(
            Task(
                programme=programme,
                workstream=workstream_for(framework, gap.code),
                title=title[:300],
                starts_on=start,
                due_on=start + dt.timedelta(days=SEEDED_TASK_DAYS - 1),
                question_code=gap.code,
            )
        )
        existing.add(gap.code)
    Task.objects.bulk_create(created)
    _audit(access, TASKS_FROM_ADVICE, f"programme {programme.pk}", created=len(created))
    return len(created)


@transaction.atomic
def benefit_save(
    *,
    access: DeliveryAccess,
    benefit: Benefit | None,
    based_on_version: int,
    title: str,
    kind: str,
    measure: str,
    unit: str,
    baseline: int | Decimal,
    target: int | Decimal,
    starts_on: dt.date,
    target_on: dt.date,
    owner: str,
    organisations: Sequence[Organisation],
) -> Benefit:
    """Add a benefit or change one; financial figures are pence, others Decimals."""
    access.require_edit()
    programme = programme_get(access)
    if benefit is None:
        benefit = Benefit(programme=programme, version=0)
    else:
        locked = Benefit.objects.select_for_update().filter(pk=benefit.pk, programme=programme)
        benefit = _still_there(locked.first())
        if benefit.version != based_on_version:
            raise Stale(benefit)
    errors = _check_dates(
        programme,
        (("starts_on", _("Measured from"), starts_on), ("target_on", _("Target date"), target_on)),
    )
    if "target_on" not in errors and target_on <= starts_on:
        errors["target_on"] = _("Target date must be after the date measuring starts")
    allowed = {o.pk for o in access.members}
    if any(o.pk not in allowed for o in organisations):
        errors["organisations"] = _("Select organisations in this programme")
    if errors:
        raise ValidationError(errors)
    benefit.title, benefit.kind, benefit.measure = title.strip(), kind, measure.strip()
    benefit.owner = owner.strip()
    benefit.starts_on, benefit.target_on = starts_on, target_on
    if kind == Benefit.Kind.FINANCIAL:
        benefit.baseline_pence, benefit.target_pence = int(baseline), int(target)
        benefit.baseline_value = benefit.target_value = None
        benefit.unit = ""
    else:
        benefit.baseline_value, benefit.target_value = Decimal(baseline), Decimal(target)
        benefit.baseline_pence = benefit.target_pence = None
        benefit.unit = unit.strip()
    benefit.version += 1
    benefit.full_clean(exclude=["programme"])
    benefit.save()
    benefit.organisations.set(organisations)
    _audit(access, BENEFIT_SAVED, f"benefit {benefit.pk}", kind=kind)
    return benefit


@transaction.atomic
def actual_record(
    *,
    access: DeliveryAccess,
    benefit: Benefit,
    period_end: dt.date,
    value: int | Decimal,
    note: str,
    today: dt.date | None = None,
) -> BenefitActual:
    """Record (or correct) the figure achieved in the period ending ``period_end``."""
    access.require_edit()
    # Locked, so a deletion of the benefit waits for this record or this record sees it gone.
    benefit = _still_there(
        Benefit.objects.select_for_update(of=("self",))
        .select_related("programme")
        .filter(pk=benefit.pk, programme=programme_get(access))
        .first()
    )
    errors = _check_dates(benefit.programme, (("period_end", _("End of the period"), period_end),))
    if "period_end" not in errors and period_end > (today or timezone.localdate()):
        errors["period_end"] = _("End of the period must be today or in the past")
    if errors:
        raise ValidationError(errors)
    figures: dict[str, int | Decimal | None] = (
        {"value_pence": int(value), "value": None}
        if benefit.is_financial
        else {"value_pence": None, "value": Decimal(value)}
    )
    actual, _created = BenefitActual.objects.update_or_create(
        benefit=benefit,
        period_end=period_end,
        defaults={**figures, "note": note.strip(), "recorded_by": access.user},
    )
    _audit(access, ACTUAL_RECORDED, f"benefit {benefit.pk}", period_end=str(period_end))
    return actual


@transaction.atomic
def benefit_delete(
    *, access: DeliveryAccess, benefit_id: int, seen_version: int | None, seen_actuals: str
) -> tuple[Benefit, int]:
    """Delete a benefit of this register with all its actuals; returns it and how many actuals
    went with it. ``Gone`` if it is not in the register; ``Changed`` (nothing deleted) if it, or
    its actuals, changed since the person saw ``seen_version`` and ``seen_actuals``."""
    access.require_edit()
    programme = programme_get(access)
    benefit = Benefit.objects.select_for_update().filter(pk=benefit_id, programme=programme).first()
    if benefit is None:
        raise Gone
    actuals = benefit.actuals.aggregate(count=Count("pk"), latest=Max("recorded_at"))
    if (
        benefit.version != seen_version
        or actuals_seen(actuals["count"], actuals["latest"]) != seen_actuals
    ):
        raise Changed
    _audit(
        access,
        BENEFIT_DELETED,
        f"benefit {benefit.pk}",
        title=benefit.title[:200],
        actuals=actuals["count"],
    )
    benefit.delete()  # its actuals and its organisations go with it, a query each
    return benefit, actuals["count"]


@transaction.atomic
def actual_delete(
    *, access: DeliveryAccess, benefit_id: int, actual_id: int, seen: str
) -> BenefitActual:
    """Delete one actual of a benefit of this register. ``Gone`` if it is not there; ``Changed``
    (nothing deleted) if it was corrected since the person saw it as ``seen``."""
    access.require_edit()
    programme = programme_get(access)
    actual = (
        BenefitActual.objects.select_for_update()
        .select_related("benefit")
        .filter(pk=actual_id, benefit_id=benefit_id, benefit__programme=programme)
        .first()
    )
    if actual is None:
        raise Gone
    if actual_seen(actual) != seen:
        raise Changed
    figure = actual_figure(actual.benefit, actual)
    _audit(
        access,
        ACTUAL_DELETED,
        f"actual {actual.pk}",
        benefit=actual.benefit_id,
        title=actual.benefit.title[:200],
        period_end=str(actual.period_end),
        figure=str(figure),
    )
    actual.delete()
    return actual
