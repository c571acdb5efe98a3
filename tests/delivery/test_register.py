"""The benefits register through the test client: money as people type it, stored as exact
pence; actuals by period; benefits behind plan standing out; the chart and its table."""

from __future__ import annotations

import datetime as dt

import pytest

from rasp.audit.models import AuditEvent
from rasp.delivery.models import Benefit, BenefitActual

pytestmark = pytest.mark.django_db


def _benefit(client, base, started, **fields):
    members = [str(m.organisation_id) for m in started.admins]
    data = {
        "title": "Lower running cost",
        "kind": "financial",
        "measure": "Net annual cost from the ledger",
        "unit": "",
        "baseline": "£1,200,000",
        "target": "1.2m",
        "starts_on": "1/4/2026",
        "target_on": "31/3/2027",
        "owner": "Director of Finance",
        "organisations": members[:2],
        "version": "0",
        **fields,
    }
    return client.post(base + "benefits/new/", data)


@pytest.mark.parametrize(
    ("baseline", "target", "pence"),
    [
        ("£1,200,000", "1.2m", (120_000_000, 120_000_000)),
        ("1200000", "£1.2 million", (120_000_000, 120_000_000)),
        ("1,200,000.50", "£900k", (120_000_050, 90_000_000)),
    ],
)
def test_money_as_people_type_it_is_stored_as_exact_pence(client, started, baseline, target, pence):
    client.force_login(started.admins[0].user)
    response = _benefit(client, started.path(), started, baseline=baseline, target=target)
    assert response.status_code == 302
    benefit = Benefit.objects.get()
    assert (benefit.baseline_pence, benefit.target_pence) == pence
    assert benefit.baseline_value is None
    assert {o.pk for o in benefit.organisations.all()} == {
        m.organisation_id for m in started.admins[:2]
    }


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("baseline", "abc", "Baseline: Enter an amount in pounds, like £1,200,000 or 1.2m"),
        ("target", "-£5,000", "Target: Enter an amount of zero or more"),
        ("baseline", "£1.234", "Baseline: Enter pence with no more than 2 decimal places"),
        ("target", "12,00", "Target: Put commas only between groups of three digits"),
        ("starts_on", "1/1/2026", "Measured from must be on or after 1 April 2026"),
        ("target_on", "1/4/2026", "Target date must be after the date measuring starts"),
    ],
)
def test_bad_figures_and_dates_say_what_is_wrong_and_keep_what_was_typed(
    client, started, field, typed, message
):
    client.force_login(started.admins[0].user)
    response = _benefit(client, started.path(), started, **{field: typed}, title="Kept title")
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert "govuk-error-summary" in html and f'href="#id_{field}"' in html
    assert f'value="{typed}"' in html and "Kept title" in html
    # The ticked organisations are kept too.
    first = started.admins[0].organisation_id
    assert f'type="checkbox" value="{first}" checked' in html
    assert not Benefit.objects.exists()


def test_non_financial_benefits_need_a_unit(client, started):
    client.force_login(started.admins[0].user)
    base = started.path()
    missing = _benefit(client, base, started, kind="non-financial", baseline="24", target="12")
    assert "Enter the unit of a non-financial benefit" in missing.content.decode()
    ok = _benefit(
        client, base, started, kind="non-financial", unit="days", baseline="24", target="12.5"
    )
    assert ok.status_code == 302
    benefit = Benefit.objects.get()
    assert str(benefit.baseline_value) == "24.00" and str(benefit.target_value) == "12.50"
    assert benefit.baseline_pence is None


def test_recording_actuals_and_seeing_what_is_behind_plan(client, started):
    client.force_login(started.admins[0].user)
    base = started.path()
    _benefit(client, base, started, title="Savings", baseline="0", target="£1.2m")
    benefit = Benefit.objects.get()
    actual_url = base + f"benefits/{benefit.pk}/actuals/new/"
    future = (dt.date.today() + dt.timedelta(days=40)).strftime("%d/%m/%Y")
    refused = client.post(actual_url, {"period_end": future, "value": "£10k"})
    assert "End of the period must be today or in the past" in refused.content.decode()
    assert f'value="{future}"' in refused.content.decode()
    bad = client.post(actual_url, {"period_end": "30/9/2026", "value": "lots"})
    assert "Enter an amount in pounds" in bad.content.decode()
    # Half way through the year only £100,000 of £1.2m: far behind the straight line.
    done = client.post(actual_url, {"period_end": "30/9/2026", "value": "£100,000", "note": "Q2"})
    assert done.status_code == 302
    actual = BenefitActual.objects.get()
    assert actual.value_pence == 10_000_000 and actual.recorded_by == started.admins[0].user
    # Recording the same period again corrects it rather than adding a second row.
    client.post(actual_url, {"period_end": "30/9/2026", "value": "£120,000"})
    assert BenefitActual.objects.get().value_pence == 12_000_000

    register = client.get(base + "benefits/").content.decode()
    assert 'id="behind"' in register and "1 benefit is behind plan" in register
    assert "rasp-behind" in register and "Behind plan" in register
    detail = client.get(base + f"benefits/{benefit.pk}/").content.decode()
    assert "<svg" in detail and 'role="img"' in detail
    table = detail.split('id="actuals"')[1].split("</table>")[0]
    assert "30 September 2026" in table and "£120,000" in table and "Behind plan" in table
    assert "£0" in table and "£1,200,000" in table  # baseline and target rows
    assert AuditEvent.objects.filter(action="delivery-actual-recorded").count() == 2


def test_the_register_costs_the_same_queries_for_many_benefits(
    client, started, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(started.admins[0].user)
    base = started.path()

    def add(n):
        programme = started.partnership.programme
        for i in range(n):
            b = Benefit.objects.create(
                programme=programme,
                title=f"Benefit {i}",
                kind="financial",
                measure="m",
                baseline_pence=0,
                target_pence=100_000,
                starts_on=dt.date(2026, 4, 1),
                target_on=dt.date(2027, 4, 1),
                owner="o",
            )
            b.organisations.add(started.admins[0].organisation)
            BenefitActual.objects.create(benefit=b, period_end=dt.date(2026, 6, 30), value_pence=i)

    add(2)
    with CaptureQueriesContext(connection) as few:
        assert client.get(base + "benefits/").status_code == 200
    add(30)
    with django_assert_max_num_queries(len(few)):
        html = client.get(base + "benefits/").content.decode()
    assert "Benefit 29" in html
