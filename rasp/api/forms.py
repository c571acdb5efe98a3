from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from rasp.api.models import ApiToken
from rasp.core.forms import GovukForm

EXPIRY_CHOICES = [
    ("30", _("30 days")),
    ("90", _("90 days")),
    ("365", _("1 year")),
    ("never", _("Never (not recommended)")),
]


class TokenForm(GovukForm):
    name = forms.CharField(
        max_length=100,
        error_messages={
            "required": _("Enter a name for the token"),
            "max_length": _("Name must be 100 characters or fewer"),
        },
    )
    scope = forms.ChoiceField(
        choices=ApiToken.Scope.choices,
        error_messages={
            "required": _("Select what the token may do"),
            "invalid_choice": _("Select what the token may do"),
        },
    )
    organisations = forms.MultipleChoiceField(
        choices=[],
        error_messages={
            "required": _("Select at least one organisation"),
            "invalid_choice": _("Select only your own organisations"),
        },
    )
    expiry = forms.ChoiceField(
        choices=EXPIRY_CHOICES,
        error_messages={
            "required": _("Select when the token stops working"),
            "invalid_choice": _("Select when the token stops working"),
        },
    )

    def __init__(self, *args: Any, organisations: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisations"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(str(pk), name) for pk, name in organisations]
        # Someone with no organisation yet can still make a token, for the question bank.
        field.required = bool(organisations)

    def chosen_organisations(self) -> list[str]:
        value = self["organisations"].value()
        return [str(v) for v in value] if value else []
