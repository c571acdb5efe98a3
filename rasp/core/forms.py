"""Form helpers shared by every app: GOV.UK error summaries and field values for the macros."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise

from django import forms
from django.utils.translation import gettext_lazy as _


class GovukFormMixin:
    """Adds what the GOV.UK error summary and field macros need to a Django form.

    Non-field errors link to the first field, so the summary link still lands somewhere useful.
    """

    errors: Any
    fields: dict[str, forms.Field]

    def error_list(self) -> list[dict[str, str]]:
        first_field = next(iter(self.fields), "")
        items = []
        for name, messages in self.errors.items():
            target = name if name != "__all__" else first_field
            for message in messages:
                items.append({"text": str(message), "href": f"#id_{target}"})
        return items

    def field_error(self, name: str) -> dict[str, str] | None:
        """The macro's errorMessage parameter for one field, or None when it has no error."""
        messages = self.errors.get(name)
        return {"text": " ".join(str(m) for m in messages)} if messages else None

    def field_value(self, name: str) -> str:
        value = self[name].value()  # type: ignore[index]
        return "" if value is None else str(value)


class GovukForm(GovukFormMixin, forms.Form):
    pass


class GovukModelForm(GovukFormMixin, forms.ModelForm):  # type: ignore[type-arg]
    pass


def email_field(*, required_message: StrOrPromise) -> forms.EmailField:
    """An email address field with the GOV.UK pattern's error messages."""

    return forms.EmailField(
        max_length=254,
        error_messages={
            "required": required_message,
            "invalid": _("Enter an email address in the correct format, like name@example.com"),
            "max_length": _("Email address must be 254 characters or fewer"),
        },
    )
