"""Delivery pages: guidance (public), and for a partnership or an organisation the transition
plan and the benefits register. Thin: fetch through selectors, check permission, call a service,
render. Each page is reached through either owner's URL; ``DeliveryAccess`` says which."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, QueryDict
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from rasp.core.access import keep_unsaved_post, public, take_unsaved_post
from rasp.delivery import exports, selectors, services
from rasp.delivery.access import DeliveryAccess, delivery_view
from rasp.delivery.forms import (
    ActualDeleteForm,
    ActualForm,
    BenefitDeleteForm,
    BenefitForm,
    ProgrammeForm,
    TaskForm,
)
from rasp.delivery.guidance import guide, guides, questions_for
from rasp.delivery.models import Task
from rasp.delivery.pages import benefit_chart_for, figure_input
from rasp.domain.framework.schema import Framework
from rasp.frameworks.selectors import framework_of, framework_version_latest_published


def _context(access: DeliveryAccess, **more: object) -> dict[str, object]:
    return {"access": access, "owner": access.owner, **more}


def _form_errors(form: object, error: ValidationError, fallback: str) -> None:
    for field, problems in error.message_dict.items():
        form.add_error(field if field in form.fields else fallback, " ".join(problems))  # type: ignore[attr-defined]


def _form_data(request: HttpRequest) -> QueryDict | None:
    """What the form is bound to: the post, or on a GET what was posted when the session had
    expired (parked by ``keep_unsaved_post``), so nothing typed is lost to a sign-in."""
    if request.method == "POST":
        return request.POST
    restored = take_unsaved_post(request)
    if restored is None:
        return None
    parked = QueryDict(mutable=True)
    for name, values in restored.items():
        parked.setlist(name, values)
    messages.warning(
        request,
        _(
            "You were signed out before this was saved. What you typed is filled in below: "
            "check it and save."
        ),
    )
    return parked


# Guidance -----------------------------------------------------------------------------------------


def _framework() -> Framework | None:
    version = framework_version_latest_published()
    return framework_of(version) if version is not None else None


@public
@require_safe
def guidance_index(request: HttpRequest) -> HttpResponse:
    return render(request, "delivery/guidance_index.html", {"guides": guides()})


@public
@require_safe
def guidance_page(request: HttpRequest, slug: str) -> HttpResponse:
    entry = guide(slug)
    if entry is None:
        raise Http404
    framework = _framework()
    studies = {c.id: c.title for c in framework.case_studies} if framework else {}
    context = {
        "guide": entry,
        "questions": questions_for(framework, entry),
        "case_studies": [(s, studies[s]) for s in entry.case_studies if s in studies],
        "others": [g for g in guides() if g.slug != slug],
    }
    return render(request, "delivery/guidance_page.html", context)


# Programme start ----------------------------------------------------------------------------------


@keep_unsaved_post
@delivery_view
@require_http_methods(["GET", "POST"])
def programme_start(request: HttpRequest, access: DeliveryAccess) -> HttpResponseBase:
    access.require_edit()
    programme = selectors.programme_of(access)
    initial = {"starts_on": programme.starts_on} if programme else {}
    form = ProgrammeForm(_form_data(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.programme_start(access=access, starts_on=form.cleaned_data["starts_on"])
        except ValidationError as error:
            _form_errors(form, error, "starts_on")
        else:
            messages.success(request, _("Programme start saved"))
            return redirect(access.url("plan"))
    return render(
        request, "delivery/programme_start.html", _context(access, form=form, programme=programme)
    )


# Transition plan ----------------------------------------------------------------------------------


@delivery_view
@require_safe
def plan(request: HttpRequest, access: DeliveryAccess) -> HttpResponse:
    programme = selectors.programme_of(access)
    view = selectors.plan_view(programme) if programme else None
    return render(request, "delivery/plan.html", _context(access, programme=programme, plan=view))


@delivery_view
@require_POST
def tasks_from_advice(request: HttpRequest, access: DeliveryAccess) -> HttpResponseBase:
    created = services.tasks_from_advice(access=access)
    if created:
        messages.success(
            request, _("%(count)d tasks added from the advice on your gaps") % {"count": created}
        )
    else:
        messages.success(
            request,
            _(
                "No tasks added: every gap in the latest results already has a task, or there are "
                "no closed results to take advice from yet"
            ),
        )
    return redirect(access.url("plan"))


def _task_form(
    request: HttpRequest, access: DeliveryAccess, task_id: int | None
) -> HttpResponseBase:
    access.require_edit()
    programme = selectors.programme_get(access)
    task = selectors.task_get(access, task_id) if task_id is not None else None
    others = [
        (str(t.pk), t.title) for t in programme.tasks.order_by("due_on", "id") if t.pk != task_id
    ]
    initial: dict[str, object] = {
        "version": 0,
        "status": Task.Status.NOT_STARTED,
        "workstream": request.GET.get("workstream", ""),
    }
    if task is not None:
        initial = {
            "title": task.title,
            "workstream": task.workstream,
            "owner": task.owner,
            "starts_on": task.starts_on.strftime("%d/%m/%Y"),
            "due_on": task.due_on.strftime("%d/%m/%Y"),
            "status": task.status,
            "depends_on": [str(d.pk) for d in task.depends_on.all()],
            "notes": task.notes,
            "version": task.version,
        }
    form = TaskForm(_form_data(request), initial=initial, others=others)
    conflict = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.task_save(
                access=access,
                task=task,
                based_on_version=data["version"] or 0,
                title=data["title"],
                workstream=data["workstream"],
                owner=data["owner"],
                starts_on=data["starts_on"],
                due_on=data["due_on"],
                status=data["status"],
                depends_on=[int(v) for v in data["depends_on"]],
                notes=data["notes"],
            )
        except services.Stale as stale:
            conflict = True
            task = stale.current  # type: ignore[assignment]
            # Keep everything typed (every ticked dependency too), based on the current version.
            posted = request.POST.copy()
            posted["version"] = str(stale.current.version)
            form = TaskForm(posted, initial=initial, others=others)
            form.is_valid()
        except ValidationError as error:
            _form_errors(form, error, "title")
        else:
            messages.success(request, _("Task saved: %(title)s") % {"title": saved.title})
            return redirect(access.url("plan") + f"#workstream-{saved.workstream}")
    context = _context(access, programme=programme, task=task, form=form, conflict=conflict)
    return render(request, "delivery/task_edit.html", context, status=409 if conflict else 200)


@keep_unsaved_post
@delivery_view
@require_http_methods(["GET", "POST"])
def task_new(request: HttpRequest, access: DeliveryAccess) -> HttpResponseBase:
    return _task_form(request, access, None)


@keep_unsaved_post
@delivery_view
@require_http_methods(["GET", "POST"])
def task_edit(request: HttpRequest, access: DeliveryAccess, task_id: int) -> HttpResponseBase:
    return _task_form(request, access, task_id)


@delivery_view
@require_http_methods(["GET", "POST"])
def task_delete(request: HttpRequest, access: DeliveryAccess, task_id: int) -> HttpResponseBase:
    access.require_edit()
    task = selectors.task_get(access, task_id)
    if request.method == "POST":
        services.task_delete(access=access, task=task)
        messages.success(request, _("Task deleted: %(title)s") % {"title": task.title})
        return redirect(access.url("plan"))
    waiting = list(task.dependants.order_by("due_on", "id"))
    return render(
        request, "delivery/task_delete.html", _context(access, task=task, waiting=waiting)
    )


# Benefits register --------------------------------------------------------------------------------


@delivery_view
@require_safe
def register(request: HttpRequest, access: DeliveryAccess) -> HttpResponse:
    programme = selectors.programme_of(access)
    rows = selectors.register_rows(programme) if programme else []
    context = _context(access, programme=programme, rows=rows, behind=[r for r in rows if r.behind])
    return render(request, "delivery/register.html", context)


@delivery_view
@require_safe
def benefit_detail(request: HttpRequest, access: DeliveryAccess, benefit_id: int) -> HttpResponse:
    benefit = selectors.benefit_get(access, benefit_id)
    row = selectors.benefit_row(benefit)
    context = _context(access, benefit=benefit, row=row, chart=benefit_chart_for(row))
    return render(request, "delivery/benefit.html", context)


def _benefit_form(
    request: HttpRequest, access: DeliveryAccess, benefit_id: int | None
) -> HttpResponseBase:
    access.require_edit()
    programme = selectors.programme_get(access)
    benefit = selectors.benefit_get(access, benefit_id) if benefit_id is not None else None
    choices = [(str(o.pk), o.name) for o in access.members]
    initial: dict[str, object] = {"version": 0}
    if len(choices) == 1:
        initial["organisations"] = [choices[0][0]]
    if benefit is not None:
        initial = {
            "title": benefit.title,
            "kind": benefit.kind,
            "measure": benefit.measure,
            "unit": benefit.unit,
            "baseline": figure_input(benefit, selectors.baseline_of(benefit)),
            "target": figure_input(benefit, selectors.target_of(benefit)),
            "starts_on": benefit.starts_on.strftime("%d/%m/%Y"),
            "target_on": benefit.target_on.strftime("%d/%m/%Y"),
            "owner": benefit.owner,
            "organisations": [str(o.pk) for o in benefit.organisations.all()],
            "version": benefit.version,
        }
    form = BenefitForm(_form_data(request), initial=initial, organisations=choices)
    conflict = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        by_id = {str(o.pk): o for o in access.members}
        try:
            saved = services.benefit_save(
                access=access,
                benefit=benefit,
                based_on_version=data["version"] or 0,
                title=data["title"],
                kind=data["kind"],
                measure=data["measure"],
                unit=data["unit"],
                baseline=data["baseline_figure"],
                target=data["target_figure"],
                starts_on=data["starts_on"],
                target_on=data["target_on"],
                owner=data["owner"],
                organisations=[by_id[v] for v in data["organisations"]],
            )
        except services.Stale as stale:
            conflict = True
            benefit = stale.current  # type: ignore[assignment]
            posted = request.POST.copy()
            posted["version"] = str(stale.current.version)
            form = BenefitForm(posted, initial=initial, organisations=choices)
            form.is_valid()
        except ValidationError as error:
            _form_errors(form, error, "title")
        else:
            messages.success(request, _("Benefit saved: %(title)s") % {"title": saved.title})
            return redirect(access.url("benefit", benefit_id=saved.pk))
    context = _context(access, programme=programme, benefit=benefit, form=form, conflict=conflict)
    return render(request, "delivery/benefit_edit.html", context, status=409 if conflict else 200)


@keep_unsaved_post
@delivery_view
@require_http_methods(["GET", "POST"])
def benefit_new(request: HttpRequest, access: DeliveryAccess) -> HttpResponseBase:
    return _benefit_form(request, access, None)


@keep_unsaved_post
@delivery_view
@require_http_methods(["GET", "POST"])
def benefit_edit(request: HttpRequest, access: DeliveryAccess, benefit_id: int) -> HttpResponseBase:
    return _benefit_form(request, access, benefit_id)


@keep_unsaved_post
@delivery_view
@require_http_methods(["GET", "POST"])
def actual_new(request: HttpRequest, access: DeliveryAccess, benefit_id: int) -> HttpResponseBase:
    access.require_edit()
    benefit = selectors.benefit_get(access, benefit_id)
    form = ActualForm(_form_data(request), financial=benefit.is_financial)
    if request.method == "POST" and form.is_valid():
        try:
            services.actual_record(
                access=access,
                benefit=benefit,
                period_end=form.cleaned_data["period_end"],
                value=form.cleaned_data["value"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            _form_errors(form, error, "period_end")
        else:
            messages.success(request, _("Actual recorded for %(title)s") % {"title": benefit.title})
            return redirect(access.url("benefit", benefit_id=benefit.pk))
    return render(request, "delivery/actual_new.html", _context(access, benefit=benefit, form=form))


def _benefit_gone(request: HttpRequest, access: DeliveryAccess, benefit_id: int) -> HttpResponse:
    """Back to the register, saying so, if the benefit was deleted from it; else 404."""
    deletion = selectors.benefit_deletion(access, benefit_id)
    if deletion is None:
        raise Http404
    messages.info(
        request,
        _("This benefit has already been deleted: %(title)s") % {"title": deletion.title},
    )
    return redirect(access.url("register"))


@delivery_view
@require_http_methods(["GET", "POST"])
def benefit_delete(
    request: HttpRequest, access: DeliveryAccess, benefit_id: int
) -> HttpResponseBase:
    access.require_edit()
    conflict = False
    if request.method == "POST":
        form = BenefitDeleteForm(request.POST)
        form.is_valid()  # a missing or broken value is simply not what is there now
        try:
            deleted, actuals = services.benefit_delete(
                access=access,
                benefit_id=benefit_id,
                seen_version=form.cleaned_data.get("version"),
                seen_actuals=form.cleaned_data.get("actuals") or "",
            )
        except services.Gone:
            return _benefit_gone(request, access, benefit_id)
        except services.Changed:
            conflict = True
        else:
            messages.success(
                request,
                ngettext(
                    "Benefit deleted, with its %(num)d actual: %(title)s",
                    "Benefit deleted, with its %(num)d actuals: %(title)s",
                    actuals,
                )
                % {"num": actuals, "title": deleted.title},
            )
            return redirect(access.url("register"))
    benefit = selectors.benefit_find(access, benefit_id)
    if benefit is None:
        return _benefit_gone(request, access, benefit_id)
    context = _context(
        access,
        benefit=benefit,
        actuals=list(benefit.actuals.all()),
        seen_actuals=selectors.actuals_seen_of(benefit),
        conflict=conflict,
    )
    return render(request, "delivery/benefit_delete.html", context, status=409 if conflict else 200)


def _actual_gone(
    request: HttpRequest, access: DeliveryAccess, benefit_id: int, actual_id: int
) -> HttpResponse:
    """Back to the benefit (or to the register if the benefit went too), saying so, if the actual
    was deleted; else 404."""
    if selectors.benefit_find(access, benefit_id) is None:
        return _benefit_gone(request, access, benefit_id)
    deletion = selectors.actual_deletion(access, benefit_id, actual_id)
    if deletion is None:
        raise Http404
    messages.info(
        request,
        _("The actual for the period to %(date)s has already been deleted")
        % {"date": date_format(deletion.period_end, "j F Y")}
        if deletion.period_end
        else _("This actual has already been deleted"),
    )
    return redirect(access.url("benefit", benefit_id=benefit_id))


@delivery_view
@require_http_methods(["GET", "POST"])
def actual_delete(
    request: HttpRequest, access: DeliveryAccess, benefit_id: int, actual_id: int
) -> HttpResponseBase:
    access.require_edit()
    conflict = False
    if request.method == "POST":
        form = ActualDeleteForm(request.POST)
        form.is_valid()
        try:
            gone = services.actual_delete(
                access=access,
                benefit_id=benefit_id,
                actual_id=actual_id,
                seen=form.cleaned_data.get("seen") or "",
            )
        except services.Gone:
            return _actual_gone(request, access, benefit_id, actual_id)
        except services.Changed:
            conflict = True
        else:
            messages.success(
                request,
                _("Actual deleted: the period to %(date)s")
                % {"date": date_format(gone.period_end, "j F Y")},
            )
            return redirect(access.url("benefit", benefit_id=benefit_id))
    benefit = selectors.benefit_find(access, benefit_id)
    actual = selectors.actual_of(benefit, actual_id) if benefit is not None else None
    if benefit is None or actual is None:
        return _actual_gone(request, access, benefit_id, actual_id)
    context = _context(
        access,
        benefit=benefit,
        actual=actual,
        figure=selectors.actual_figure(benefit, actual),
        seen=selectors.actual_seen(actual),
        conflict=conflict,
    )
    return render(request, "delivery/actual_delete.html", context, status=409 if conflict else 200)


# Downloads ----------------------------------------------------------------------------------------


def _download(access: DeliveryAccess, what: str, format: str) -> HttpResponse:
    chosen = exports.FORMATS.get(format)
    if chosen is None:
        raise Http404
    programme = selectors.programme_get(access)
    content = chosen.build(access, programme, what)
    response = HttpResponse(content, content_type=chosen.content_type)
    name = {"plan": "transition-plan", "register": "benefits-register"}[what]
    filename = (
        f"{slugify(access.owner_name)[:60].strip('-') or 'programme'}-{name}-"
        f"{dt.date.today().isoformat()}.{chosen.extension}"
    )
    response["Content-Disposition"] = (
        content_disposition_header(as_attachment=True, filename=filename) or "attachment"
    )
    response["Cache-Control"] = "private, no-store"
    return response


@delivery_view
@require_safe
def plan_download(request: HttpRequest, access: DeliveryAccess, format: str) -> HttpResponse:
    return _download(access, "plan", format)


@delivery_view
@require_safe
def register_download(request: HttpRequest, access: DeliveryAccess, format: str) -> HttpResponse:
    return _download(access, "register", format)
