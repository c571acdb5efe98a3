"""The demo partnership's transition plan and benefits register, so the delivery pages and their
downloads have something real to show: tasks in every workstream with dependencies, some done,
some late and some blocked, and three benefits with quarterly actuals, one of them behind plan.

Dates are set relative to today (the programme started about nine months ago), so the plan
always has work done, work late and work ahead. Safe to run again: it does nothing once the
partnership has a programme. Written through the same services as the pages, so it is audited.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from rasp.accounts.models import User
from rasp.delivery.access import delivery_access_for_partnership
from rasp.delivery.models import Programme
from rasp.delivery.services import actual_record, benefit_save, programme_start, task_save
from rasp.organisations.models import Partnership

# The rows below are data, one task or benefit a line, easier to read unwrapped.
# ruff: noqa: E501

PARTNERSHIP_NAME = "Demo Shared Services Partnership"

# (key, workstream, title, owner, start week, weeks, status, depends on keys)
TASKS = [
    (
        "board",
        "resources",
        "Agree the programme budget and contingency with every partner's finance lead",
        "Director of Finance, Demo Borough",
        0,
        6,
        "done",
        (),
    ),
    (
        "contracts-list",
        "contracts",
        "List every contract in scope with end dates and novation terms",
        "Procurement lead, Demo District",
        0,
        6,
        "done",
        (),
    ),
    (
        "staff-route",
        "people",
        "Decide each team's route: secondment under section 113 or transfer",
        "Head of HR, Demo Borough",
        2,
        8,
        "done",
        ("board",),
    ),
    (
        "asset-register",
        "equipment",
        "Build the register of hardware, licences and buildings, and who owns them after any exit",
        "ICT asset manager, Demo County",
        4,
        6,
        "blocked",
        ("contracts-list",),
    ),
    (
        "data-cleanse",
        "systems",
        "Cleanse and match the three councils' benefits data",
        "ICT delivery manager, Demo Borough",
        6,
        24,
        "done",
        ("contracts-list",),
    ),
    (
        "supplier-consent",
        "contracts",
        "Get supplier consent to novate the revenues system licence",
        "Procurement lead, Demo District",
        6,
        28,
        "in-progress",
        ("contracts-list",),
    ),
    (
        "iaa",
        "contracts",
        "Sign the inter-authority agreement, with review points and a break clause",
        "Monitoring officer, Demo Borough",
        8,
        40,
        "in-progress",
        ("board",),
    ),
    (
        "unions",
        "people",
        "Consult trade unions on the staff route and the new structure",
        "Head of HR, Demo Borough",
        10,
        34,
        "in-progress",
        ("staff-route",),
    ),
    (
        "pensions",
        "people",
        "Confirm pension admission terms with the LGPS fund",
        "Pensions manager, Demo County",
        12,
        34,
        "in-progress",
        ("staff-route",),
    ),
    (
        "migration",
        "systems",
        "Migrate revenues and benefits to the single system, with parallel running",
        "ICT delivery manager, Demo Borough",
        34,
        22,
        "in-progress",
        ("data-cleanse", "supplier-consent"),
    ),
    (
        "laptops",
        "equipment",
        "Refresh laptops for staff moving to the shared team",
        "ICT asset manager, Demo County",
        40,
        10,
        "not-started",
        ("asset-register",),
    ),
    (
        "go-live",
        "systems",
        "Go live once payroll and payments pass the agreed tests",
        "Programme director",
        56,
        4,
        "not-started",
        ("migration", "unions", "iaa"),
    ),
]

# (title, kind, measure, unit, baseline, target, months to target, owner, quarterly actuals)
BenefitRow = tuple[str, str, str, str, int | Decimal, int | Decimal, int, str, list[int | Decimal]]
BENEFITS: list[BenefitRow] = [
    (
        "Lower running cost of revenues and benefits",
        "financial",
        "Net annual cost of the three services, from each council's ledger at year end",
        "",
        420_000_000,  # £4.2m
        360_000_000,  # £3.6m
        24,
        "Director of Finance, Demo Borough",
        [415_000_000, 406_000_000, 398_000_000],
    ),
    (
        "Savings from a single ICT support contract",
        "financial",
        "Annual contract value saved against the three separate contracts",
        "",
        0,
        75_000_000,  # £750k
        18,
        "Head of ICT, Demo Borough",
        [0, 5_000_000, 9_000_000],  # behind plan: the contract has not been re-let yet
    ),
    (
        "Faster processing of new benefits claims",
        "non-financial",
        "Average days from a complete new claim to a decision, from the monthly return",
        "days",
        Decimal(24),
        Decimal(12),
        18,
        "Head of Revenues and Benefits, Demo District",
        [Decimal("22.5"), Decimal("20.4"), Decimal("18.2")],
    ),
]


def _months_before(day: dt.date, months: int) -> dt.date:
    month = day.month - months
    year = day.year + (month - 1) // 12
    return dt.date(year, (month - 1) % 12 + 1, 1)


def ensure_demo_delivery(today: dt.date | None = None) -> None:
    partnership = Partnership.objects.filter(name=PARTNERSHIP_NAME).first()
    if partnership is None or Programme.objects.filter(partnership=partnership).exists():
        return
    coordinator = partnership.coordinator or User.objects.filter(email="demo@example.com").first()
    if coordinator is None:
        return
    today = today or timezone.localdate()
    access = delivery_access_for_partnership(actor=coordinator, partnership_id=partnership.pk)
    start = _months_before(today, 9)
    programme_start(access=access, starts_on=start)
    saved: dict[str, int] = {}
    for key, workstream, title, owner, week, weeks, status, after in TASKS:
        begins = start + dt.timedelta(weeks=week)
        task = task_save(
            access=access,
            task=None,
            based_on_version=0,
            title=title,
            workstream=workstream,
            owner=owner,
            starts_on=begins,
            due_on=begins + dt.timedelta(weeks=weeks, days=-1),
            status=status,
            depends_on=[saved[k] for k in after],
            notes="",
        )
        saved[key] = task.pk
    members = list(access.members)
    for title, kind, measure, unit, baseline, target, months, owner, actuals in BENEFITS:
        benefit = benefit_save(
            access=access,
            benefit=None,
            based_on_version=0,
            title=title,
            kind=kind,
            measure=measure,
            unit=unit,
            baseline=baseline,
            target=target,
            starts_on=start,
            target_on=_months_before(start, -months),
            owner=owner,
            organisations=members,
        )
        for quarter, value in enumerate(actuals, start=1):
            period_end = _months_before(start, -3 * quarter) - dt.timedelta(days=1)
            if period_end > today:
                break
            actual_record(
                access=access,
                benefit=benefit,
                period_end=period_end,
                value=value,
                note="Demo figure from the quarterly benefits report",
                today=today,
            )
