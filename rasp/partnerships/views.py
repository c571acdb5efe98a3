"""Partnership pages: the list, the overview (members, history, shares), consent to share, leaving,
the partnership view, the consensus workshop, the joint action plan and invitations between
organisations. Thin: fetch through selectors, check permission, call a service, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from rasp.core.access import signed_in
from rasp.organisations.models import Membership
from rasp.partnerships import selectors, services
from rasp.partnerships.access import (
    EntrantAccess,
    PartnershipAccess,
    entrant_view,
    partnership_org_admin_view,
    partnership_view,
)
from rasp.partnerships.forms import (
    EntrantDeclineForm,
    JointActionForm,
    JointAgreedForm,
    PartnershipInviteForm,
)
from rasp.partnerships.models import JointAgreedAnswer, PartnershipEntrant
from rasp.partnerships.pages import (
    entrant_page,
    health_check_page,
    partnership_page,
    workshop_page,
    workshop_question,
)


def _context(access: PartnershipAccess, **more: object) -> dict[str, object]:
    return {"access": access, "partnership": access.partnership, **more}


@signed_in
@require_safe
def partnership_list(request: HttpRequest) -> HttpResponse:
    entries = selectors.partnership_list_for_user(actor=request.user)  # type: ignore[arg-type]
    pending = selectors.invitations_pending_for(actor=request.user)  # type: ignore[arg-type]
    joining = selectors.entrant_list_for_user(actor=request.user)  # type: ignore[arg-type]
    declined = selectors.entrants_declined_for_user(actor=request.user)  # type: ignore[arg-type]
    context = {
        "entries": entries,
        "pending": len(pending),
        "joining": joining,
        "declined": declined,
    }
    return render(request, "partnerships/list.html", context)


@partnership_view
@require_safe
def overview(request: HttpRequest, access: PartnershipAccess) -> HttpResponse:
    history = list(selectors.member_history(access=access))
    shares = selectors.shares_by_organisation(access=access)
    context = _context(
        access,
        current=[m for m in history if m.left_at is None],
        former=[m for m in history if m.left_at is not None],
        shares=shares,
        invitations=selectors.invitations_sent(access=access) if access.admin_memberships else [],
        entrants=selectors.entrants_current(access=access),
    )
    return render(request, "partnerships/overview.html", context)


@partnership_view
@require_safe
def results(request: HttpRequest, access: PartnershipAccess) -> HttpResponse:
    joint = selectors.joint_result(access=access)
    context = _context(access, joint=joint, page=partnership_page(joint))
    return render(request, "partnerships/results.html", context)


# Consent to share and leaving ---------------------------------------------------------------------


@partnership_org_admin_view
@require_http_methods(["GET", "POST"])
def share(
    request: HttpRequest, access: PartnershipAccess, membership: Membership
) -> HttpResponseBase:
    error_text = None
    if request.method == "POST":
        raw = request.POST.get("assessment", "")
        if not raw.isdigit():
            raise Http404
        assessment = selectors.shareable_assessment(membership=membership, assessment_id=int(raw))
        if request.POST.get("do") == "withdraw":
            if services.assessment_share_withdraw(
                access=access, membership=membership, assessment=assessment
            ):
                messages.success(
                    request,
                    _("%(title)s is no longer shared with %(partnership)s")
                    % {"title": assessment.title, "partnership": access.partnership.name},
                )
            return redirect(request.path)
        try:
            services.assessment_share(access=access, membership=membership, assessment=assessment)
        except ValidationError as error:
            error_text = " ".join(error.messages)
        else:
            messages.success(
                request,
                _("%(title)s is now shared with %(partnership)s")
                % {"title": assessment.title, "partnership": access.partnership.name},
            )
            return redirect(request.path)
    choices = selectors.share_choices(access=access, membership=membership)
    context = _context(
        access, organisation=membership.organisation, choices=choices, error_text=error_text
    )
    return render(request, "partnerships/share.html", context, status=400 if error_text else 200)


@partnership_org_admin_view
@require_http_methods(["GET", "POST"])
def leave(
    request: HttpRequest, access: PartnershipAccess, membership: Membership
) -> HttpResponseBase:
    if request.method == "POST":
        services.partnership_leave(access=access, membership=membership)
        messages.success(
            request,
            _("%(organisation)s has left %(partnership)s")
            % {
                "organisation": membership.organisation.name,
                "partnership": access.partnership.name,
            },
        )
        return redirect("partnerships:list")
    return render(
        request, "partnerships/leave.html", _context(access, organisation=membership.organisation)
    )


# Consensus workshop -------------------------------------------------------------------------------


@partnership_view
@require_safe
def workshop(request: HttpRequest, access: PartnershipAccess) -> HttpResponse:
    joint = selectors.joint_result(access=access)
    return render(
        request,
        "partnerships/workshop.html",
        _context(access, joint=joint, page=workshop_page(joint)),
    )


@partnership_view
@require_http_methods(["GET", "POST"])
def workshop_agree(request: HttpRequest, access: PartnershipAccess, code: str) -> HttpResponseBase:
    joint = selectors.joint_result(access=access)
    row = workshop_question(joint, code)
    if row is None or joint.framework is None:
        raise Http404
    if not access.can_run_workshop:
        raise PermissionDenied
    current = joint.agreed.get(code)
    initial: dict[str, object] = {"version": current.version if current else 0}
    if current is not None:
        initial.update(
            answer=str(current.level)
            if current.kind == JointAgreedAnswer.Kind.LEVEL
            else current.kind,
            evidence=current.evidence,
            note=current.note,
        )
    form = JointAgreedForm(request.POST or None, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        answer = form.cleaned_data["answer"]
        try:
            services.joint_agreed_record(
                access=access,
                joint=joint,
                code=code,
                kind=JointAgreedAnswer.Kind.LEVEL if answer.isdigit() else answer,
                level=int(answer) if answer.isdigit() else None,
                evidence=form.cleaned_data["evidence"] or "",
                note=form.cleaned_data["note"],
                based_on_version=form.cleaned_data["version"] or 0,
            )
        except services.StaleJointAnswer as stale:
            conflict = stale.current
            form = JointAgreedForm(
                {**request.POST.dict(), "version": str(stale.current.version)}, initial=initial
            )
            form.is_valid()
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else "answer", " ".join(problems))
        else:
            messages.success(
                request, _("Agreed joint level recorded for %(code)s") % {"code": code}
            )
            return redirect("partnerships:workshop", partnership_id=access.partnership.pk)
    question = joint.framework.question(code)
    context = _context(
        access, joint=joint, row=row, question=question, form=form, conflict=conflict
    )
    return render(request, "partnerships/agree.html", context, status=409 if conflict else 200)


# Joint action plan --------------------------------------------------------------------------------


@partnership_view
@require_safe
def actions(request: HttpRequest, access: PartnershipAccess) -> HttpResponse:
    context = _context(access, actions=selectors.joint_action_list(access=access))
    return render(request, "partnerships/actions.html", context)


@partnership_view
@require_POST
def actions_from_gaps(request: HttpRequest, access: PartnershipAccess) -> HttpResponseBase:
    if not access.can_run_workshop:
        raise PermissionDenied
    joint = selectors.joint_result(access=access)
    created = services.joint_actions_from_gaps(access=access, joint=joint)
    messages.success(
        request,
        _("%(count)d actions created from the partnership's gaps") % {"count": created},
    )
    return redirect("partnerships:actions", partnership_id=access.partnership.pk)


def _action_form(
    request: HttpRequest, access: PartnershipAccess, joint_action_id: int | None
) -> HttpResponseBase:
    if not access.can_run_workshop:
        raise PermissionDenied
    action = (
        selectors.joint_action_get(access=access, joint_action_id=joint_action_id)
        if joint_action_id is not None
        else None
    )
    members = [m.organisation for m in selectors.member_history(access=access) if m.left_at is None]
    members += [e.organisation for e in selectors.entrants_current(access=access)]
    owners = [(str(o.pk), o.name) for o in members]
    initial: dict[str, object] = {"version": 0, "status": "not-started"}
    if action is not None:
        initial = {
            "title": action.title,
            "owner": str(action.owner_id or ""),
            "status": action.status,
            "due_date": action.due_date,
            "notes": action.notes,
            "version": action.version,
        }
    form = JointActionForm(request.POST or None, initial=initial, owners=owners)
    conflict = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        owner = next((o for o in members if str(o.pk) == data["owner"]), None)
        try:
            services.joint_action_save(
                access=access,
                action=action,
                based_on_version=data["version"] or 0,
                title=data["title"],
                owner=owner,
                status=data["status"],
                due_date=data["due_date"],
                notes=data["notes"],
            )
        except services.StaleJointAction as stale:
            conflict = True
            action = stale.current
            form = JointActionForm(
                {**request.POST.dict(), "version": str(stale.current.version)},
                initial=initial,
                owners=owners,
            )
            form.is_valid()
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else "title", " ".join(problems))
        else:
            messages.success(request, _("Action saved"))
            return redirect("partnerships:actions", partnership_id=access.partnership.pk)
    context = _context(access, action=action, form=form, conflict=conflict)
    return render(
        request, "partnerships/action_edit.html", context, status=409 if conflict else 200
    )


@partnership_view
@require_http_methods(["GET", "POST"])
def action_new(request: HttpRequest, access: PartnershipAccess) -> HttpResponseBase:
    return _action_form(request, access, None)


@partnership_view
@require_http_methods(["GET", "POST"])
def action_edit(
    request: HttpRequest, access: PartnershipAccess, joint_action_id: int
) -> HttpResponseBase:
    return _action_form(request, access, joint_action_id)


# Invitations between organisations ----------------------------------------------------------------


@partnership_org_admin_view
@require_http_methods(["GET", "POST"])
def invite(
    request: HttpRequest, access: PartnershipAccess, membership: Membership
) -> HttpResponseBase:
    initial = {"joining": "new-partner" if access.partnership.status == "live" else "member"}
    form = PartnershipInviteForm(
        request.POST if request.method == "POST" else None, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.partnership_invite(
                access=access,
                membership=membership,
                email=form.cleaned_data["email"],
                as_new_partner=form.cleaned_data["joining"] == "new-partner",
            )
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else "email", " ".join(problems))
        else:
            messages.success(
                request,
                _("%(organisation)s has been invited to join %(partnership)s")
                % {
                    "organisation": invitation.organisation.name,
                    "partnership": access.partnership.name,
                },
            )
            return redirect("partnerships:overview", partnership_id=access.partnership.pk)
    context = _context(access, organisation=membership.organisation, form=form)
    return render(request, "partnerships/invite.html", context)


@signed_in
@require_safe
def invitations(request: HttpRequest) -> HttpResponse:
    pending = selectors.invitations_pending_for(actor=request.user)  # type: ignore[arg-type]
    return render(request, "partnerships/invitations.html", {"invitations": pending})


@signed_in
@require_POST
def invitation_answer(request: HttpRequest, invitation_id: int) -> HttpResponseBase:
    invitation = selectors.invitation_for_admin(actor=request.user, invitation_id=invitation_id)  # type: ignore[arg-type]
    if request.POST.get("do") == "accept":
        services.partnership_invitation_accept(actor=request.user, invitation=invitation)  # type: ignore[arg-type]
        if invitation.as_new_partner:
            messages.success(
                request,
                _("%(organisation)s is joining %(partnership)s as a new partner")
                % {
                    "organisation": invitation.organisation.name,
                    "partnership": invitation.partnership.name,
                },
            )
            return redirect(
                "partnerships:joining",
                partnership_id=invitation.partnership_id,
                organisation_id=invitation.organisation_id,
            )
        messages.success(
            request,
            _("%(organisation)s has joined %(partnership)s")
            % {
                "organisation": invitation.organisation.name,
                "partnership": invitation.partnership.name,
            },
        )
        return redirect("partnerships:overview", partnership_id=invitation.partnership_id)
    services.partnership_invitation_decline(actor=request.user, invitation=invitation)  # type: ignore[arg-type]
    messages.success(
        request,
        _("You declined the invitation to %(partnership)s")
        % {"partnership": invitation.partnership.name},
    )
    return redirect("partnerships:invitations")


# Health-check against the readiness baseline ------------------------------------------------------


@partnership_view
@require_safe
def health_check(request: HttpRequest, access: PartnershipAccess) -> HttpResponse:
    check = selectors.health_check(access=access)
    context = _context(access, check=check, page=health_check_page(check))
    return render(request, "partnerships/health_check.html", context)


# New partners -------------------------------------------------------------------------------------


@partnership_view
@require_safe
def entrant_detail(
    request: HttpRequest, access: PartnershipAccess, entrant_id: int
) -> HttpResponse:
    entrant = selectors.entrant_get(access=access, entrant_id=entrant_id)
    comparison = selectors.entrant_comparison(access=access, entrant=entrant)
    context = _context(
        access,
        entrant=entrant,
        comparison=comparison,
        page=entrant_page(comparison.joint) if comparison.joint else None,
        actions=selectors.onboarding_actions(access=access, entrant=entrant),
    )
    return render(request, "partnerships/entrant.html", context)


@partnership_view
@require_POST
def entrant_onboarding(
    request: HttpRequest, access: PartnershipAccess, entrant_id: int
) -> HttpResponseBase:
    entrant = selectors.entrant_get(access=access, entrant_id=entrant_id)
    if not access.can_run_workshop:
        raise PermissionDenied
    comparison = selectors.entrant_comparison(access=access, entrant=entrant)
    created = services.onboarding_actions_create(access=access, comparison=comparison)
    messages.success(
        request,
        _("%(count)d onboarding actions created for %(name)s")
        % {"count": created, "name": entrant.organisation.name},
    )
    return redirect(
        "partnerships:entrant", partnership_id=access.partnership.pk, entrant_id=entrant.pk
    )


@partnership_view
@require_POST
def entrant_admit(
    request: HttpRequest, access: PartnershipAccess, entrant_id: int
) -> HttpResponseBase:
    entrant = selectors.entrant_get(access=access, entrant_id=entrant_id)
    if not access.can_run_workshop:
        raise PermissionDenied
    services.entrant_admit(access=access, entrant=entrant)
    messages.success(
        request,
        _("%(name)s is now a member of %(partnership)s")
        % {"name": entrant.organisation.name, "partnership": access.partnership.name},
    )
    return redirect("partnerships:overview", partnership_id=access.partnership.pk)


@partnership_view
@require_http_methods(["GET", "POST"])
def entrant_decline(
    request: HttpRequest, access: PartnershipAccess, entrant_id: int
) -> HttpResponseBase:
    """Turn a new partner down, saying why (one question on its own page). If someone admitted
    or declined it meanwhile, or it stopped joining, say so and change nothing."""
    entrant = selectors.entrant_get_any(access=access, entrant_id=entrant_id)
    if not access.can_run_workshop:
        raise PermissionDenied
    overview = redirect("partnerships:overview", partnership_id=access.partnership.pk)
    if not entrant.is_current:
        messages.warning(request, _decided_text(entrant))
        return overview
    form = EntrantDeclineForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.entrant_decline(
                access=access, entrant=entrant, reason=form.cleaned_data["reason"]
            )
        except services.EntrantDecided as decided:
            messages.warning(request, _decided_text(decided.entrant))
            return overview
        except ValidationError as error:
            form.add_error("reason", " ".join(error.messages))
        else:
            messages.success(
                request,
                _("%(name)s is no longer joining %(partnership)s: its people can see your reason")
                % {"name": entrant.organisation.name, "partnership": access.partnership.name},
            )
            return overview
    context = _context(access, entrant=entrant, form=form)
    status = 400 if form.errors else 200
    return render(request, "partnerships/entrant_decline.html", context, status=status)


def _decided_text(entrant: PartnershipEntrant) -> str:
    name = entrant.organisation.name
    if entrant.admitted_at is not None:
        return _("Nothing was changed: %(name)s was admitted as a member meanwhile") % {
            "name": name
        }
    if entrant.declined_at is not None:
        return _("Nothing was changed: %(name)s was declined meanwhile") % {"name": name}
    return _("Nothing was changed: %(name)s stopped joining meanwhile") % {"name": name}


@entrant_view
@require_http_methods(["GET", "POST"])
def joining(request: HttpRequest, access: EntrantAccess) -> HttpResponseBase:
    """The joining organisation's own page: what to do, and consent to share its new-partner
    assessment. Nothing of the partnership but its name is shown here."""
    entrant = access.entrant
    error_text = None
    if request.method == "POST":
        if not access.is_admin:
            raise PermissionDenied
        if request.POST.get("do") == "stop-joining":
            services.entrant_stop(access=access)
            messages.success(
                request,
                _("%(name)s is no longer joining %(partnership)s")
                % {"name": entrant.organisation.name, "partnership": entrant.partnership.name},
            )
            return redirect("partnerships:list")
        raw = request.POST.get("assessment", "")
        choices = {
            c.assessment.pk: c.assessment for c in selectors.entrant_share_choices(entrant=entrant)
        }
        if not raw.isdigit() or int(raw) not in choices:
            raise Http404
        assessment = choices[int(raw)]
        if request.POST.get("do") == "withdraw":
            services.entrant_share_withdraw(access=access, assessment=assessment)
            messages.success(
                request,
                _("%(title)s is no longer shared with %(partnership)s")
                % {"title": assessment.title, "partnership": entrant.partnership.name},
            )
            return redirect(request.path)
        try:
            services.entrant_share(access=access, assessment=assessment)
        except ValidationError as error:
            error_text = " ".join(error.messages)
        else:
            messages.success(
                request,
                _("%(title)s is now shared with %(partnership)s")
                % {"title": assessment.title, "partnership": entrant.partnership.name},
            )
            return redirect(request.path)
    context = {
        "entrant": entrant,
        "partnership_name": entrant.partnership.name,
        "organisation": entrant.organisation,
        "access": access,
        "choices": selectors.entrant_share_choices(entrant=entrant),
        "error_text": error_text,
    }
    return render(request, "partnerships/joining.html", context, status=400 if error_text else 200)
