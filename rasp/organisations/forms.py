from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from rasp.core.forms import GovukForm, email_field
from rasp.organisations.models import Membership, Organisation


class OrganisationForm(GovukForm):
    name = forms.CharField(
        max_length=200,
        error_messages={
            "required": _("Enter the organisation's name"),
            "max_length": _("Name must be 200 characters or fewer"),
        },
    )
    kind = forms.ChoiceField(
        choices=Organisation.Kind.choices,
        error_messages={
            "required": _("Select the type of organisation"),
            "invalid_choice": _("Select the type of organisation"),
        },
    )
    nation = forms.ChoiceField(
        choices=Organisation.Nation.choices,
        error_messages={
            "required": _("Select the nation"),
            "invalid_choice": _("Select the nation"),
        },
    )
    official_code = forms.CharField(
        max_length=20,
        required=False,
        error_messages={"max_length": _("Official code must be 20 characters or fewer")},
    )
    region = forms.CharField(
        max_length=100,
        required=False,
        error_messages={"max_length": _("Region must be 100 characters or fewer")},
    )


ROLE_ERRORS = {"required": _("Select a role"), "invalid_choice": _("Select a role")}


class InviteForm(GovukForm):
    email = email_field(required_message=_("Enter their email address"))
    role = forms.ChoiceField(choices=Membership.Role.choices, error_messages=ROLE_ERRORS)


class ComparisonOptInForm(GovukForm):
    take_part = forms.ChoiceField(
        choices=[
            ("yes", _("Yes, take part")),
            ("no", _("No, do not take part")),
        ],
        error_messages={
            "required": _("Select whether to take part in the comparison"),
            "invalid_choice": _("Select whether to take part in the comparison"),
        },
    )


class RoleForm(GovukForm):
    role = forms.ChoiceField(choices=Membership.Role.choices, error_messages=ROLE_ERRORS)


class AcceptNewAccountForm(GovukForm):
    full_name = forms.CharField(
        max_length=150,
        error_messages={
            "required": _("Enter your full name"),
            "max_length": _("Full name must be 150 characters or fewer"),
        },
    )


class TwoFactorRequiredForm(GovukForm):
    required = forms.ChoiceField(
        choices=[
            ("yes", _("Yes, everyone must use two-factor sign-in")),
            ("no", _("No, each person chooses")),
        ],
        error_messages={
            "required": _("Select whether everyone must use two-factor sign-in"),
            "invalid_choice": _("Select whether everyone must use two-factor sign-in"),
        },
    )
