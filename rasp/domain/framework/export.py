"""The framework as JSON-ready data, in the shape promised by ``interfaces.md`` (Framework export).

The promised keys are ``framework``, ``version``, ``areas`` and ``modules``, each area and module
with ``id``, ``name`` and ``questions``, and each question with ``code``, ``text``, ``topics``,
``scope``, ``weight``, ``critical``, ``red_flag``, ``modes`` and ``levels`` (keyed "0" to "4").
Everything else here is an addition, which the interface allows.
"""

from __future__ import annotations

from typing import Any

from rasp.domain.framework.schema import Framework, Question


def question_export(question: Question) -> dict[str, Any]:
    """One question as JSON-ready data; level and advice keys are strings, as JSON needs."""
    return {
        "code": question.code,
        "text": question.text,
        "topics": list(question.topics),
        "scope": question.scope.value,
        "weight": question.weight,
        "critical": question.critical,
        "red_flag": question.red_flag,
        "modes": [mode.value for mode in question.modes],
        "levels": {str(level): question.levels[level] for level in sorted(question.levels)},
        "area": question.area.value,
        "module": question.module.value if question.module else None,
        "stage": question.stage.value,
        "lens": question.lens.value,
        "hint": question.hint,
        "evidence_examples": list(question.evidence_examples),
        "advice": {str(level): question.advice[level] for level in sorted(question.advice)},
        "show_if": (
            None
            if question.show_if is None
            else {"question": question.show_if.question, "levels": list(question.show_if.levels)}
        ),
        "nations": {nation.value: text for nation, text in question.nations.items()},
        "case_studies": list(question.case_studies),
        "glossary": list(question.glossary),
    }


def framework_export(framework: Framework) -> dict[str, Any]:
    """The whole framework for ``rasp framework export --format json``.

    Area questions (those with no module) are listed under their area, module questions under
    their module, each in file order. Pure: the same framework always gives the same data.
    """
    return {
        "framework": framework.framework,
        "version": framework.version,
        "title": framework.title,
        "areas": [
            {
                "id": area.id.value,
                "name": area.name,
                "description": area.description,
                "questions": [
                    question_export(q)
                    for q in framework.questions
                    if q.module is None and q.area == area.id
                ],
            }
            for area in framework.areas
        ],
        "modules": [
            {
                "id": module.id.value,
                "name": module.name,
                "description": module.description,
                "questions": [
                    question_export(q) for q in framework.questions if q.module == module.id
                ],
            }
            for module in framework.modules
        ],
    }
