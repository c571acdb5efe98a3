"""The demo partnership has a transition plan and a benefits register with actuals, shown in its
pages and its downloads; seeding twice changes nothing."""

from __future__ import annotations

import io
from typing import Any

import pytest

from rasp.delivery.models import BenefitActual, Programme, Task
from rasp.demo.delivery import ensure_demo_delivery
from rasp.demo.services import demo_data_ensure
from rasp.organisations.models import Partnership


@pytest.fixture
def demo(db: None, settings: Any) -> Partnership:
    settings.RASP_DEMO = True
    demo_data_ensure()
    ensure_demo_delivery()  # idempotent
    return Partnership.objects.get(name="Demo Shared Services Partnership")


@pytest.mark.django_db
def test_the_demo_partnership_has_a_plan_and_a_register(client: Any, demo: Partnership) -> None:
    from openpyxl import load_workbook

    from rasp.accounts.models import User

    programme = Programme.objects.get(partnership=demo)
    assert programme.tasks.count() == 12
    assert {t.workstream for t in programme.tasks.all()} == {
        "people",
        "contracts",
        "systems",
        "equipment",
        "resources",
    }
    assert programme.benefits.count() == 3
    assert BenefitActual.objects.filter(benefit__programme=programme).count() == 9
    assert Task.objects.filter(programme=programme, depends_on__isnull=False).exists()

    client.force_login(User.objects.get(email="demo@example.com"))
    base = f"/partnerships/{demo.pk}/"
    plan = client.get(base + "transition/").content.decode()
    assert 'id="attention"' in plan and "Migrate revenues and benefits" in plan
    critical = plan.split('id="critical-path"')[1].split("</ol>")[0]
    assert "Go live once payroll" in critical
    register = client.get(base + "benefits/").content.decode()
    assert "1 benefit is behind plan" in register
    assert "Savings from a single ICT support contract" in register.split('id="behind"')[1]
    book = load_workbook(io.BytesIO(client.get(base + "benefits/download.xlsx").content))
    assert len(list(book["Actuals"].iter_rows(min_row=2, max_row=10))) == 9

    client.force_login(User.objects.get(email="outsider@example.com"))
    assert client.get(base + "transition/").status_code == 404
