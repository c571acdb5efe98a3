"""Demo assessments: closed readiness assessments for the three Demo organisations, answered by
several respondents who sometimes disagree, a health-check with an earlier baseline, and action
plans under way. Answers are generated from a fixed seed, so every demo site looks the same."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from rasp.assessments.models import Action, Answer, Assessment, Respondent, RespondentRole
from rasp.assessments.services import assessment_close, assessment_start, respondent_add
from rasp.domain.framework.schema import Framework, Mode, Question
from rasp.frameworks.selectors import framework_of, framework_version_latest_published
from rasp.frameworks.services import framework_version_load
from rasp.organisations.models import Membership, Organisation

READINESS_TITLE = "Readiness for shared revenues, benefits and ICT"
HEALTH_CHECK_TITLES = (
    "Health-check of the shared ICT service 2025",
    "Health-check of the shared ICT service 2026",
)
ROLES = [
    RespondentRole.CHIEF_EXECUTIVE,
    RespondentRole.POLITICAL_LEAD,
    RespondentRole.FINANCE,
    RespondentRole.DIRECTOR,
]
# Each organisation's typical level per area: the partners see themselves differently.
PROFILES = {
    "Demo Borough Council": {
        "shared-vision": 3,
        "ethos-culture": 3,
        "resources": 3,
        "risk": 2,
        "governance": 3,
    },
    "Demo District Council": {
        "shared-vision": 2,
        "ethos-culture": 3,
        "resources": 2,
        "risk": 2,
        "governance": 2,
    },
    "Demo County Council": {
        "shared-vision": 3,
        "ethos-culture": 2,
        "resources": 2,
        "risk": 1,
        "governance": 3,
    },
}
EVIDENCE_FOR_LEVEL = {2: "draft", 3: "approved", 4: "operating"}


def ensure_framework() -> None:
    """Load and publish the bundled question bank if no version is published yet."""
    if framework_version_latest_published() is None:
        source = Path(settings.BASE_DIR) / "frameworks" / "rasp-1.0.yaml"
        framework_version_load(source_text=source.read_text(encoding="utf-8"), publish=True)


def _level(rng: random.Random, base: int, question: Question) -> tuple[str, int | None]:
    roll = rng.random()
    if roll < 0.04 and not question.red_flag:
        return "dont-know", None
    # One answer in ten is a real disagreement between respondents (two levels apart).
    spread = rng.choice([-2, 2]) if roll < 0.10 else rng.choice([-1, 0, 0, 0, 1])
    if question.red_flag:
        return "level", 3 if rng.random() < 0.8 else 4
    return "level", max(0, min(4, base + spread))


def _answers_for(
    framework: Framework, mode: Mode, respondent: Respondent, profile: dict[str, int], seed: str
) -> list[Answer]:
    rng = random.Random(seed)
    rows = {q.code: q for q in respondent.assessment.framework_version.questions.all()}
    answers = []
    for question in framework.questions_for_mode(mode):
        kind, level = _level(rng, profile[question.area.value], question)
        evidence = EVIDENCE_FOR_LEVEL.get(level or 0, "") if kind == "level" else ""
        if evidence and rng.random() < 0.2:
            evidence = "verbal"  # a claim nobody has written down yet
        answers.append(
            Answer(
                respondent=respondent,
                question=rows[question.code],
                kind=kind,
                level=level,
                evidence=evidence,
            )
        )
    return answers


def _answered_assessment(
    membership: Membership, mode: Mode, title: str, profile: dict[str, int], seed: str
) -> Assessment:
    assessment = assessment_start(
        membership=membership,
        mode=mode.value,
        title=title,
        services_in_scope="Revenues and benefits; ICT",
    )
    framework = framework_of(assessment.framework_version)
    members = Membership.objects.filter(organisation_id=membership.organisation_id).select_related(
        "user"
    )
    for index, member in enumerate(members.order_by("user__email")):
        respondent = respondent_add(
            membership=membership,
            assessment=assessment,
            user=member.user,
            role=ROLES[index % len(ROLES)],
        )
        Answer.objects.bulk_create(
            _answers_for(framework, mode, respondent, profile, f"{seed}:{member.user.email}")
        )
        respondent.submitted_at = timezone.now()
        respondent.save(update_fields=["submitted_at"])
    assessment_close(membership=membership, assessment=assessment)
    return assessment


def ensure_demo_assessments(organisations: list[Organisation]) -> None:
    """Create the demo assessments that are missing (by title), and start some actions."""
    ensure_framework()
    for organisation in organisations:
        admin = (
            Membership.objects.filter(organisation=organisation, role=Membership.Role.ADMIN)
            .select_related("user", "organisation")
            .first()
        )
        if (
            admin is None
            or Assessment.objects.filter(organisation=organisation, title=READINESS_TITLE).exists()
        ):
            continue
        profile = PROFILES[organisation.name]
        _answered_assessment(
            admin, Mode.READINESS, READINESS_TITLE, profile, f"readiness:{organisation.name}"
        )
    borough = organisations[0]
    admin = (
        Membership.objects.filter(organisation=borough, role=Membership.Role.ADMIN)
        .select_related("user", "organisation")
        .first()
    )
    if (
        admin is None
        or Assessment.objects.filter(organisation=borough, title=HEALTH_CHECK_TITLES[0]).exists()
    ):
        return
    earlier = _answered_assessment(
        admin,
        Mode.HEALTH_CHECK,
        HEALTH_CHECK_TITLES[0],
        {k: v - 1 for k, v in PROFILES[borough.name].items()},
        "hc:2025",
    )
    Assessment.objects.filter(pk=earlier.pk).update(
        created_at=timezone.now() - dt.timedelta(days=365)
    )
    later = _answered_assessment(
        admin, Mode.HEALTH_CHECK, HEALTH_CHECK_TITLES[1], PROFILES[borough.name], "hc:2026"
    )
    today = timezone.localdate()
    for index, action in enumerate(
        Action.objects.filter(assessment__organisation=borough, assessment=later)[:6]
    ):
        action.owner = ["Head of ICT", "Section 151 officer", "Programme manager"][index % 3]
        action.status = [Action.Status.IN_PROGRESS, Action.Status.NOT_STARTED, Action.Status.DONE][
            index % 3
        ]
        action.due_date = today + dt.timedelta(days=30 * (index - 2))  # some already overdue
        action.save(update_fields=["owner", "status", "due_date"])
