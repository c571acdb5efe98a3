"""The transition plan and the benefits register as PDF, Word and Excel, for committee papers.

Built from the same rows as the pages (``plan_view``, ``register_rows``), so the files cannot
disagree with them. The PDF goes through ``rasp.reports.exports.pdf.html_to_pdf`` (the one module
that drives WeasyPrint, fetching only our static files); text in spreadsheets goes through
``cell_value`` so nothing a user typed can run as a formula, and XML-unsafe characters are
dropped with ``clean_text``. Numbers stay numbers in Excel: pounds as pounds with pence.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from io import BytesIO
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from rasp.delivery.access import DeliveryAccess
from rasp.delivery.models import Programme
from rasp.delivery.pages import benefit_chart_for, standing_words
from rasp.delivery.selectors import (
    BenefitRow,
    PlanView,
    figure_text,
    plan_view,
    register_rows,
)
from rasp.reports.exports.common import cell_value, clean_text


@dataclass(frozen=True)
class Format:
    extension: str
    content_type: str
    build: Callable[[DeliveryAccess, Programme, str], bytes]


def _day(value: Any) -> str:
    return date_format(value, "j F Y") if value else ""


def _plan_rows(view: PlanView) -> list[list[object]]:
    rows = []
    for ws in view.workstreams:
        for row in ws.tasks:
            task = row.task
            flags = [
                *([_("Late")] if row.late else []),
                *([_("Blocked")] if row.blocked else []),
                *([_("Critical path")] if row.on_critical_path else []),
            ]
            rows.append(
                [
                    ws.name,
                    task.title,
                    task.owner,
                    task.starts_on,
                    task.due_on,
                    task.get_status_display(),
                    "; ".join(d.title for d in task.depends_on.all()),
                    ", ".join(flags),
                ]
            )
    return rows


def plan_header() -> list[str]:
    return [
        _("Workstream"),
        _("Task"),
        _("Owner"),
        _("Start"),
        _("Due"),
        _("Status"),
        _("Depends on"),
        _("Flags"),
    ]


def register_header() -> list[str]:
    return [
        _("Benefit"),
        _("Type"),
        _("Measure"),
        _("Owner"),
        _("Falls to"),
        _("Baseline"),
        _("Target"),
        _("Target date"),
        _("Latest actual"),
        _("Expected then"),
        _("Standing"),
    ]


def _register_rows(rows: Sequence[BenefitRow]) -> list[list[str]]:
    words = standing_words()
    out = []
    for row in rows:
        b = row.benefit
        out.append(
            [
                b.title,
                b.get_kind_display(),
                b.measure,
                b.owner,
                ", ".join(o.name for o in b.organisations.all()),
                figure_text(b, b.baseline_pence if b.is_financial else b.baseline_value),
                figure_text(b, b.target_pence if b.is_financial else b.target_value),
                _day(b.target_on),
                figure_text(b, row.latest.value) if row.latest else "–",
                figure_text(b, row.latest.expected) if row.latest else "–",
                words[row.standing],
            ]
        )
    return out


# PDF ----------------------------------------------------------------------------------------------


def _pdf(access: DeliveryAccess, programme: Programme, what: str) -> bytes:
    from rasp.reports.exports.pdf import html_to_pdf  # WeasyPrint loads only when asked for

    context: dict[str, object] = {
        "access": access,
        "programme": programme,
        "what": what,
        "title": _title(access, what),
        "generated": timezone.now(),
        "lang": translation.get_language() or settings.LANGUAGE_CODE,
    }
    if what == "plan":
        context["plan"] = plan_view(programme)
    else:
        rows = register_rows(programme)
        context["rows"] = rows
        context["charts"] = {r.benefit.pk: benefit_chart_for(r) for r in rows}
        context["standing_words"] = standing_words()
    return html_to_pdf(render_to_string("delivery/pdf/document.html", context))


# Word ---------------------------------------------------------------------------------------------


def _docx_table(doc: Any, header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(clean_text(text)).bold = True
    for values in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            text = _day(value) if hasattr(value, "isoformat") else str(value)
            cell.text = clean_text(text)


def _docx(access: DeliveryAccess, programme: Programme, what: str) -> bytes:
    from docx import Document

    doc = Document()
    doc.core_properties.title = clean_text(_title(access, what))
    doc.add_heading(clean_text(_title(access, what)), level=0)
    doc.add_paragraph(
        _("Programme start: %(date)s. Produced on %(today)s.")
        % {"date": _day(programme.starts_on), "today": _day(timezone.localdate())}
    )
    if what == "plan":
        view = plan_view(programme)
        doc.add_heading(_("Progress by workstream"), level=1)
        _docx_table(
            doc,
            [_("Workstream"), _("Tasks"), _("Done"), _("Late"), _("Blocked")],
            [[w.name, w.total, w.done, w.late, w.blocked] for w in view.workstreams],
        )
        doc.add_heading(_("Critical path"), level=1)
        if view.critical:
            doc.add_paragraph(
                _("%(days)d days of work in a chain, which can finish by %(end)s.")
                % {"days": view.critical_days, "end": _day(view.critical_ends)}
            )
            for row in view.critical:
                doc.add_paragraph(clean_text(row.task.title), style="List Number")
        else:
            doc.add_paragraph(_("No open tasks."))
        doc.add_heading(_("Tasks"), level=1)
        _docx_table(doc, plan_header(), _plan_rows(view))
    else:
        benefits = register_rows(programme)
        doc.add_heading(_("Benefits"), level=1)
        _docx_table(doc, register_header(), _register_rows(benefits))
        for entry in benefits:
            if not entry.actuals:
                continue
            b = entry.benefit
            doc.add_heading(clean_text(_("Actuals: %(title)s") % {"title": b.title}), level=2)
            _docx_table(
                doc,
                [_("Period to"), _("Actual"), _("Expected"), _("Standing")],
                [
                    [
                        a.actual.period_end,
                        figure_text(b, a.value),
                        figure_text(b, a.expected),
                        standing_words()[a.standing],
                    ]
                    for a in entry.actuals
                ],
            )
    out = BytesIO()
    doc.save(out)
    return out.getvalue()


# Excel --------------------------------------------------------------------------------------------


def _sheet(book: Any, title: str, header: Sequence[str], rows: Sequence[Sequence[object]]) -> Any:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(title[:31])
    sheet.append([cell_value(h) for h in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for values in rows:
        sheet.append([cell_value(v) for v in values])
    sheet.freeze_panes = "A2"
    for index in range(1, len(header) + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 22
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if hasattr(cell.value, "isoformat"):
                cell.number_format = "yyyy-mm-dd"
    return sheet


def _pounds(pence: int | None) -> Decimal | None:
    return None if pence is None else Decimal(pence) / 100


def _xlsx(access: DeliveryAccess, programme: Programme, what: str) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    if what == "plan":
        view = plan_view(programme)
        _sheet(
            book,
            _("Workstreams"),
            [_("Workstream"), _("Tasks"), _("Done"), _("Late"), _("Blocked")],
            [[w.name, w.total, w.done, w.late, w.blocked] for w in view.workstreams],
        )
        _sheet(book, _("Tasks"), plan_header(), _plan_rows(view))
        _sheet(
            book,
            _("Critical path"),
            [_("Order"), _("Task"), _("Due")],
            [[i, r.task.title, r.task.due_on] for i, r in enumerate(view.critical, start=1)],
        )
    else:
        rows = register_rows(programme)
        money = _("Figures in pounds for financial benefits, in the unit shown otherwise")
        _sheet(
            book,
            _("Benefits"),
            [
                _("Benefit"),
                _("Type"),
                _("Measure"),
                _("Unit"),
                _("Owner"),
                _("Falls to"),
                _("Baseline"),
                _("Target"),
                _("Measured from"),
                _("Target date"),
                _("Standing"),
            ],
            [
                [
                    r.benefit.title,
                    r.benefit.get_kind_display(),
                    r.benefit.measure,
                    "£" if r.benefit.is_financial else r.benefit.unit,
                    r.benefit.owner,
                    ", ".join(o.name for o in r.benefit.organisations.all()),
                    _pounds(r.benefit.baseline_pence)
                    if r.benefit.is_financial
                    else r.benefit.baseline_value,
                    _pounds(r.benefit.target_pence)
                    if r.benefit.is_financial
                    else r.benefit.target_value,
                    r.benefit.starts_on,
                    r.benefit.target_on,
                    standing_words()[r.standing],
                ]
                for r in rows
            ],
        )
        actuals = _sheet(
            book,
            _("Actuals"),
            [_("Benefit"), _("Period to"), _("Actual"), _("Expected"), _("Standing"), _("Note")],
            [
                [
                    r.benefit.title,
                    a.actual.period_end,
                    a.value / 100 if r.benefit.is_financial else a.value,
                    (a.expected / 100 if r.benefit.is_financial else a.expected).quantize(
                        Decimal("0.01")
                    ),
                    standing_words()[a.standing],
                    a.actual.note,
                ]
                for r in rows
                for a in r.actuals
            ],
        )
        actuals.append([])
        actuals.append([cell_value(money)])
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _title(access: DeliveryAccess, what: str) -> str:
    if what == "plan":
        return _("Transition plan: %(owner)s") % {"owner": access.owner_name}
    return _("Benefits realisation register: %(owner)s") % {"owner": access.owner_name}


FORMATS: dict[str, Format] = {
    "pdf": Format("pdf", "application/pdf", _pdf),
    "docx": Format(
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _docx,
    ),
    "xlsx": Format(
        "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _xlsx
    ),
}
