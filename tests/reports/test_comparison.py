"""The comparison with similar bodies: opt-in, threshold of five, nobody named, figures from SQL
over the per-area rows stored when an assessment closes."""

from __future__ import annotations

from statistics import median
from typing import Any

import pytest
from django.utils import timezone

from rasp.assessments.services import assessment_reopen
from rasp.domain.framework.schema import Mode
from rasp.organisations.models import Organisation
from rasp.organisations.services import organisation_comparison_set
from rasp.reports.comparison import MIN_ORGANISATIONS, peer_figures
from rasp.reports.models import ComparisonScore
from rasp.reports.summaries import summary_store
from tests.factories import MembershipFactory
from tests.reports.builders import build_assessment

pytestmark = pytest.mark.django_db


def comparison_path(organisation_id: int, mode: str = "readiness") -> str:
    return f"/organisations/{organisation_id}/assessments/comparison/?mode={mode}"


def _result(scores: dict[str, float | None]) -> dict[str, Any]:
    return {
        "areas": [
            {"id": area, "declared_score": score, "evidence_adjusted_score": score}
            for area, score in scores.items()
        ]
    }


AREAS = ("shared-vision", "ethos-culture", "resources", "risk", "governance")


def peer(score: float, *, kind: str = "district", opted_in: bool = True, name: str = "") -> Any:
    """An organisation with one closed assessment whose every area scores ``score``, stored as
    a close stores it (through ``summary_store``)."""
    membership = MembershipFactory(
        role="admin",
        organisation__kind=kind,
        organisation__compare_with_similar=opted_in,
        **({"organisation__name": name} if name else {}),
    )
    assessment, _admin = build_assessment(respondents=1, level=0, admin=membership)
    summary_store(
        assessment_id=assessment.pk,
        organisation_id=membership.organisation_id,
        organisation_kind=kind,
        opted_in=opted_in,
        mode="readiness",
        closed_at=timezone.now(),
        result=_result(dict.fromkeys(AREAS, score)),
    )
    return membership


def test_closing_stores_one_row_per_area_and_reopening_removes_them(published: Any) -> None:
    assessment, admin = build_assessment(respondents=1, level=3, close=True)
    rows = ComparisonScore.objects.filter(assessment=assessment)
    assert sorted(rows.values_list("area", flat=True)) == sorted(AREAS)
    assert all(row.latest and row.mode == "readiness" for row in rows)
    assert {row.organisation_kind for row in rows} == {admin.organisation.kind}
    assert rows.get(area="governance").adjusted_score == 75.0
    assessment_reopen(membership=admin, assessment=assessment)
    assert not ComparisonScore.objects.filter(assessment=assessment).exists()


def test_only_the_latest_closed_assessment_of_an_organisation_counts(published: Any) -> None:
    first, admin = build_assessment(respondents=1, level=1, close=True)
    second, _admin = build_assessment(respondents=1, level=3, close=True, admin=admin)
    assert set(
        ComparisonScore.objects.filter(latest=True).values_list("assessment_id", flat=True)
    ) == {second.pk}
    assessment_reopen(membership=admin, assessment=second)
    assert set(
        ComparisonScore.objects.filter(latest=True).values_list("assessment_id", flat=True)
    ) == {first.pk}


def test_opting_in_and_out_updates_the_stored_rows(published: Any) -> None:
    assessment, admin = build_assessment(respondents=1, level=3, close=True)
    assert not ComparisonScore.objects.filter(assessment=assessment, opted_in=True).exists()
    organisation_comparison_set(membership=admin, take_part=True)
    assert ComparisonScore.objects.filter(assessment=assessment, opted_in=True).count() == 5
    organisation_comparison_set(membership=admin, take_part=False)
    assert not ComparisonScore.objects.filter(assessment=assessment, opted_in=True).exists()


def test_four_organisations_show_nothing_five_show_figures(client: Any, published: Any) -> None:
    me = peer(40.0, name="Alpha Unique District")
    for score in (10.0, 60.0, 90.0):
        peer(score, name=f"Secret Peer {score:.0f} Council")
    client.force_login(me.user)
    page = client.get(comparison_path(me.organisation_id)).content.decode()
    assert peer_figures(kind="district", mode=Mode.READINESS) == {}
    assert "Not shown: fewer than 5 organisations" in page
    assert "90.0" not in page and "10.0" not in page
    peer(70.0, name="Secret Peer 70 Council")
    figures = peer_figures(kind="district", mode=Mode.READINESS)
    assert set(figures) == set(AREAS)
    count, adjusted, declared = figures["risk"]
    assert count == MIN_ORGANISATIONS
    assert (adjusted.lowest, adjusted.median, adjusted.highest) == (10.0, 60.0, 90.0)
    assert declared == adjusted
    page = client.get(comparison_path(me.organisation_id)).content.decode()
    assert "Not shown" not in page
    assert "60.0" in page and "90.0" in page and "40.0" in page
    assert "Secret Peer" not in page  # nobody is named


def test_median_of_an_even_count_is_the_mean_of_the_middle_two(published: Any) -> None:
    scores = [12.5, 20.0, 33.3, 50.0, 75.0, 100.0]
    for score in scores:
        peer(score)
    _count, adjusted, _declared = peer_figures(kind="district", mode=Mode.READINESS)["resources"]
    assert adjusted.median == round(median(scores), 1) == 41.6  # (33.3 + 50.0) / 2, rounded


def test_other_types_opted_out_and_unscored_areas_do_not_count(published: Any) -> None:
    for score in (10.0, 20.0, 30.0, 40.0):
        peer(score)
    peer(99.0, kind="county")
    peer(99.0, opted_in=False)
    assert peer_figures(kind="district", mode=Mode.READINESS) == {}
    last = peer(50.0)
    ComparisonScore.objects.filter(organisation_id=last.organisation_id, area="risk").update(
        adjusted_score=None, declared_score=None
    )
    figures = peer_figures(kind="district", mode=Mode.READINESS)
    assert "risk" not in figures
    assert figures["governance"][1].highest == 50.0


def test_an_organisation_that_has_not_opted_in_sees_no_figures(client: Any, published: Any) -> None:
    for score in (10.0, 20.0, 30.0, 40.0, 50.0):
        peer(score)
    outsider = peer(60.0, opted_in=False)
    client.force_login(outsider.user)
    page = client.get(comparison_path(outsider.organisation_id)).content.decode()
    assert "does not take part" in page
    assert "30.0" not in page
    assert f'href="/organisations/{outsider.organisation_id}/comparison/"' in page


def test_query_count_does_not_grow_with_the_number_of_organisations(
    client: Any, published: Any, django_assert_max_num_queries: Any
) -> None:
    me = peer(40.0)
    for score in range(5):
        peer(float(score))
    client.force_login(me.user)
    client.get(comparison_path(me.organisation_id))  # warm the framework cache
    with django_assert_max_num_queries(8) as few:
        client.get(comparison_path(me.organisation_id))
    for score in range(30):
        peer(float(score))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(comparison_path(me.organisation_id))


def test_unknown_mode_is_not_found(client: Any, published: Any) -> None:
    me = peer(40.0)
    client.force_login(me.user)
    assert client.get(comparison_path(me.organisation_id, "sideways")).status_code == 404


def test_admin_toggle_page_explains_and_saves(client: Any, published: Any) -> None:
    admin = MembershipFactory(role="admin")
    client.force_login(admin.user)
    path = f"/organisations/{admin.organisation_id}/comparison/"
    page = client.get(path).content.decode()
    assert "What is shared if you take part" in page and "no organisation is ever named" in page
    response = client.post(path, {})
    assert response.status_code == 200
    assert "Select whether to take part in the comparison" in response.content.decode()
    assert client.post(path, {"take_part": "yes"}).status_code == 302
    assert Organisation.objects.get(pk=admin.organisation_id).compare_with_similar
    viewer = MembershipFactory(role="viewer", organisation=admin.organisation)
    client.force_login(viewer.user)
    assert client.post(path, {"take_part": "no"}).status_code == 403
    assert Organisation.objects.get(pk=admin.organisation_id).compare_with_similar


def test_backfill_migration_stores_rows_for_already_closed_assessments(published: Any) -> None:
    from importlib import import_module

    from django.apps import apps

    backfill = import_module("rasp.reports.migrations.0002_backfill_comparison_scores").backfill
    older, admin = build_assessment(respondents=1, level=1, close=True)
    newer, _admin = build_assessment(respondents=1, level=3, close=True, admin=admin)
    ComparisonScore.objects.all().delete()
    backfill(apps, None)
    assert ComparisonScore.objects.filter(assessment=older).count() == 5
    assert set(
        ComparisonScore.objects.filter(latest=True).values_list("assessment_id", flat=True)
    ) == {newer.pk}
    backfill(apps, None)  # running again adds nothing
    assert ComparisonScore.objects.count() == 10
