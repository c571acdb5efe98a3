"""Downloads of an assessment's results: PDF, Word, Excel, CSV (the answers) and JSON.

The same permissions as the results page (404 outside the organisation, 403 while the results are
not visible to the member, sign-in for anonymous visitors); the file is an attachment named from
the title and the date.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from rasp.assessments.models import Assessment
from rasp.organisations.models import Membership
from rasp.organisations.permissions import member_view
from rasp.reports.exports.common import build_report, csv_answers, download_name
from rasp.reports.views import _visible_assessment


@dataclass(frozen=True)
class Format:
    extension: str
    content_type: str
    build: Callable[[Assessment], bytes]


def _pdf(assessment: Assessment) -> bytes:
    from rasp.reports.exports.pdf import render_pdf  # WeasyPrint loads only when asked for

    return render_pdf(build_report(assessment))


def _docx(assessment: Assessment) -> bytes:
    from rasp.reports.exports.docx import render_docx

    return render_docx(build_report(assessment))


def _xlsx(assessment: Assessment) -> bytes:
    from rasp.reports.exports.xlsx import render_xlsx

    return render_xlsx(build_report(assessment))


def _csv(assessment: Assessment) -> bytes:
    from rasp.reports.exports.csv import render_csv

    return render_csv(csv_answers(assessment))


def _json(assessment: Assessment) -> bytes:
    from rasp.reports.exports.json_export import render_json, score_result

    return render_json(score_result(assessment))


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
    "csv": Format("csv", "text/csv; charset=utf-8", _csv),
    "json": Format("json", "application/json; charset=utf-8", _json),
}


@member_view
@require_safe
def download(
    request: HttpRequest, membership: Membership, assessment_id: int, format: str
) -> HttpResponse:
    chosen = FORMATS.get(format)
    if chosen is None:
        raise Http404
    assessment = _visible_assessment(membership, assessment_id)
    response = HttpResponse(chosen.build(assessment), content_type=chosen.content_type)
    disposition = content_disposition_header(
        as_attachment=True, filename=download_name(assessment, chosen.extension)
    )
    response["Content-Disposition"] = disposition or "attachment"
    response["Cache-Control"] = "private, no-store"
    return response
