"""Forms of the delivery pages, with GOV.UK error messages. Money and figures are read by the
pure parsers in ``rasp.domain.delivery.money`` so every way in (pages, API) reads them alike."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from rasp.core.forms import GovukForm
from rasp.delivery.models import Benefit, Task, Workstream
from rasp.domain.delivery.money import MoneyError, parse_money, parse_quantity

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d %m %Y", "%d-%m-%Y"]


def date_field(label: str, *, required_message: str) -> forms.DateField:
    return forms.DateField(
        input_formats=DATE_FORMATS,
        error_messages={
            "required": required_message,
            "invalid": _("%(label)s must be a real date, like 31/3/2027") % {"label": label},
        },
    )


class ProgrammeForm(GovukForm):
    starts_on = date_field(
        str(_("Programme start")), required_message=str(_("Enter the date the programme starts"))
    )


class TaskForm(GovukForm):
    title = forms.CharField(
        max_length=300,
        error_messages={
            "required": _("Enter the task"),
            "max_length": _("Task must be 300 characters or fewer"),
        },
    )
    workstream = forms.ChoiceField(
        choices=Workstream.choices,
        error_messages={
            "required": _("Select a workstream"),
            "invalid_choice": _("Select a workstream"),
        },
    )
    owner = forms.CharField(
        max_length=150,
        required=False,
        error_messages={"max_length": _("Owner must be 150 characters or fewer")},
    )
    starts_on = date_field(str(_("Start date")), required_message=str(_("Enter the start date")))
    due_on = date_field(str(_("Due date")), required_message=str(_("Enter the due date")))
    status = forms.ChoiceField(
        choices=Task.Status.choices,
        error_messages={"required": _("Select a status"), "invalid_choice": _("Select a status")},
    )
    depends_on = forms.MultipleChoiceField(
        required=False,
        error_messages={"invalid_choice": _("Select tasks from this plan")},
    )
    notes = forms.CharField(
        max_length=4000,
        required=False,
        widget=forms.Textarea,
        error_messages={"max_length": _("Notes must be 4,000 characters or fewer")},
    )
    version = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args: Any, others: Sequence[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["depends_on"].choices = list(others)  # type: ignore[attr-defined]

    def chosen(self, name: str) -> list[str]:
        """The values ticked in a multiple choice, as typed (kept when the form fails)."""
        if self.is_bound:
            return self.data.getlist(name) if hasattr(self.data, "getlist") else []
        return [str(v) for v in self.initial.get(name, [])]


class BenefitForm(GovukForm):
    title = forms.CharField(
        max_length=300,
        error_messages={
            "required": _("Enter the benefit"),
            "max_length": _("Benefit must be 300 characters or fewer"),
        },
    )
    kind = forms.ChoiceField(
        choices=Benefit.Kind.choices,
        error_messages={
            "required": _("Select whether the benefit is financial"),
            "invalid_choice": _("Select whether the benefit is financial"),
        },
    )
    measure = forms.CharField(
        max_length=500,
        error_messages={
            "required": _("Enter how the benefit is measured"),
            "max_length": _("Measure must be 500 characters or fewer"),
        },
    )
    unit = forms.CharField(
        max_length=40,
        required=False,
        error_messages={"max_length": _("Unit must be 40 characters or fewer")},
    )
    baseline = forms.CharField(max_length=40, error_messages={"required": _("Enter the baseline")})
    target = forms.CharField(max_length=40, error_messages={"required": _("Enter the target")})
    starts_on = date_field(
        str(_("Measured from")), required_message=str(_("Enter the date measuring starts"))
    )
    target_on = date_field(str(_("Target date")), required_message=str(_("Enter the target date")))
    owner = forms.CharField(
        max_length=150,
        error_messages={
            "required": _("Enter who owns the benefit"),
            "max_length": _("Owner must be 150 characters or fewer"),
        },
    )
    organisations = forms.MultipleChoiceField(
        error_messages={
            "required": _("Select the organisations the benefit falls to"),
            "invalid_choice": _("Select organisations in this programme"),
        },
    )
    version = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args: Any, organisations: Sequence[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisations"].choices = list(organisations)  # type: ignore[attr-defined]

    chosen = TaskForm.chosen

    def _figure(self, name: str, label: str) -> int | Decimal | None:
        text = self.cleaned_data.get(name, "")
        kind = self.cleaned_data.get("kind")
        if not text or not kind:
            return None
        try:
            if kind == Benefit.Kind.FINANCIAL:
                return parse_money(text)
            return parse_quantity(text)
        except MoneyError as error:
            self.add_error(name, f"{label}: {error}")
            return None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["baseline_figure"] = self._figure("baseline", str(_("Baseline")))
        data["target_figure"] = self._figure("target", str(_("Target")))
        if data.get("kind") == Benefit.Kind.NON_FINANCIAL and not data.get("unit", "").strip():
            self.add_error("unit", _("Enter the unit of a non-financial benefit, like days or %"))
        return data


class ActualForm(GovukForm):
    period_end = date_field(
        str(_("End of the period")), required_message=str(_("Enter the date the period ended"))
    )
    value = forms.CharField(
        max_length=40, error_messages={"required": _("Enter the figure achieved")}
    )
    note = forms.CharField(
        max_length=2000,
        required=False,
        widget=forms.Textarea,
        error_messages={"max_length": _("Note must be 2,000 characters or fewer")},
    )

    def __init__(self, *args: Any, financial: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.financial = financial

    def clean_value(self) -> int | Decimal:
        text = self.cleaned_data["value"]
        try:
            # An actual may fall below zero (a saving that turned into a cost).
            return (
                parse_money(text, allow_negative=True) if self.financial else parse_quantity(text)
            )
        except MoneyError as error:
            raise forms.ValidationError(str(error)) from error


class BenefitDeleteForm(forms.Form):
    """What a benefit's confirmation page showed: its version and ``selectors.actuals_seen``.
    Missing or broken values count as not what is there now, so nothing is deleted unseen."""

    version = forms.IntegerField(required=False, min_value=0)
    actuals = forms.CharField(required=False, max_length=100)


class ActualDeleteForm(forms.Form):
    """What an actual's confirmation page showed: ``selectors.actual_seen``."""

    seen = forms.CharField(required=False, max_length=200)
