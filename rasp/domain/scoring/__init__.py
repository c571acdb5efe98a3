"""The scoring engine (``design/scoring.md``): pure Python, no Django.

Public entry points:

* ``score_organisation(framework, mode, answers, organisation=...)`` -> ``OrganisationResult``
* ``combine_respondents(framework, mode, respondents, agreed=None)`` -> ``CombinedAnswers``
* ``score_partnership(framework, mode, partners, agreed=None, entrant=None, entrant_mode=None)``
  -> ``PartnershipResult``
* ``compare_results(framework, previous, current)`` -> ``TrendResult``
* ``explain_area(framework, result, area)`` / ``explain_result(framework, result)``
* ``load_answers_file(path)`` -> ``AnswersFile``; ``validate_answers(framework, mode, answers)``
"""

from rasp.domain.scoring.answers import (
    Answer,
    AnswerKind,
    AnswersError,
    AnswersFile,
    PartnerAnswers,
    load_answers_file,
    parse_answers_document,
    validate_answers,
)
from rasp.domain.scoring.engine import score_organisation
from rasp.domain.scoring.explain import explain_area, explain_result
from rasp.domain.scoring.partnership import score_partnership
from rasp.domain.scoring.respondents import (
    CombinedAnswers,
    combine_respondents,
    score_respondents,
)
from rasp.domain.scoring.results import (
    AreaResult,
    Band,
    EntrantResult,
    Gap,
    OrganisationResult,
    PartnershipResult,
    QuestionState,
    Status,
    Verdict,
)
from rasp.domain.scoring.trends import TrendResult, compare_results

__all__ = [
    "Answer",
    "AnswerKind",
    "AnswersError",
    "AnswersFile",
    "AreaResult",
    "Band",
    "CombinedAnswers",
    "EntrantResult",
    "Gap",
    "OrganisationResult",
    "PartnerAnswers",
    "PartnershipResult",
    "QuestionState",
    "Status",
    "TrendResult",
    "Verdict",
    "combine_respondents",
    "compare_results",
    "explain_area",
    "explain_result",
    "load_answers_file",
    "parse_answers_document",
    "score_organisation",
    "score_partnership",
    "score_respondents",
    "validate_answers",
]
