"""Forms for the assessment journey. The question-page form is built from the questions on the
page, with GOV.UK error messages that name the question."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from rasp.assessments.models import AnswerKind, Evidence, Mode, RespondentRole
from rasp.assessments.services import AnswerInput
from rasp.core.forms import GovukForm, email_field
from rasp.domain.framework.schema import Question

LEVEL_CHOICES = [(str(n), str(n)) for n in range(5)]
TEXT_LIMIT = 2000


class StartAssessmentForm(GovukForm):
    mode = forms.ChoiceField(
        choices=Mode.choices,
        error_messages={
            "required": _("Select the type of assessment"),
            "invalid_choice": _("Select the type of assessment"),
        },
    )
    title = forms.CharField(
        max_length=200,
        error_messages={
            "required": _("Enter a title"),
            "max_length": _("Title must be 200 characters or fewer"),
        },
    )
    services_in_scope = forms.CharField(
        max_length=TEXT_LIMIT,
        required=False,
        widget=forms.Textarea,
        error_messages={"max_length": _("Services in scope must be 2,000 characters or fewer")},
    )
    due_date_day = forms.IntegerField(required=False, min_value=1, max_value=31)
    due_date_month = forms.IntegerField(required=False, min_value=1, max_value=12)
    due_date_year = forms.IntegerField(required=False, min_value=2000, max_value=2100)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        names = ("due_date_day", "due_date_month", "due_date_year")
        raw = [str(self.data.get(name, "")).strip() for name in names]
        data["due_date"] = None
        if any(raw):
            for name in names:
                self.errors.pop(name, None)
            try:
                data["due_date"] = dt.date(int(raw[2]), int(raw[1]), int(raw[0]))
            except ValueError:
                self.add_error(None, _("Due date must be a real date, like 31 3 2027"))
                self.errors["due_date_day"] = self.errors.pop("__all__")
        return data


class AddRespondentForm(GovukForm):
    user = forms.ChoiceField(
        error_messages={"required": _("Select a person"), "invalid_choice": _("Select a person")}
    )
    role = forms.ChoiceField(
        choices=RespondentRole.choices,
        error_messages={
            "required": _("Select their role"),
            "invalid_choice": _("Select their role"),
        },
    )

    def __init__(self, *args: Any, people: Sequence[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = [("", _("Choose a person")), *people]  # type: ignore[attr-defined]


class AnswerPageForm(GovukForm):
    """The answers to the questions on one page. Blank questions stay unanswered."""

    def __init__(
        self,
        *args: Any,
        questions: Sequence[Question],
        evidence_from_level: int,
        versions: Mapping[str, int],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        self.evidence_from_level = evidence_from_level
        for question in self.questions:
            code = question.code
            kinds = [*LEVEL_CHOICES, (AnswerKind.DONT_KNOW.value, _("Don't know"))]
            if not question.critical:
                kinds.append((AnswerKind.NOT_APPLICABLE.value, _("Not applicable")))
            self.fields[f"{code}-answer"] = forms.ChoiceField(
                choices=kinds,
                required=False,
                error_messages={"invalid_choice": _("Select an answer")},
            )
            self.fields[f"{code}-reason"] = forms.CharField(required=False, max_length=TEXT_LIMIT)
            self.fields[f"{code}-evidence"] = forms.ChoiceField(
                choices=Evidence.choices,
                required=False,
                error_messages={"invalid_choice": _("Select the evidence")},
            )
            self.fields[f"{code}-note"] = forms.CharField(
                required=False, max_length=TEXT_LIMIT, widget=forms.Textarea
            )
            self.fields[f"{code}-link"] = forms.URLField(
                required=False,
                max_length=500,
                assume_scheme="https",
                error_messages={
                    "invalid": _("Enter a web address, like https://example.gov.uk/report")
                },
            )
            self.fields[f"{code}-version"] = forms.IntegerField(
                required=False, min_value=0, widget=forms.HiddenInput, initial=versions.get(code, 0)
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for question in self.questions:
            code = question.code
            answer = data.get(f"{code}-answer") or ""
            if (
                answer.isdigit()
                and int(answer) >= self.evidence_from_level
                and not data.get(f"{code}-evidence")
            ):
                self.add_error(
                    f"{code}-evidence",
                    _("%(code)s: select the evidence behind level %(level)s")
                    % {"code": code, "level": answer},
                )
            if (
                answer == AnswerKind.NOT_APPLICABLE
                and not (data.get(f"{code}-reason") or "").strip()
            ):
                self.add_error(
                    f"{code}-reason",
                    _("%(code)s: say why this question does not apply") % {"code": code},
                )
        return data

    def given(self) -> dict[str, tuple[AnswerInput, int]]:
        """The answers given on the page, by code, with the version each was based on."""
        result = {}
        for question in self.questions:
            code = question.code
            answer = self.cleaned_data.get(f"{code}-answer") or ""
            if not answer:
                continue
            is_level = answer.isdigit()
            result[code] = (
                AnswerInput(
                    kind=AnswerKind.LEVEL if is_level else answer,
                    level=int(answer) if is_level else None,
                    evidence=self.cleaned_data.get(f"{code}-evidence") or "",
                    reason=self.cleaned_data.get(f"{code}-reason") or "",
                    note=self.cleaned_data.get(f"{code}-note") or "",
                    link=self.cleaned_data.get(f"{code}-link") or "",
                ),
                int(self.cleaned_data.get(f"{code}-version") or 0),
            )
        return result


def initial_from_answers(answers: Mapping[str, Any]) -> dict[str, Any]:
    """Form initial values from saved answer rows (by code)."""
    initial: dict[str, Any] = {}
    for code, row in answers.items():
        initial[f"{code}-answer"] = str(row.level) if row.kind == AnswerKind.LEVEL else row.kind
        initial[f"{code}-reason"] = row.reason
        initial[f"{code}-evidence"] = row.evidence
        initial[f"{code}-note"] = row.note
        initial[f"{code}-link"] = row.link
        initial[f"{code}-version"] = row.version
    return initial


class AgreedAnswerForm(GovukForm):
    answer = forms.ChoiceField(
        choices=[*LEVEL_CHOICES, (AnswerKind.DONT_KNOW.value, _("Don't know"))],
        error_messages={
            "required": _("Select the agreed level"),
            "invalid_choice": _("Select the agreed level"),
        },
    )
    evidence = forms.ChoiceField(choices=Evidence.choices, required=False)
    note = forms.CharField(
        max_length=TEXT_LIMIT,
        widget=forms.Textarea,
        error_messages={
            "required": _("Enter a note of the discussion"),
            "max_length": _("Note must be 2,000 characters or fewer"),
        },
    )
    version = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)


class ActionForm(GovukForm):
    title = forms.CharField(
        max_length=300,
        error_messages={
            "required": _("Enter the action"),
            "max_length": _("Action must be 300 characters or fewer"),
        },
    )
    owner = forms.CharField(
        max_length=150,
        required=False,
        error_messages={"max_length": _("Owner must be 150 characters or fewer")},
    )
    status = forms.ChoiceField(
        choices=[
            ("not-started", _("Not started")),
            ("in-progress", _("In progress")),
            ("done", _("Done")),
        ],
        error_messages={"required": _("Select a status"), "invalid_choice": _("Select a status")},
    )
    due_date = forms.DateField(
        required=False,
        input_formats=["%Y-%m-%d", "%d/%m/%Y", "%d %m %Y"],
        error_messages={"invalid": _("Due date must be a real date, like 31/3/2027")},
    )
    notes = forms.CharField(
        max_length=4000,
        required=False,
        widget=forms.Textarea,
        error_messages={"max_length": _("Notes must be 4,000 characters or fewer")},
    )
    version = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)


class InviteRespondentForm(GovukForm):
    email = email_field(required_message=_("Enter their email address"))
    role = forms.ChoiceField(
        choices=RespondentRole.choices,
        error_messages={
            "required": _("Select their role"),
            "invalid_choice": _("Select their role"),
        },
    )


class TargetsForm(GovukForm):
    """One target level per area, typed as a whole number (the error names the area)."""

    def __init__(
        self, *args: Any, areas: Sequence[tuple[str, str]], maximum: int, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.areas = tuple(areas)
        self.maximum = maximum
        for area_id, name in self.areas:
            self.fields[f"target-{area_id}"] = forms.CharField(
                required=False, max_length=3, label=name
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        targets: dict[str, int] = {}
        for area_id, name in self.areas:
            field = f"target-{area_id}"
            raw = str(self.data.get(field, "")).strip()
            if not raw:
                self.add_error(field, _("Enter a target level for %(area)s") % {"area": name})
            elif not raw.isdigit() or int(raw) > self.maximum:
                self.add_error(
                    field,
                    _("Target level for %(area)s must be a whole number from 0 to %(maximum)d")
                    % {"area": name, "maximum": self.maximum},
                )
            else:
                targets[area_id] = int(raw)
        data["targets"] = targets
        return data
