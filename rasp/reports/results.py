"""What the results pages show, assembled from the scoring engine's output.

Where the figures come from:

* **Closed assessment**: the headline (verdict, areas and their scores and bands, red flags,
  critical gaps, unknowns, unanswered questions and the improvement plan) is read from the latest
  ``ResultSnapshot``: what was decided at closing stays what is shown, even if the answers, the
  engine or the organisation's name change later. The detail the snapshot does not hold (each
  question's levels for the heat map and the "Explain this score" pages, the respondents' spread
  for disputed questions) is recomputed from the stored answers with the snapshot's framework
  version. Answers cannot change while an assessment is closed; if the recomputed headline ever
  differs from the snapshot (the answers were reopened and changed, then the assessment was not
  closed again, or the data was altered), ``details_differ`` is set and the page says so.
* **Open assessment**: everything is computed live and labelled provisional.

Reads: a fixed number of queries whatever the number of respondents or questions (the latest
snapshot, then ``scoring_answers``' three queries, which read only the columns scoring needs).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from statistics import fmean
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from rasp.assessments.models import Assessment, ResultSnapshot
from rasp.assessments.selectors import assessment_result, assessment_targets
from rasp.domain.framework.schema import (
    AreaId,
    Evidence,
    Framework,
    Lens,
    Mode,
    Question,
    Stage,
)
from rasp.domain.scoring.answers import AnswerKind
from rasp.domain.scoring.explain import AreaExplanation, BandMove, explain_area
from rasp.domain.scoring.index import cached, framework_index
from rasp.domain.scoring.respondents import CombinedAnswers
from rasp.domain.scoring.results import (
    AreaResult,
    Band,
    Gap,
    OrganisationResult,
    Status,
    Verdict,
)
from rasp.domain.scoring.trends import QuestionChange, TrendResult, compare_results
from rasp.frameworks.selectors import framework_of, without_source
from rasp.reports import charts


def verdict_words() -> dict[Verdict, str]:
    return {
        Verdict.READY: _("Ready to proceed"),
        Verdict.READY_WITH_CONDITIONS: _("Ready with conditions"),
        Verdict.SIGNIFICANT_GAPS: _("Significant gaps: resolve before committing"),
        Verdict.NOT_READY: _("Not ready"),
    }


def band_words() -> dict[Band | None, str]:
    return {Band.GREEN: _("Green"), Band.AMBER: _("Amber"), Band.RED: _("Red"), None: _("No score")}


BAND_TAG_CLASSES: dict[Band | None, str] = {
    Band.GREEN: "govuk-tag--green",
    Band.AMBER: "govuk-tag--orange",
    Band.RED: "govuk-tag--red",
    None: "govuk-tag--grey",
}
_BAND_RANK = {Band.RED: 0, Band.AMBER: 1, Band.GREEN: 2}


def stage_words() -> dict[Stage, str]:
    return {
        Stage.BEFORE_COMMITMENT: _("Before commitment"),
        Stage.BEFORE_GO_LIVE: _("Before go-live"),
        Stage.AFTER_GO_LIVE: _("After go-live"),
    }


def lens_words() -> dict[Lens, str]:
    return {
        Lens.POLITICS: _("Politics"),
        Lens.PEOPLE: _("People"),
        Lens.MONEY: _("Money"),
        Lens.TECHNOLOGY: _("Technology"),
        Lens.LAW: _("Law"),
        Lens.INFORMATION: _("Information"),
    }


def evidence_words() -> dict[Evidence | None, str]:
    return {
        Evidence.NONE: _("None"),
        Evidence.VERBAL: _("Verbal"),
        Evidence.DRAFT: _("Draft"),
        Evidence.APPROVED: _("Approved"),
        Evidence.OPERATING: _("Operating"),
        None: _("Not needed"),
    }


def status_words() -> dict[Status, str]:
    return {
        Status.ANSWERED: _("Answered"),
        Status.DONT_KNOW: _("Don't know"),
        Status.UNANSWERED: _("Not answered"),
        Status.NOT_APPLICABLE: _("Not applicable"),
        Status.HIDDEN: _("Not asked (follow-up not needed)"),
    }


def score_text(value: float | None) -> str:
    return _("no score") if value is None else f"{value:.1f}"


def case_study_path(study_id: str) -> str:
    return f"/framework/case-studies/{study_id}/"


# What the pages look up in a framework, built once per framework version ------------------------


@dataclass(frozen=True)
class PageLookups:
    """Names the results pages look up in one framework version: published versions never
    change, so these are built once per framework object (``rasp.domain.scoring.index``)
    instead of once per question on every page."""

    area_names: dict[AreaId, str]
    study_titles: dict[str, str]
    questions: Mapping[str, Question]


def _build_lookups(framework: Framework) -> PageLookups:
    return PageLookups(
        {area.id: area.name for area in framework.areas},
        {study.id: study.title for study in framework.case_studies},
        framework_index(framework).by_code,
    )


def page_lookups(framework: Framework) -> PageLookups:
    return cached(framework, PageLookups, _build_lookups)


_PLAIN_CODE = re.compile(r"^[A-Za-z0-9_-]+$")


def question_hrefs(framework: Framework) -> dict[str, str]:
    """The public page of every question in the framework, by code: one ``reverse`` per page
    instead of one per link (a results page links to the same questions many times)."""
    sample = "QUESTION-CODE"
    before, after = reverse("framework:question", kwargs={"code": sample}).split(sample)
    return {
        question.code: (
            f"{before}{question.code}{after}"
            if _PLAIN_CODE.match(question.code)
            else reverse("framework:question", kwargs={"code": question.code})
        )
        for question in framework.questions
    }


# The headline: from the snapshot or live -----------------------------------------------------------


@dataclass(frozen=True)
class Headline:
    """The part of a result a snapshot keeps."""

    verdict: Verdict
    areas: tuple[AreaResult, ...]
    red_flags: tuple[str, ...]
    unknowns: tuple[str, ...]
    unanswered: tuple[str, ...]
    gaps: tuple[Gap, ...]


def headline_of(result: OrganisationResult) -> Headline:
    return Headline(
        result.verdict,
        result.areas,
        result.red_flags,
        result.unknowns,
        result.unanswered,
        result.gaps,
    )


def headline_from_json(framework: Framework, data: Mapping[str, Any]) -> Headline:
    """A snapshot's stored result (``OrganisationResult.to_json_dict()``) read back.

    Each gap's area and criticality are not stored: they come from the snapshot's own framework
    version, where the question's code means what it meant at closing.
    """
    by_code = {question.code: question for question in framework.questions}
    areas = tuple(
        AreaResult(
            id=AreaId(area["id"]),
            declared_score=area["declared_score"],
            evidence_adjusted_score=area["evidence_adjusted_score"],
            band=None if area["band"] is None else Band(area["band"]),
            critical_gaps=tuple(area["critical_gaps"]),
            unknowns=tuple(area["unknowns"]),
        )
        for area in data["areas"]
    )
    gaps = tuple(
        Gap(
            code=gap["code"],
            area=by_code[gap["code"]].area,
            level=gap["level"],
            target=gap["target"],
            priority=gap["priority"],
            stage=Stage(gap["stage"]),
            advice=gap["advice"],
            critical=by_code[gap["code"]].critical,
        )
        for gap in data["gaps"]
        if gap["code"] in by_code
    )
    return Headline(
        Verdict(data["verdict"]),
        areas,
        tuple(data["red_flags"]),
        tuple(data.get("unknowns", ())),
        tuple(data.get("unanswered", ())),
        gaps,
    )


def _comparable(data: Mapping[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if key != "organisation"}


@dataclass(frozen=True)
class Scored:
    """An assessment's result as the pages show it."""

    assessment: Assessment
    framework: Framework
    headline: Headline
    live: OrganisationResult
    combined: CombinedAnswers
    snapshot: ResultSnapshot | None  # set for a closed assessment with a snapshot
    details_differ: bool

    @property
    def provisional(self) -> bool:
        return self.snapshot is None


def scored(assessment: Assessment) -> Scored:
    """The assessment's result: the latest snapshot's when closed, else live (see module doc)."""
    snapshot = None
    if not assessment.is_open:
        snapshot = (
            ResultSnapshot.objects.filter(assessment=assessment)
            .select_related("framework_version")
            .defer(*without_source("framework_version"))
            .first()
        )
    live, combined = assessment_result(assessment=assessment)
    if snapshot is None:
        framework = framework_of(assessment.framework_version)
        return Scored(assessment, framework, headline_of(live), live, combined, None, False)
    framework = framework_of(snapshot.framework_version)
    headline = headline_from_json(framework, snapshot.result)
    differ = _comparable(live.to_json_dict()) != _comparable(snapshot.result)
    return Scored(assessment, framework, headline, live, combined, snapshot, differ)


# Rows for the templates ---------------------------------------------------------------------------


@dataclass(frozen=True)
class AreaRow:
    id: str
    name: str
    band: Band | None
    band_text: str
    band_class: str
    declared: float | None
    adjusted: float | None
    assurance_gap: float | None
    critical_gaps: int
    target_score: float
    target_level: int


@dataclass(frozen=True)
class QuestionRef:
    code: str
    text: str
    area: str


@dataclass(frozen=True)
class CaseStudyLink:
    title: str
    href: str


@dataclass(frozen=True)
class GapRow:
    code: str
    text: str
    area: str
    level: int
    target: int
    priority: int
    advice: str
    critical: bool
    case_studies: tuple[CaseStudyLink, ...]
    level_text: str = ""  # "2 to 3": the level now and the target, in words
    read_text: str = ""  # the link text to the question's public page


@dataclass(frozen=True)
class StageGroup:
    stage: str
    title: str
    gaps: tuple[GapRow, ...]


@dataclass(frozen=True)
class DisputeRow:
    code: str
    text: str
    area: str
    levels: tuple[int, ...]
    spread: int
    median: int | None
    agreed: str | None  # the agreed answer in words, when one was recorded


@dataclass(frozen=True)
class Chart:
    svg: str
    summary: str


@dataclass(frozen=True)
class HeatRow:
    area: str
    cells: tuple[str, ...]  # each cell as shown in the table alternative


@dataclass(frozen=True)
class ResultsPage:
    scored: Scored
    verdict_text: str
    verdict: Verdict
    weakest: AreaRow | None
    critical_gap_count: int
    red_flags: tuple[QuestionRef, ...]
    areas: tuple[AreaRow, ...]
    radar: Chart
    heat_map: Chart
    heat_columns: tuple[str, ...]
    heat_rows: tuple[HeatRow, ...]
    critical_gaps: tuple[GapRow, ...]
    unknowns: tuple[QuestionRef, ...]
    unanswered: tuple[QuestionRef, ...]
    disputes: tuple[DisputeRow, ...]
    plan: tuple[StageGroup, ...]
    change: Change | None = None


@dataclass(frozen=True)
class Change:
    """What moved since the organisation's previous closed assessment (health-checks, reruns)."""

    previous: Assessment
    trend: TrendResult
    moved_questions: tuple[QuestionChange, ...]


def previous_assessment(assessment: Assessment) -> Assessment | None:
    """The organisation's latest closed assessment before this one, the same mode preferred."""
    earlier = (
        Assessment.objects.filter(
            organisation_id=assessment.organisation_id,
            status=Assessment.Status.CLOSED,
            created_at__lt=assessment.created_at,
        )
        .select_related("framework_version", "organisation")
        .defer(*without_source("framework_version"))
    )
    return (
        earlier.filter(mode=assessment.mode).order_by("-created_at").first()
        or earlier.order_by("-created_at").first()
    )


def change_since_previous(assessment: Assessment, current: OrganisationResult) -> Change | None:
    """Area and question changes against the previous assessment, questions matched by code and
    through the current framework's code map when the versions differ."""
    previous = previous_assessment(assessment)
    if previous is None:
        return None
    earlier, _combined = assessment_result(assessment=previous)
    trend = compare_results(framework_of(assessment.framework_version), earlier, current)
    moved = tuple(q for q in trend.questions if q.change)
    return Change(previous, trend, moved)


def targets_of(scored: Scored) -> dict[AreaId, int]:
    """The target level per area the shown result was scored against: the snapshot's for a
    closed assessment (the mode's target where an older snapshot kept none), else the
    assessment's current targets."""
    framework = scored.framework
    if scored.snapshot is None:
        return assessment_targets(scored.assessment, framework)
    default = framework.method.targets[Mode(scored.assessment.mode)]
    kept = scored.snapshot.targets or {}
    return {area.id: kept.get(area.id.value, default) for area in framework.areas}


def _area_rows(scored: Scored) -> tuple[AreaRow, ...]:
    framework = scored.framework
    names = {area.id: area.name for area in framework.areas}
    bands, classes = band_words(), BAND_TAG_CLASSES
    targets = targets_of(scored)
    default = framework.method.targets[Mode(scored.assessment.mode)]
    rows = []
    for area in scored.headline.areas:
        target = targets.get(area.id, default)
        rows.append(
            AreaRow(
                area.id.value,
                names.get(area.id, area.id.value),
                area.band,
                bands[area.band],
                classes[area.band],
                area.declared_score,
                area.evidence_adjusted_score,
                area.assurance_gap,
                len(area.critical_gaps),
                round(100 * target / framework.method.max_level, 1),
                target,
            )
        )
    return tuple(rows)


def weakest_area(rows: Sequence[AreaRow]) -> AreaRow | None:
    """The scored area with the worst band, then the lowest evidence-adjusted score."""
    scored_rows = [row for row in rows if row.band is not None and row.adjusted is not None]
    if not scored_rows:
        return None
    return min(scored_rows, key=lambda row: (_BAND_RANK[row.band or Band.RED], row.adjusted))


def strongest_area(rows: Sequence[AreaRow]) -> AreaRow | None:
    scored_rows = [row for row in rows if row.band is not None and row.adjusted is not None]
    if not scored_rows:
        return None
    return max(scored_rows, key=lambda row: (_BAND_RANK[row.band or Band.RED], row.adjusted))


def _question_ref(framework: Framework, code: str) -> QuestionRef:
    index = page_lookups(framework)
    question = index.questions.get(code)
    if question is None:
        return QuestionRef(code, code, "")
    return QuestionRef(code, question.text, index.area_names[question.area])


def _gap_row(framework: Framework, gap: Gap, words: GapWords | None = None) -> GapRow:
    index = page_lookups(framework)
    words = words or GapWords.now()
    question = index.questions[gap.code]
    links = tuple(
        CaseStudyLink(index.study_titles.get(study, study), case_study_path(study))
        for study in question.case_studies
    )
    return GapRow(
        gap.code,
        question.text,
        index.area_names[gap.area],
        gap.level,
        gap.target,
        gap.priority,
        gap.advice,
        gap.critical,
        links,
        words.level_to_target % {"level": gap.level, "target": gap.target},
        words.read_question % {"code": gap.code},
    )


@dataclass(frozen=True)
class GapWords:
    """The gap rows' sentences, translated once per page rather than once per gap."""

    level_to_target: str
    read_question: str

    @classmethod
    def now(cls) -> GapWords:
        return cls(_("%(level)d to %(target)d"), _("Read question %(code)s and its levels"))


def _answer_words(kind: AnswerKind, level: int | None) -> str:
    if kind is AnswerKind.DONT_KNOW:
        return _("Don't know")
    if kind is AnswerKind.NOT_APPLICABLE:
        return _("Not applicable")
    return _("Level %(level)s") % {"level": level}


def _disputes(scored: Scored) -> tuple[DisputeRow, ...]:
    framework = scored.framework
    rows = []
    for question in scored.combined.questions:
        if not question.disputed:
            continue
        ref = _question_ref(framework, question.code)
        agreed = None
        if question.agreed and question.answer is not None:
            agreed = _answer_words(question.answer.kind, question.answer.level)
        rows.append(
            DisputeRow(
                ref.code,
                ref.text,
                ref.area,
                tuple(sorted(question.levels)),
                question.spread,
                question.median,
                agreed,
            )
        )
    return tuple(rows)


def _plan(
    framework: Framework, gaps: Sequence[Gap], words: GapWords | None = None
) -> tuple[StageGroup, ...]:
    titles = stage_words()
    words = words or GapWords.now()
    groups = []
    for stage in Stage:
        rows = tuple(_gap_row(framework, gap, words) for gap in gaps if gap.stage is stage)
        groups.append(StageGroup(stage.value, titles[stage], rows))
    return tuple(groups)


# Charts -------------------------------------------------------------------------------------------


def radar_summary(rows: Sequence[AreaRow]) -> str:
    """One paragraph saying what the radar chart shows."""
    strongest, weakest = strongest_area(rows), weakest_area(rows)
    if strongest is None or weakest is None:
        return _("No area has a score yet, so there is nothing to compare.")
    parts = [
        _("Strongest area: %(area)s (%(score)s, %(band)s).")
        % {
            "area": strongest.name,
            "score": score_text(strongest.adjusted),
            "band": strongest.band_text.lower(),
        },
        _("Weakest: %(area)s (%(score)s, %(band)s).")
        % {
            "area": weakest.name,
            "score": score_text(weakest.adjusted),
            "band": weakest.band_text.lower(),
        },
    ]
    gaps = [row for row in rows if row.assurance_gap]
    if gaps:
        widest = max(gaps, key=lambda row: row.assurance_gap or 0.0)
        parts.append(
            ngettext(
                "Evidence lowers the score of %(count)d area; the largest assurance gap is in "
                "%(area)s (%(gap)s points).",
                "Evidence lowers the scores of %(count)d areas; the largest assurance gap is in "
                "%(area)s (%(gap)s points).",
                len(gaps),
            )
            % {"count": len(gaps), "area": widest.name, "gap": score_text(widest.assurance_gap)}
        )
    else:
        parts.append(_("Evidence supports every declared score in full."))
    reaching = sum(
        1 for row in rows if row.adjusted is not None and row.adjusted >= row.target_score
    )
    scored_count = sum(1 for row in rows if row.adjusted is not None)
    parts.append(
        _("%(reaching)d of %(total)d scored areas reach their target.")
        % {"reaching": reaching, "total": scored_count}
    )
    missing = [row.name for row in rows if row.adjusted is None]
    if missing:
        parts.append(_("No score: %(areas)s.") % {"areas": ", ".join(missing)})
    return " ".join(parts)


def radar(rows: Sequence[AreaRow], id_prefix: str = "radar") -> Chart:
    summary = radar_summary(rows)
    svg = charts.radar_chart(
        axes=[row.name for row in rows],
        series=[
            charts.Series("adjusted", _("Evidence-adjusted"), tuple(row.adjusted for row in rows)),
            charts.Series("declared", _("Declared"), tuple(row.declared for row in rows)),
            charts.Series("target", _("Target"), tuple(row.target_score for row in rows)),
        ],
        title=_("Area scores: declared, evidence-adjusted and target, out of 100"),
        desc=summary,
        id_prefix=id_prefix,
        no_score=_("(no score)"),
    )
    return Chart(svg, summary)


def heat_cells(
    framework: Framework, result: OrganisationResult
) -> tuple[tuple[charts.HeatCell, ...], ...]:
    """Per area (rows) and lens (columns): the mean evidence-adjusted level of the applicable
    questions asked in the result's mode, with the number of questions asked there."""
    asked = {q.code: q for q in framework.questions_for_mode(result.mode)}
    grid: dict[tuple[AreaId, Lens], list[int | None]] = {}
    for state in result.questions:
        question = asked.get(state.code)
        if question is None:
            continue
        grid.setdefault((state.area, question.lens), []).append(state.adjusted)
    rows = []
    for area in framework.areas:
        row = []
        for lens in Lens:
            levels = grid.get((area.id, lens), [])
            applicable = [level for level in levels if level is not None]
            mean = round(fmean(applicable), 1) if applicable else None
            row.append(charts.HeatCell(mean, len(levels)))
        rows.append(tuple(row))
    return tuple(rows)


def heat_summary(
    framework: Framework, cells: Sequence[Sequence[charts.HeatCell]], lenses: Sequence[str]
) -> str:
    valued = [
        (cell.value, area.name, lenses[c])
        for area, row in zip(framework.areas, cells, strict=True)
        for c, cell in enumerate(row)
        if cell.questions and cell.value is not None
    ]
    if not valued:
        return _("No area and lens has an applicable question, so the map is empty.")
    high = max(valued, key=lambda item: item[0] or 0.0)
    low = min(valued, key=lambda item: item[0] or 0.0)
    empty = sum(1 for row in cells for cell in row if not cell.questions)
    parts = [
        _("Highest mean level: %(area)s, %(lens)s (%(value)s out of 4).")
        % {"area": high[1], "lens": high[2].lower(), "value": f"{high[0]:.1f}"},
        _("Lowest: %(area)s, %(lens)s (%(value)s out of 4).")
        % {"area": low[1], "lens": low[2].lower(), "value": f"{low[0]:.1f}"},
    ]
    below = sum(1 for item in valued if (item[0] or 0.0) < 2)
    parts.append(
        ngettext(
            "%(count)d area and lens has a mean level below 2.",
            "%(count)d areas and lenses have a mean level below 2.",
            below,
        )
        % {"count": below}
    )
    if empty:
        parts.append(
            ngettext(
                "%(count)d combination has no questions.",
                "%(count)d combinations have no questions.",
                empty,
            )
            % {"count": empty}
        )
    return " ".join(parts)


def heat_legend() -> list[str]:
    return [
        _("0 to under 1"),
        _("1 to under 2"),
        _("2 to under 3"),
        _("3 to under 3.5"),
        _("3.5 to 4"),
    ]


def heat_map(
    framework: Framework, result: OrganisationResult, id_prefix: str = "heat-map"
) -> tuple[Chart, tuple[str, ...], tuple[HeatRow, ...]]:
    lenses = tuple(lens_words()[lens] for lens in Lens)
    cells = heat_cells(framework, result)
    summary = heat_summary(framework, cells, lenses)
    svg = charts.heat_map(
        rows=[area.name for area in framework.areas],
        columns=lenses,
        cells=cells,
        title=_("Mean evidence-adjusted level (0 to 4) by area and lens"),
        desc=summary,
        legend=heat_legend(),
        empty_label=_("No questions"),
        not_applicable_label=_("Not applicable"),
        id_prefix=id_prefix,
        marks=("–", _("n/a")),
    )
    table = tuple(
        HeatRow(
            area.name,
            tuple(
                _("no questions")
                if not cell.questions
                else (_("not applicable") if cell.value is None else f"{cell.value:.1f}")
                for cell in row
            ),
        )
        for area, row in zip(framework.areas, cells, strict=True)
    )
    return Chart(svg, summary), lenses, table


# The page -----------------------------------------------------------------------------------------


def results_page(assessment: Assessment) -> ResultsPage:
    result = scored(assessment)
    framework, headline = result.framework, result.headline
    areas = _area_rows(result)
    words = GapWords.now()
    critical = tuple(_gap_row(framework, gap, words) for gap in headline.gaps if gap.critical)
    heat_chart, heat_columns, heat_rows = heat_map(framework, result.live)
    return ResultsPage(
        scored=result,
        verdict_text=verdict_words()[headline.verdict],
        verdict=headline.verdict,
        weakest=weakest_area(areas),
        critical_gap_count=len(critical),
        red_flags=tuple(_question_ref(framework, code) for code in headline.red_flags),
        areas=areas,
        radar=radar(areas),
        heat_map=heat_chart,
        heat_columns=heat_columns,
        heat_rows=heat_rows,
        critical_gaps=critical,
        unknowns=tuple(_question_ref(framework, code) for code in headline.unknowns),
        unanswered=tuple(_question_ref(framework, code) for code in headline.unanswered),
        disputes=_disputes(result),
        plan=_plan(framework, headline.gaps, words),
        change=change_since_previous(assessment, result.live),
    )


# Explain this score -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExplainRow:
    code: str
    text: str
    status: str
    answered: bool
    declared: int | None
    adjusted: int | None
    weight: int
    weight_text: str
    critical: bool
    evidence: str
    cap: int | None
    contribution: float | None
    most: float | None


@dataclass(frozen=True)
class MoveRow:
    code: str
    text: str
    from_level: int
    to_level: int
    to_level_text: str
    evidence: str | None


@dataclass(frozen=True)
class ExplainPage:
    scored: Scored
    area: AreaRow
    description: str
    explanation: AreaExplanation
    rows: tuple[ExplainRow, ...]
    next_band_text: str | None
    single_moves: tuple[MoveRow, ...]
    plan: tuple[MoveRow, ...]


def _move_row(framework: Framework, move: BandMove) -> MoveRow:
    question = page_lookups(framework).questions[move.code]
    levels = {int(level): text for level, text in question.levels.items()}
    evidence = None if move.evidence_needed is None else evidence_words()[move.evidence_needed]
    return MoveRow(
        move.code,
        question.text,
        move.from_level,
        move.to_level,
        levels.get(move.to_level, ""),
        evidence,
    )


def explain_page(assessment: Assessment, area_id: str) -> ExplainPage | None:
    """The page for one area; ``None`` when the framework has no such area."""
    try:
        area = AreaId(area_id)
    except ValueError:
        return None
    result = scored(assessment)
    framework = result.framework
    if area not in {entry.id for entry in framework.areas}:
        return None
    rows = _area_rows(result)
    row = next(entry for entry in rows if entry.id == area.value)
    explanation = explain_area(framework, result.live, area)
    weights = framework.method.weights
    statuses, evidence = status_words(), evidence_words()
    questions = tuple(
        ExplainRow(
            entry.code,
            page_lookups(framework).questions[entry.code].text,
            statuses[entry.status],
            entry.status is Status.ANSWERED,
            entry.declared,
            entry.adjusted,
            entry.weight,
            weights.get(entry.weight, str(entry.weight)),
            entry.critical,
            evidence[entry.evidence] if entry.status is Status.ANSWERED else "",
            entry.cap,
            entry.contribution,
            entry.most,
        )
        for entry in explanation.questions
    )
    description = next(entry.description for entry in framework.areas if entry.id == area)
    return ExplainPage(
        scored=result,
        area=row,
        description=description,
        explanation=explanation,
        rows=questions,
        next_band_text=None
        if explanation.next_band is None
        else band_words()[explanation.next_band].lower(),
        single_moves=tuple(_move_row(framework, move) for move in explanation.single_moves),
        plan=tuple(_move_row(framework, move) for move in explanation.plan),
    )
