"""The results as an Excel workbook (openpyxl): Summary, Answers, Gaps and Actions sheets.

Each sheet has a bold header row, frozen so it stays in view, and column widths set for its
content. Every text cell goes through :func:`cell_value`, so nothing a user typed can run as a
formula. Numbers stay numbers and dates stay dates, for sorting and sums.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from rasp.reports.exports.common import (
    Report,
    answer_sheet_header,
    answer_sheet_row,
    cell_value,
    clean_text,
)

BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"


def _sheet_title(text: str) -> str:
    """A sheet name Excel accepts: at most 31 characters, none of ``[]:*?/\\``."""
    return "".join(ch for ch in text if ch not in "[]:*?/\\")[:31] or "Sheet"


def _fill(
    sheet: Worksheet,
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    widths: Sequence[int],
    *,
    wrap: Sequence[int] = (),
) -> None:
    """Header row (bold, frozen, filtered), the rows, and the columns' widths."""
    sheet.append([cell_value(text) for text in header])
    for cell in sheet[sheet.max_row]:
        cell.font = BOLD
    first = sheet.max_row
    for row in rows:
        sheet.append([cell_value(value) for value in row])
    sheet.freeze_panes = sheet.cell(row=first + 1, column=1)
    last = get_column_letter(len(header))
    sheet.auto_filter.ref = f"A{first}:{last}{max(sheet.max_row, first)}"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for column in wrap:
        for (cell,) in sheet.iter_rows(min_row=first + 1, min_col=column, max_col=column):
            cell.alignment = WRAP


def _summary(sheet: Worksheet, report: Report) -> None:
    page = report.page
    facts: list[tuple[str, object]] = [
        (_("Assessment"), report.title),
        (_("Organisation"), report.organisation.name),
        (_("Type of assessment"), report.mode_text),
        (_("Status"), report.status_text),
        (_("Results as of"), report.result_date),
        (_("Question bank version"), report.framework.version),
        (_("Respondents"), len(report.respondents)),
        (_("Verdict"), page.verdict_text),
        (_("Critical gaps"), page.critical_gap_count),
        (_("Red flags"), ", ".join(flag.code for flag in page.red_flags) or _("None")),
        (_("Unknowns (answered don't know)"), len(page.unknowns)),
        (_("Not answered"), len(page.unanswered)),
    ]
    sheet.append([cell_value(_("Results")), cell_value(report.title)])
    sheet["A1"].font = Font(bold=True, size=14)
    for key, value in facts:
        sheet.append([cell_value(key), cell_value(value)])
        sheet.cell(row=sheet.max_row, column=1).font = BOLD
    sheet.append([])
    header = [
        _("Area"),
        _("Band"),
        _("Declared score"),
        _("Evidence-adjusted score"),
        _("Target score"),
        _("Assurance gap"),
        _("Critical gaps"),
    ]
    sheet.append([cell_value(text) for text in header])
    for cell in sheet[sheet.max_row]:
        cell.font = BOLD
    for row in page.areas:
        sheet.append(
            [
                cell_value(row.name),
                cell_value(row.band_text),
                row.declared,
                row.adjusted,
                row.target_score,
                row.assurance_gap,
                row.critical_gaps,
            ]
        )
    # The header row of this sheet is the title row: frozen so the assessment stays named.
    sheet.freeze_panes = "A2"
    for index, width in enumerate((34, 44, 16, 22, 14, 14, 14), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def render_xlsx(report: Report) -> bytes:
    workbook = Workbook()
    summary = workbook.active
    assert summary is not None
    summary.title = _sheet_title(_("Summary"))
    _summary(summary, report)

    answers = workbook.create_sheet(_sheet_title(_("Answers")))
    _fill(
        answers,
        answer_sheet_header(),
        (answer_sheet_row(row) for row in report.answer_rows),
        (9, 60, 22, 24, 30, 14, 7, 12, 50, 30, 36, 17),
        wrap=(2, 9, 10),
    )
    for (cell,) in answers.iter_rows(min_row=2, min_col=12, max_col=12):
        cell.number_format = DATETIME_FORMAT

    gaps = workbook.create_sheet(_sheet_title(_("Gaps")))
    _fill(
        gaps,
        [
            _("Code"),
            _("Question"),
            _("Area"),
            _("Critical"),
            _("Level"),
            _("Target"),
            _("Priority"),
            _("Stage"),
            _("What to do next"),
        ],
        (
            [
                gap.code,
                gap.text,
                gap.area,
                _("Yes") if gap.critical else _("No"),
                gap.level,
                gap.target,
                gap.priority,
                group.title,
                gap.advice,
            ]
            for group in report.page.plan
            for gap in group.gaps
        ),
        (9, 60, 22, 9, 7, 7, 9, 18, 70),
        wrap=(2, 9),
    )

    actions = workbook.create_sheet(_sheet_title(_("Actions")))
    _fill(
        actions,
        [
            _("Code"),
            _("Action"),
            _("Detail"),
            _("Stage"),
            _("Priority"),
            _("Owner"),
            _("Due"),
            _("Status"),
            _("Notes"),
        ],
        (
            [
                action.code,
                action.title,
                action.detail,
                action.stage,
                action.priority,
                action.owner,
                action.due,
                action.status,
                action.notes,
            ]
            for action in report.actions
        ),
        (9, 50, 50, 18, 9, 24, 12, 14, 50),
        wrap=(2, 3, 9),
    )
    for (cell,) in actions.iter_rows(min_row=2, min_col=7, max_col=7):
        cell.number_format = DATE_FORMAT

    workbook.properties.title = clean_text(report.title)
    workbook.properties.creator = "RASP"
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()
