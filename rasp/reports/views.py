"""Results pages of an assessment: the results (verdict, red flags, areas, charts, gaps, plan)
and "Explain this score" per area. Thin: fetch through selectors, check permission, render."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from rasp.assessments.models import Assessment
from rasp.assessments.permissions import can_manage_assessment, can_see_results
from rasp.assessments.selectors import assessment_get
from rasp.organisations.models import Membership
from rasp.organisations.permissions import member_view
from rasp.reports.results import explain_page, question_hrefs, results_page, verdict_words


def _visible_assessment(membership: Membership, assessment_id: int) -> Assessment:
    """The assessment (404 outside the organisation), if the member may see its results (403)."""
    assessment = assessment_get(membership=membership, assessment_id=assessment_id)
    if not can_see_results(membership, assessment):
        raise PermissionDenied
    # The membership already holds the organisation: saves a query when scoring names it.
    assessment.organisation = membership.organisation
    return assessment


@member_view
@require_safe
def results(request: HttpRequest, membership: Membership, assessment_id: int) -> HttpResponse:
    assessment = _visible_assessment(membership, assessment_id)
    page = results_page(assessment)
    context = {
        "organisation": membership.organisation,
        "assessment": assessment,
        "page": page,
        "can_manage": can_manage_assessment(membership),
        "verdict_names": verdict_words(),
        "area_names": {area.id: area.name for area in page.scored.framework.areas},
        "question_hrefs": question_hrefs(page.scored.framework),
    }
    return render(request, "reports/results.html", context)


@member_view
@require_safe
def explain(
    request: HttpRequest, membership: Membership, assessment_id: int, area: str
) -> HttpResponse:
    assessment = _visible_assessment(membership, assessment_id)
    page = explain_page(assessment, area)
    if page is None:
        raise Http404
    context = {"organisation": membership.organisation, "assessment": assessment, "page": page}
    return render(request, "reports/explain.html", context)
