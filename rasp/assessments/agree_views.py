"""Agreeing levels together: the spread of answers per question, disputed first; the admin records
an agreed level with a note after the discussion. Every original answer is kept."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from rasp.assessments import selectors, services
from rasp.assessments.forms import AgreedAnswerForm
from rasp.assessments.models import AnswerKind
from rasp.assessments.navigation import assessment_redirect
from rasp.assessments.permissions import can_see_combined_answers
from rasp.organisations.models import Membership
from rasp.organisations.permissions import member_view, org_admin_view


@member_view
def spread(request: HttpRequest, membership: Membership, assessment_id: int) -> HttpResponse:
    assessment = selectors.assessment_get(membership=membership, assessment_id=assessment_id)
    respondent = selectors.respondent_of(assessment=assessment, user_id=membership.user_id)
    if not can_see_combined_answers(membership, assessment, respondent):
        raise PermissionDenied
    context = {
        "organisation": membership.organisation,
        "assessment": assessment,
        "membership": membership,
        "rows": selectors.answer_spread(assessment=assessment),
    }
    return render(request, "assessments/spread.html", context)


@org_admin_view
@require_http_methods(["GET", "POST"])
def agree(
    request: HttpRequest, membership: Membership, assessment_id: int, code: str
) -> HttpResponseBase:
    assessment = selectors.assessment_get(membership=membership, assessment_id=assessment_id)
    row = next(
        (r for r in selectors.answer_spread(assessment=assessment) if r.question.code == code), None
    )
    if row is None:
        raise Http404
    current = row.agreed
    initial: dict[str, object] = {"version": current.version if current else 0}
    if current:
        initial.update(
            answer=str(current.level) if current.kind == AnswerKind.LEVEL else current.kind,
            evidence=current.evidence,
            note=current.note,
        )
    form = AgreedAnswerForm(request.POST or None, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        answer = form.cleaned_data["answer"]
        given = services.AnswerInput(
            kind=AnswerKind.LEVEL if answer.isdigit() else answer,
            level=int(answer) if answer.isdigit() else None,
            evidence=form.cleaned_data["evidence"] or "",
            note=form.cleaned_data["note"],
        )
        try:
            services.agreed_answer_record(
                membership=membership,
                assessment=assessment,
                code=code,
                given=given,
                based_on_version=form.cleaned_data["version"] or 0,
            )
        except services.StaleAnswer as stale:
            conflict = stale.current
            form = AgreedAnswerForm(
                {**request.POST.dict(), "version": str(stale.current.version)}, initial=initial
            )
            form.is_valid()
        except ValidationError as error:
            form.add_error("answer", " ".join(error.messages))
        except PermissionDenied:
            raise
        else:
            messages.success(request, _("Agreed level recorded for %(code)s") % {"code": code})
            return assessment_redirect("spread", assessment)
    context = {
        "organisation": membership.organisation,
        "assessment": assessment,
        "row": row,
        "form": form,
        "conflict": conflict,
    }
    return render(request, "assessments/agree.html", context, status=409 if conflict else 200)
