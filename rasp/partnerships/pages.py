"""What the partnership view shows, assembled from the engine's ``PartnershipResult``.

Every number on the page comes from ``score_partnership`` through ``selectors.joint_result``; this
module only puts it into words, rows and charts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from statistics import fmean

from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from rasp.domain.framework.schema import AreaId, Framework, Question, Scope
from rasp.domain.scoring.index import framework_index
from rasp.domain.scoring.results import Band, PartnershipResult, Verdict, area_of
from rasp.domain.scoring.trends import AreaChange
from rasp.partnerships.charts import partners_radar
from rasp.partnerships.models import JointAgreedAnswer
from rasp.partnerships.selectors import HealthCheck, JointResult
from rasp.reports import charts
from rasp.reports.results import (
    BAND_TAG_CLASSES,
    Chart,
    band_words,
    heat_legend,
    score_text,
    verdict_words,
)


@dataclass(frozen=True)
class RedFlagRow:
    code: str
    text: str
    area: str
    raised_by: str


@dataclass(frozen=True)
class JointAreaRow:
    id: str
    name: str
    band_text: str
    band_class: str
    declared: float | None
    adjusted: float | None
    divergence: float | None
    weakest: str | None
    weakest_score: float | None
    all_level: bool  # every partner has the weakest partner's score: nobody trails


@dataclass(frozen=True)
class PartnerRow:
    name: str
    verdict_text: str
    cells: tuple[str, ...]  # per area, as the tables show them


@dataclass(frozen=True)
class ComparisonRow:
    code: str
    text: str
    area: str
    scope: str
    levels: tuple[str, ...]  # per partner, in the partners' order
    spread: int | None
    not_agreed: bool
    agreed_text: str | None
    agreed_note: str


@dataclass(frozen=True)
class GapRow:
    code: str
    text: str
    area: str
    level: int
    target: int
    priority: int
    advice: str


@dataclass(frozen=True)
class PartnershipPage:
    joint: JointResult
    result: PartnershipResult
    verdict: Verdict
    verdict_text: str
    reasons: tuple[str, ...]
    red_flags: tuple[RedFlagRow, ...]
    areas: tuple[JointAreaRow, ...]
    area_names: tuple[str, ...]
    partners: tuple[str, ...]
    heat_map: Chart
    heat_rows: tuple[PartnerRow, ...]
    radar: Chart
    radar_rows: tuple[PartnerRow, ...]
    comparisons: tuple[ComparisonRow, ...]  # not agreed now, or settled by an agreed level
    gaps: tuple[GapRow, ...]


def _question(framework: Framework, code: str) -> Question:
    """The question with this code, from the framework's cached index (``Framework.question``
    searches the list, once per row of every table)."""
    return framework_index(framework).by_code[code]


def answer_text(kind: str, level: int | None) -> str:
    if kind == JointAgreedAnswer.Kind.DONT_KNOW:
        return _("Don't know")
    return _("Level %(level)s") % {"level": level}


def _level_text(level: int | None) -> str:
    return _("not applicable") if level is None else str(level)


def _reasons(
    framework: Framework, result: PartnershipResult, names: dict[AreaId, str]
) -> list[str]:
    reasons = []
    if result.red_flags:
        reasons.append(
            ngettext(
                "%(count)d red flag from a partner: while it stands the verdict can be no better "
                "than significant gaps.",
                "%(count)d red flags from partners: while they stand the verdict can be no better "
                "than significant gaps.",
                len(result.red_flags),
            )
            % {"count": len(result.red_flags)}
        )
    red = [names[a.id] for a in result.areas if a.band is Band.RED]
    amber = [names[a.id] for a in result.areas if a.band is Band.AMBER]
    if red:
        reasons.append(
            ngettext("Red area: %(areas)s.", "Red areas: %(areas)s.", len(red))
            % {"areas": ", ".join(red)}
        )
    if amber:
        reasons.append(
            ngettext("Amber area: %(areas)s.", "Amber areas: %(areas)s.", len(amber))
            % {"areas": ", ".join(amber)}
        )
    if not red and not amber and not result.red_flags:
        reasons.append(_("Every scored area is green and no partner raises a red flag."))
    reasons.append(
        _(
            "On each question the partnership has the lowest partner's level: the weakest partner "
            "limits the programme."
        )
    )
    if result.not_agreed:
        reasons.append(
            ngettext(
                "On %(count)d partnership-wide question the partners have not actually agreed; "
                "it is scored at the lowest answer until they record an agreed level.",
                "On %(count)d partnership-wide questions the partners have not actually agreed; "
                "they are scored at the lowest answer until the partners record an agreed level.",
                len(result.not_agreed),
            )
            % {"count": len(result.not_agreed)}
        )
    return reasons


def _red_flags(
    framework: Framework, result: PartnershipResult, names: dict[AreaId, str]
) -> tuple[RedFlagRow, ...]:
    rows = []
    for code in result.red_flags:
        question = _question(framework, code)
        raised = [p.organisation for p in result.partners if code in p.red_flags]
        rows.append(
            RedFlagRow(
                code,
                question.text,
                names[question.area],
                ", ".join(raised) if raised else _("the agreed joint level"),
            )
        )
    return tuple(rows)


def _area_rows(result: PartnershipResult, names: dict[AreaId, str]) -> tuple[JointAreaRow, ...]:
    bands = band_words()
    rows = []
    partners = {p.organisation: p for p in result.partners}
    for area in result.areas:
        weakest = result.weakest_partner.get(area.id)
        weakest_score = (
            area_of(partners[weakest], area.id).evidence_adjusted_score if weakest else None
        )
        scores = {area_of(p, area.id).evidence_adjusted_score for p in result.partners}
        rows.append(
            JointAreaRow(
                area.id.value,
                names[area.id],
                bands[area.band],
                BAND_TAG_CLASSES[area.band],
                area.declared_score,
                area.evidence_adjusted_score,
                result.divergence.get(area.id),
                weakest,
                weakest_score,
                len(result.partners) > 1 and scores == {weakest_score},
            )
        )
    return tuple(rows)


def _heat(
    framework: Framework, result: PartnershipResult, area_names: Sequence[str]
) -> tuple[Chart, tuple[PartnerRow, ...]]:
    asked = {q.code for q in framework.questions_for_mode(result.mode)}
    verdicts = verdict_words()
    grid: list[list[charts.HeatCell]] = []
    table = []
    for partner in result.partners:
        row = []
        for area in framework.areas:
            levels = [
                s.adjusted for s in partner.questions if s.area == area.id and s.code in asked
            ]
            applicable = [level for level in levels if level is not None]
            mean = round(fmean(applicable), 1) if applicable else None
            row.append(charts.HeatCell(mean, len(levels)))
        grid.append(row)
        table.append(
            PartnerRow(
                partner.organisation,
                verdicts[partner.verdict],
                tuple(
                    _("no questions")
                    if not cell.questions
                    else (_("not applicable") if cell.value is None else f"{cell.value:.1f}")
                    for cell in row
                ),
            )
        )
    valued = [
        (cell.value, partner.organisation, area_names[c])
        for partner, row in zip(result.partners, grid, strict=True)
        for c, cell in enumerate(row)
        if cell.questions and cell.value is not None
    ]
    if valued:
        low = min(valued, key=lambda item: item[0] or 0.0)
        high = max(valued, key=lambda item: item[0] or 0.0)
        below = sum(1 for item in valued if (item[0] or 0.0) < 2)
        summary = " ".join(
            [
                _("Lowest mean level: %(partner)s in %(area)s (%(value)s out of 4).")
                % {"partner": low[1], "area": low[2], "value": f"{low[0]:.1f}"},
                _("Highest: %(partner)s in %(area)s (%(value)s out of 4).")
                % {"partner": high[1], "area": high[2], "value": f"{high[0]:.1f}"},
                ngettext(
                    "%(count)d partner and area has a mean level below 2.",
                    "%(count)d partners and areas have a mean level below 2.",
                    below,
                )
                % {"count": below},
            ]
        )
    else:
        summary = _("No partner has an applicable question in any area, so the map is empty.")
    svg = charts.heat_map(
        rows=[p.organisation for p in result.partners],
        columns=list(area_names),
        cells=grid,
        title=_("Mean evidence-adjusted level (0 to 4) of each partner in each area"),
        desc=summary,
        legend=heat_legend(),
        empty_label=_("No questions"),
        not_applicable_label=_("Not applicable"),
        id_prefix="partners-heat-map",
        marks=("–", _("n/a")),
    )
    return Chart(svg, summary), tuple(table)


def _radar(
    result: PartnershipResult, area_names: Sequence[str], areas: Sequence[JointAreaRow]
) -> tuple[Chart, tuple[PartnerRow, ...]]:
    verdicts = verdict_words()
    rows = []
    series = []
    for index, partner in enumerate(result.partners):
        values = tuple(area.evidence_adjusted_score for area in partner.areas)
        series.append(charts.Series(f"partner-{index + 1}", partner.organisation, values))
        rows.append(
            PartnerRow(
                partner.organisation, verdicts[partner.verdict], tuple(map(score_text, values))
            )
        )
    parts = []
    for area in areas:
        if area.weakest is not None and area.all_level:
            parts.append(
                _("%(area)s: every partner at %(score)s.")
                % {"area": area.name, "score": score_text(area.weakest_score)}
            )
        elif area.weakest is not None:
            parts.append(
                _("%(area)s: weakest %(partner)s (%(score)s).")
                % {
                    "area": area.name,
                    "partner": area.weakest,
                    "score": score_text(area.weakest_score),
                }
            )
    summary = " ".join(parts) or _("No partner has an area score yet.")
    svg = partners_radar(
        axes=area_names,
        series=series,
        title=_("Each partner's evidence-adjusted area scores, out of 100"),
        desc=summary,
        no_score=_("(no score)"),
    )
    return Chart(svg, summary), tuple(rows)


def _comparisons(
    joint: JointResult, framework: Framework, result: PartnershipResult, names: dict[AreaId, str]
) -> tuple[ComparisonRow, ...]:
    rows = []
    for comparison in result.comparisons:
        if not (comparison.not_agreed or comparison.agreed):
            continue
        question = _question(framework, comparison.code)
        agreed = joint.agreed.get(comparison.code)
        rows.append(
            ComparisonRow(
                comparison.code,
                question.text,
                names[question.area],
                question.scope.value,
                tuple(_level_text(level) for _name, level in comparison.declared),
                comparison.spread,
                comparison.not_agreed,
                answer_text(agreed.kind, agreed.level) if agreed and comparison.agreed else None,
                agreed.note if agreed and comparison.agreed else "",
            )
        )
    return tuple(rows)


def partnership_page(joint: JointResult) -> PartnershipPage | None:
    """The page's content, or None when no member has shared an assessment that can be scored."""
    result, framework = joint.result, joint.framework
    if result is None or framework is None:
        return None
    names = {area.id: area.name for area in framework.areas}
    area_names = tuple(area.name for area in framework.areas)
    areas = _area_rows(result, names)
    heat, heat_rows = _heat(framework, result, area_names)
    radar, radar_rows = _radar(result, area_names, areas)
    gaps = tuple(
        GapRow(
            gap.code,
            _question(framework, gap.code).text,
            names[gap.area],
            gap.level,
            gap.target,
            gap.priority,
            gap.advice,
        )
        for gap in result.gaps
    )
    return PartnershipPage(
        joint=joint,
        result=result,
        verdict=result.verdict,
        verdict_text=verdict_words()[result.verdict],
        reasons=tuple(_reasons(framework, result, names)),
        red_flags=_red_flags(framework, result, names),
        areas=areas,
        area_names=area_names,
        partners=tuple(p.organisation for p in result.partners),
        heat_map=heat,
        heat_rows=heat_rows,
        radar=radar,
        radar_rows=radar_rows,
        comparisons=_comparisons(joint, framework, result, names),
        gaps=gaps,
    )


@dataclass(frozen=True)
class WorkshopPage:
    partners: tuple[str, ...]
    comparisons: tuple[ComparisonRow, ...]  # not agreed now, or settled by an agreed level


def workshop_page(joint: JointResult) -> WorkshopPage | None:
    """What the consensus workshop shows: only the partners and the comparison rows (not the
    whole results page, charts and all). None when nothing can be scored."""
    result, framework = joint.result, joint.framework
    if result is None or framework is None:
        return None
    names = {area.id: area.name for area in framework.areas}
    return WorkshopPage(
        tuple(p.organisation for p in result.partners),
        _comparisons(joint, framework, result, names),
    )


def workshop_question(joint: JointResult, code: str) -> ComparisonRow | None:
    """The workshop's row for one partnership-wide question that is not agreed or already
    settled; None for any other code."""
    page = workshop_page(joint)
    if page is None:
        return None
    row = next((r for r in page.comparisons if r.code == code), None)
    if row is None or row.scope != Scope.PARTNERSHIP.value:
        return None
    return row


# New partners ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EntrantAreaRow:
    id: str
    name: str
    baseline: float | None  # the partnership's evidence-adjusted score
    entrant: float | None
    band_text: str
    band_class: str


@dataclass(frozen=True)
class EntryGapRow:
    code: str
    text: str
    area: str
    level: int
    baseline: str
    reasons: tuple[str, ...]
    action: str


@dataclass(frozen=True)
class EntrantPage:
    verdict_text: str
    partnership_verdict_text: str
    areas: tuple[EntrantAreaRow, ...]
    gaps: tuple[EntryGapRow, ...]


def entrant_page(joint: JointResult) -> EntrantPage | None:
    """The new partner against the baseline, or None when there is nothing to compare."""
    result, framework = joint.result, joint.framework
    if result is None or framework is None or result.entrant is None:
        return None
    entrant = result.entrant
    names = {area.id: area.name for area in framework.areas}
    bands = band_words()
    verdicts = verdict_words()
    rule = framework.method.entry_gap
    areas = []
    for area in result.areas:
        own = area_of(entrant.result, area.id)
        areas.append(
            EntrantAreaRow(
                area.id.value,
                names[area.id],
                area.evidence_adjusted_score,
                own.evidence_adjusted_score,
                bands[own.band],
                BAND_TAG_CLASSES[own.band],
            )
        )
    gaps = []
    for gap in entrant.entry_gaps:
        question = _question(framework, gap.code)
        reasons = []
        if gap.below_baseline:
            reasons.append(
                _("%(levels)d or more levels below the partnership")
                % {"levels": rule.levels_below_baseline}
            )
        if gap.critical_below:
            reasons.append(
                _("critical question below level %(level)d") % {"level": rule.critical_below}
            )
        gaps.append(
            EntryGapRow(
                gap.code,
                question.text,
                names[question.area],
                gap.level,
                _("no partnership level") if gap.baseline is None else str(gap.baseline),
                tuple(reasons),
                gap.action,
            )
        )
    return EntrantPage(
        verdicts[entrant.verdict], verdicts[result.verdict], tuple(areas), tuple(gaps)
    )


# Health-check against the readiness baseline -----------------------------------------------------


@dataclass(frozen=True)
class ChangeRow:
    id: str
    name: str
    previous: str
    current: str
    change: str
    previous_band: str
    band: str


@dataclass(frozen=True)
class PartnerChangeRow:
    name: str
    cells: tuple[str, ...]  # per area: "from X to Y (change)", or why there is none


@dataclass(frozen=True)
class QuestionChangeRow:
    code: str
    previous_code: str  # differs where the code map renamed the question
    text: str
    area: str
    previous_level: int
    level: int
    change: str


@dataclass(frozen=True)
class HealthCheckPage:
    previous_verdict_text: str
    verdict_text: str
    areas: tuple[ChangeRow, ...]
    area_names: tuple[str, ...]
    chart: Chart  # the baseline and now per area; ``areas`` is its table
    partners: tuple[PartnerChangeRow, ...]
    framework_versions: tuple[str, str]
    questions: tuple[QuestionChangeRow, ...]  # the partnership's levels that moved, biggest first


def change_text(value: float | None) -> str:
    if value is None:
        return _("no change to show")
    if value == 0:
        return _("no change")
    return f"{value:+.1f}"


def change_summary(changes: Sequence[AreaChange], names: dict[AreaId, str]) -> str:
    """In words, which areas improved since the baseline and which fell back (biggest first),
    then those that stayed level and those missing a score on either side."""

    def listed(entries: Sequence[AreaChange]) -> str:
        ordered = sorted(entries, key=lambda c: -abs(c.change or 0.0))
        return str(
            get_text_list(
                [
                    _("%(area)s (%(change)s)")
                    % {"area": names[c.area], "change": change_text(c.change)}
                    for c in ordered
                ],
                _("and"),
            )
        )

    improved = [c for c in changes if c.change is not None and c.change > 0]
    fell = [c for c in changes if c.change is not None and c.change < 0]
    level = [names[c.area] for c in changes if c.change == 0]
    unknown = [names[c.area] for c in changes if c.change is None]
    parts = [
        _("Improved since the readiness baseline: %(areas)s.") % {"areas": listed(improved)}
        if improved
        else _("No area improved since the readiness baseline."),
        _("Fell back: %(areas)s.") % {"areas": listed(fell)} if fell else _("No area fell back."),
    ]
    if level:
        parts.append(_("No change: %(areas)s.") % {"areas": get_text_list(level, _("and"))})
    if unknown:
        parts.append(
            _("Not compared, because a score is missing at the baseline or now: %(areas)s.")
            % {"areas": get_text_list(unknown, _("and"))}
        )
    return " ".join(parts)


def _change_chart(changes: Sequence[AreaChange], names: dict[AreaId, str]) -> Chart:
    summary = change_summary(changes, names)
    svg = charts.radar_chart(
        axes=[names[c.area] for c in changes],
        series=[
            charts.Series(
                "baseline", _("Readiness baseline"), tuple(c.previous_score for c in changes)
            ),
            charts.Series("now", _("Health-check now"), tuple(c.score for c in changes)),
        ],
        title=_(
            "The partnership's evidence-adjusted area scores, out of 100, at the readiness "
            "baseline and now"
        ),
        desc=summary,
        id_prefix="health-check-radar",
        no_score=_("(no score)"),
    )
    return Chart(svg, summary)


def health_check_page(check: HealthCheck) -> HealthCheckPage | None:
    """The change per area and per partner, or None until both results exist."""
    trend, framework = check.trend, check.current.framework
    if trend is None or framework is None:
        return None
    names = {area.id: area.name for area in framework.areas}
    bands = band_words()
    verdicts = verdict_words()
    areas = tuple(
        ChangeRow(
            change.area.value,
            names[change.area],
            score_text(change.previous_score),
            score_text(change.score),
            change_text(change.change),
            bands[change.previous_band],
            bands[change.band],
        )
        for change in trend.areas
    )
    partners = []
    for partner in check.partners:
        if partner.trend is None:
            cells = tuple(_("no readiness baseline shared") for _area in framework.areas)
        else:
            cells = tuple(
                _("from %(previous)s to %(current)s (%(change)s)")
                % {
                    "previous": score_text(change.previous_score),
                    "current": score_text(change.score),
                    "change": change_text(change.change),
                }
                for change in partner.trend.areas
            )
        partners.append(PartnerChangeRow(partner.organisation, cells))
    moved = sorted(
        (q for q in trend.questions if q.change and q.previous_level is not None),
        key=lambda q: (-abs(q.change or 0), q.code),
    )
    questions = tuple(
        QuestionChangeRow(
            q.code,
            q.previous_code,
            _question(framework, q.code).text,
            names[_question(framework, q.code).area],
            q.previous_level or 0,
            q.level or 0,
            f"{q.change:+d}",
        )
        for q in moved
    )
    return HealthCheckPage(
        verdicts[trend.previous_verdict],
        verdicts[trend.verdict],
        areas,
        tuple(area.name for area in framework.areas),
        _change_chart(trend.areas, names),
        tuple(partners),
        (trend.previous_framework_version, trend.framework_version),
        questions,
    )
