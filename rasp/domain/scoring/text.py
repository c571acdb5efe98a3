"""Plain-text reports of results (``rasp score --format text``), readable in a terminal or email.

Red flags come first, as the method requires; then the verdict in words, the weakest area and the
count of critical gaps, a table of areas, and the gaps grouped by stage with their advice.
"""

from __future__ import annotations

from collections.abc import Sequence

from rasp.domain.framework.schema import Framework, Stage
from rasp.domain.scoring.results import (
    AreaResult,
    EntrantResult,
    Gap,
    OrganisationResult,
    PartnershipResult,
    Verdict,
)

VERDICT_WORDS = {
    Verdict.READY: "Ready to proceed",
    Verdict.READY_WITH_CONDITIONS: "Ready with conditions",
    Verdict.SIGNIFICANT_GAPS: "Significant gaps: resolve before committing",
    Verdict.NOT_READY: "Not ready",
}
STAGE_WORDS = {
    Stage.BEFORE_COMMITMENT: "Before commitment",
    Stage.BEFORE_GO_LIVE: "Before go-live",
    Stage.AFTER_GO_LIVE: "After go-live",
}


def _number(value: float | None) -> str:
    return "no score" if value is None else f"{value:.1f}"


def _divergence(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [
        max(len(str(cell)) for cell in column) for column in zip(headers, *rows, strict=False)
    ]
    lines = ["  " + "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))]
    lines.append("  " + "  ".join("-" * w for w in widths))
    lines += [
        "  " + "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in rows
    ]
    return [line.rstrip() for line in lines]


def _area_rows(framework: Framework, areas: Sequence[AreaResult]) -> list[list[str]]:
    names = {area.id: area.name for area in framework.areas}
    return [
        [
            names[area.id],
            "-" if area.band is None else area.band.value,
            _number(area.declared_score),
            _number(area.evidence_adjusted_score),
            _number(area.assurance_gap),
            ", ".join(area.critical_gaps) or "-",
        ]
        for area in areas
    ]


AREA_HEADERS = ("Area", "Band", "Declared", "Evidence-adjusted", "Assurance gap", "Critical gaps")


def _red_flags(framework: Framework, codes: Sequence[str]) -> list[str]:
    if not codes:
        return []
    lines = ["RED FLAGS (these override every other result)"]
    lines += [f"  ! {code}: {framework.question(code).text}" for code in codes]
    return [*lines, ""]


def _headline(
    framework: Framework, areas: Sequence[AreaResult], verdict: Verdict, gaps: Sequence[Gap]
) -> list[str]:
    lines = [f"Verdict: {VERDICT_WORDS[verdict]}"]
    scored = [a for a in areas if a.evidence_adjusted_score is not None]
    if scored:
        names = {area.id: area.name for area in framework.areas}
        weakest = min(scored, key=lambda a: a.evidence_adjusted_score or 0.0)
        critical = sum(1 for gap in gaps if gap.critical)
        lines.append(
            f"Weakest area: {names[weakest.id]} ({_number(weakest.evidence_adjusted_score)}); "
            f"critical gaps: {critical}"
        )
    return [*lines, ""]


def _code_list(label: str, codes: Sequence[str]) -> list[str]:
    return [f"{label}: {', '.join(codes)}"] if codes else []


def _gaps(gaps: Sequence[Gap]) -> list[str]:
    if not gaps:
        return ["No gaps: every applicable question is at its target."]
    lines = ["Gaps by stage (highest priority first)"]
    for stage in Stage:
        staged = [gap for gap in gaps if gap.stage is stage]
        if staged:
            lines.append(f"  {STAGE_WORDS[stage]}")
            lines += [
                f"    [{g.priority}] {g.code} level {g.level} -> target {g.target}: {g.advice}"
                for g in staged
            ]
    return lines


def render_organisation(framework: Framework, result: OrganisationResult) -> str:
    """A readable report of one organisation's result, red flags first."""
    lines = [
        f"RASP result: {result.organisation}",
        f"Mode: {result.mode.value}; framework {result.framework_version}",
        "",
        *_red_flags(framework, result.red_flags),
        *_headline(framework, result.areas, result.verdict, result.gaps),
        *_table(AREA_HEADERS, _area_rows(framework, result.areas)),
        "",
        *_code_list("Don't know", result.unknowns),
        *_code_list("Unanswered", result.unanswered),
        "",
        *_gaps(result.gaps),
    ]
    return "\n".join(lines) + "\n"


def _partners(framework: Framework, result: PartnershipResult) -> list[str]:
    names = {area.id: area.name for area in framework.areas}
    rows = [
        [
            names[area],
            _divergence(result.divergence.get(area)),
            result.weakest_partner.get(area) or "-",
        ]
        for area in names
    ]
    lines = _table(("Area", "Divergence", "Weakest partner"), rows)
    lines += ["", "Partners"]
    lines += [f"  {p.organisation}: {VERDICT_WORDS[p.verdict]}" for p in result.partners]
    return lines


def _entrant(entrant: EntrantResult | None) -> list[str]:
    if entrant is None:
        return []
    lines = ["", f"New partner: {entrant.organisation}: {VERDICT_WORDS[entrant.verdict]}"]
    if not entrant.entry_gaps:
        return [*lines, "  No entry gaps."]
    lines.append("  Entry gaps and onboarding actions")
    for gap in entrant.entry_gaps:
        baseline = "none" if gap.baseline is None else str(gap.baseline)
        lines.append(f"    {gap.code} level {gap.level} (baseline {baseline}): {gap.action}")
    return lines


def render_partnership(framework: Framework, result: PartnershipResult) -> str:
    """A readable report of a partnership's result, red flags first."""
    names = ", ".join(partner.organisation for partner in result.partners)
    lines = [
        f"RASP partnership result: {names}",
        f"Mode: {result.mode.value}; framework {result.framework_version}",
        "",
        *_red_flags(framework, result.red_flags),
        *_headline(framework, result.areas, result.verdict, result.gaps),
        *_code_list("Not actually agreed (reconcile)", result.not_agreed),
        *([""] if result.not_agreed else []),
        *_table(AREA_HEADERS, _area_rows(framework, result.areas)),
        "",
        *_partners(framework, result),
        "",
        *_code_list("Don't know (any partner)", result.unknowns),
        *_code_list("Unanswered (any partner)", result.unanswered),
        "",
        *_gaps(result.gaps),
        *_entrant(result.entrant),
    ]
    return "\n".join(lines) + "\n"
