"""Assessment pages for the organisation: list, start, overview (task list), respondents,
settings, close and reopen. Thin: fetch through selectors, check permission, call a service."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from rasp.accounts.models import User
from rasp.assessments import selectors, services
from rasp.assessments.forms import (
    AddRespondentForm,
    InviteRespondentForm,
    StartAssessmentForm,
    TargetsForm,
)
from rasp.assessments.journey import first_unanswered, section_progress, sections_for
from rasp.assessments.models import Assessment, Respondent
from rasp.assessments.navigation import assessment_redirect
from rasp.assessments.permissions import (
    can_answer,
    can_manage_assessment,
    can_see_combined_answers,
    can_see_results,
)
from rasp.domain.framework.schema import Mode
from rasp.organisations.models import Membership
from rasp.organisations.permissions import member_view, org_admin_view


def _assessment(membership: Membership, assessment_id: int) -> Assessment:
    return selectors.assessment_get(membership=membership, assessment_id=assessment_id)


@member_view
def assessment_list(request: HttpRequest, membership: Membership) -> HttpResponse:
    assessments = selectors.assessment_list(membership=membership)
    context = {
        "organisation": membership.organisation,
        "assessments": assessments,
        "trend": selectors.area_trend(membership=membership),
        "can_manage": can_manage_assessment(membership),
    }
    return render(request, "assessments/list.html", context)


@org_admin_view
@require_http_methods(["GET", "POST"])
def assessment_start(request: HttpRequest, membership: Membership) -> HttpResponseBase:
    form = StartAssessmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            assessment = services.assessment_start(
                membership=membership,
                mode=data["mode"],
                title=data["title"],
                services_in_scope=data["services_in_scope"],
                due_date=data["due_date"],
            )
        except ValidationError as error:
            form.add_error(None, " ".join(error.messages))
        else:
            messages.success(request, _("Assessment started. Now choose who will answer it."))
            return assessment_redirect("respondents", assessment)
    return render(
        request, "assessments/start.html", {"form": form, "organisation": membership.organisation}
    )


@member_view
def assessment_overview(
    request: HttpRequest, membership: Membership, assessment_id: int
) -> HttpResponse:
    """The task list: the respondent's own progress per section, and what the admin can do."""
    assessment = _assessment(membership, assessment_id)
    framework = selectors.assessment_framework(assessment)
    mode = Mode(assessment.mode)
    respondent = selectors.respondent_of(assessment=assessment, user_id=membership.user_id)
    answers = selectors.domain_answers_of(respondent=respondent) if respondent else {}
    sections = sections_for(framework, mode)
    tasks = [(section, section_progress(framework, mode, section, answers)) for section in sections]
    context = {
        "organisation": membership.organisation,
        "assessment": assessment,
        "membership": membership,
        "respondent": respondent,
        "tasks": tasks,
        "resume": first_unanswered(framework, mode, sections, answers),
        "can_answer": can_answer(membership, assessment, respondent),
        "can_manage": can_manage_assessment(membership),
        "can_see_results": can_see_results(membership, assessment),
        "can_see_combined": can_see_combined_answers(membership, assessment, respondent),
        "completed_sections": sum(1 for _s, p in tasks if p.status == "completed"),
    }
    return render(request, "assessments/overview.html", context)


@org_admin_view
@require_http_methods(["GET", "POST"])
def respondents(
    request: HttpRequest, membership: Membership, assessment_id: int
) -> HttpResponseBase:
    assessment = _assessment(membership, assessment_id)
    members = Membership.objects.filter(organisation_id=membership.organisation_id).select_related(
        "user"
    )
    people = [(str(m.user_id), f"{m.user.get_full_name()} ({m.user.email})") for m in members]
    form = AddRespondentForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        user = User.objects.get(pk=int(form.cleaned_data["user"]))
        try:
            services.respondent_add(
                membership=membership,
                assessment=assessment,
                user=user,
                role=form.cleaned_data["role"],
            )
        except ValidationError as error:
            form.add_error("user", " ".join(error.messages))
        else:
            messages.success(
                request,
                _("%(name)s has been added as a respondent") % {"name": user.get_full_name()},
            )
            return assessment_redirect("respondents", assessment)
    context = {
        "organisation": membership.organisation,
        "assessment": assessment,
        "form": form,
        "progress": selectors.respondent_progress(assessment=assessment),
        "pending": assessment.pending.select_related("invitation"),
    }
    return render(request, "assessments/respondents.html", context)


def _respondent(assessment: Assessment, respondent_id: int) -> Respondent:
    respondent = selectors.respondent_list(assessment=assessment).filter(pk=respondent_id).first()
    if respondent is None:
        from django.http import Http404

        raise Http404
    return respondent


@org_admin_view
@require_POST
def respondent_remind(
    request: HttpRequest, membership: Membership, assessment_id: int, respondent_id: int
) -> HttpResponseBase:
    assessment = _assessment(membership, assessment_id)
    respondent = _respondent(assessment, respondent_id)
    services.respondent_remind(membership=membership, respondent=respondent)
    messages.success(request, _("Reminder sent to %(email)s") % {"email": respondent.user.email})
    return assessment_redirect("respondents", assessment)


@org_admin_view
@require_http_methods(["GET", "POST"])
def respondent_remove(
    request: HttpRequest, membership: Membership, assessment_id: int, respondent_id: int
) -> HttpResponseBase:
    assessment = _assessment(membership, assessment_id)
    respondent = _respondent(assessment, respondent_id)
    if request.method == "POST":
        services.respondent_remove(membership=membership, respondent=respondent)
        messages.success(
            request,
            _("%(email)s can no longer change their answers. What they answered is kept.")
            % {"email": respondent.user.email},
        )
        return assessment_redirect("respondents", assessment)
    context = {
        "organisation": membership.organisation,
        "assessment": assessment,
        "respondent": respondent,
    }
    return render(request, "assessments/respondent_remove.html", context)


@org_admin_view
@require_http_methods(["GET", "POST"])
def assessment_close(
    request: HttpRequest, membership: Membership, assessment_id: int
) -> HttpResponseBase:
    assessment = _assessment(membership, assessment_id)
    error = ""
    if request.method == "POST":
        try:
            services.assessment_close(membership=membership, assessment=assessment)
        except ValidationError as problem:
            error = " ".join(problem.messages)
        else:
            messages.success(request, _("The assessment is closed and its results are saved"))
            return assessment_redirect("overview", assessment)
    context = {
        "organisation": membership.organisation,
        "assessment": assessment,
        "error_text": error,
        "progress": selectors.respondent_progress(assessment=assessment),
        "disputed": selectors.disputed_without_agreement(assessment=assessment),
    }
    return render(request, "assessments/close.html", context, status=400 if error else 200)


@org_admin_view
@require_POST
def assessment_reopen(
    request: HttpRequest, membership: Membership, assessment_id: int
) -> HttpResponseBase:
    assessment = _assessment(membership, assessment_id)
    try:
        services.assessment_reopen(membership=membership, assessment=assessment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The assessment is open again. Closing it again will save new results.")
        )
    return assessment_redirect("overview", assessment)


@org_admin_view
@require_POST
def combined_view(
    request: HttpRequest, membership: Membership, assessment_id: int
) -> HttpResponseBase:
    assessment = _assessment(membership, assessment_id)
    if not assessment.is_open:
        raise PermissionDenied
    services.assessment_combined_view_set(
        membership=membership,
        assessment=assessment,
        open_to_respondents=request.POST.get("open") == "1",
    )
    return assessment_redirect("overview", assessment)


@org_admin_view
@require_http_methods(["GET", "POST"])
def respondent_invite(
    request: HttpRequest, membership: Membership, assessment_id: int
) -> HttpResponseBase:
    assessment = _assessment(membership, assessment_id)
    form = InviteRespondentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.respondent_invite(
                membership=membership, assessment=assessment, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error("email", " ".join(error.messages))
        else:
            messages.success(
                request,
                _("%(email)s has been asked to answer") % {"email": form.cleaned_data["email"]},
            )
            return assessment_redirect("respondents", assessment)
    context = {"organisation": membership.organisation, "assessment": assessment, "form": form}
    return render(request, "assessments/respondent_invite.html", context)


@org_admin_view
@require_http_methods(["GET", "POST"])
def assessment_targets(
    request: HttpRequest, membership: Membership, assessment_id: int
) -> HttpResponseBase:
    """The target level per area. Editable while the assessment is open; once closed, its
    snapshot keeps the targets used, shown here read-only."""
    assessment = _assessment(membership, assessment_id)
    framework = selectors.assessment_framework(assessment)
    current = selectors.assessment_targets(assessment, framework)
    default = framework.method.targets[Mode(assessment.mode)]
    maximum = framework.method.max_level
    areas = [(area.id.value, area.name) for area in framework.areas]
    initial = {f"target-{area.value}": str(level) for area, level in current.items()}
    form = TargetsForm(request.POST or None, initial=initial, areas=areas, maximum=maximum)
    if request.method == "POST":
        if not assessment.is_open:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.assessment_targets_set(
                    membership=membership,
                    assessment=assessment,
                    targets=form.cleaned_data["targets"],
                )
            except ValidationError as error:
                for area_id, problems in error.message_dict.items():
                    field = f"target-{area_id}"
                    form.add_error(field if field in form.fields else None, problems)
            else:
                messages.success(request, _("Targets saved. The results and gaps now use them."))
                return assessment_redirect("overview", assessment)
    context = {
        "organisation": membership.organisation,
        "assessment": assessment,
        "form": form,
        "areas": areas,
        "current": {area.value: level for area, level in current.items()},
        "default": default,
        "maximum": maximum,
        "used": selectors.snapshot_targets(assessment, framework)
        if not assessment.is_open
        else None,
    }
    return render(request, "assessments/targets.html", context, status=400 if form.errors else 200)
