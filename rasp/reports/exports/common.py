"""What every export of one assessment's results holds, gathered once in a fixed number of queries.

The exports show what the results page shows (``results_page``: the snapshot's headline for a
closed assessment, live otherwise) plus what the page leaves out: every respondent's answer to
every question, the action plan, and the method's constants. Everything a format writes comes from
:class:`Report`, so the formats cannot disagree with each other or with the page.

Reads: the results page's queries, ``assessment_answers``' three and one for the actions, whatever
the number of respondents or questions.

Spreadsheet safety: :func:`cell_text` neutralises text that a spreadsheet would run as a formula
(starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) by prefixing a single
quote, and drops control characters that XML (xlsx, docx) cannot hold.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from rasp.assessments.models import Action, Answer, Assessment, Respondent
from rasp.assessments.selectors import AssessmentAnswers, action_list, assessment_answers
from rasp.domain.framework import method_guide
from rasp.domain.framework.schema import Evidence, Framework, Mode
from rasp.domain.scoring.answers import Answer as DomainAnswer
from rasp.domain.scoring.answers import AnswerKind
from rasp.domain.scoring.respondents import CombinedQuestion
from rasp.domain.scoring.results import QuestionState, Status
from rasp.frameworks.selectors import framework_of
from rasp.organisations.models import Organisation
from rasp.reports.results import (
    AreaRow,
    GapRow,
    ResultsPage,
    StageGroup,
    evidence_words,
    results_page,
    stage_words,
    status_words,
)

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Characters XML 1.0 cannot hold (tab, line feed and carriage return are allowed).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean_text(value: str) -> str:
    """``value`` without the control characters that XML documents (docx, xlsx) refuse."""
    return _CONTROL.sub("", value)


def cell_text(value: str) -> str:
    """Text safe for a spreadsheet cell: never read as a formula, no forbidden characters."""
    value = clean_text(value)
    if value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def cell_value(value: object) -> object:
    """A value for a spreadsheet cell: text neutralised, numbers and dates as they are."""
    if value is None:
        return None
    if isinstance(value, str):
        return cell_text(value)
    return value


def download_name(assessment: Assessment, extension: str, today: date | None = None) -> str:
    """A file name safe anywhere: ASCII slug of the title, the word results, the date."""
    slug = slugify(assessment.title)[:60].strip("-") or "assessment"
    day = (today or timezone.localdate()).isoformat()
    return f"{slug}-results-{day}.{extension}"


def answer_kind_words() -> dict[str, str]:
    return {
        AnswerKind.LEVEL.value: _("Level"),
        AnswerKind.DONT_KNOW.value: _("Don't know"),
        AnswerKind.NOT_APPLICABLE.value: _("Not applicable"),
    }


def action_status_words() -> dict[str, str]:
    return {
        Action.Status.NOT_STARTED.value: _("Not started"),
        Action.Status.IN_PROGRESS.value: _("In progress"),
        Action.Status.DONE.value: _("Done"),
    }


@dataclass(frozen=True)
class Words:
    """The words for codes, translated once per export (not once per answer)."""

    kinds: dict[str, str]
    evidence: dict[Evidence | None, str]
    statuses: dict[Status, str]
    level: str  # "Level %(level)s"
    not_answered: str
    level_with_evidence: str  # "%(answer)s, %(evidence)s", e.g. "Level 3, approved"
    removed: str  # "(removed)"
    reason: str  # "Reason:"
    tags: tuple[str, str, str, str]  # critical, red flag, disputed, disputed and agreed

    @classmethod
    def now(cls) -> Words:
        return cls(
            answer_kind_words(),
            evidence_words(),
            status_words(),
            _("Level %(level)s"),
            _("Not answered"),
            _("%(answer)s, %(evidence)s"),
            _("(removed)"),
            _("Reason:"),
            (
                _("Critical question"),
                _("Red-flag question"),
                _("Disputed"),
                _("Disputed, level agreed"),
            ),
        )

    def evidence_text(self, value: str | Evidence | None) -> str:
        if not value:
            return ""
        return self.evidence.get(Evidence(value), str(value))

    def answer(self, kind: str, level: int | None) -> str:
        if kind == AnswerKind.LEVEL.value:
            return self.level % {"level": level}
        return self.kinds.get(kind, kind)

    def combined(self, answer: DomainAnswer | None) -> str:
        if answer is None:
            return self.not_answered
        return self.answer(answer.kind.value, answer.level)


# What the exports hold ----------------------------------------------------------------------------


@dataclass(frozen=True)
class AnswerRow:
    """One respondent's answer to one question: a row of the Answers sheet and the CSV."""

    code: str
    question: str
    area: str
    respondent: str
    role: str
    removed: bool
    kind: str  # in words
    level: int | None
    answer: str  # kind and level in words, e.g. "Level 3"
    evidence: str
    note: str
    reason: str
    link: str
    updated: datetime | None
    reason_label: str = "Reason:"

    @property
    def remarks(self) -> str:
        """The reason (not applicable), the note and the link, as one line of text."""
        parts = [self.reason_label + " " + self.reason] if self.reason else []
        return " ".join([*parts, *(part for part in (self.note, self.link) if part)])


@dataclass(frozen=True)
class AnswerGroup:
    """The respondents who gave one answer (kind, level and evidence) to one question."""

    answer: str  # in words, e.g. "Level 3, approved" (the evidence after the comma)
    people: tuple[str, ...]  # names, "(removed)" after a removed respondent's


@dataclass(frozen=True)
class QuestionSection:
    """One question as the PDF and Word documents show it, with the spread of answers.

    ``groups`` gives every respondent's answer compactly (who gave which level with which
    evidence, highest level first); ``answers`` keeps one row per respondent, whose notes,
    reasons and links the documents list under the groups.
    """

    code: str
    text: str
    critical: bool
    red_flag: bool
    status: str
    combined: str  # the organisation's answer in words
    combined_evidence: str
    declared: int | None
    adjusted: int | None
    levels: tuple[int, ...]
    spread: int
    disputed: bool
    agreed: bool
    answers: tuple[AnswerRow, ...]
    missing: tuple[str, ...]  # respondents (name, role) with no answer to it
    groups: tuple[AnswerGroup, ...] = ()
    tags: tuple[str, ...] = ()  # critical, red flag, disputed, in words

    @property
    def noted(self) -> tuple[AnswerRow, ...]:
        """The answers that carry a note, a reason or a link."""
        return tuple(row for row in self.answers if row.note or row.reason or row.link)


@dataclass(frozen=True)
class AreaSection:
    row: AreaRow
    description: str
    questions: tuple[QuestionSection, ...]


@dataclass(frozen=True)
class ActionRow:
    code: str
    title: str
    detail: str
    stage: str
    priority: int
    owner: str
    due: date | None
    status: str
    notes: str
    updated: datetime


@dataclass(frozen=True)
class PlanItem:
    """A gap of the improvement plan with the action recorded for it, if any."""

    gap: GapRow
    action: ActionRow | None

    @property
    def own_title(self) -> bool:
        """The action says something other than the plan's advice (it was edited)."""
        return (
            self.action is not None and self.action.title.strip() != self.gap.advice[:300].strip()
        )


@dataclass(frozen=True)
class PlanGroup:
    title: str
    items: tuple[PlanItem, ...]


def plan_with_actions(
    plan: tuple[StageGroup, ...], actions: tuple[ActionRow, ...]
) -> tuple[tuple[PlanGroup, ...], tuple[ActionRow, ...]]:
    """The plan's gaps, each with the action for its question, and the actions of no gap in it
    (the organisation's own, or of a question no longer below target)."""
    by_code = {action.code: action for action in actions if action.code}
    used: set[str] = set()
    groups = []
    for group in plan:
        items = []
        for gap in group.gaps:
            action = by_code.get(gap.code)
            if action is not None:
                used.add(gap.code)
            items.append(PlanItem(gap, action))
        groups.append(PlanGroup(group.title, tuple(items)))
    others = tuple(action for action in actions if not action.code or action.code not in used)
    return tuple(groups), others


@dataclass(frozen=True)
class MethodSection:
    heading: str
    paragraphs: tuple[str, ...]
    bullets: tuple[str, ...] = ()


@dataclass(frozen=True)
class Report:
    assessment: Assessment
    organisation: Organisation
    page: ResultsPage
    framework: Framework
    mode_text: str
    status_text: str
    result_date: str  # when the figures were fixed (closing) or worked out (open)
    generated: datetime
    areas: tuple[AreaSection, ...]
    answer_rows: tuple[AnswerRow, ...]
    respondents: tuple[tuple[str, str], ...]  # (name, role)
    actions: tuple[ActionRow, ...]
    method: tuple[MethodSection, ...]

    @property
    def title(self) -> str:
        return self.assessment.title

    @cached_property
    def plan_and_actions(self) -> tuple[tuple[PlanGroup, ...], tuple[ActionRow, ...]]:
        return plan_with_actions(self.page.plan, self.actions)


def respondent_label(respondent: Respondent) -> tuple[str, str]:
    """(name, role) of a respondent, worked out once per respondent object: a role's display
    name goes through translation on every call, which for every answer of ten respondents was
    most of the time taken to gather a report."""
    label: tuple[str, str] | None = getattr(respondent, "_export_label", None)
    if label is None:
        label = (clean_text(respondent.user.get_full_name()), str(respondent.get_role_display()))
        respondent._export_label = label  # type: ignore[attr-defined]
    return label


def _answer_row(
    words: Words, code: str, question: str, area: str, respondent: Respondent, row: Answer
) -> AnswerRow:
    name, role = respondent_label(respondent)
    return AnswerRow(
        code=code,
        question=question,
        area=area,
        respondent=name,
        role=role,
        removed=respondent.removed_at is not None,
        kind=words.kinds.get(row.kind, row.kind),
        level=row.level,
        answer=words.answer(row.kind, row.level),
        evidence=words.evidence_text(row.evidence),
        note=row.note,
        reason=row.reason,
        link=row.link,
        updated=row.updated_at,
        reason_label=words.reason,
    )


def answer_rows(
    framework: Framework, mode: Mode, answers: AssessmentAnswers, words: Words | None = None
) -> tuple[AnswerRow, ...]:
    """Every stored answer, in the framework's question order, then the respondents' order."""
    words = words or Words.now()
    names = {area.id: area.name for area in framework.areas}
    rows = []
    for question in framework.questions_for_mode(mode):
        for respondent in answers.respondents:
            row = answers.by_respondent.get(respondent.pk, {}).get(question.code)
            if row is not None:
                rows.append(
                    _answer_row(
                        words, question.code, question.text, names[question.area], respondent, row
                    )
                )
    return tuple(rows)


_EVIDENCE_ORDER = {grade.value: rank for rank, grade in enumerate(Evidence)}
_KIND_ORDER = {
    AnswerKind.LEVEL.value: 0,
    AnswerKind.DONT_KNOW.value: 1,
    AnswerKind.NOT_APPLICABLE.value: 2,
}


def answer_groups(words: Words, given: list[tuple[Respondent, Answer]]) -> tuple[AnswerGroup, ...]:
    """The respondents grouped by their answer: highest level first, then by evidence (strongest
    first), then don't know and not applicable; names in the respondents' order."""
    grouped: dict[tuple[int, int, int], tuple[str, list[str]]] = {}
    for respondent, row in given:
        key = (
            _KIND_ORDER.get(row.kind, 3),
            -(row.level or 0),
            -_EVIDENCE_ORDER.get(row.evidence, -1),
        )
        if key not in grouped:
            answer = words.answer(row.kind, row.level)
            if row.kind == AnswerKind.LEVEL.value and row.evidence:
                answer = words.level_with_evidence % {
                    "answer": answer,
                    "evidence": words.evidence_text(row.evidence).lower(),
                }
            grouped[key] = (answer, [])
        name = respondent_label(respondent)[0]
        if respondent.removed_at is not None:
            name += " " + words.removed
        grouped[key][1].append(name)
    return tuple(AnswerGroup(grouped[key][0], tuple(grouped[key][1])) for key in sorted(grouped))


def _question_section(
    words: Words,
    combined: CombinedQuestion | None,
    state: QuestionState | None,
    code: str,
    text: str,
    rows: tuple[AnswerRow, ...],
    missing: tuple[str, ...],
    groups: tuple[AnswerGroup, ...] = (),
) -> QuestionSection:
    answer = combined.answer if combined else None
    return QuestionSection(
        code=code,
        text=text,
        critical=bool(state and state.critical),
        red_flag=bool(state and state.red_flag),
        status=words.statuses[state.status] if state else "",
        combined=words.combined(answer),
        combined_evidence=words.evidence_text(answer.evidence if answer else None),
        declared=state.declared if state else None,
        adjusted=state.adjusted if state else None,
        levels=combined.levels if combined else (),
        spread=combined.spread if combined else 0,
        disputed=bool(combined and combined.disputed),
        agreed=bool(combined and combined.agreed),
        answers=rows,
        missing=missing,
        groups=groups,
        tags=tuple(
            tag
            for tag, applies in zip(
                words.tags,
                (
                    bool(state and state.critical),
                    bool(state and state.red_flag),
                    bool(combined and combined.disputed and not combined.agreed),
                    bool(combined and combined.disputed and combined.agreed),
                ),
                strict=True,
            )
            if applies
        ),
    )


def _area_sections(
    page: ResultsPage, mode: Mode, answers: AssessmentAnswers, words: Words
) -> tuple[AreaSection, ...]:
    framework = page.scored.framework
    states = {state.code: state for state in page.scored.live.questions}
    combined = {question.code: question for question in page.scored.combined.questions}
    names = {area.id: area.name for area in framework.areas}
    descriptions = {area.id.value: area.description for area in framework.areas}
    asked = framework.questions_for_mode(mode)
    sections = []
    for area_row in page.areas:
        questions = []
        for question in asked:
            if question.area.value != area_row.id:
                continue
            given, missing = [], []
            pairs: list[tuple[Respondent, Answer]] = []
            for respondent in answers.respondents:
                row = answers.by_respondent.get(respondent.pk, {}).get(question.code)
                if row is None:
                    name, role = respondent_label(respondent)
                    missing.append(f"{name} ({role})")
                else:
                    pairs.append((respondent, row))
                    given.append(
                        _answer_row(
                            words,
                            question.code,
                            question.text,
                            names[question.area],
                            respondent,
                            row,
                        )
                    )
            questions.append(
                _question_section(
                    words,
                    combined.get(question.code),
                    states.get(question.code),
                    question.code,
                    question.text,
                    tuple(given),
                    tuple(missing),
                    answer_groups(words, pairs),
                )
            )
        sections.append(AreaSection(area_row, descriptions.get(area_row.id, ""), tuple(questions)))
    return tuple(sections)


def _actions(assessment: Assessment) -> tuple[ActionRow, ...]:
    stages = {**{stage.value: words for stage, words in stage_words().items()}, "": _("Our own")}
    statuses = action_status_words()
    return tuple(
        ActionRow(
            code=action.question_code,
            title=action.title,
            detail=action.detail,
            stage=stages.get(action.stage, action.stage),
            priority=action.priority,
            owner=action.owner,
            due=action.due_date,
            status=statuses.get(action.status, action.status),
            notes=action.notes,
            updated=action.updated_at,
        )
        for action in action_list(assessment=assessment)
    )


def method_sections(framework: Framework) -> tuple[MethodSection, ...]:
    """The appendix on the method, every number from the framework version's constants."""
    method = framework.method
    limits = method_guide.thresholds(method)
    evidence = evidence_words()
    mode_names = {
        Mode.READINESS: _("Readiness"),
        Mode.HEALTH_CHECK: _("Health-check"),
        Mode.NEW_PARTNER: _("New partner"),
    }
    return (
        MethodSection(
            _("Levels and answers"),
            (
                _(
                    "Each question is answered at a level from 0 to %(max)s, each described for "
                    "that question. Don't know scores 0 and is listed as an unknown; not "
                    "applicable needs a reason and takes the question out of the score."
                )
                % {"max": method.max_level},
            ),
        ),
        MethodSection(
            _("Weights"),
            (_("Each question has a weight that says how much it counts:"),),
            tuple(
                _("weight %(weight)s: %(label)s") % {"weight": weight, "label": label}
                for weight, label in method_guide.weights(method)
            ),
        ),
        MethodSection(
            _("Evidence"),
            (
                _(
                    "From level %(level)s, a level counts only as far as the evidence behind it "
                    "supports it:"
                )
                % {"level": method.evidence_required_from_level},
            ),
            tuple(
                _("%(evidence)s: counts up to level %(cap)s")
                % {"evidence": evidence[grade], "cap": cap}
                for grade, cap in method_guide.evidence_caps(method)
            ),
        ),
        MethodSection(
            _("Area scores and bands"),
            (
                _(
                    "An area's score is 100 × the sum of (weight × level) ÷ the sum of "
                    "(weight × %(max)s) over its questions that apply. The declared score uses "
                    "the levels as answered; the evidence-adjusted score uses each level as far "
                    "as its evidence supports it. The difference is the assurance gap."
                )
                % {"max": method.max_level},
            ),
            (
                _("Red: a score below %(red)s, or a critical question at level %(level)s or below")
                % {"red": limits.red_below, "level": method.bands.critical_red_at_or_below},
                _(
                    "Amber: a score from %(red)s up to %(green)s, or a critical question at "
                    "level %(level)s"
                )
                % {
                    "red": limits.red_below,
                    "green": limits.green_from,
                    "level": method.bands.critical_amber_at,
                },
                _(
                    "Green: a score of %(green)s or more, every critical question above level %(level)s"
                )
                % {"green": limits.green_from, "level": method.bands.critical_amber_at},
            ),
        ),
        MethodSection(
            _("Red flags and the verdict"),
            (
                _(
                    "A red-flag question at level %(level)s or below, don't know or unanswered "
                    "raises a red flag; the verdict can then be no better than significant gaps."
                )
                % {"level": method.red_flag_at_or_below},
                _(
                    "Ready to proceed: every area green and no red flag. Ready with conditions: "
                    "the weakest area amber. Significant gaps: one red area or a red flag. Not "
                    "ready: two or more red areas."
                ),
            ),
        ),
        MethodSection(
            _("Gaps and priorities"),
            (
                _(
                    "A gap is a question that applies whose evidence-adjusted level is below the "
                    "target. Priority = weight × (target − level), plus %(bonus)s for a critical "
                    "question. Targets by type of assessment:"
                )
                % {"bonus": method.critical_priority_bonus},
            ),
            tuple(
                _("%(mode)s: level %(target)s") % {"mode": mode_names[mode], "target": target}
                for mode, target in method_guide.targets(method)
            ),
        ),
        MethodSection(
            _("Several respondents"),
            (
                _(
                    "The organisation's level for a question is the median of its respondents' "
                    "levels, rounded down; don't know counts as 0 and not applicable is left out. "
                    "Levels %(spread)s or more apart mark the question disputed; a level agreed "
                    "after discussion replaces the median."
                )
                % {"spread": method.disputed_spread},
            ),
        ),
    )


def build_report(assessment: Assessment, *, organisation: Organisation | None = None) -> Report:
    """Everything the exports of ``assessment`` show (see the module doc for the queries)."""
    organisation = organisation or assessment.organisation
    page = results_page(assessment)
    scored = page.scored
    framework = scored.framework
    mode = Mode(assessment.mode)
    answers = assessment_answers(assessment=assessment)
    words = Words.now()
    rows = answer_rows(framework, mode, answers, words)
    if scored.snapshot is not None:
        status = _("Closed: final results")
        fixed = scored.snapshot.created_at
    else:
        status = _("Open: provisional results")
        fixed = timezone.now()
    return Report(
        assessment=assessment,
        organisation=organisation,
        page=page,
        framework=framework,
        mode_text=str(assessment.get_mode_display()),
        status_text=status,
        result_date=date_format(timezone.localtime(fixed), "j F Y"),
        generated=timezone.localtime(),
        areas=_area_sections(page, mode, answers, words),
        answer_rows=rows,
        respondents=tuple(respondent_label(r) for r in answers.respondents),
        actions=_actions(assessment),
        method=method_sections(framework),
    )


def answer_sheet_header() -> list[str]:
    """The columns of the Answers sheet and of the CSV."""
    return [
        _("Code"),
        _("Question"),
        _("Area"),
        _("Respondent"),
        _("Role"),
        _("Answer kind"),
        _("Level"),
        _("Evidence"),
        _("Note"),
        _("Reason (not applicable)"),
        _("Link"),
        _("Updated"),
    ]


def answer_sheet_row(row: AnswerRow) -> list[object]:
    """One answer's cells (not yet neutralised: the writers do that)."""
    updated = timezone.localtime(row.updated).replace(tzinfo=None) if row.updated else None
    name = row.respondent + (" " + _("(removed)") if row.removed else "")
    return [
        row.code,
        row.question,
        row.area,
        name,
        row.role,
        row.kind,
        row.level,
        row.evidence,
        row.note,
        row.reason,
        row.link,
        updated,
    ]


def csv_answers(assessment: Assessment) -> tuple[AnswerRow, ...]:
    """Only the answers, for the CSV: three queries, no scoring."""
    framework = framework_of(assessment.framework_version)
    return answer_rows(framework, Mode(assessment.mode), assessment_answers(assessment=assessment))
