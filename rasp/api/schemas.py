"""The API's input and output shapes. Within v1 these only ever gain fields (see docs/api.md)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Schema
from pydantic import Field, field_validator


class InSchema(Schema):
    """A request body: no text field may hold a null character (databases refuse them)."""

    @field_validator("*", mode="after")
    @classmethod
    def _no_null_characters(cls, value: Any) -> Any:
        if isinstance(value, str) and "\x00" in value:
            raise ValueError("Null characters are not allowed")
        return value


# Errors --------------------------------------------------------------------------------------------


class ErrorBody(Schema):
    code: str = Field(description="A stable machine-readable code, e.g. not_found, invalid")
    message: str
    details: list[dict[str, Any]] = Field(
        description="For invalid: one {field, message} per problem; for conflict: {current}"
    )


class ErrorOut(Schema):
    error: ErrorBody


# Frameworks ----------------------------------------------------------------------------------------


class FrameworkVersionOut(Schema):
    framework: str
    version: str
    title: str
    published_at: dt.datetime | None


class ShowIfOut(Schema):
    question: str
    levels: list[int | str]


class QuestionOut(Schema):
    code: str
    text: str
    topics: list[str]
    scope: str
    weight: int
    critical: bool
    red_flag: bool
    modes: list[str]
    levels: dict[str, str]
    area: str
    module: str | None
    stage: str
    lens: str
    hint: str
    evidence_examples: list[str]
    advice: dict[str, str]
    show_if: ShowIfOut | None
    nations: dict[str, str]
    case_studies: list[str]
    glossary: list[str]


class FrameworkAreaOut(Schema):
    id: str
    name: str
    description: str
    questions: list[QuestionOut]


class FrameworkExportOut(Schema):
    framework: str
    version: str
    title: str
    areas: list[FrameworkAreaOut]
    modules: list[FrameworkAreaOut]


# Organisations -------------------------------------------------------------------------------------


class OrganisationOut(Schema):
    id: int
    name: str
    kind: str
    nation: str
    region: str
    official_code: str
    role: str = Field(description="Your role: admin, contributor or viewer")


# Assessments ---------------------------------------------------------------------------------------

ModeIn = Literal["readiness", "health-check", "new-partner"]


class AssessmentIn(InSchema):
    mode: ModeIn
    title: str = Field(min_length=1, max_length=200)
    services_in_scope: str = Field(default="", max_length=2000)
    due_date: dt.date | None = None

    @field_validator("title")
    @classmethod
    def _title_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("Enter a title")
        return value.strip()


class RespondentOut(Schema):
    id: int
    user_id: int
    name: str
    role: str
    submitted_at: dt.datetime | None
    removed: bool


class PermissionsOut(Schema):
    answer: bool = Field(description="You may save answers (as a respondent)")
    see_results: bool
    see_everyones_answers: bool
    manage: bool = Field(description="You are the organisation's admin")


class AssessmentOut(Schema):
    id: int
    organisation_id: int
    title: str
    mode: str
    status: str = Field(description="open or closed")
    framework_version: str
    services_in_scope: str
    due_date: dt.date | None
    combined_view_open: bool
    created_at: dt.datetime
    closed_at: dt.datetime | None


class AssessmentDetailOut(AssessmentOut):
    me: RespondentOut | None = Field(description="You as a respondent, if you are one")
    permissions: PermissionsOut


# Answers -------------------------------------------------------------------------------------------

KindIn = Literal["level", "dont-know", "not-applicable"]
EvidenceIn = Literal["", "none", "verbal", "draft", "approved", "operating"]


class AnswerOut(Schema):
    code: str
    kind: str
    level: int | None
    evidence: str
    reason: str
    note: str
    link: str
    version: int
    updated_at: dt.datetime | None


class RespondentAnswersOut(RespondentOut):
    answers: list[AnswerOut]


class AnswersOut(Schema):
    assessment_id: int
    respondents: list[RespondentAnswersOut]
    agreed: list[AnswerOut] | None = Field(
        description="The levels the organisation agreed; only with all=true"
    )


class AnswerIn(InSchema):
    kind: KindIn
    level: int | None = Field(default=None, ge=0, le=4)
    evidence: EvidenceIn = ""
    reason: str = Field(default="", max_length=2000)
    note: str = Field(default="", max_length=2000)
    link: str = Field(default="", max_length=500)
    based_on_version: int | None = Field(
        default=None,
        ge=0,
        description="The answer's version when you read it; 0 or null if there was none",
    )

    @field_validator("link")
    @classmethod
    def _link_is_web_address(cls, value: str) -> str:
        value = value.strip()
        if value and not value.lower().startswith(("https://", "http://")):
            raise ValueError("Enter a link starting with https:// or http://")
        return value


# Results -------------------------------------------------------------------------------------------


class AreaResultOut(Schema):
    id: str
    declared_score: float | None
    evidence_adjusted_score: float | None
    band: str | None
    critical_gaps: list[str]
    unknowns: list[str]


class GapOut(Schema):
    code: str
    level: int
    target: int
    priority: int
    stage: str
    advice: str


class ResultOut(Schema):
    organisation: str
    mode: str
    framework_version: str
    verdict: str
    areas: list[AreaResultOut]
    red_flags: list[str]
    unknowns: list[str]
    unanswered: list[str]
    gaps: list[GapOut]
    provisional: bool = Field(
        description="true while the assessment is open (computed live); false for the results "
        "saved when it was closed"
    )


# Actions -------------------------------------------------------------------------------------------

ActionStatusIn = Literal["not-started", "in-progress", "done"]


class ActionOut(Schema):
    id: int
    question_code: str
    title: str
    detail: str
    stage: str
    priority: int
    owner: str
    due_date: dt.date | None
    status: str
    notes: str
    version: int
    updated_at: dt.datetime


class ActionIn(InSchema):
    title: str = Field(min_length=1, max_length=300)
    owner: str = Field(default="", max_length=150)
    status: ActionStatusIn = "not-started"
    due_date: dt.date | None = None
    notes: str = Field(default="", max_length=4000)


class ActionUpdateIn(ActionIn):
    version: int = Field(ge=0, description="The action's version when you read it")


# Pages ---------------------------------------------------------------------------------------------


class PageOut(Schema):
    count: int
    next: str | None = Field(description="The URL of the next page, or null on the last page")


class FrameworkPageOut(PageOut):
    items: list[FrameworkVersionOut]


class OrganisationPageOut(PageOut):
    items: list[OrganisationOut]


class AssessmentPageOut(PageOut):
    items: list[AssessmentOut]


class ActionPageOut(PageOut):
    items: list[ActionOut]


# Partnerships --------------------------------------------------------------------------------------


class PartnershipOut(Schema):
    id: int
    name: str
    status: str = Field(description="planned or live")
    my_organisations: list[int] = Field(
        description="Your organisations (that this token may reach) that are current members"
    )


class PartnershipPageOut(PageOut):
    items: list[PartnershipOut]


class PartnershipRefOut(Schema):
    id: int
    name: str
    status: str


class ComparedOut(Schema):
    organisation: str
    assessment: str
    closed_at: str | None


class NotIncludedOut(Schema):
    organisation: str
    reason: str = Field(description="no-share or other-version")


class PartnerResultOut(Schema):
    organisation: str
    verdict: str
    areas: list[AreaResultOut]


class JointResultOut(Schema):
    mode: str
    framework_version: str
    verdict: str
    areas: list[AreaResultOut]
    red_flags: list[str] = Field(description="Raised by any partner")
    unknowns: list[str]
    unanswered: list[str]
    gaps: list[GapOut]
    partners: list[PartnerResultOut]
    not_agreed: list[str]
    divergence: dict[str, float | None]
    weakest_partner: dict[str, str | None]


class PartnershipResultOut(Schema):
    partnership: PartnershipRefOut
    mode: str
    members: list[str]
    compared: list[ComparedOut] = Field(
        description="The shared closed assessment compared for each partner"
    )
    not_included: list[NotIncludedOut]
    result: JointResultOut | None = Field(
        description="In the shape of `rasp partnership-score --format json`; null until a "
        "member shares a closed assessment"
    )
