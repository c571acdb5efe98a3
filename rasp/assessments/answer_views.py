"""The respondent's pages: questions a few at a time, check your answers, submit.

A save names the version of each answer the page showed; if someone (or another tab) changed it
since, nothing is overwritten: the page comes back showing both answers and the person chooses.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    QueryDict,
)
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from rasp.assessments import selectors, services
from rasp.assessments.forms import AnswerPageForm, initial_from_answers
from rasp.assessments.journey import Section, next_page, section_get, sections_for
from rasp.assessments.models import Assessment, Evidence, Respondent
from rasp.assessments.navigation import assessment_redirect
from rasp.assessments.permissions import can_answer
from rasp.core.access import keep_unsaved_post, take_unsaved_post
from rasp.domain.framework.schema import Framework, Mode
from rasp.domain.scoring.engine import visible_codes
from rasp.organisations.models import Membership
from rasp.organisations.permissions import member_view


def _respondent_context(
    membership: Membership, assessment_id: int
) -> tuple[Assessment, Respondent, Framework]:
    assessment = selectors.assessment_get(membership=membership, assessment_id=assessment_id)
    respondent = selectors.respondent_of(assessment=assessment, user_id=membership.user_id)
    if not can_answer(membership, assessment, respondent):
        raise PermissionDenied
    assert respondent is not None
    # The respondent's assessment is the one just read (with its framework version): saves a
    # query each time the save reaches for it.
    respondent.assessment = assessment
    return assessment, respondent, selectors.assessment_framework(assessment)


def _section(
    framework: Framework, assessment: Assessment, section_id: str
) -> tuple[tuple[Section, ...], Section]:
    sections = sections_for(framework, Mode(assessment.mode))
    section = section_get(sections, section_id)
    if section is None:
        raise Http404
    return sections, section


@keep_unsaved_post
@member_view
@require_http_methods(["GET", "POST"])
def answer_page(
    request: HttpRequest, membership: Membership, assessment_id: int, section: str, page: int
) -> HttpResponseBase:
    assessment, respondent, framework = _respondent_context(membership, assessment_id)
    sections, current = _section(framework, assessment, section)
    if page >= len(current.pages):
        raise Http404
    questions = current.pages[page]
    data: QueryDict | None = request.POST or None
    restored = take_unsaved_post(request) if request.method == "GET" else None
    if restored is not None:
        parked = QueryDict(mutable=True)
        for name, values in restored.items():
            parked.setlist(name, values)
        data = parked
        messages.warning(
            request,
            _(
                "You were signed out before your answers on this page were saved. They are filled in below: check them and save."
            ),
        )
    # Showing the page, the form holds what is saved. A bound form (what was typed, with the
    # versions it was based on) reads nothing saved: the save checks the versions, and the saved
    # answers are read only if the page has to be shown again. Most saves move on.
    saved = selectors.answers_of(respondent=respondent) if data is None else None
    form = AnswerPageForm(
        data,
        questions=questions,
        evidence_from_level=framework.method.evidence_required_from_level,
        versions={code: row.version for code, row in (saved or {}).items()},
        initial=initial_from_answers(saved) if saved is not None else None,
    )
    conflicts: dict[str, Any] = {}
    if request.method == "POST" and form.is_valid():
        conflicts = _save_page(respondent, form, conflicts, resume_at=f"{section}/{page}")
        if not conflicts and not form.errors:
            return _after_save(
                request, membership, assessment, respondent, framework, sections, current, page
            )
        if conflicts:
            # Show what is saved now beside what they typed; saving again keeps theirs.
            saved = selectors.answers_of(respondent=respondent)
            form = _form_after_conflict(form, questions, framework, saved, request)
    if saved is None:
        saved = selectors.answers_of(respondent=respondent)
    shown = visible_codes(framework.questions_for_mode(Mode(assessment.mode)), _domain(saved))
    context = {
        "organisation": membership.organisation,
        "assessment": assessment,
        "framework": framework,
        "section": current,
        "page": page,
        "page_count": len(current.pages),
        "questions": questions,
        "shown": shown,
        "form": form,
        "conflicts": conflicts,
        "evidence_choices": Evidence.choices,
    }
    return render(
        request, "assessments/answer_page.html", context, status=409 if conflicts else 200
    )


def _domain(saved: dict[str, Any]) -> dict[str, Any]:
    return {code: selectors.to_domain(row) for code, row in saved.items()}


def _save_page(
    respondent: Respondent, form: AnswerPageForm, conflicts: dict[str, Any], resume_at: str
) -> dict[str, Any]:
    """Save the page's answers in one transaction; the resume point moves only when all saved."""
    given = form.given()
    outcome = services.answers_save(respondent=respondent, given=given, resume_at=resume_at)
    for code, (answer, _based_on) in given.items():
        if code in outcome.conflicts:
            conflicts[code] = {"theirs": outcome.conflicts[code], "mine": answer}
        elif code in outcome.errors:
            for message in outcome.errors[code].messages:
                form.add_error(f"{code}-answer", message)
    return conflicts


def _form_after_conflict(
    form: AnswerPageForm,
    questions: Any,
    framework: Framework,
    saved: dict[str, Any],
    request: HttpRequest,
) -> AnswerPageForm:
    data = request.POST.copy()
    for code, row in saved.items():
        if f"{code}-version" in data:
            data[f"{code}-version"] = str(row.version)
    rebuilt = AnswerPageForm(
        data,
        questions=questions,
        evidence_from_level=framework.method.evidence_required_from_level,
        versions={code: row.version for code, row in saved.items()},
    )
    rebuilt.is_valid()
    return rebuilt


def _after_save(
    request: HttpRequest,
    membership: Membership,
    assessment: Assessment,
    respondent: Respondent,
    framework: Framework,
    sections: tuple[Section, ...],
    current: Section,
    page: int,
) -> HttpResponseBase:
    # Read again after the save (another tab may have saved too); the scoring view of the
    # answers is all this needs, so no model objects are built.
    saved = selectors.domain_answers_of(respondent=respondent)
    shown = visible_codes(framework.questions_for_mode(Mode(assessment.mode)), saved)
    saved_codes = set(saved)
    revealed = [
        q.code
        for q in current.pages[page]
        if q.code in shown and q.code not in saved_codes and q.show_if
    ]
    if revealed:
        messages.info(request, _("Your answer opened a follow-up question on this page"))
        return assessment_redirect("answer", assessment, section=current.id, page=page)
    if "later" in request.POST:
        messages.success(
            request, _("Your answers have been saved. You can come back to them at any time.")
        )
        return assessment_redirect("overview", assessment)
    following = next_page(sections, current.id, page)
    if following is None:
        return assessment_redirect("check", assessment, section=current.id)
    return assessment_redirect("answer", assessment, section=following[0], page=following[1])


@member_view
def check_answers(
    request: HttpRequest, membership: Membership, assessment_id: int, section: str
) -> HttpResponse:
    assessment, respondent, framework = _respondent_context(membership, assessment_id)
    _sections, current = _section(framework, assessment, section)
    saved = selectors.answers_of(respondent=respondent)
    shown = visible_codes(framework.questions_for_mode(Mode(assessment.mode)), _domain(saved))
    rows = []
    for index, questions in enumerate(current.pages):
        for question in questions:
            if question.code in shown:
                rows.append((question, saved.get(question.code), index))
    context = {
        "organisation": membership.organisation,
        "assessment": assessment,
        "section": current,
        "rows": rows,
    }
    return render(request, "assessments/check_answers.html", context)


@member_view
@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest, membership: Membership, assessment_id: int) -> HttpResponseBase:
    assessment, respondent, framework = _respondent_context(membership, assessment_id)
    progress = [
        p
        for p in selectors.respondent_progress(assessment=assessment)
        if p.respondent.pk == respondent.pk
    ][0]
    if request.method == "POST":
        services.respondent_submit(respondent=respondent)
        return render(
            request,
            "assessments/submitted.html",
            {"organisation": membership.organisation, "assessment": assessment},
        )
    context = {
        "organisation": membership.organisation,
        "assessment": assessment,
        "progress": progress,
        "now": timezone.now(),
    }
    return render(request, "assessments/submit.html", context)
