"""Deleting a benefit (with its actuals) and deleting one actual, for a partnership's register and
for an organisation's own: confirmed first, only by people who may edit the register, refused
(409, nothing deleted) when the benefit or actual changed after the confirmation page was opened,
explained when it has gone already, audited, and at a cost that does not grow with the actuals."""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rasp.audit.models import AuditEvent
from rasp.delivery.access import delivery_access
from rasp.delivery.models import Benefit, BenefitActual, Programme
from rasp.delivery.services import actual_record, programme_start
from tests.delivery.conftest import START
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@dataclass
class Owner:
    """One register: its pages' base path, someone who may edit it and someone who may only read."""

    kind: str  # "partnership" or "organisation"
    pk: int
    base: str
    editor: Any
    viewer: Any
    programme: Programme


@pytest.fixture(params=["partnership", "organisation"])
def owner(request: Any, world: Any) -> Owner:
    if request.param == "partnership":
        editor = world.admins[0]
        viewer = MembershipFactory(organisation=world.admins[1].organisation, role="viewer")
        ids = {"partnership_id": world.partnership.pk}
        pk, base = world.partnership.pk, world.path()
    else:
        editor = MembershipFactory(role="contributor")
        viewer = MembershipFactory(organisation=editor.organisation, role="viewer")
        ids = {"organisation_id": editor.organisation_id}
        pk, base = editor.organisation_id, f"/organisations/{editor.organisation_id}/"
    access = delivery_access(actor=editor.user, **ids)
    programme = programme_start(access=access, starts_on=START)
    return Owner(request.param, pk, base, editor.user, viewer.user, programme)


def _benefit(programme: Programme, title: str = "Lower running cost", actuals: int = 2) -> Benefit:
    benefit = Benefit.objects.create(
        programme=programme,
        title=title,
        kind="financial",
        measure="Net annual cost",
        baseline_pence=100_000_00,
        target_pence=80_000_00,
        starts_on=START,
        target_on=START + dt.timedelta(days=365),
        owner="Director of Finance",
    )
    BenefitActual.objects.bulk_create(
        BenefitActual(
            benefit=benefit,
            period_end=START + dt.timedelta(days=30 * (i + 1)),
            value_pence=(99_000 - i * 500) * 100,
        )
        for i in range(actuals)
    )
    return benefit


def _hidden(page: str) -> dict[str, str]:
    """The hidden fields of a confirmation form: what the person saw."""
    return {
        name: html.unescape(value)
        for name, value in re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', page)
        if name != "csrfmiddlewaretoken"
    }


def _open(client: Any, path: str) -> dict[str, str]:
    response = client.get(path)
    assert response.status_code == 200, path
    return _hidden(response.content.decode())


def _summary(page: str) -> str:
    return page.split('class="govuk-error-summary"')[1].split("</ul>")[0]


# Deleting ----------------------------------------------------------------------------------------


def test_deleting_a_benefit_deletes_its_actuals(client, owner):
    benefit = _benefit(owner.programme, actuals=2)
    kept = _benefit(owner.programme, title="Faster claims", actuals=1)
    client.force_login(owner.editor)
    detail = client.get(owner.base + f"benefits/{benefit.pk}/").content.decode()
    assert f'href="{owner.base}benefits/{benefit.pk}/delete/"' in detail
    page = client.get(owner.base + f"benefits/{benefit.pk}/delete/").content.decode()
    assert "Are you sure you want to delete Lower running cost?" in page
    assert "This deletes the benefit and its 2 actuals:" in page
    lost = page.split('id="actuals-lost"')[1].split("</ul>")[0]
    assert "Period to 1 May 2026: £99,000" in lost and "Period to 31 May 2026: £98,500" in lost
    assert "govuk-button--warning" in page and "Cancel" in page
    assert Benefit.objects.filter(pk=benefit.pk).exists()  # a GET deletes nothing

    seen = _hidden(page)
    response = client.post(owner.base + f"benefits/{benefit.pk}/delete/", seen, follow=True)
    assert response.redirect_chain == [(owner.base + "benefits/", 302)]
    assert "Benefit deleted, with its 2 actuals: Lower running cost" in response.content.decode()
    assert not Benefit.objects.filter(pk=benefit.pk).exists()
    assert not BenefitActual.objects.filter(benefit_id=benefit.pk).exists()
    assert list(Benefit.objects.filter(programme=owner.programme)) == [kept]
    assert kept.actuals.count() == 1

    event = AuditEvent.objects.get(action="delivery-benefit-deleted")
    assert event.target == f"benefit {benefit.pk}" and event.actor_id == owner.editor.pk
    assert event.detail == {owner.kind: owner.pk, "title": "Lower running cost", "actuals": 2}
    assert event.organisation_id is not None


def test_a_benefit_with_no_actuals_says_so(client, owner):
    benefit = _benefit(owner.programme, actuals=0)
    client.force_login(owner.editor)
    page = client.get(owner.base + f"benefits/{benefit.pk}/delete/").content.decode()
    assert "It has no actuals recorded." in page
    response = client.post(owner.base + f"benefits/{benefit.pk}/delete/", _hidden(page))
    assert response.status_code == 302 and not Benefit.objects.filter(pk=benefit.pk).exists()
    assert AuditEvent.objects.get(action="delivery-benefit-deleted").detail["actuals"] == 0


def test_deleting_one_actual(client, owner):
    benefit = _benefit(owner.programme, actuals=3)
    first, second, third = benefit.actuals.order_by("period_end")
    client.force_login(owner.editor)
    detail = client.get(owner.base + f"benefits/{benefit.pk}/").content.decode()
    table = detail.split('id="actuals"')[1].split("</table>")[0]
    for actual in (first, second, third):
        assert f'href="{owner.base}benefits/{benefit.pk}/actuals/{actual.pk}/delete/"' in table
    assert 'Delete<span class="govuk-visually-hidden"> the actual for the period to 31 May' in table

    path = owner.base + f"benefits/{benefit.pk}/actuals/{second.pk}/delete/"
    page = client.get(path).content.decode()
    assert "Are you sure you want to delete the actual for the period to 31 May 2026?" in page
    assert "£98,500" in page and "govuk-button--warning" in page
    response = client.post(path, _hidden(page), follow=True)
    assert response.redirect_chain == [(owner.base + f"benefits/{benefit.pk}/", 302)]
    assert "Actual deleted: the period to 31 May 2026" in response.content.decode()
    assert list(benefit.actuals.order_by("period_end")) == [first, third]
    assert Benefit.objects.filter(pk=benefit.pk, version=1).exists()  # the benefit is untouched

    event = AuditEvent.objects.get(action="delivery-actual-deleted")
    assert event.target == f"actual {second.pk}" and event.actor_id == owner.editor.pk
    assert event.detail == {
        owner.kind: owner.pk,
        "benefit": benefit.pk,
        "title": "Lower running cost",
        "period_end": "2026-05-31",
        "figure": "9850000",
    }


# Who may -----------------------------------------------------------------------------------------


def test_people_who_may_only_read_are_refused_as_when_editing(client, owner):
    benefit = _benefit(owner.programme, actuals=1)
    actual = benefit.actuals.get()
    client.force_login(owner.viewer)
    detail = client.get(owner.base + f"benefits/{benefit.pk}/").content.decode()
    assert "/delete/" not in detail and "Delete this benefit" not in detail
    paths = [
        owner.base + f"benefits/{benefit.pk}/delete/",
        owner.base + f"benefits/{benefit.pk}/actuals/{actual.pk}/delete/",
    ]
    edit = client.get(owner.base + f"benefits/{benefit.pk}/change/").status_code
    assert edit == 403
    for path in paths:
        assert client.get(path).status_code == edit, path
        assert client.post(path, {"version": "1", "actuals": "", "seen": ""}).status_code == edit
    outsider = MembershipFactory(role="admin")
    client.force_login(outsider.user)
    for path in paths:
        assert client.get(path).status_code == 404, path
        assert client.post(path).status_code == 404, path
    assert BenefitActual.objects.filter(pk=actual.pk).exists()
    assert not AuditEvent.objects.filter(action__endswith="-deleted").exists()


def test_ids_of_another_register_are_404_and_nothing_is_deleted(client, owner):
    mine = _benefit(owner.programme, title="Mine", actuals=1)
    my_actual = mine.actuals.get()
    # Another organisation's register, with a benefit and an actual of its own.
    other = MembershipFactory(role="admin")
    theirs_access = delivery_access(actor=other.user, organisation_id=other.organisation_id)
    theirs = _benefit(programme_start(access=theirs_access, starts_on=START), "Theirs", 1)
    their_actual = theirs.actuals.get()
    # And a second benefit of this register, to pair its id with the wrong actual.
    sibling = _benefit(owner.programme, title="Sibling", actuals=0)
    client.force_login(owner.editor)
    for tail in [
        f"benefits/{theirs.pk}/delete/",
        f"benefits/{theirs.pk}/actuals/{their_actual.pk}/delete/",
        f"benefits/{mine.pk}/actuals/{their_actual.pk}/delete/",
        f"benefits/{sibling.pk}/actuals/{my_actual.pk}/delete/",
        "benefits/999999999/delete/",
        f"benefits/{mine.pk}/actuals/999999999/delete/",
    ]:
        assert client.get(owner.base + tail).status_code == 404, tail
        seen = {"version": "1", "actuals": "", "seen": ""}
        assert client.post(owner.base + tail, seen).status_code == 404, tail
    assert Benefit.objects.count() == 3 and BenefitActual.objects.count() == 2
    assert not AuditEvent.objects.filter(action__endswith="-deleted").exists()


# Changed meanwhile, or gone already --------------------------------------------------------------


def test_a_benefit_changed_after_the_page_was_opened_is_not_deleted(client, owner):
    benefit = _benefit(owner.programme, actuals=1)
    client.force_login(owner.editor)
    path = owner.base + f"benefits/{benefit.pk}/delete/"
    seen = _open(client, path)
    Benefit.objects.filter(pk=benefit.pk).update(title="Lower cost of billing", version=2)
    response = client.post(path, seen)
    assert response.status_code == 409
    page = response.content.decode()
    summary = _summary(page)
    assert "Someone changed this benefit while you were looking at it" in summary
    assert "It is now: Lower cost of billing, with 1 actual." in summary
    assert "<title>Error:" in page and 'href="#delete"' in summary
    assert Benefit.objects.filter(pk=benefit.pk).exists() and BenefitActual.objects.count() == 1
    assert not AuditEvent.objects.filter(action="delivery-benefit-deleted").exists()
    # The page shown again carries what is there now: confirming it deletes.
    assert client.post(path, _hidden(page)).status_code == 302
    assert not Benefit.objects.filter(pk=benefit.pk).exists()


def test_a_benefit_whose_actuals_changed_after_the_page_was_opened_is_not_deleted(client, owner):
    """Recording or correcting an actual leaves the benefit's version as it was, but the person
    would lose something they were not shown."""
    benefit = _benefit(owner.programme, actuals=1)
    client.force_login(owner.editor)
    path = owner.base + f"benefits/{benefit.pk}/delete/"
    access = delivery_access(actor=owner.editor, **{f"{owner.kind}_id": owner.pk})
    for change in (
        lambda: actual_record(
            access=access, benefit=benefit, period_end=dt.date(2026, 8, 31), value=1, note=""
        ),
        lambda: actual_record(
            access=access, benefit=benefit, period_end=dt.date(2026, 8, 31), value=2, note=""
        ),
        lambda: BenefitActual.objects.filter(period_end=dt.date(2026, 8, 31)).delete(),
    ):
        seen = _open(client, path)
        change()
        response = client.post(path, seen)
        assert response.status_code == 409
        count = benefit.actuals.count()
        wording = "1 actual." if count == 1 else f"{count} actuals."
        assert f"It is now: Lower running cost, with {wording}" in _summary(
            response.content.decode()
        )
        assert Benefit.objects.filter(pk=benefit.pk).exists()


def test_an_actual_corrected_after_the_page_was_opened_is_not_deleted(client, owner):
    benefit = _benefit(owner.programme, actuals=1)
    actual = benefit.actuals.get()
    client.force_login(owner.editor)
    path = owner.base + f"benefits/{benefit.pk}/actuals/{actual.pk}/delete/"
    seen = _open(client, path)
    access = delivery_access(actor=owner.editor, **{f"{owner.kind}_id": owner.pk})
    actual_record(
        access=access, benefit=benefit, period_end=actual.period_end, value=90_000_00, note=""
    )
    response = client.post(path, seen)
    assert response.status_code == 409
    page = response.content.decode()
    assert (
        "Someone changed this actual while you were looking at it. It is now £90,000 for the "
        "period to 1 May 2026." in _summary(page)
    )
    assert BenefitActual.objects.filter(pk=actual.pk, value_pence=90_000_00).exists()
    assert not AuditEvent.objects.filter(action="delivery-actual-deleted").exists()
    assert client.post(path, _hidden(page)).status_code == 302
    assert not BenefitActual.objects.filter(pk=actual.pk).exists()


def test_a_post_without_what_was_seen_deletes_nothing(client, owner):
    benefit = _benefit(owner.programme, actuals=1)
    actual = benefit.actuals.get()
    client.force_login(owner.editor)
    for path, data in (
        (f"benefits/{benefit.pk}/delete/", {}),
        (f"benefits/{benefit.pk}/delete/", {"version": "not a number", "actuals": "x" * 500}),
        (f"benefits/{benefit.pk}/actuals/{actual.pk}/delete/", {}),
    ):
        assert client.post(owner.base + path, data).status_code == 409, (path, data)
    assert BenefitActual.objects.filter(pk=actual.pk).exists()


def test_what_has_gone_already_is_explained_not_an_error(client, owner):
    benefit = _benefit(owner.programme, actuals=2)
    first, second = benefit.actuals.order_by("period_end")
    client.force_login(owner.editor)
    actual_path = owner.base + f"benefits/{benefit.pk}/actuals/{first.pk}/delete/"
    actual_seen = _open(client, actual_path)
    assert client.post(actual_path, actual_seen).status_code == 302
    # The same actual again (a second tab, or the back button), by POST and by GET.
    for response in (
        client.post(actual_path, actual_seen, follow=True),
        client.get(actual_path, follow=True),
    ):
        assert response.redirect_chain == [(owner.base + f"benefits/{benefit.pk}/", 302)]
        assert (
            "The actual for the period to 1 May 2026 has already been deleted"
            in response.content.decode()
        )

    benefit_path = owner.base + f"benefits/{benefit.pk}/delete/"
    benefit_seen = _open(client, benefit_path)
    second_path = owner.base + f"benefits/{benefit.pk}/actuals/{second.pk}/delete/"
    second_seen = _open(client, second_path)
    assert client.post(benefit_path, benefit_seen).status_code == 302
    for response in (
        client.post(benefit_path, benefit_seen, follow=True),
        client.get(benefit_path, follow=True),
        # An actual that went with its benefit.
        client.post(second_path, second_seen, follow=True),
        client.get(second_path, follow=True),
    ):
        assert response.redirect_chain == [(owner.base + "benefits/", 302)]
        assert (
            "This benefit has already been deleted: Lower running cost" in response.content.decode()
        )
    assert AuditEvent.objects.filter(action="delivery-benefit-deleted").count() == 1
    assert AuditEvent.objects.filter(action="delivery-actual-deleted").count() == 1
    # The benefit's own page simply is not there any more.
    assert client.get(owner.base + f"benefits/{benefit.pk}/").status_code == 404


def test_a_benefit_deleted_from_another_register_is_still_404(client, owner):
    other = MembershipFactory(role="admin")
    theirs_access = delivery_access(actor=other.user, organisation_id=other.organisation_id)
    theirs = _benefit(programme_start(access=theirs_access, starts_on=START), "Theirs", 0)
    client.force_login(other.user)
    path = f"/organisations/{other.organisation_id}/benefits/{theirs.pk}/delete/"
    assert client.post(path, _open(client, path)).status_code == 302
    client.force_login(owner.editor)
    assert client.get(owner.base + f"benefits/{theirs.pk}/delete/").status_code == 404
    assert client.post(owner.base + f"benefits/{theirs.pk}/delete/").status_code == 404


# Cost --------------------------------------------------------------------------------------------


def _queries(client: Any, method: str, path: str, data: dict[str, str] | None = None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(path, data or {})
    assert response.status_code in (200, 302), (path, response.status_code)
    return len(queries)


def test_deleting_costs_the_same_queries_for_many_actuals(client, owner):
    client.force_login(owner.editor)
    costs: dict[int, list[int]] = {}
    for count in (1, 25):
        benefit = _benefit(owner.programme, title=f"With {count}", actuals=count)
        actual = benefit.actuals.order_by("period_end").first()
        assert actual is not None
        actual_path = owner.base + f"benefits/{benefit.pk}/actuals/{actual.pk}/delete/"
        benefit_path = owner.base + f"benefits/{benefit.pk}/delete/"
        costs[count] = [
            _queries(client, "get", actual_path),
            _queries(
                client, "post", actual_path, _hidden(client.get(actual_path).content.decode())
            ),
            _queries(client, "get", benefit_path),
            _queries(
                client, "post", benefit_path, _hidden(client.get(benefit_path).content.decode())
            ),
        ]
        assert not Benefit.objects.filter(pk=benefit.pk).exists()
    assert costs[25] == costs[1], costs


def test_saving_a_benefit_deleted_meanwhile_is_404_not_an_error(owner):
    """Someone opened the change page or the record-an-actual page; someone else deleted the
    benefit before they saved: the save answers 404 (as the page would now) and creates
    nothing."""
    from django.http import Http404

    from rasp.delivery.services import benefit_save

    ids = {f"{owner.kind}_id": owner.pk}
    access = delivery_access(actor=owner.editor, **ids)
    benefit = _benefit(owner.programme, actuals=0)
    Benefit.objects.filter(pk=benefit.pk).delete()
    with pytest.raises(Http404):
        actual_record(
            access=access, benefit=benefit, period_end=START, value=1_000_00, note="", today=START
        )
    with pytest.raises(Http404):
        benefit_save(
            access=access,
            benefit=benefit,
            based_on_version=benefit.version,
            title="Changed",
            kind="financial",
            measure="Net annual cost",
            unit="",
            baseline=100_000_00,
            target=80_000_00,
            starts_on=START,
            target_on=START + dt.timedelta(days=365),
            owner="",
            organisations=[],
        )
    assert not Benefit.objects.filter(pk=benefit.pk).exists()
    assert not BenefitActual.objects.filter(benefit_id=benefit.pk).exists()
