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

    shares = AssessmentShare.objects.filter(partnership=demo, withdrawn_at=None)
    assert shares.filter(assessment__mode="readiness").count() == 3
    assert shares.filter(assessment__mode="new-partner").count() == 1  # the new partner
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


@pytest.mark.django_db
def test_the_demo_new_partner_and_pending_invitation(client: Any, demo: Partnership) -> None:
    from rasp.accounts.models import User
    from rasp.demo.services import demo_data_ensure
    from rasp.partnerships.models import PartnershipEntrant, PartnershipInvitation

    demo_data_ensure()  # idempotent: nothing twice
    entrant = PartnershipEntrant.objects.get(partnership=demo)
    assert entrant.organisation.name == "Demo Fire and Rescue Service" and entrant.is_current
    pending = PartnershipInvitation.objects.get(
        partnership=demo, accepted_at=None, declined_at=None
    )
    assert pending.organisation.name == "Demo Health Trust"
    base = f"/partnerships/{demo.pk}/"

    client.force_login(User.objects.get(email="demo@example.com"))
    overview = client.get(base).content.decode()
    assert "Demo Health Trust" in overview and "Demo Fire and Rescue Service" in overview
    page = client.get(base + f"entrants/{entrant.pk}/").content.decode()
    assert 'id="entry-gaps"' in page and page.count('id="gap-') >= 5
    results = client.get(base + "results/").content.decode()
    assert "Demo Fire and Rescue Service" not in results  # not a partner yet

    client.force_login(User.objects.get(email="admin@fire.demo.example.com"))
    joining = client.get(base + f"joining/{entrant.organisation_id}/").content.decode()
    assert demo.name in joining and "Demo County Council" not in joining
    assert client.get(base + "results/").status_code == 404

    client.force_login(User.objects.get(email="outsider@example.com"))
    for tail in (f"entrants/{entrant.pk}/", f"joining/{entrant.organisation_id}/", "health-check/"):
        assert client.get(base + tail).status_code == 404
