"""The demo partnership end to end: the three Demo organisations share their readiness
assessments, which disagree; demo@example.com sees it all, outsider@example.com none of it."""

from __future__ import annotations

from typing import Any

import pytest

from rasp.demo.partnership import ensure_demo_partnership
from rasp.demo.services import demo_data_ensure
from rasp.organisations.models import Partnership
from rasp.partnerships.models import AssessmentShare, JointAgreedAnswer


@pytest.fixture
def demo(db: None, settings: Any) -> Partnership:
    settings.RASP_DEMO = True
    demo_data_ensure()
    ensure_demo_partnership()
    ensure_demo_partnership()  # idempotent
    return Partnership.objects.get(name="Demo Shared Services Partnership")


@pytest.mark.django_db
def test_the_demo_partnership_end_to_end(client: Any, demo: Partnership) -> None:
    from rasp.accounts.models import User

    assert AssessmentShare.objects.filter(partnership=demo, withdrawn_at=None).count() == 3
    client.force_login(User.objects.get(email="demo@example.com"))
    assert demo.name in client.get("/partnerships/").content.decode()
    base = f"/partnerships/{demo.pk}/"
    html = client.get(base + "results/").content.decode()
    assert 'id="not-agreed"' in html
    assert "Weakest partner" in html and "Demo County Council (" in html
    workshop = client.get(base + "workshop/").content.decode()
    code = workshop.split('id="row-')[1].split('"')[0]
    response = client.post(
        base + f"workshop/{code}/",
        {"answer": "2", "evidence": "draft", "note": "Agreed at the demo workshop", "version": 0},
    )
    assert response.status_code == 302
    assert JointAgreedAnswer.objects.filter(partnership=demo, question_code=code).exists()

    client.force_login(User.objects.get(email="outsider@example.com"))
    assert demo.name not in client.get("/partnerships/").content.decode()
    for tail in ("", "results/", "workshop/", f"workshop/{code}/", "actions/"):
        assert client.get(base + tail).status_code == 404
