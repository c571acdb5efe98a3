"""Sign-in and password forms, with the GOV.UK error messages the Design System recommends."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from rasp.core.forms import GovukForm, GovukFormMixin, email_field


class SignInForm(GovukForm):
    email = email_field(required_message=_("Enter your email address"))
    password = forms.CharField(
        max_length=4096,
        strip=False,
        error_messages={
            "required": _("Enter your password"),
            "max_length": _("Password must be 4,096 characters or fewer"),
        },
    )


class PasswordResetRequestForm(GovukFormMixin, auth_forms.PasswordResetForm):
    email = email_field(required_message=_("Enter your email address"))

    def save(self, **kwargs: Any) -> None:  # type: ignore[override]
        """Send the reset link to an account, or a note that there is none.

        One email either way, so neither the page, the time taken nor what reaches the mail
        server tells anyone whether an address has an account (the GOV.UK pattern).
        """
        email = self.cleaned_data["email"]
        if any(True for _user in self.get_users(email)):
            super().save(**kwargs)
            return
        self.send_mail(
            kwargs["subject_template_name"],
            "accounts/email/password_reset_no_account.txt",
            {
                "email": email,
                "reset_url": kwargs["request"].build_absolute_uri(
                    reverse("accounts:password-reset")
                ),
            },
            kwargs["from_email"],
            email,
        )


class _NewPasswordFieldsMixin:
    """Plain-English messages and the password rules, for every form that sets a password."""

    fields: dict[str, forms.Field]

    def _tune_new_password_fields(self) -> None:
        self.fields["new_password1"].error_messages["required"] = _("Enter a new password")
        self.fields["new_password2"].error_messages["required"] = _("Confirm your new password")
        for field in ("new_password1", "new_password2"):
            self.fields[field].max_length = 4096  # type: ignore[attr-defined]

    @staticmethod
    def rules() -> list[str]:
        return [str(text) for text in password_validation.password_validators_help_texts()]


class NewPasswordForm(_NewPasswordFieldsMixin, GovukFormMixin, auth_forms.SetPasswordForm):  # type: ignore[type-arg]
    """Choose a new password (used by password reset and by accepting an invitation)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._tune_new_password_fields()


class PasswordChangeForm(_NewPasswordFieldsMixin, GovukFormMixin, auth_forms.PasswordChangeForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._tune_new_password_fields()
        self.fields["old_password"].error_messages["required"] = _("Enter your current password")


class CodeForm(GovukForm):
    """A code from the authenticator app (6 digits) or a backup code (8 letters and digits)."""

    code = forms.CharField(
        max_length=20,
        error_messages={
            "required": _("Enter the code from your authenticator app, or a backup code"),
            "max_length": _("The code must be 20 characters or fewer"),
        },
    )
