"""Forms of the partnership pages, with GOV.UK error messages."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from rasp.assessments.forms import ActionForm, AgreedAnswerForm
from rasp.core.forms import GovukForm


class JointAgreedForm(AgreedAnswerForm):
    """The agreed joint level: the same choices as an organisation's agreed level."""


class JointActionForm(ActionForm):
    """A joint action: the owner is one of the member organisations."""

    owner = forms.ChoiceField(  # type: ignore[assignment]
        required=False,
        error_messages={"invalid_choice": _("Select a member organisation")},
    )

    def __init__(self, *args: Any, owners: Sequence[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", _("No owner yet")), *owners]  # type: ignore[attr-defined]


class PartnershipInviteForm(GovukForm):
    email = forms.EmailField(
        max_length=254,
        error_messages={
            "required": _("Enter the email address of the other organisation's admin"),
            "invalid": _("Enter an email address in the correct format, like name@example.org"),
        },
    )
    joining = forms.ChoiceField(
        choices=[
            ("member", _("As a member straight away")),
            ("new-partner", _("As a new partner: they complete a new-partner assessment first")),
        ],
        error_messages={
            "required": _("Select how they join"),
            "invalid_choice": _("Select how they join"),
        },
    )


class EntrantDeclineForm(GovukForm):
    """Why the members turn a new partner down: its people see this."""

    reason = forms.CharField(
        max_length=2000,
        widget=forms.Textarea,
        error_messages={
            "required": _("Say why you are declining them: their people will see it"),
            "max_length": _("The reason must be 2,000 characters or fewer"),
        },
    )
