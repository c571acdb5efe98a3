"""Tokens: stored hashed, shown once, scoped to the owner's organisations, audited; and the pages
where people make and revoke them."""

from __future__ import annotations

import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from rasp.api.models import ApiToken
from rasp.api.selectors import token_authenticate
from rasp.api.services import token_create, token_revoke
from rasp.audit.models import AuditEvent
from tests.api.conftest import in_the_past
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def _every_stored_value() -> str:
    """Everything in the token table and the audit trail, as text."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {ApiToken._meta.db_table}")
        rows = cursor.fetchall()
        cursor.execute(f"SELECT * FROM {AuditEvent._meta.db_table}")
        rows += cursor.fetchall()
    return repr(rows)


def test_a_token_is_stored_only_as_its_hash():
    membership = MembershipFactory()
    row, token = token_create(user=membership.user, name="Script", scope="read")
    assert len(token) >= 40
    assert row.prefix == token[:8]
    assert row.secret_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in _every_stored_value()
    assert token[8:] not in _every_stored_value()
    assert token_authenticate(token) == row
    assert token_authenticate(token + "x") is None
    assert token_authenticate(token[:-1]) is None
    assert token_authenticate("") is None


def test_tokens_default_to_all_my_organisations_and_refuse_others():
    mine = MembershipFactory()
    second = MembershipFactory(user=mine.user)
    theirs = MembershipFactory()
    row, _token = token_create(user=mine.user, name="All", scope="read")
    assert set(row.organisations.values_list("pk", flat=True)) == {
        mine.organisation_id,
        second.organisation_id,
    }
    row, _token = token_create(
        user=mine.user, name="One", scope="read", organisation_ids=[second.organisation_id]
    )
    assert list(row.organisations.values_list("pk", flat=True)) == [second.organisation_id]
    with pytest.raises(ValidationError):
        token_create(
            user=mine.user, name="Theirs", scope="read", organisation_ids=[theirs.organisation_id]
        )
    with pytest.raises(ValidationError):
        token_create(user=mine.user, name="Bad", scope="admin")
    with pytest.raises(ValidationError):
        token_create(user=mine.user, name="Past", scope="read", expires_at=in_the_past())


def test_revoked_and_expired_tokens_do_not_authenticate():
    user = UserFactory()
    row, token = token_create(user=user, name="Script", scope="read")
    token_revoke(user=user, token=row)
    assert token_authenticate(token) is None
    row, token = token_create(user=user, name="Script", scope="read")
    ApiToken.objects.filter(pk=row.pk).update(expires_at=in_the_past())
    assert token_authenticate(token) is None
    row, _token = token_create(user=user, name="Script", scope="read")
    with pytest.raises(ValidationError):
        token_revoke(user=UserFactory(), token=row)


def test_making_and_revoking_tokens_is_audited():
    user = UserFactory()
    row, _token = token_create(user=user, name="Dashboard", scope="read-write")
    token_revoke(user=user, token=row)
    token_revoke(user=user, token=row)  # twice: recorded once
    events = list(AuditEvent.objects.filter(actor=user).values_list("action", flat=True))
    assert sorted(events) == ["api-token-created", "api-token-revoked"]


# Pages ---------------------------------------------------------------------------------------------


def test_the_token_pages_need_signing_in(client):
    for name, kwargs in (
        ("api:tokens", {}),
        ("api:token-create", {}),
        ("api:token-revoke", {"token_id": 1}),
    ):
        response = client.get(reverse(name, kwargs=kwargs))
        assert response.status_code == 302
        assert response["Location"].startswith("/account/sign-in/?next=")


def test_make_a_token_shown_once(client):
    mine = MembershipFactory()
    second = MembershipFactory(user=mine.user)
    client.force_login(mine.user)
    page = client.get(reverse("api:tokens"))
    assert page.status_code == 200 and "You have no API tokens" in page.content.decode()
    form = client.get(reverse("api:token-create")).content.decode()
    assert mine.organisation.name in form and second.organisation.name in form
    assert form.count("checked") >= 3  # both organisations, and the default scope and expiry

    response = client.post(
        reverse("api:token-create"),
        {
            "name": "Finance dashboard",
            "scope": "read",
            "organisations": [str(second.organisation_id)],
            "expiry": "30",
        },
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    row = ApiToken.objects.get()
    [token] = [t for t in html.split('value="')[1:] if t.startswith(row.prefix)]
    token = token.split('"')[0]
    assert token_authenticate(token) == row
    assert "will not be shown again" in html
    assert list(row.organisations.all()) == [second.organisation]
    assert row.expires_at is not None

    listing = client.get(reverse("api:tokens")).content.decode()
    assert "Finance dashboard" in listing and row.prefix in listing
    assert token not in listing
    assert token not in _every_stored_value()


def test_the_token_form_reports_errors(client):
    mine = MembershipFactory()
    client.force_login(mine.user)
    response = client.post(reverse("api:token-create"), {"name": "", "scope": "root", "expiry": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    for message in (
        "Enter a name for the token",
        "Select what the token may do",
        "Select at least one organisation",
        "Select when the token stops working",
    ):
        assert message in html
    theirs = MembershipFactory()
    response = client.post(
        reverse("api:token-create"),
        {
            "name": "x",
            "scope": "read",
            "expiry": "90",
            "organisations": [str(theirs.organisation_id)],
        },
    )
    assert "Select only your own organisations" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_someone_with_no_organisation_can_still_make_a_token(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("api:token-create"), {"name": "Questions", "scope": "read", "expiry": "never"}
    )
    assert response.status_code == 200
    row = ApiToken.objects.get()
    assert row.expires_at is None and not row.organisations.exists()


def test_revoke_a_token(client):
    mine = MembershipFactory()
    row, token = token_create(user=mine.user, name="Old script", scope="read")
    client.force_login(mine.user)
    url = reverse("api:token-revoke", kwargs={"token_id": row.pk})
    page = client.get(url)
    assert page.status_code == 200 and "Old script" in page.content.decode()
    assert token_authenticate(token) == row  # looking is not revoking
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == reverse("api:tokens")
    assert token_authenticate(token) is None
    listing = client.get(reverse("api:tokens")).content.decode()
    assert "Revoked" in listing and "has been revoked" in listing


def test_nobody_sees_or_revokes_another_persons_token(client):
    theirs, token = token_create(user=MembershipFactory().user, name="Theirs", scope="read")
    client.force_login(MembershipFactory().user)
    url = reverse("api:token-revoke", kwargs={"token_id": theirs.pk})
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert token_authenticate(token) == theirs
    assert "Theirs" not in client.get(reverse("api:tokens")).content.decode()
