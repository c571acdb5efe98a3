"""Downloads of a partnership's joint result: PDF, Word, Excel, CSV and JSON.

Members only (everyone else gets 404, through ``partnership_view``), and only what the members
shared: the content is the partnership view's own (``selectors.joint_result`` over the shared
closed assessments, put into words by ``pages.partnership_page``), copied into the plain
:class:`~rasp.reports.exports.joint.JointReport` that the generic writers in
``rasp.reports.exports.joint`` turn into files. No partner's individual answers, notes or
respondents are in any file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from rasp.assessments.models import Mode
from rasp.partnerships import selectors
from rasp.partnerships.access import PartnershipAccess, partnership_view
from rasp.partnerships.pages import partnership_page
from rasp.partnerships.selectors import JointResult
from rasp.reports.exports import joint
from rasp.reports.exports.common import action_status_words, method_sections
from rasp.reports.results import score_text


def result_json(joint_result: JointResult) -> dict[str, Any]:
    """The partnership's result in the "Partnership result (JSON)" shape of interfaces.md,
    with the partnership and what was compared; ``result`` is null when nothing is shared.
    Also the API's partnership results (``rasp.api``)."""
    partnership = joint_result.partnership
    return {
        "partnership": {
            "id": partnership.pk,
            "name": partnership.name,
            "status": partnership.status,
        },
        "mode": joint_result.mode.value,
        "members": [organisation.name for organisation in joint_result.members],
        "compared": [
            {
                "organisation": assessment.organisation.name,
                "assessment": assessment.title,
                "closed_at": assessment.closed_at.isoformat() if assessment.closed_at else None,
            }
            for assessment in joint_result.included
        ],
        "not_included": [
            {"organisation": item.organisation.name, "reason": item.reason}
            for item in joint_result.excluded
        ],
        "result": joint_result.result.to_json_dict() if joint_result.result else None,
    }


def _excluded_words(reason: str) -> str:
    if reason == "no-share":
        return _("has not shared a closed assessment of this type")
    return _("its latest shared assessment uses another version of the questions")


def build_joint_report(access: PartnershipAccess) -> joint.JointReport:
    """Everything the partnership's files show, from the partnership view's own content."""
    result = selectors.joint_result(access=access)
    page = partnership_page(result)
    partnership = access.partnership
    statuses = action_status_words()
    actions = tuple(
        joint.JointActionRow(
            code=action.question_code,
            title=action.title,
            priority=action.priority,
            owner=action.owner.name if action.owner else "",
            due=action.due_date,
            status=statuses.get(action.status, action.status),
            notes=action.notes,
        )
        for action in selectors.joint_action_list(access=access)
    )
    included = tuple(
        _("%(organisation)s: %(title)s, closed %(date)s")
        % {
            "organisation": a.organisation.name,
            "title": a.title,
            "date": date_format(timezone.localtime(a.closed_at), "j F Y") if a.closed_at else "",
        }
        for a in result.included
    )
    common: dict[str, Any] = {
        "name": partnership.name,
        "status_text": str(partnership.get_status_display()),
        "mode_text": str(Mode(result.mode.value).label),
        "framework_version": result.framework_version.version if result.framework_version else "",
        "generated": timezone.localtime(),
        "members": tuple(o.name for o in result.members),
        "included": included,
        "excluded": tuple(
            f"{item.organisation.name}: {_excluded_words(item.reason)}" for item in result.excluded
        ),
        "actions": actions,
        "method": method_sections(result.framework) if result.framework else (),
        "result_json": result_json(result),
    }
    if page is None:
        return joint.JointReport(
            **common,
            has_result=False,
            verdict_text=_("No result yet"),
            reasons=(),
            red_flags=(),
            area_names=(),
            areas=(),
            partners=(),
            heat_map=None,
            heat_rows=(),
            radar=None,
            radar_rows=(),
            questions=(),
            gaps=(),
        )
    return joint.JointReport(
        **common,
        has_result=True,
        verdict_text=page.verdict_text,
        reasons=page.reasons,
        red_flags=tuple(
            joint.JointFlag(f.code, f.text, f.area, f.raised_by) for f in page.red_flags
        ),
        area_names=page.area_names,
        areas=tuple(
            joint.JointArea(
                a.name,
                a.band_text,
                a.adjusted,
                a.declared,
                a.divergence,
                (
                    _("None: every partner at %(score)s") % {"score": score_text(a.weakest_score)}
                    if a.weakest and a.all_level
                    else f"{a.weakest} ({score_text(a.weakest_score)})"
                    if a.weakest
                    else _("None scored")
                ),
            )
            for a in page.areas
        ),
        partners=page.partners,
        heat_map=page.heat_map,
        heat_rows=tuple(joint.PartnerRow(r.name, r.verdict_text, r.cells) for r in page.heat_rows),
        radar=page.radar,
        radar_rows=tuple(
            joint.PartnerRow(r.name, r.verdict_text, r.cells) for r in page.radar_rows
        ),
        questions=tuple(
            joint.JointQuestion(
                q.code,
                q.text,
                q.area,
                q.levels,
                q.spread,
                q.not_agreed,
                q.agreed_text or "",
                q.agreed_note,
            )
            for q in page.comparisons
        ),
        gaps=tuple(
            joint.JointGap(g.code, g.text, g.area, g.level, g.target, g.priority, g.advice)
            for g in page.gaps
        ),
    )


@dataclass(frozen=True)
class Format:
    extension: str
    content_type: str
    build: Callable[[PartnershipAccess], bytes]


FORMATS: dict[str, Format] = {
    "pdf": Format(
        "pdf", "application/pdf", lambda a: joint.render_joint_pdf(build_joint_report(a))
    ),
    "docx": Format(
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        lambda a: joint.render_joint_docx(build_joint_report(a)),
    ),
    "xlsx": Format(
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        lambda a: joint.render_joint_xlsx(build_joint_report(a)),
    ),
    "csv": Format(
        "csv", "text/csv; charset=utf-8", lambda a: joint.render_joint_csv(build_joint_report(a))
    ),
    "json": Format(
        "json",
        "application/json; charset=utf-8",
        lambda a: joint.render_joint_json(build_joint_report(a)),
    ),
}


def download_name(name: str, extension: str) -> str:
    slug = slugify(name)[:60].strip("-") or "partnership"
    return f"{slug}-partnership-results-{timezone.localdate().isoformat()}.{extension}"


@partnership_view
@require_safe
def download(request: HttpRequest, access: PartnershipAccess, format: str) -> HttpResponse:
    chosen = FORMATS.get(format)
    if chosen is None:
        raise Http404
    response = HttpResponse(chosen.build(access), content_type=chosen.content_type)
    disposition = content_disposition_header(
        as_attachment=True, filename=download_name(access.partnership.name, chosen.extension)
    )
    response["Content-Disposition"] = disposition or "attachment"
    response["Cache-Control"] = "private, no-store"
    return response
