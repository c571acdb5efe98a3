"""The comparison with similar bodies, for any member of an organisation (figures only once the
organisation has opted in). Thin: read through the selector, render."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from rasp.domain.framework.schema import Mode
from rasp.organisations.models import Membership
from rasp.organisations.permissions import member_view
from rasp.reports.comparison import MIN_ORGANISATIONS, mode_words, similar_bodies_comparison


@member_view
@require_safe
def comparison(request: HttpRequest, membership: Membership) -> HttpResponse:
    raw = request.GET.get("mode", Mode.READINESS.value)
    try:
        mode = Mode(raw)
    except ValueError:
        raise Http404 from None
    context = {
        "organisation": membership.organisation,
        "membership": membership,
        "comparison": similar_bodies_comparison(membership=membership, mode=mode),
        "modes": mode_words(),
        "threshold": MIN_ORGANISATIONS,
    }
    return render(request, "reports/comparison.html", context)
