"""The public pages of the question bank: preview the questions, how scores work, the glossary
and the case studies. Anyone may read them, signed in or not.

Every page shows the latest published version. The arranging and the worked example are done in
``rasp.domain.framework.presentation`` and ``method_guide``; these views only fetch and render.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from rasp.core.access import public
from rasp.domain.framework import method_guide, presentation
from rasp.domain.framework.schema import Framework
from rasp.frameworks.models import FrameworkVersion
from rasp.frameworks.selectors import framework_of, framework_version_latest_published


def _published() -> tuple[FrameworkVersion, Framework] | None:
    row = framework_version_latest_published()
    return None if row is None else (row, framework_of(row))


def _page(request: HttpRequest, template: str, build: Any, *args: Any) -> HttpResponse:
    """Render ``template`` with what ``build(framework, *args)`` returns, or the "nothing
    published yet" page. ``build`` returns ``None`` for something that does not exist (404)."""
    published = _published()
    if published is None:
        return render(request, "framework/unpublished.html")
    row, framework = published
    context = build(framework, *args)
    if context is None:
        raise Http404
    context.update({"version": row, "framework": framework})
    return render(request, template, context)


def _index(framework: Framework) -> dict[str, Any]:
    return {
        "groups": presentation.groups(framework),
        "mode_counts": presentation.mode_counts(framework),
        "seconds_per_question": presentation.SECONDS_PER_QUESTION,
    }


def _group(group: presentation.Group | None) -> dict[str, Any] | None:
    return None if group is None else {"group": group}


def _question(framework: Framework, code: str) -> dict[str, Any] | None:
    question = presentation.question_or_none(framework, code)
    if question is None:
        return None
    before, after = presentation.neighbours(framework, question)
    parent = question.show_if and presentation.question_or_none(
        framework, question.show_if.question
    )
    return {
        "question": question,
        "group": presentation.group_of(framework, question),
        "area_name": presentation.area_name(framework, question.area),
        "weight_label": framework.method.weights.get(question.weight, str(question.weight)),
        "show_if_parent": parent or None,
        "show_if_answers": (
            presentation.show_if_answers(question.show_if) if question.show_if else ()
        ),
        "follow_ups": presentation.follow_ups(framework, question),
        "topics": presentation.topics_of(framework, question),
        "terms": presentation.glossary_of(framework, question),
        "case_studies": presentation.case_studies_of(framework, question),
        "linker": presentation.TermMatcher(framework.glossary).linker(),
        "before": before,
        "after": after,
    }


def _how_scores_work(framework: Framework) -> dict[str, Any]:
    method = framework.method
    return {
        "method": method,
        "thresholds": method_guide.thresholds(method),
        "weights": method_guide.weights(method),
        "evidence_caps": method_guide.evidence_caps(method),
        "targets": method_guide.targets(method),
        "red_flag_questions": method_guide.red_flag_questions(framework),
        "critical_count": len(method_guide.critical_questions(framework)),
        "example": method_guide.worked_example(framework),
    }


def _glossary(framework: Framework) -> dict[str, Any]:
    return {"items": presentation.glossary_items(framework)}


def _case_studies(framework: Framework) -> dict[str, Any]:
    return {"items": presentation.case_study_items(framework)}


def _case_study(framework: Framework, study_id: str) -> dict[str, Any] | None:
    item = presentation.case_study_item(framework, study_id)
    return None if item is None else {"item": item}


@public
def index(request: HttpRequest) -> HttpResponse:
    return _page(request, "framework/index.html", _index)


@public
def area(request: HttpRequest, area_id: str) -> HttpResponse:
    return _page(
        request,
        "framework/group.html",
        lambda framework: _group(presentation.area_group(framework, area_id)),
    )


@public
def module(request: HttpRequest, module_id: str) -> HttpResponse:
    return _page(
        request,
        "framework/group.html",
        lambda framework: _group(presentation.module_group(framework, module_id)),
    )


@public
def question(request: HttpRequest, code: str) -> HttpResponse:
    return _page(request, "framework/question.html", _question, code)


@public
def how_scores_work(request: HttpRequest) -> HttpResponse:
    return _page(request, "framework/how_scores_work.html", _how_scores_work)


@public
def glossary(request: HttpRequest) -> HttpResponse:
    return _page(request, "framework/glossary.html", _glossary)


@public
def case_studies(request: HttpRequest) -> HttpResponse:
    return _page(request, "framework/case_studies.html", _case_studies)


@public
def case_study(request: HttpRequest, study_id: str) -> HttpResponse:
    return _page(request, "framework/case_study.html", _case_study, study_id)
