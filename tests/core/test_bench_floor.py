"""The benchmark's floor page: off by default, and when on, the stack plus one trivial query."""

from __future__ import annotations

import importlib

import pytest
from django.urls import NoReverseMatch, clear_url_caches, reverse

from tests.factories import MembershipFactory


def _reload_urls() -> None:
    import rasp.config.urls

    importlib.reload(rasp.config.urls)
    clear_url_caches()


@pytest.fixture
def floor_on(settings):
    settings.RASP_BENCH_FLOOR = True
    _reload_urls()
    yield
    settings.RASP_BENCH_FLOOR = False
    _reload_urls()


def test_the_floor_is_not_routed_by_default():
    with pytest.raises(NoReverseMatch):
        reverse("bench-floor")


@pytest.mark.django_db
def test_the_floor_reads_the_session_user_and_runs_one_query(
    floor_on, client, django_assert_num_queries
):
    user = MembershipFactory().user
    client.force_login(user)
    # The session, its user, and the floor's own trivial query.
    with django_assert_num_queries(3):
        response = client.get(reverse("bench-floor"))
    assert response.status_code == 200
    assert user.email in response.content.decode()
    assert response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_the_floor_answers_anonymous_visitors(floor_on, client):
    response = client.get("/bench/floor")
    assert response.status_code == 200
