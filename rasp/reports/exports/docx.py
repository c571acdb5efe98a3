"""The results as an editable Word document (python-docx), with the PDF's structure.

Real heading styles (Heading 1 for each chapter, Heading 2, Heading 3), so Word's navigation pane
and a committee report's contents pick them up; tables with a repeating, bold header row; plain
editable text everywhere.

Charts: the page's own SVG charts, drawn as PNG pictures (``images.svg_to_png``) with the chart's
written summary as the picture's alternative text (``descr``), followed by the summary and the
table the chart draws, which is also what a screen-reader user of the page gets.

Each question's answers are given as in the PDF: who gave each level (with the evidence), then
the notes, rather than a table per question (a few hundred tables made Word files slow to build
and to open).
"""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from rasp.reports.exports.common import QuestionSection, Report, clean_text
from rasp.reports.exports.images import svg_to_png
from rasp.reports.results import Chart

CHART_WIDTH = Cm(15)


def _score(value: float | None) -> str:
    return _("no score") if value is None else f"{value:.1f}"


def _level(value: int | None) -> str:
    return _("n/a") if value is None else str(value)


# Style ids of python-docx's default template. Setting ids directly skips python-docx's lookup by
# name, which scans every style each time (most of the build time with a few hundred tables).
TABLE_STYLE = "TableGrid"
BULLET_STYLE = "ListBullet"


def _heading(doc: DocxDocument, text: str, level: int) -> None:
    paragraph = doc.add_paragraph()
    paragraph._p.style = "Title" if level == 0 else f"Heading{level}"
    paragraph.add_run(clean_text(text))


def _new_table(doc: DocxDocument, rows: int, cols: int) -> Any:
    table = doc.add_table(rows=rows, cols=cols)
    table._tbl.tblPr.style = TABLE_STYLE
    return table


def _write(cell: Any, text: str, *, bold: bool = False) -> None:
    """Text into a new cell's empty paragraph (line breaks kept)."""
    run = cell.paragraphs[0].add_run(clean_text(text))
    if bold:
        run.bold = True


def _table(doc: DocxDocument, header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """A table with a bold header row that repeats on every page."""
    table = _new_table(doc, 1 + len(rows), len(header))
    all_rows = table.rows
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    all_rows[0]._tr.get_or_add_trPr().append(flag)
    for cell, text in zip(all_rows[0].cells, header, strict=True):
        _write(cell, text, bold=True)
    for row, values in zip(all_rows[1:], rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            _write(cell, "" if value is None else str(value))


def _facts(doc: DocxDocument, facts: Sequence[tuple[str, str]]) -> None:
    table = _new_table(doc, len(facts), 2)
    for row, (key, value) in zip(table.rows, facts, strict=True):
        cells = row.cells
        _write(cells[0], key, bold=True)
        _write(cells[1], value)


def _para(doc: DocxDocument, text: str, *, bold: bool = False) -> None:
    paragraph = doc.add_paragraph()
    paragraph.add_run(clean_text(text)).bold = bold


def _bullets(doc: DocxDocument, items: Sequence[str]) -> None:
    for item in items:
        paragraph = doc.add_paragraph()
        paragraph._p.style = BULLET_STYLE
        paragraph.add_run(clean_text(item))


def chart_picture(doc: DocxDocument, chart: Chart, title: str) -> None:
    """The chart as a picture in its own paragraph, its summary as the alternative text."""
    doc.add_picture(BytesIO(svg_to_png(chart.svg)), width=CHART_WIDTH)
    shape = doc.inline_shapes[-1]
    properties = shape._inline.docPr
    properties.set("descr", clean_text(chart.summary))
    properties.set("title", clean_text(title))


def _cover(doc: DocxDocument, report: Report) -> None:
    _para(doc, _("Shared service readiness assessment"))
    _heading(doc, clean_text(report.title), 0)
    _facts(
        doc,
        [
            (_("Organisation"), report.organisation.name),
            (_("Type of assessment"), report.mode_text),
            (_("Status"), report.status_text),
            (_("Results as of"), report.result_date),
            (
                _("Question bank"),
                _("%(title)s, version %(version)s")
                % {"title": report.framework.title, "version": report.framework.version},
            ),
            (_("Respondents"), str(len(report.respondents))),
            (_("Produced on"), date_format(report.generated, "j F Y, H:i")),
        ],
    )


def _verdict(doc: DocxDocument, report: Report) -> None:
    page = report.page
    _heading(doc, _("Verdict"), 1)
    verdict = doc.add_paragraph()
    run = verdict.add_run(page.verdict_text)
    run.bold = True
    run.font.size = Pt(16)
    if page.scored.provisional:
        _para(
            doc,
            _(
                "Provisional: this assessment is still open, so these results are worked out "
                "from the answers given so far and will change as people answer."
            ),
        )
    else:
        _para(
            doc,
            _("Results as they stood when the assessment was closed on %(date)s.")
            % {"date": report.result_date},
        )
    weakest = (
        f"{page.weakest.name} ({_score(page.weakest.adjusted)}, {page.weakest.band_text.lower()})"
        if page.weakest
        else _("No area has a score")
    )
    _facts(
        doc,
        [
            (_("Weakest area"), weakest),
            (_("Critical gaps"), str(page.critical_gap_count)),
            (_("Red flags"), str(len(page.red_flags))),
            (_("Unknowns (answered don't know)"), str(len(page.unknowns))),
            (_("Not answered"), str(len(page.unanswered))),
        ],
    )
    _heading(doc, _("Red flags"), 2)
    if page.red_flags:
        _para(
            doc,
            _(
                "These override every other result: until they are resolved the verdict can be "
                "no better than significant gaps."
            ),
        )
        _bullets(doc, [f"{flag.code}: {flag.text} ({flag.area})" for flag in page.red_flags])
    else:
        _para(doc, _("No red flag is raised."))


def _areas(doc: DocxDocument, report: Report) -> None:
    page = report.page
    _heading(doc, _("The five areas"), 1)
    _para(
        doc,
        _(
            "Bands are set on the evidence-adjusted score: each level is capped by the evidence "
            "behind it. The assurance gap is how much of the declared score nobody has written "
            "down."
        ),
    )
    _table(
        doc,
        [
            _("Area"),
            _("Band"),
            _("Declared"),
            _("Evidence-adjusted"),
            _("Target"),
            _("Assurance gap"),
            _("Critical gaps"),
        ],
        [
            [
                row.name,
                row.band_text,
                _score(row.declared),
                _score(row.adjusted),
                _score(row.target_score),
                _score(row.assurance_gap),
                row.critical_gaps,
            ]
            for row in page.areas
        ],
    )
    _heading(doc, _("Areas at a glance"), 2)
    chart_picture(doc, page.radar, _("Areas at a glance"))
    _para(doc, page.radar.summary)
    _heading(doc, _("Areas by lens"), 2)
    chart_picture(doc, page.heat_map, _("Areas by lens"))
    _para(doc, page.heat_map.summary)
    _table(
        doc,
        [_("Area"), *page.heat_columns],
        [[row.area, *row.cells] for row in page.heat_rows],
    )


def _question(doc: DocxDocument, question: QuestionSection) -> None:
    _heading(doc, clean_text(f"{question.code}: {question.text}"), 3)
    if question.tags:
        _para(doc, " · ".join(question.tags), bold=True)
    summary = _("Organisation's answer: %(answer)s.") % {"answer": question.combined}
    if question.combined_evidence:
        summary += " " + _("Evidence: %(evidence)s.") % {"evidence": question.combined_evidence}
    summary += " " + _("Level counted: %(level)s.") % {"level": _level(question.adjusted)}
    if len(question.levels) > 1:
        summary += " " + _("Spread of levels: %(spread)s.") % {"spread": question.spread}
    _para(doc, summary)
    if question.groups:
        _para(
            doc,
            _("Answers:")
            + " "
            + "; ".join(f"{group.answer}: {', '.join(group.people)}" for group in question.groups)
            + ".",
        )
    if question.missing:
        _para(doc, _("No answer from: %(people)s") % {"people": ", ".join(question.missing)})
    for answer in question.noted:
        who = answer.respondent + (" " + _("(removed)") if answer.removed else "")
        _bullets(doc, [f"{who} ({answer.answer.lower()}): {answer.remarks}"])


def _answers(doc: DocxDocument, report: Report) -> None:
    _heading(doc, _("Answers by area"), 1)
    _para(
        doc,
        _(
            "Every question asked, with the organisation's answer (the median of its "
            "respondents' levels, or the level agreed after discussion), the level counted once "
            "evidence is taken into account, and each respondent's own answer. Under each "
            "question, Answers names who gave each level, with the evidence they gave after the "
            'comma (for example, "Level 3, approved"), highest level first; their notes follow.'
        ),
    )
    for area in report.areas:
        _heading(doc, area.row.name, 2)
        _para(doc, area.description)
        _para(
            doc,
            _(
                "Band: %(band)s. Declared score %(declared)s, evidence-adjusted %(adjusted)s, "
                "target %(target)s."
            )
            % {
                "band": area.row.band_text,
                "declared": _score(area.row.declared),
                "adjusted": _score(area.row.adjusted),
                "target": _score(area.row.target_score),
            },
            bold=True,
        )
        for question in area.questions:
            _question(doc, question)


def _gaps(doc: DocxDocument, report: Report) -> None:
    page = report.page
    _heading(doc, _("Gaps, unknowns and disputes"), 1)
    _heading(doc, _("Critical gaps"), 2)
    if page.critical_gaps:
        _table(
            doc,
            [_("Question"), _("Area"), _("Level now and target")],
            [
                [
                    f"{gap.code}: {gap.text}",
                    gap.area,
                    _("%(level)d to %(target)d") % {"level": gap.level, "target": gap.target},
                ]
                for gap in page.critical_gaps
            ],
        )
    else:
        _para(doc, _("No critical question is below its target."))
    _heading(doc, _("Unknowns"), 2)
    if page.unknowns:
        _bullets(doc, [f"{item.code}: {item.text} ({item.area})" for item in page.unknowns])
    else:
        _para(doc, _("No question was answered don't know."))
    if page.unanswered:
        _heading(doc, _("Not answered"), 3)
        _bullets(doc, [f"{item.code}: {item.text}" for item in page.unanswered])
    _heading(doc, _("Disputed questions"), 2)
    if page.disputes:
        _table(
            doc,
            [_("Question"), _("Levels given"), _("Spread"), _("Median"), _("Agreed")],
            [
                [
                    f"{row.code}: {row.text}",
                    ", ".join(str(level) for level in row.levels),
                    row.spread,
                    "–" if row.median is None else row.median,
                    row.agreed or _("Not yet agreed"),
                ]
                for row in page.disputes
            ],
        )
    else:
        _para(doc, _("No question is disputed."))


def _plan(doc: DocxDocument, report: Report) -> None:
    _heading(doc, _("Improvement plan"), 1)
    _para(
        doc,
        _(
            "Every question below its target, with what to do to reach the next level, grouped "
            "by when it matters. Within each stage the highest priority comes first."
        ),
    )
    for group in report.page.plan:
        _heading(doc, f"{group.title} ({len(group.gaps)})", 2)
        if not group.gaps:
            _para(doc, _("Nothing to do at this stage."))
            continue
        _table(
            doc,
            [
                _("Question"),
                _("Area"),
                _("Level now and target"),
                _("Priority"),
                _("What to do next"),
            ],
            [
                [
                    f"{gap.code}: {gap.text}",
                    gap.area + (" (" + _("critical question") + ")" if gap.critical else ""),
                    _("%(level)d to %(target)d") % {"level": gap.level, "target": gap.target},
                    gap.priority,
                    gap.advice,
                ]
                for gap in group.gaps
            ],
        )


def _actions(doc: DocxDocument, report: Report) -> None:
    _heading(doc, _("Action plan"), 1)
    if not report.actions:
        _para(doc, _("There are no actions yet. Closing the assessment creates one for each gap."))
        return
    _table(
        doc,
        [_("Question"), _("Action"), _("Stage"), _("Owner"), _("Due"), _("Status"), _("Notes")],
        [
            [
                action.code,
                action.title + (f"\n{action.detail}" if action.detail else ""),
                action.stage,
                action.owner or _("No owner"),
                date_format(action.due, "j M Y") if action.due else _("No date"),
                action.status,
                action.notes,
            ]
            for action in report.actions
        ],
    )


def _method(doc: DocxDocument, report: Report) -> None:
    _heading(doc, _("Appendix: how the scores are worked out"), 1)
    _para(
        doc,
        _(
            "Every number here comes from version %(version)s of the question bank, the version "
            "this assessment was scored with."
        )
        % {"version": report.framework.version},
    )
    for section in report.method:
        _heading(doc, section.heading, 2)
        for text in section.paragraphs:
            _para(doc, text)
        _bullets(doc, section.bullets)


def render_docx(report: Report) -> bytes:
    doc = Document()
    properties = doc.core_properties
    properties.title = clean_text(f"{_('Results')}: {report.title}")[:255]
    properties.author = clean_text(report.organisation.name)[:255]
    properties.subject = _("Shared service readiness assessment")
    _cover(doc, report)
    doc.add_page_break()  # type: ignore[no-untyped-call]
    _verdict(doc, report)
    _areas(doc, report)
    _answers(doc, report)
    _gaps(doc, report)
    _plan(doc, report)
    _actions(doc, report)
    _method(doc, report)
    out = BytesIO()
    doc.save(out)
    return out.getvalue()
