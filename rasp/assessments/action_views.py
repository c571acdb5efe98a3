"""The action plan: actions seeded from the gaps when an assessment closes, and the organisation's
own; each with an owner, due date, status and notes. Overdue actions stand out."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from rasp.assessments import selectors, services
from rasp.assessments.forms import ActionForm
from rasp.assessments.models import Action
from rasp.assessments.navigation import assessment_redirect
from rasp.assessments.permissions import can_see_results
from rasp.organisations.models import Membership
from rasp.organisations.permissions import can_contribute, member_view


@member_view
def action_list(request: HttpRequest, membership: Membership, assessment_id: int) -> HttpResponse:
    assessment = selectors.assessment_get(membership=membership, assessment_id=assessment_id)
    if not can_see_results(membership, assessment):
        raise PermissionDenied
    actions = list(selectors.action_list(assessment=assessment))
    today = timezone.localdate()
    context = {
        "organisation": membership.organisation,
        "assessment": assessment,
        "actions": actions,
        "overdue": sum(
            1
            for action in actions
            if action.due_date and action.due_date < today and action.status != Action.Status.DONE
        ),
        "today": today,
        "can_edit": can_contribute(membership),
    }
    return render(request, "assessments/actions.html", context)


@member_view
@require_http_methods(["GET", "POST"])
def action_edit(
    request: HttpRequest, membership: Membership, assessment_id: int, action_id: int | None = None
) -> HttpResponseBase:
    assessment = selectors.assessment_get(membership=membership, assessment_id=assessment_id)
    if not (can_contribute(membership) and can_see_results(membership, assessment)):
        raise PermissionDenied
    action = None
    if action_id is not None:
        action = selectors.action_list(assessment=assessment).filter(pk=action_id).first()
        if action is None:
            raise Http404
    initial = {"status": Action.Status.NOT_STARTED, "version": 0}
    if action:
        initial = {
            "title": action.title,
            "owner": action.owner,
            "status": action.status,
            "due_date": action.due_date,
            "notes": action.notes,
            "version": action.version,
        }
    form = ActionForm(request.POST or None, initial=initial)
    conflict = False
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version") or 0
        try:
            services.action_save(
                membership=membership,
                assessment=assessment,
                action=action,
                based_on_version=version,
                **data,
            )
        except services.StaleAction as stale:
            conflict = True
            action = stale.current
            form.add_error(
                None,
                _(
                    "Someone changed this action while you were editing it. Their version is shown below; save again to replace it with yours."
                ),
            )
            form.data = {**request.POST.dict(), "version": str(action.version)}
        else:
            messages.success(request, _("Action saved"))
            return assessment_redirect("actions", assessment)
    context = {
        "organisation": membership.organisation,
        "assessment": assessment,
        "form": form,
        "action": action,
        "conflict": conflict,
    }
    return render(request, "assessments/action_edit.html", context, status=409 if conflict else 200)
