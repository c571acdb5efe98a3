"""Organisation pages: list and switch, create, members, invitations. Thin views over services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from rasp.core.access import signed_in
from rasp.organisations import selectors, services
from rasp.organisations.forms import (
    ComparisonOptInForm,
    InviteForm,
    OrganisationForm,
    RoleForm,
    TwoFactorRequiredForm,
)
from rasp.organisations.models import Membership
from rasp.organisations.permissions import can_manage_members, member_view, org_admin_view

CURRENT_ORGANISATION = "current_organisation_id"


@signed_in
def organisation_list(request: HttpRequest) -> HttpResponse:
    organisations = selectors.organisation_list_for_user(actor=request.user)  # type: ignore[arg-type]
    current = request.session.get(CURRENT_ORGANISATION)
    return render(
        request, "organisations/list.html", {"organisations": organisations, "current": current}
    )


@signed_in
@require_http_methods(["GET", "POST"])
def organisation_create(request: HttpRequest) -> HttpResponseBase:
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_create(actor=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        except ValidationError as error:
            _add_errors(form, error)
        else:
            request.session[CURRENT_ORGANISATION] = organisation.pk
            messages.success(request, _("%(name)s has been added") % {"name": organisation.name})
            return redirect("organisations:detail", organisation_id=organisation.pk)
    return render(request, "organisations/create.html", {"form": form})


@member_view
@require_POST
def organisation_switch(request: HttpRequest, membership: Membership) -> HttpResponseBase:
    request.session[CURRENT_ORGANISATION] = membership.organisation_id
    return redirect("organisations:detail", organisation_id=membership.organisation_id)


@member_view
def organisation_detail(request: HttpRequest, membership: Membership) -> HttpResponse:
    request.session[CURRENT_ORGANISATION] = membership.organisation_id
    context = {
        "membership": membership,
        "organisation": membership.organisation,
        "members": selectors.member_list(membership=membership),
        "invitations": selectors.invitation_list_pending(membership=membership)
        if can_manage_members(membership)
        else [],
        "can_manage": can_manage_members(membership),
    }
    return render(request, "organisations/detail.html", context)


@org_admin_view
@require_http_methods(["GET", "POST"])
def comparison_opt_in(request: HttpRequest, membership: Membership) -> HttpResponseBase:
    organisation = membership.organisation
    initial = {"take_part": "yes" if organisation.compare_with_similar else "no"}
    form = ComparisonOptInForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        take_part = form.cleaned_data["take_part"] == "yes"
        services.organisation_comparison_set(membership=membership, take_part=take_part)
        messages.success(
            request,
            _("%(name)s now takes part in the comparison with similar bodies")
            % {"name": organisation.name}
            if take_part
            else _("%(name)s no longer takes part in the comparison with similar bodies")
            % {"name": organisation.name},
        )
        return redirect("organisations:detail", organisation_id=organisation.pk)
    return render(
        request, "organisations/comparison.html", {"form": form, "organisation": organisation}
    )


@org_admin_view
@require_http_methods(["GET", "POST"])
def member_invite(request: HttpRequest, membership: Membership) -> HttpResponseBase:
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.member_invite(membership=membership, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request, _("Invitation sent to %(email)s") % {"email": invitation.email}
            )
            return redirect("organisations:detail", organisation_id=membership.organisation_id)
    return render(
        request,
        "organisations/invite.html",
        {"form": form, "organisation": membership.organisation},
    )


@org_admin_view
@require_http_methods(["GET", "POST"])
def member_role(request: HttpRequest, membership: Membership, member_id: int) -> HttpResponseBase:
    member = selectors.member_get(membership=membership, member_id=member_id)
    form = RoleForm(request.POST or None, initial={"role": member.role})
    if request.method == "POST" and form.is_valid():
        try:
            services.member_role_change(
                membership=membership, member=member, role=form.cleaned_data["role"]
            )
        except ValidationError as error:
            _add_errors(form, error, field="role")
        else:
            messages.success(
                request, _("%(email)s's role has been changed") % {"email": member.user.email}
            )
            return redirect("organisations:detail", organisation_id=membership.organisation_id)
    context = {"form": form, "member": member, "organisation": membership.organisation}
    return render(request, "organisations/member_role.html", context)


@org_admin_view
@require_http_methods(["GET", "POST"])
def member_remove(request: HttpRequest, membership: Membership, member_id: int) -> HttpResponseBase:
    member = selectors.member_get(membership=membership, member_id=member_id)
    error_text = ""
    if request.method == "POST":
        try:
            services.member_remove(membership=membership, member=member)
        except ValidationError as error:
            error_text = " ".join(error.messages)
        else:
            messages.success(
                request, _("%(email)s has been removed") % {"email": member.user.email}
            )
            if member.pk == membership.pk:
                return redirect("organisations:list")
            return redirect("organisations:detail", organisation_id=membership.organisation_id)
    context = {"member": member, "organisation": membership.organisation, "error_text": error_text}
    return render(
        request, "organisations/member_remove.html", context, status=400 if error_text else 200
    )


@org_admin_view
@require_http_methods(["GET", "POST"])
def organisation_security(request: HttpRequest, membership: Membership) -> HttpResponseBase:
    """Whether everyone in the organisation must use two-factor sign-in."""
    organisation = membership.organisation
    form = TwoFactorRequiredForm(
        request.POST if request.method == "POST" else None,
        initial={"required": "yes" if organisation.require_two_factor else "no"},
    )
    if request.method == "POST" and form.is_valid():
        required = form.cleaned_data["required"] == "yes"
        services.organisation_two_factor_require(membership=membership, required=required)
        message = (
            _("Everyone in %(name)s must now use two-factor sign-in")
            if required
            else _("Two-factor sign-in is now each person's choice in %(name)s")
        )
        messages.success(request, message % {"name": organisation.name})
        return redirect("organisations:detail", organisation_id=organisation.pk)
    return render(
        request, "organisations/security.html", {"form": form, "organisation": organisation}
    )


def _add_errors(
    form: OrganisationForm | InviteForm | RoleForm, error: ValidationError, field: str | None = None
) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            for message in errors:
                form.add_error(name if name in form.fields else field, message)
    else:
        for message in error.messages:
            form.add_error(field, message)
