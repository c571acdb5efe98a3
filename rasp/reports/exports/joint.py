"""The exports of a partnership's joint result: PDF, Word, Excel, CSV and JSON.

Generic building blocks only: this layer cannot import the partnerships app (it sits above
reports), so :class:`JointReport` holds plain rows that ``rasp.partnerships.export_views``
fills from the partnership view's own content (``rasp.partnerships.pages``). Every figure is the
page's: the formats cannot disagree with it or with each other.

Only what the partnership's members can see goes in: the joint result is scored from the
assessments the members shared (the selector does that), and no partner's individual answers,
notes or respondents appear, only each partner's combined level per question.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from io import BytesIO, StringIO
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from docx import Document
from openpyxl import Workbook
from openpyxl.styles import Font

from rasp.reports.exports.common import MethodSection, cell_text, cell_value, clean_text
from rasp.reports.results import Chart


@dataclass(frozen=True)
class JointArea:
    name: str
    band_text: str
    adjusted: float | None
    declared: float | None
    divergence: float | None
    weakest: str  # in words: the weakest partner and its score, or why there is none


@dataclass(frozen=True)
class JointFlag:
    code: str
    text: str
    area: str
    raised_by: str


@dataclass(frozen=True)
class JointQuestion:
    """A partnership-wide question the partners have not agreed, or settled by an agreed level."""

    code: str
    text: str
    area: str
    levels: tuple[str, ...]  # each partner's declared level, in the partners' order
    spread: int | None
    not_agreed: bool
    agreed: str  # the agreed joint answer in words ("" when none)
    agreed_note: str


@dataclass(frozen=True)
class JointGap:
    code: str
    text: str
    area: str
    level: int
    target: int
    priority: int
    advice: str


@dataclass(frozen=True)
class JointActionRow:
    code: str
    title: str
    priority: int
    owner: str
    due: date | None
    status: str
    notes: str


@dataclass(frozen=True)
class PartnerRow:
    name: str
    verdict_text: str
    cells: tuple[str, ...]  # per area


@dataclass(frozen=True)
class JointReport:
    """Everything the partnership's exports show (empty result: nothing shared yet)."""

    name: str
    status_text: str
    mode_text: str
    framework_version: str  # "" when nothing is shared
    generated: datetime
    members: tuple[str, ...]
    included: tuple[str, ...]  # "<organisation>: <assessment>, closed <date>"
    excluded: tuple[str, ...]  # "<organisation>: <why>"
    has_result: bool
    verdict_text: str
    reasons: tuple[str, ...]
    red_flags: tuple[JointFlag, ...]
    area_names: tuple[str, ...]
    areas: tuple[JointArea, ...]
    partners: tuple[str, ...]
    heat_map: Chart | None
    heat_rows: tuple[PartnerRow, ...]
    radar: Chart | None
    radar_rows: tuple[PartnerRow, ...]
    questions: tuple[JointQuestion, ...]
    gaps: tuple[JointGap, ...]
    actions: tuple[JointActionRow, ...]
    method: tuple[MethodSection, ...]
    result_json: dict[str, Any]

    @property
    def not_agreed(self) -> tuple[JointQuestion, ...]:
        return tuple(q for q in self.questions if q.not_agreed)

    @property
    def settled(self) -> tuple[JointQuestion, ...]:
        return tuple(q for q in self.questions if not q.not_agreed)


def score_words(value: float | None) -> str:
    return _("no score") if value is None else f"{value:.1f}"


def divergence_words(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


# JSON ---------------------------------------------------------------------------------------------


def render_joint_json(report: JointReport) -> bytes:
    return (json.dumps(report.result_json, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# CSV: each partner's level on every compared question --------------------------------------------


def joint_csv_header(report: JointReport) -> list[str]:
    return [
        _("Code"),
        _("Question"),
        _("Area"),
        *report.partners,
        _("Spread"),
        _("Not agreed"),
        _("Agreed joint answer"),
        _("Agreed note"),
    ]


def joint_csv_row(question: JointQuestion) -> list[object]:
    return [
        question.code,
        question.text,
        question.area,
        *question.levels,
        question.spread,
        _("Yes") if question.not_agreed else _("No"),
        question.agreed,
        question.agreed_note,
    ]


def render_joint_csv(report: JointReport) -> bytes:
    """The compared questions (not agreed, or settled by an agreed level), one row each."""
    out = StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    rows: list[list[object]] = [list(joint_csv_header(report))]
    rows += [joint_csv_row(q) for q in report.questions]
    for row in rows:
        writer.writerow(["" if v is None else cell_text(str(v)) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


# Excel --------------------------------------------------------------------------------------------

BOLD = Font(bold=True)


def _sheet(
    book: Workbook, title: str, header: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    sheet = book.create_sheet(title[:31])
    sheet.append([cell_value(text) for text in header])
    for cell in sheet[1]:
        cell.font = BOLD
    for row in rows:
        sheet.append([cell_value(value) for value in row])
    sheet.freeze_panes = "A2"
    for index, column in enumerate(sheet.iter_cols(min_row=1, max_row=1), start=1):
        letter = column[0].column_letter
        sheet.column_dimensions[letter].width = 60 if index == 2 else 22


def render_joint_xlsx(report: JointReport) -> bytes:
    book = Workbook()
    summary = book.active
    assert summary is not None
    summary.title = _("Summary")[:31]
    facts: list[tuple[str, object]] = [
        (_("Partnership"), report.name),
        (_("Status"), report.status_text),
        (_("Type of assessment compared"), report.mode_text),
        (_("Question bank version"), report.framework_version or _("None")),
        (_("Members"), ", ".join(report.members)),
        (_("Partners compared"), ", ".join(report.partners) or _("None")),
        (_("Verdict"), report.verdict_text),
        (_("Red flags"), ", ".join(flag.code for flag in report.red_flags) or _("None")),
        (_("Questions not agreed"), len(report.not_agreed)),
    ]
    for key, value in facts:
        summary.append([cell_value(key), cell_value(value)])
        summary.cell(row=summary.max_row, column=1).font = BOLD
    summary.column_dimensions["A"].width = 30
    summary.column_dimensions["B"].width = 70
    _sheet(
        book,
        _("Areas"),
        [
            _("Area"),
            _("Band"),
            _("Evidence-adjusted score"),
            _("Declared score"),
            _("Divergence index"),
            _("Weakest partner"),
            *(_("%(partner)s score") % {"partner": name} for name in report.partners),
        ],
        [
            [
                area.name,
                area.band_text,
                area.adjusted,
                area.declared,
                area.divergence,
                area.weakest,
                *(row.cells[index] for row in report.radar_rows),
            ]
            for index, area in enumerate(report.areas)
        ],
    )
    _sheet(
        book,
        _("Red flags"),
        [_("Code"), _("Question"), _("Area"), _("Raised by")],
        [[f.code, f.text, f.area, f.raised_by] for f in report.red_flags],
    )
    _sheet(
        book,
        _("Not agreed"),
        joint_csv_header(report),
        [joint_csv_row(q) for q in report.questions],
    )
    _sheet(
        book,
        _("Gaps"),
        [_("Code"), _("Question"), _("Area"), _("Level"), _("Target"), _("Priority"), _("Advice")],
        [[g.code, g.text, g.area, g.level, g.target, g.priority, g.advice] for g in report.gaps],
    )
    _sheet(
        book,
        _("Joint actions"),
        [_("Code"), _("Action"), _("Priority"), _("Owner"), _("Due"), _("Status"), _("Notes")],
        [[a.code, a.title, a.priority, a.owner, a.due, a.status, a.notes] for a in report.actions],
    )
    book.properties.title = clean_text(report.name)
    book.properties.creator = "RASP"
    out = BytesIO()
    book.save(out)
    return out.getvalue()


# Word ---------------------------------------------------------------------------------------------


def render_joint_docx(report: JointReport) -> bytes:
    from rasp.reports.exports import docx as d

    doc = Document()
    doc.core_properties.title = clean_text(f"{_('Partnership results')}: {report.name}")[:255]
    doc.core_properties.subject = _("Shared service readiness: partnership view")
    d._para(doc, _("Shared service readiness: partnership view"))
    d._heading(doc, report.name, 0)
    d._facts(doc, _cover_facts(report))
    doc.add_page_break()  # type: ignore[no-untyped-call]
    d._heading(doc, _("Verdict"), 1)
    if not report.has_result:
        d._para(doc, _nothing_shared())
    else:
        verdict = doc.add_paragraph().add_run(report.verdict_text)
        verdict.bold = True
        d._bullets(doc, report.reasons)
        d._heading(doc, _("Red flags"), 2)
        if report.red_flags:
            d._bullets(
                doc,
                [
                    _("%(code)s: %(text)s (%(area)s). Raised by: %(names)s")
                    % {"code": f.code, "text": f.text, "area": f.area, "names": f.raised_by}
                    for f in report.red_flags
                ],
            )
        else:
            d._para(doc, _("No partner raises a red flag."))
        d._heading(doc, _("The partnership's areas"), 1)
        d._table(
            doc,
            [
                _("Area"),
                _("Band"),
                _("Evidence-adjusted"),
                _("Declared"),
                _("Divergence index"),
                _("Weakest partner"),
            ],
            [
                [
                    a.name,
                    a.band_text,
                    score_words(a.adjusted),
                    score_words(a.declared),
                    divergence_words(a.divergence),
                    a.weakest,
                ]
                for a in report.areas
            ],
        )
        d._heading(doc, _("Partners by area"), 2)
        if report.heat_map is not None:
            d.chart_picture(doc, report.heat_map, _("Partners by area"))
            d._para(doc, report.heat_map.summary)
        d._table(
            doc,
            [_("Partner"), *report.area_names],
            [[row.name, *row.cells] for row in report.heat_rows],
        )
        d._heading(doc, _("Partners overlaid"), 2)
        if report.radar is not None:
            d.chart_picture(doc, report.radar, _("Partners overlaid"))
            d._para(doc, report.radar.summary)
        d._table(
            doc,
            [_("Partner"), *report.area_names, _("Verdict")],
            [[row.name, *row.cells, row.verdict_text] for row in report.radar_rows],
        )
        d._heading(doc, _("Where the partners have not actually agreed"), 1)
        if report.questions:
            d._table(doc, joint_csv_header(report), [joint_csv_row(q) for q in report.questions])
        else:
            d._para(doc, _("On every partnership-wide question the partners' answers agree."))
        d._heading(doc, _("The partnership's gaps"), 1)
        if report.gaps:
            d._table(
                doc,
                [_("Question"), _("Level now and target"), _("Priority"), _("What to do next")],
                [
                    [
                        f"{g.code}: {g.text} ({g.area})",
                        _("%(level)d to %(target)d") % {"level": g.level, "target": g.target},
                        g.priority,
                        g.advice,
                    ]
                    for g in report.gaps
                ],
            )
        else:
            d._para(doc, _("No question is below its target."))
    d._heading(doc, _("Joint action plan"), 1)
    if report.actions:
        d._table(
            doc,
            [_("Question"), _("Action"), _("Owner"), _("Due"), _("Status"), _("Notes")],
            [
                [
                    a.code,
                    a.title,
                    a.owner or _("No owner yet"),
                    date_format(a.due, "j M Y") if a.due else _("No date"),
                    a.status,
                    a.notes,
                ]
                for a in report.actions
            ],
        )
    else:
        d._para(doc, _("There are no joint actions yet."))
    if report.method:
        d._heading(doc, _("Appendix: how the scores are worked out"), 1)
        d._para(doc, _partnership_method())
        for section in report.method:
            d._heading(doc, section.heading, 2)
            for text in section.paragraphs:
                d._para(doc, text)
            d._bullets(doc, section.bullets)
    out = BytesIO()
    doc.save(out)
    return out.getvalue()


def _cover_facts(report: JointReport) -> list[tuple[str, str]]:
    return [
        (_("Status"), report.status_text),
        (_("Type of assessment compared"), report.mode_text),
        (_("Question bank version"), report.framework_version or _("None")),
        (_("Members"), ", ".join(report.members)),
        (_("Compared"), "; ".join(report.included) or _("None")),
        (_("Not included"), "; ".join(report.excluded) or _("None")),
        (_("Produced on"), date_format(report.generated, "j F Y, H:i")),
    ]


def _nothing_shared() -> str:
    return _(
        "No member has shared a closed assessment yet, so there is nothing to compare. An admin "
        "of each member organisation chooses what to share from the partnership's page."
    )


def _partnership_method() -> str:
    return _(
        "The partnership's level on each question is the lowest of the partners' levels, or the "
        "level the partners agreed in the consensus workshop; the divergence index of an area is "
        "the mean, over its questions, of the highest minus the lowest partner's level. The rest "
        "of the method is each partner's, below."
    )


# PDF ----------------------------------------------------------------------------------------------


def joint_html(report: JointReport) -> str:
    from rasp.reports.exports.pdf import _INDENT

    html = render_to_string(
        "reports/pdf/partnership.html",
        {
            "report": report,
            "lang": translation.get_language() or "en-gb",
            "cover_facts": _cover_facts(report),
            "nothing_shared": _nothing_shared(),
            "method_intro": _partnership_method(),
            "score": score_words,
            "divergence": divergence_words,
        },
    )
    return _INDENT.sub("\n", html)


def render_joint_pdf(report: JointReport) -> bytes:
    from rasp.reports.exports.pdf import html_to_pdf

    return html_to_pdf(joint_html(report))
